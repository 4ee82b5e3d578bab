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

/** One slot of a team: the constraint it satisfies (its Chinese name for errors) and, unless any member fits, who fits. */
interface Slot {
  label: string;
  /** Per roster index: 1 = fits the slot; null = everyone fits. */
  fits: Uint8Array | null;
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
  const seen = new Set<string>();
  for (const r of roster) {
    if (seen.has(r.id)) throw new AppError(ErrorCode.VALIDATION, `检查人员名单中「${r.id}」重复出现`);
    seen.add(r.id);
  }
  // Per roster index: load, this task's pairTicket keys (first 48 bits; NaN = not hashed yet), and
  // busy = in the team or in conflict with the task's target.
  const load = new Int32Array(roster.length);
  const keys = new Float64Array(roster.length);
  const busy = new Uint8Array(roster.length);
  const conflicted = new Map<string, number[]>();
  roster.forEach((r, i) => { for (const t of r.conflicts) (conflicted.get(t) ?? conflicted.set(t, []).get(t)!).push(i); });
  const masks = new Map<string, Uint8Array>();
  const mask = (key: string, fits: (r: RosterEntry) => boolean) => masks.get(key) ?? masks.set(key, Uint8Array.from(roster, (r) => (fits(r) ? 1 : 0))).get(key)!;
  const ids = roster.map((r) => r.id);
  return tasks.map((task) => {
    const team: number[] = [];
    keys.fill(NaN);
    const blocked = conflicted.get(task.targetId) ?? [];
    for (const i of blocked) busy[i] = 1;
    const ticket = sha256KeyWithPrefixEnc(enc('assign'), enc32(seed), enc(task.targetId));
    const pick = (slot: Slot) => {
      const chosen = bestCandidate(task.targetId, slot, ids, busy, load, keys, ticket);
      team.push(chosen);
      busy[chosen] = 1;
      load[chosen]!++;
    };
    const members = () => team.map((i) => roster[i]!);
    const { departments, expertise } = taskNeeds(task, strata);
    for (const d of departments) {
      if (members().some((m) => m.department === d)) continue;
      pick({ label: `部门：${d}`, fits: mask(`d:${d}`, (r) => r.department === d) });
    }
    for (const e of expertise) {
      // Checked when the slot comes up: a department pick may already bring this expertise.
      if (members().some((m) => m.expertise.includes(e))) continue;
      pick({ label: `专长：${e}`, fits: mask(`e:${e}`, (r) => r.expertise.includes(e)) });
    }
    const size = Math.max(teamSize, departments.length);
    while (team.length < size) pick({ label: `组员人数：${size}`, fits: null });
    for (const i of team) busy[i] = 0;
    for (const i of blocked) busy[i] = 0;
    return { targetId: task.targetId, items: [...task.items], inspectors: team.map((i) => ids[i]!) };
  });
}

/**
 * The slot's winner by (load, pairTicket, id): only the least-loaded eligible candidates are hashed
 * (their tickets' first 48 bits, kept for the task's other slots); equal keys are settled by the full
 * tickets, then the ids' UTF-8 bytes. `busy` marks members already in the team and 回避 conflicts.
 */
function bestCandidate(targetId: string, slot: Slot, ids: readonly string[], busy: Uint8Array, load: Int32Array, keys: Float64Array, ticket: { keys: (ids: readonly string[], out: Float64Array) => void; full: (s: string) => Uint8Array }): number {
  const fits = slot.fits;
  const n = ids.length;
  let least = 0x7fffffff;
  for (let i = 0; i < n; i++) if (busy[i] === 0 && load[i]! < least && (fits === null || fits[i] === 1)) least = load[i]!;
  if (least === 0x7fffffff) {
    const why = fits === null || fits.includes(1) ? '没有可选的检查人员（均已回避或已在组内）' : '检查人员名单中没有符合条件的人员';
    throw new AppError(ErrorCode.VALIDATION, `任务 ${targetId} 无法满足「${slot.label}」：${why}`, [], { targetId, constraint: slot.label });
  }
  // The least-loaded candidates: hash those not hashed yet for this task, all at once (sha256-x4.ts).
  const candidates: number[] = [];
  const pending: string[] = [];
  const pendingAt: number[] = [];
  for (let i = 0; i < n; i++) {
    if (load[i] !== least || busy[i] !== 0 || (fits !== null && fits[i] !== 1)) continue;
    candidates.push(i);
    if (Number.isNaN(keys[i]!)) { pending.push(ids[i]!); pendingAt.push(i); }
  }
  if (pending.length > 0) {
    const fresh = new Float64Array(pending.length);
    ticket.keys(pending, fresh);
    for (let j = 0; j < pending.length; j++) keys[pendingAt[j]!] = fresh[j]!;
  }
  let best = -1;
  let ties: number[] | null = null;
  for (const i of candidates) {
    const k = keys[i]!;
    if (best < 0 || k < keys[best]!) {
      best = i;
      ties = null;
    } else if (k === keys[best]) {
      (ties ??= [best]).push(i);
    }
  }
  if (!ties) return best;
  // Rare: equal first 48 bits. The full pairTicket decides, then the id.
  const full = ties.map((i) => ({ i, t: ticket.full(ids[i]!) }));
  full.sort((a, b) => compareBytes(a.t, b.t) || compareUtf8(ids[a.i]!, ids[b.i]!));
  return full[0]!.i;
}
