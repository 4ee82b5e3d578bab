/**
 * 更换检查人员: after the draw, a leader approves replacing one inspector of a task, with a reason.
 * The replacement is chosen by the deterministic rule of src/domain/draw/replace.ts (ticket from the
 * seed and the replacement's sequence number) and appended; the drawn result itself never changes.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { fromHex, toHex } from '../../domain/draw/encoding.ts';
import { chooseReplacement } from '../../domain/draw/replace.ts';
import type { Manifest, RosterEntry } from '../../domain/draw/types.ts';
import { inTransaction } from '../../storage/database.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { drawTeams, getDraw, getDrawRoster, getTaskForUpdate, insertReplacement, listReplacements } from '../../storage/repos/draws.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { actorInspectorId, assertDrawInScope, assertDrawOfficer, inspectorIdOf, rosterId } from './access.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';

export interface ReplaceResult { seq: number; replaced: string; replacement: string; ticket: string; team: number[] }

/** Replaces `inspectorId` in task `taskId` (leaders only), returning the appended record. */
export async function replaceInspector(ctx: Ctx, taskId: number, input: { inspectorId: number; reason: string }): Promise<ReplaceResult> {
  assertAllowed(ctx, 'write');
  if (ctx.actor.role !== 'leader') throw new AppError(ErrorCode.FORBIDDEN, '更换检查人员须由局领导（分管负责同志）审批');
  if (ctx.actor.id === null) throw new AppError(ErrorCode.FORBIDDEN, '更换检查人员须由具名的领导审批');
  const reason = input.reason?.trim();
  if (!reason) throw new AppError(ErrorCode.VALIDATION, '请填写更换原因', [{ field: 'reason', reason: '不能为空' }]);
  return inTransaction(ctx.database.pool, (client) => replaceWithin(client, ctx, taskId, { inspectorId: input.inspectorId, reason }));
}

/**
 * The replacement inside the caller's transaction (`client`): an approved 回避 request (#9) replaces
 * the inspector in the same transaction as its decision. The caller has checked the leader and the reason.
 * A leader whose own inspector record is the one replaced or the one the rule puts in cannot approve it
 * (segregation of duties); nothing is written then.
 */
export async function replaceWithin(client: Queryable, ctx: Ctx, taskId: number, input: { inspectorId: number; reason: string }): Promise<ReplaceResult> {
  const reason = input.reason;
  {
    const task = await getTaskForUpdate(client, taskId);
    if (!task) throw new AppError(ErrorCode.NOT_FOUND, `抽取任务不存在（ID ${taskId}）`);
    const draw = await getDraw(client, { id: task.drawId }, true); // serialises the draw's replacement numbers
    assertDrawInScope(ctx, draw, task.drawId);
    assertDrawOfficer(ctx, draw, '更换检查人员');
    if (draw.status !== 'drawn' && draw.status !== 'revealed') throw new AppError(ErrorCode.CONFLICT, `抽取 ${draw.drawNo} 尚未执行抽取`);
    const replaced = rosterId(input.inspectorId);
    const me = await actorInspectorId(client, ctx);
    if (me !== null && me === input.inspectorId) {
      throw new AppError(ErrorCode.FORBIDDEN, `被更换的检查人员是您本人（${replaced}），不能由本人批准更换，请由其他领导审批`, [], { taskId, inspectorId: me });
    }
    const roster = await getDrawRoster(client, draw.id) as RosterEntry[];
    const earlier = await listReplacements(client, draw.id);
    const load = new Map<string, number>();
    for (const t of await drawTeams(client, draw.id)) for (const i of t.team) load.set(rosterId(i), (load.get(rosterId(i)) ?? 0) + 1);
    const n = earlier.length + 1;
    const chosen = chooseReplacement({
      seed: fromHex(draw.seed!, 32, '种子'), n,
      task: { targetId: task.targetKey, items: task.items, team: task.team.map(rosterId) },
      replaced, strata: (draw.manifest as Manifest).strata, roster, load,
      removedBefore: earlier.filter((r) => r.taskId === task.id).map((r) => r.replacedInspector),
    });
    if (me !== null && chosen.inspector === rosterId(me)) {
      throw new AppError(ErrorCode.FORBIDDEN, `按抽取规则替补的检查人员是您本人（${chosen.inspector}），不能由本人批准更换，请由其他领导审批`, [], { taskId, inspectorId: me });
    }
    const team = chosen.team.map(inspectorIdOf);
    const ticket = toHex(chosen.ticket);
    await insertReplacement(client, {
      drawId: draw.id, taskId: task.id, seq: n, replacedInspector: replaced, replacement: chosen.inspector, ticket, reason,
      approvedBy: ctx.actor.id!, at: ctx.now(),
    }, team);
    await appendAudit(client, auditEntry(ctx, 'draw.replace', { type: 'draw', id: draw.drawNo },
      `更换抽取 ${draw.drawNo} 任务 ${task.targetKey} 的检查人员：${replaced} → ${chosen.inspector}（第 ${n} 次更换，${reason}）`,
      { drawNo: draw.drawNo, taskId: task.id, n, replaced, replacement: chosen.inspector, ticket, reason }));
    return { seq: n, replaced, replacement: chosen.inspector, ticket, team };
  }
}
