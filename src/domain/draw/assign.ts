/**
 * Assigning inspectors to tasks (DRAW-PROTOCOL.md § Assigning inspectors): required departments,
 * then required expertise, then fill to the team size; each slot takes the least-loaded eligible
 * inspector, ties broken by a seeded pairTicket so nobody can choose who inspects whom.
 */
import { AppError, ErrorCode } from '../errors.ts';
import { compareBytes, compareUtf8, enc, enc32, sha256, sha256KeyWithPrefixEnc, sortUtf8 } from './encoding.ts';
import type { DrawTask, PlannedTask, RosterEntry, Stratum } from './types.ts';

/** `pairTicket = H(enc("assign") ‖ enc32(seed) ‖ enc(targetId) ‖ enc(inspectorId))`. */
export function pairTicket(seed: Uint8Array, targetId: string, inspectorId: string): Uint8Array {
  return sha256(enc('assign'), enc32(seed), enc(targetId), enc(inspectorId));
}

/** One slot of a team: the constraint it satisfies, and its Chinese name for error messages. */
interface Slot {
  label: string;
  fits(inspector: RosterEntry): boolean;
}

/** What a task needs: departments and expertise of its strata, each once, in UTF-8 byte order. */
export function taskNeeds(task: PlannedTask, strata: readonly Pick<Stratum, 'label' | 'department' | 'expertise'>[]): { departments: string[]; expertise: string[] } {
  const departments = new Set<string>();
  const expertise = new Set<string>();
  for (const s of strata) {
    if (!task.items.includes(s.label)) continue;
    if (s.department !== undefined) departments.add(s.department);
    for (const e of s.expertise ?? []) expertise.add(e);
  }
  return { departments: sortUtf8([...departments]), expertise: sortUtf8([...expertise]) };
}

/**
 * Teams for the tasks, processed in the given (ascending taskKey) order. Throws an AppError naming
 * the task and the constraint when a slot has no candidate, so a failed draw stores nothing.
 */
export function assignInspectors(seed: Uint8Array, tasks: readonly PlannedTask[], strata: readonly Pick<Stratum, 'label' | 'department' | 'expertise'>[], roster: readonly RosterEntry[], teamSize: number): DrawTask[] {
  const ids = new Set<string>();
  for (const r of roster) {
    if (ids.has(r.id)) throw new AppError(ErrorCode.VALIDATION, `检查人员名单中「${r.id}」重复出现`);
    ids.add(r.id);
  }
  // Per roster index: load, and this task's pairTicket keys (first 48 bits; NaN = not hashed yet).
  const load = new Int32Array(roster.length);
  const keys = new Float64Array(roster.length);
  const inTeam = new Uint8Array(roster.length);
  return tasks.map((task) => {
    const team: number[] = [];
    keys.fill(NaN);
    const ticket = sha256KeyWithPrefixEnc(enc('assign'), enc32(seed), enc(task.targetId));
    const pick = (slot: Slot) => {
      const chosen = bestCandidate(task.targetId, slot, roster, inTeam, load, keys, ticket);
      team.push(chosen);
      inTeam[chosen] = 1;
      load[chosen]!++;
    };
    const members = () => team.map((i) => roster[i]!);
    const { departments, expertise } = taskNeeds(task, strata);
    for (const d of departments) {
      if (members().some((m) => m.department === d)) continue;
      pick({ label: `部门：${d}`, fits: (i) => i.department === d });
    }
    for (const e of expertise) {
      // Checked when the slot comes up: a department pick may already bring this expertise.
      if (members().some((m) => m.expertise.includes(e))) continue;
      pick({ label: `专长：${e}`, fits: (i) => i.expertise.includes(e) });
    }
    const size = Math.max(teamSize, departments.length);
    while (team.length < size) pick({ label: `组员人数：${size}`, fits: () => true });
    for (const i of team) inTeam[i] = 0;
    return { targetId: task.targetId, items: [...task.items], inspectors: team.map((i) => roster[i]!.id) };
  });
}

/**
 * The slot's winner by (load, pairTicket, id): only the least-loaded eligible candidates are hashed
 * (their tickets' first 48 bits, kept for the task's other slots); equal keys are settled by the full
 * tickets, then the ids' UTF-8 bytes.
 */
function bestCandidate(targetId: string, slot: Slot, roster: readonly RosterEntry[], inTeam: Uint8Array, load: Int32Array, keys: Float64Array, ticket: { key: (s: string) => number; full: (s: string) => Uint8Array }): number {
  let least = Infinity;
  const eligible = (i: number) => {
    const r = roster[i]!;
    return inTeam[i] === 0 && slot.fits(r) && !r.conflicts.includes(targetId);
  };
  for (let i = 0; i < roster.length; i++) if (load[i]! < least && eligible(i)) least = load[i]!;
  if (least === Infinity) {
    const why = roster.some(slot.fits) ? '没有可选的检查人员（均已回避或已在组内）' : '检查人员名单中没有符合条件的人员';
    throw new AppError(ErrorCode.VALIDATION, `任务 ${targetId} 无法满足「${slot.label}」：${why}`, [], { targetId, constraint: slot.label });
  }
  let best = -1;
  let ties: number[] | null = null;
  for (let i = 0; i < roster.length; i++) {
    if (load[i] !== least || !eligible(i)) continue;
    let k = keys[i]!;
    if (Number.isNaN(k)) keys[i] = k = ticket.key(roster[i]!.id);
    if (best < 0 || k < keys[best]!) {
      best = i;
      ties = null;
    } else if (k === keys[best]) {
      (ties ??= [best]).push(i);
    }
  }
  if (!ties) return best;
  // Rare: equal first 48 bits. The full pairTicket decides, then the id.
  const full = ties.map((i) => ({ i, t: ticket.full(roster[i]!.id) }));
  full.sort((a, b) => compareBytes(a.t, b.t) || compareUtf8(roster[a.i]!.id, roster[b.i]!.id));
  return full[0]!.i;
}
