/**
 * Assigning inspectors to tasks (DRAW-PROTOCOL.md § Assigning inspectors): required departments,
 * then required expertise, then fill to the team size; each slot takes the least-loaded eligible
 * inspector, ties broken by a seeded pairTicket so nobody can choose who inspects whom.
 */
import { AppError, ErrorCode } from '../errors.ts';
import { compareBytes, compareUtf8, enc, enc32, sha256, sha256WithPrefixEnc, sortUtf8 } from './encoding.ts';
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
  const load = new Map<string, number>(roster.map((r) => [r.id, 0]));
  return tasks.map((task) => {
    const team: RosterEntry[] = [];
    const tickets = pairTickets(seed, task.targetId);
    const pick = (slot: Slot) => {
      const chosen = bestCandidate(task.targetId, slot, roster, team, load, tickets);
      team.push(chosen);
      load.set(chosen.id, load.get(chosen.id)! + 1);
    };
    const { departments, expertise } = taskNeeds(task, strata);
    for (const d of departments) {
      if (team.some((m) => m.department === d)) continue;
      pick({ label: `部门：${d}`, fits: (i) => i.department === d });
    }
    for (const e of expertise) {
      // Checked when the slot comes up: a department pick may already bring this expertise.
      if (team.some((m) => m.expertise.includes(e))) continue;
      pick({ label: `专长：${e}`, fits: (i) => i.expertise.includes(e) });
    }
    const size = Math.max(teamSize, departments.length);
    while (team.length < size) pick({ label: `组员人数：${size}`, fits: () => true });
    return { targetId: task.targetId, items: [...task.items], inspectors: team.map((m) => m.id) };
  });
}

/** pairTicket of each inspector for one target, computed at most once per task (= pairTicket, faster). */
function pairTickets(seed: Uint8Array, targetId: string): (inspectorId: string) => Uint8Array {
  const hash = sha256WithPrefixEnc(enc('assign'), enc32(seed), enc(targetId));
  const cache = new Map<string, Uint8Array>();
  return (id) => cache.get(id) ?? cache.set(id, hash(id)).get(id)!;
}

function bestCandidate(targetId: string, slot: Slot, roster: readonly RosterEntry[], team: readonly RosterEntry[], load: ReadonlyMap<string, number>, ticketOf: (inspectorId: string) => Uint8Array): RosterEntry {
  const candidates = roster.filter((i) => slot.fits(i) && !team.includes(i) && !i.conflicts.includes(targetId));
  if (candidates.length === 0) {
    const why = roster.some(slot.fits) ? '没有可选的检查人员（均已回避或已在组内）' : '检查人员名单中没有符合条件的人员';
    throw new AppError(ErrorCode.VALIDATION, `任务 ${targetId} 无法满足「${slot.label}」：${why}`, [], { targetId, constraint: slot.label });
  }
  // Smallest load first (spreads the work), then the seeded pairTicket; ids only if tickets collide.
  // Only the least-loaded candidates can win, so only their tickets are computed.
  let least = Infinity;
  for (const c of candidates) least = Math.min(least, load.get(c.id)!);
  let best: RosterEntry | undefined;
  let bestTicket: Uint8Array | undefined;
  for (const c of candidates) {
    if (load.get(c.id)! !== least) continue;
    const ticket = ticketOf(c.id);
    if (!best || compareBytes(ticket, bestTicket!) < 0 || (compareBytes(ticket, bestTicket!) === 0 && compareUtf8(c.id, best.id) < 0)) {
      best = c;
      bestTicket = ticket;
    }
  }
  return best!;
}
