/**
 * What the 年度抽查计划 page shows: every revision of an organisation's plan for a profile and year
 * (newest first), what the current user may do, and the plan as it would be drafted now.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { allows } from '../../domain/orgs.ts';
import type { PolicyLevel } from '../../domain/policy/schema.ts';
import type { PlanComputationDto, PlanDto, PlanListDto } from '../../http/contract.ts';
import { getPlan, listPlanRevisions } from '../../storage/repos/plans.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { computeOrgPlan } from '../policy/compute-org-plan.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';
import { toComputationDto, toPlanDto } from './plan-dto.ts';

/** Revisions of the plan, newest first. */
export async function listPlans(ctx: Ctx, opts: { profileKey: string; year: number; orgId?: number }): Promise<PlanListDto> {
  assertAllowed(ctx, 'read');
  const org = await orgInScope(ctx, opts.orgId);
  const rows = await listPlanRevisions(ctx.database.pool, org.id, opts.profileKey, opts.year);
  const profiles = new Map<number, Awaited<ReturnType<typeof resolveProfile>>['profile']>();
  const revisions: PlanDto[] = [];
  for (const row of rows) {
    if (!profiles.has(row.profileVersion)) profiles.set(row.profileVersion, (await resolveProfile(ctx.database.pool, row.profileKey, { version: row.profileVersion })).profile);
    revisions.push(toPlanDto(row, profiles.get(row.profileVersion)));
  }
  return { revisions, canDraft: allows(ctx.actor.role, 'write'), canDecide: ctx.actor.role === 'leader' };
}

/** One revision by id. */
export async function getPlanRevision(ctx: Ctx, planId: number): Promise<PlanDto> {
  assertAllowed(ctx, 'read');
  const row = await getPlan(ctx.database.pool, planId);
  if (!row) throw new AppError(ErrorCode.NOT_FOUND, `年度抽查计划不存在（ID ${planId}）`);
  await orgInScope(ctx, row.orgId);
  const { profile } = await resolveProfile(ctx.database.pool, row.profileKey, { version: row.profileVersion });
  return toPlanDto(row, profile);
}

/** The plan as it would be drafted now (not stored). */
export async function computePlan(ctx: Ctx, opts: { profileKey: string; year: number; orgId?: number; level?: PolicyLevel; planned?: Record<string, number>; source?: 'directories' | 'latestRun' }): Promise<PlanComputationDto> {
  return toComputationDto(await computeOrgPlan(ctx, opts));
}
