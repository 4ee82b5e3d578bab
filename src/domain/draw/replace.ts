/**
 * Replacing an inspector after the draw (更换检查人员), an extension of SSJ-DRAW/1 that the protocol
 * text leaves open. Issue #4 requires "the same rule with a ticket derived from the seed and the
 * replacement's sequence number"; this is that rule, deterministic so anyone holding the bundle and
 * the appended replacement records can recompute every replacement:
 *
 * - `n` is the replacement's sequence number within the draw (1, 2, … over all its tasks, in the
 *   order approved). The record keeps n, the task's target, the replaced and the chosen inspector.
 * - The rest of the team is the task's current team without the replaced member. What the task needs
 *   (§ Assigning inspectors: one member of each department of its strata, each expertise covered)
 *   and the rest no longer provides must come from the new member: each missing department (at most
 *   one can be missing, as the rest came from distinct picks) and each missing expertise.
 * - Candidates: roster inspectors not in the current team, not replaced out of this task before,
 *   without a conflict with the target, meeting every missing need.
 * - Pick the smallest `load` (tasks each inspector currently holds in the draw), then the smallest
 *   `replaceTicket = H( enc("replace") ‖ enc32(seed) ‖ enc(targetId) ‖ enc(decimal n) ‖ enc(inspectorId) )`,
 *   then the id's UTF-8 bytes. The new member takes the replaced member's place in the team order.
 * - No candidate: a Chinese error naming the task and the unmet need; nothing is stored.
 */
import { AppError, ErrorCode } from '../errors.ts';
import { compareBytes, compareUtf8, enc, enc32, sha256 } from './encoding.ts';
import { taskNeeds } from './assign.ts';
import type { RosterEntry, Stratum } from './types.ts';

/** `replaceTicket = H(enc("replace") ‖ enc32(seed) ‖ enc(targetId) ‖ enc(String(n)) ‖ enc(inspectorId))`. */
export function replaceTicket(seed: Uint8Array, targetId: string, n: number, inspectorId: string): Uint8Array {
  return sha256(enc('replace'), enc32(seed), enc(targetId), enc(String(n)), enc(inspectorId));
}

export interface ReplacementInput {
  seed: Uint8Array;
  /** 1-based sequence number of this replacement within the draw. */
  n: number;
  task: { targetId: string; items: string[]; team: string[] };
  replaced: string;
  strata: readonly Pick<Stratum, 'label' | 'department' | 'expertise'>[];
  roster: readonly RosterEntry[];
  /** Tasks each inspector currently holds in the draw (current teams). */
  load: ReadonlyMap<string, number>;
  /** Inspectors replaced out of this task earlier: they do not come back. */
  removedBefore?: readonly string[];
}

/** The replacement's chosen inspector, its ticket (hex is up to the caller) and the new team. */
export function chooseReplacement(input: ReplacementInput): { inspector: string; ticket: Uint8Array; team: string[] } {
  const { task, replaced, roster, seed, n } = input;
  const where = `任务 ${task.targetId}`;
  if (!Number.isInteger(n) || n < 1) throw new AppError(ErrorCode.VALIDATION, '更换序号应为正整数');
  const position = task.team.indexOf(replaced);
  if (position < 0) throw new AppError(ErrorCode.VALIDATION, `${where}的检查组中没有「${replaced}」，无法更换`);
  const byId = new Map(roster.map((r) => [r.id, r]));
  const rest = task.team.filter((id) => id !== replaced).map((id) => byId.get(id)).filter((r): r is RosterEntry => r !== undefined);
  const needs = taskNeeds(task, input.strata);
  const missingDepartments = needs.departments.filter((d) => !rest.some((m) => m.department === d));
  const missingExpertise = needs.expertise.filter((e) => !rest.some((m) => m.expertise.includes(e)));
  const constraint = [...missingDepartments.map((d) => `部门：${d}`), ...missingExpertise.map((e) => `专长：${e}`)].join('、') || '组员人数';
  if (missingDepartments.length > 1) {
    throw new AppError(ErrorCode.VALIDATION, `${where}无法满足「${constraint}」：一名人员不能同时属于多个部门`, [], { targetId: task.targetId, constraint });
  }
  const excluded = new Set([...task.team, ...(input.removedBefore ?? [])]);
  const candidates = roster.filter((r) => !excluded.has(r.id) && !r.conflicts.includes(task.targetId)
    && missingDepartments.every((d) => r.department === d) && missingExpertise.every((e) => r.expertise.includes(e)));
  if (candidates.length === 0) {
    throw new AppError(ErrorCode.VALIDATION, `${where}无法更换「${replaced}」：没有满足「${constraint}」且无回避关系的其他检查人员`, [], { targetId: task.targetId, constraint });
  }
  const ranked = candidates
    .map((r) => ({ r, load: input.load.get(r.id) ?? 0, ticket: replaceTicket(seed, task.targetId, n, r.id) }))
    .sort((a, b) => a.load - b.load || compareBytes(a.ticket, b.ticket) || compareUtf8(a.r.id, b.r.id));
  const chosen = ranked[0]!;
  const team = [...task.team];
  team[position] = chosen.r.id;
  return { inspector: chosen.r.id, ticket: chosen.ticket, team };
}
