/**
 * 凡检查必审批 (#9), 撤回: the requester of a targeted check — or a coordinator of its organisation or
 * one above it — withdraws the request while it waits for a leader, with a written reason (2–200 字).
 * The request stays (status 'withdrawn', never deleted, audited `inspection.check-withdraw`): it leaves
 * the leaders' queue and the annual-cap count, and its record is never filled. A decided request is not
 * withdrawn, a withdrawn one not decided; the database guard says the same (migration 0021).
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { inTransaction } from '../../storage/database.ts';
import { lockRequest } from '../../storage/repos/inspections.ts';
import { insertNotification } from '../../storage/repos/reminders.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { assertAllowed, type Ctx } from '../context.ts';

export interface WithdrawTargetedCheckInput {
  /** Why the request is withdrawn (撤回理由), 2–200 characters. */
  reason: string;
}

export interface TargetedCheckWithdrawal { recordId: number; status: 'withdrawn' }

/** The reason's length bounds (characters, after trimming). */
export const WITHDRAWAL_REASON = { min: 2, max: 200 } as const;

/** Withdraws the pending request of targeted check `recordId`. */
export async function withdrawTargetedCheck(ctx: Ctx, recordId: number, input: WithdrawTargetedCheckInput): Promise<TargetedCheckWithdrawal> {
  assertAllowed(ctx, 'read');
  const reason = input.reason?.trim() ?? '';
  return inTransaction(ctx.database.pool, async (q) => {
    const a = await lockRequest(q, recordId);
    const requester = a !== undefined && ctx.actor.id !== null && a.requestedBy === ctx.actor.id;
    if (!a || !(requester || a.orgPath.startsWith(ctx.actor.orgPath))) throw new AppError(ErrorCode.NOT_FOUND, `检查申请不存在或不在您的管辖范围内（ID ${recordId}）`);
    if (!requester && ctx.actor.role !== 'coordinator') throw new AppError(ErrorCode.FORBIDDEN, '检查申请只能由申请人或本单位、上级单位的承办人撤回');
    if (reason.length < WITHDRAWAL_REASON.min || reason.length > WITHDRAWAL_REASON.max) {
      throw new AppError(ErrorCode.VALIDATION, `撤回理由应为 ${WITHDRAWAL_REASON.min}–${WITHDRAWAL_REASON.max} 字`, [{ field: 'reason', reason: `应为 ${WITHDRAWAL_REASON.min}–${WITHDRAWAL_REASON.max} 字` }]);
    }
    if (a.status === 'withdrawn') throw new AppError(ErrorCode.CONFLICT, '该检查申请已撤回');
    if (a.status !== 'pending') throw new AppError(ErrorCode.CONFLICT, `该检查申请已${a.status === 'approved' ? '批准' : '驳回'}，不能撤回`);
    const at = ctx.now();
    await q.query(`UPDATE inspection_approvals SET status = 'withdrawn', withdrawn_by = $2, withdrawn_at = $3, withdrawal_reason = $4 WHERE record_id = $1`,
      [recordId, ctx.actor.id, at, reason]);
    await appendAudit(q, auditEntry(ctx, 'inspection.check-withdraw', { type: 'inspection', id: recordId },
      `撤回对「${a.targetName}」的${a.kind}检查申请（${a.plannedFrom} 至 ${a.plannedTo}）：${reason}`, { requester }));
    // The organisation's bell: its leaders no longer need to decide it.
    await insertNotification(q, {
      orgId: a.orgId, kind: 'approval', at, due: a.plannedFrom,
      title: `检查申请已撤回：${a.kind}「${a.targetName}」`,
      body: `撤回理由：${reason}。该申请无需再审批。`,
    });
    return { recordId, status: 'withdrawn' };
  });
}
