/**
 * 凡检查必审批 (#9): a leader of the inspecting organisation (or above it) — never the requester —
 * approves or rejects a targeted check's request once, with a written opinion. A check that would go
 * beyond the annual cap is approved together with its cap exception in the same decision (the leader
 * confirms it with `approveBeyondCap`): one leader, one opinion, one act, recorded in `cap_exceptions`
 * as before. The database freezes the decision (migrations 0016, 0019). The organisation's bell says so.
 * A leader whose own inspector record (users.inspector_id) is on the check's team cannot approve it
 * (nor, so, its cap exception): nobody authorises their own inspection (segregation of duties);
 * rejecting it stays allowed. A withdrawn request (撤回) is not decided.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { inTransaction } from '../../storage/database.ts';
import { lockRequest } from '../../storage/repos/inspections.ts';
import { insertNotification } from '../../storage/repos/reminders.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { actorInspectorId } from '../draw/access.ts';
import { capText, needsCapException, targetedCapSituation, useCapException } from './annual-cap.ts';

export interface DecideTargetedCheckInput {
  approve: boolean;
  /** The leader's written opinion (审批意见), required either way. */
  opinion: string;
  /** Confirms approving the inspection beyond the annual cap with it (when the request is beyond it). */
  approveBeyondCap?: boolean;
}

export interface TargetedCheckDecision { recordId: number; status: 'approved' | 'rejected'; capExceptionId: number | null }

/** Decides the request of targeted check `recordId`. */
export async function decideTargetedCheck(ctx: Ctx, recordId: number, input: DecideTargetedCheckInput): Promise<TargetedCheckDecision> {
  assertAllowed(ctx, 'write');
  if (ctx.actor.role !== 'leader' || ctx.actor.id === null) throw new AppError(ErrorCode.FORBIDDEN, '计划外检查须由局领导（行政执法主体负责人）审批');
  const opinion = input.opinion?.trim();
  if (!opinion) throw new AppError(ErrorCode.VALIDATION, '请填写审批意见', [{ field: 'opinion', reason: '不能为空' }]);
  return inTransaction(ctx.database.pool, async (q) => {
    const a = await lockRequest(q, recordId);
    if (!a || !a.orgPath.startsWith(ctx.actor.orgPath)) throw new AppError(ErrorCode.NOT_FOUND, `检查申请不存在或不在您的管辖范围内（ID ${recordId}）`);
    if (a.requestedBy === ctx.actor.id) throw new AppError(ErrorCode.FORBIDDEN, '申请人不能审批自己提出的检查申请，请由其他局领导审批');
    if (a.status === 'withdrawn') throw new AppError(ErrorCode.CONFLICT, '该检查申请已撤回，不能审批');
    if (a.status !== 'pending') throw new AppError(ErrorCode.CONFLICT, `该检查申请已${a.status === 'approved' ? '批准' : '驳回'}，不能再次审批`);
    const at = ctx.now();
    let capExceptionId: number | null = null;
    if (input.approve) {
      const cap = await targetedCapSituation(q, { id: a.orgId, path: a.orgPath }, a.targetId, a.plannedFrom, recordId, a.team);
      const me = await actorInspectorId(q, ctx);
      if (me !== null && a.team.includes(me)) {
        throw new AppError(ErrorCode.FORBIDDEN, `您本人在该检查的检查组中，${needsCapException(cap) ? '超出年度上限的检查' : '该检查'}不能由本人批准，请由其他领导审批`, [], { recordId, inspectorId: me });
      }
      if (needsCapException(cap)) {
        if (!input.approveBeyondCap) {
          throw new AppError(ErrorCode.CONFLICT, `${capText(cap)}，本次检查超出年度上限：批准须同时批准超限检查，请确认后再批准`, [{ field: 'approveBeyondCap', reason: '须确认批准超限检查' }]);
        }
        capExceptionId = (await q.query(
          `INSERT INTO cap_exceptions (org_id, target_id, year, reason, approved_by, approved_at, record_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [a.orgId, a.targetId, cap.year, opinion.slice(0, 1000), ctx.actor.id, at, recordId],
        )).rows[0].id as number;
        await appendAudit(q, auditEntry(ctx, 'enterprise.cap-exception', { type: 'target', id: a.targetId },
          `批准对「${a.targetName}」${cap.year} 年超出年度检查上限再检查一次：${opinion}`, { exceptionId: capExceptionId, year: cap.year, recordId }));
      } else if (cap.exceptionId !== null) {
        // An approval given beforehand (after this request was made) is used up by this check.
        await useCapException(q, cap.exceptionId, recordId);
      }
    }
    const status = input.approve ? 'approved' : 'rejected';
    await q.query(`UPDATE inspection_approvals SET status = $2, decided_by = $3, decided_at = $4, opinion = $5 WHERE record_id = $1`,
      [recordId, status, ctx.actor.id, at, opinion.slice(0, 2000)]);
    await appendAudit(q, auditEntry(ctx, 'inspection.check-decide', { type: 'inspection', id: recordId },
      `${input.approve ? '批准' : '驳回'}对「${a.targetName}」的${a.kind}检查（${a.plannedFrom} 至 ${a.plannedTo}）：${opinion}`,
      { approve: input.approve, capExceptionId }));
    await insertNotification(q, {
      orgId: a.orgId, kind: 'approval', at, due: a.plannedFrom,
      title: `检查申请${input.approve ? '已批准' : '已驳回'}：${a.kind}「${a.targetName}」`,
      body: `审批意见：${opinion.slice(0, 300)}${input.approve ? `。批准的检查时间 ${a.plannedFrom} 至 ${a.plannedTo}，检查人员可在手机检查任务中查看检查码。` : ''}`,
    });
    return { recordId, status, capExceptionId };
  });
}
