/**
 * Marks an approved 年度抽查计划 for publication on the portal (保定 and 武隆 publish their plans;
 * 武隆 三、（五）: 制定、上报和公示 by the end of January). The mark is set once.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import type { PlanDto } from '../../http/contract.ts';
import { getPlan, markPlanPublished } from '../../storage/repos/plans.ts';
import { inTransaction } from '../../storage/database.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { portalChanged } from '../publication/portal-cache.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';
import { PLAN_STATUS_LABEL, toPlanDto } from './plan-dto.ts';

/** Sets the publication mark of an approved revision. */
export async function publishPlan(ctx: Ctx, planId: number): Promise<PlanDto> {
  assertAllowed(ctx, 'write');
  const plan = await getPlan(ctx.database.pool, planId);
  if (!plan) throw new AppError(ErrorCode.NOT_FOUND, `年度抽查计划不存在（ID ${planId}）`);
  await orgInScope(ctx, plan.orgId);
  if (plan.status !== 'approved') throw new AppError(ErrorCode.CONFLICT, `第 ${plan.revision} 版${PLAN_STATUS_LABEL[plan.status]}，只有已批准的计划可以公示`);
  if (plan.publishedAt) throw new AppError(ErrorCode.CONFLICT, `第 ${plan.revision} 版已于 ${plan.publishedAt.toISOString().slice(0, 10)} 标记公示`);
  const row = await inTransaction(ctx.database.pool, async (client) => {
    const published = await markPlanPublished(client, planId, ctx.now());
    await appendAudit(client, auditEntry(ctx, 'plan.publish', { type: 'annual_plan', id: planId },
      `标记 ${plan.year} 年度抽查计划第 ${plan.revision} 版已公示`, { orgId: plan.orgId, year: plan.year, revision: plan.revision }));
    return published;
  });
  portalChanged();
  const { profile } = await resolveProfile(ctx.database.pool, row.profileKey, { version: row.profileVersion });
  return toPlanDto(row, profile);
}
