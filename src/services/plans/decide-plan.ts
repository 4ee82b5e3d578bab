/**
 * A leader's decision on the latest draft of a 年度抽查计划: approve it (the previously approved
 * revision becomes superseded in the same transaction) or send it back with a reason. Only a user with
 * the role 'leader' in the plan's organisation or above decides, and never approves a revision they drafted
 * themselves; the decision is recorded once (the database trigger refuses any later change to a decided revision).
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import type { PlanDto } from '../../http/contract.ts';
import { inTransaction } from '../../storage/database.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { decidePlan as recordDecision, getPlan, listPlanRevisions, supersedeApproved } from '../../storage/repos/plans.ts';
import { orgInScope, type Ctx } from '../context.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';
import { PLAN_STATUS_LABEL, toPlanDto } from './plan-dto.ts';

export interface PlanDecision { planId: number; decision: 'approve' | 'reject'; note?: string }

/** Approves or rejects a draft revision. */
export async function decidePlan(ctx: Ctx, d: PlanDecision): Promise<PlanDto> {
  if (ctx.actor.role !== 'leader') throw new AppError(ErrorCode.FORBIDDEN, '只有局领导/分管负责同志可以审批年度抽查计划', [], { role: ctx.actor.role });
  const found = await getPlan(ctx.database.pool, d.planId);
  if (!found) throw new AppError(ErrorCode.NOT_FOUND, `年度抽查计划不存在（ID ${d.planId}）`);
  await orgInScope(ctx, found.orgId); // a leader decides for the own organisation and those below it
  const note = d.note?.trim() || null;
  if (d.decision === 'reject' && !note) throw new AppError(ErrorCode.VALIDATION, '退回时请填写退回原因', [{ field: 'note', reason: '请填写退回原因' }]);
  const latest = (await listPlanRevisions(ctx.database.pool, found.orgId, found.profileKey, found.year))[0]!;
  const row = await inTransaction(ctx.database.pool, async (client) => {
    const plan = (await getPlan(client, d.planId, true))!;
    if (plan.status !== 'draft') throw new AppError(ErrorCode.CONFLICT, `第 ${plan.revision} 版${PLAN_STATUS_LABEL[plan.status]}，不能再审批`);
    if (latest.id !== plan.id) throw new AppError(ErrorCode.CONFLICT, `第 ${plan.revision} 版不是最新版本（最新为第 ${latest.revision} 版），请审批最新版本`);
    // Segregation of duties: whoever drafted a revision may send it back, never approve it.
    if (d.decision === 'approve' && plan.createdBy === ctx.actor.id) throw new AppError(ErrorCode.FORBIDDEN, `第 ${plan.revision} 版由您本人拟定，不能由本人批准，请由其他领导审批`, [], { planId: plan.id });
    if (d.decision === 'approve') await supersedeApproved(client, plan);
    const decided = await recordDecision(client, plan.id, { status: d.decision === 'approve' ? 'approved' : 'rejected', decidedBy: ctx.actor.id, decidedAt: ctx.now(), note });
    await appendAudit(client, auditEntry(ctx, 'plan.decide', { type: 'annual_plan', id: plan.id },
      `${d.decision === 'approve' ? '批准' : '退回'} ${plan.year} 年度抽查计划第 ${plan.revision} 版${note ? `：${note}` : ''}`,
      { orgId: plan.orgId, year: plan.year, revision: plan.revision, decision: d.decision, note }));
    return decided;
  });
  const { profile } = await resolveProfile(ctx.database.pool, row.profileKey, { version: row.profileVersion });
  return toPlanDto(row, profile);
}
