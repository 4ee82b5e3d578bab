/**
 * An organisation's annual plan computed from its own directories: the profile in effect on 1 January,
 * the subtree's targets classified as of that day (org-pools.ts, the same counting as the preview),
 * its active inspectors and squads, then computeAnnualPlan. Used by the `plan` CLI and by drafting.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { computeAnnualPlan, type AnnualPlan, type PlanInputs } from '../../domain/policy/annual-plan.ts';
import { resolveLevel } from '../../domain/policy/quota.ts';
import type { PolicyLevel } from '../../domain/policy/schema.ts';
import { listOrgs } from '../../storage/repos/orgs.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { countOrgPools } from './org-pools.ts';
import { resolveProfile, type ResolvedProfile } from './resolve-profile.ts';

export interface OrgPlanOptions {
  profileKey: string;
  year: number;
  orgId?: number;
  level?: PolicyLevel;
  /** Numbers per draw for 按年度监管工作方案执行 strata. */
  planned?: Record<string, number>;
}

export interface OrgPlan {
  org: { id: number; name: string };
  resolved: ResolvedProfile;
  inputs: Required<Pick<PlanInputs, 'level' | 'inspectors' | 'squads' | 'pools'>> & { planned: Record<string, number>; asOf: string; targetCount: number };
  plan: AnnualPlan;
}

/** The year's plan for the organisation's subtree, with the inputs it was computed from. */
export async function computeOrgPlan(ctx: Ctx, opts: OrgPlanOptions): Promise<OrgPlan> {
  assertAllowed(ctx, 'read');
  if (!Number.isInteger(opts.year) || opts.year < 2000 || opts.year > 2100) throw new AppError(ErrorCode.VALIDATION, `年度应为 2000–2100 之间的整数，收到「${opts.year}」`, [{ field: 'year', reason: '年度无效' }]);
  const asOf = `${opts.year}-01-01`;
  const resolved = await resolveProfile(ctx.database.pool, opts.profileKey, { day: asOf });
  const org = await orgInScope(ctx, opts.orgId);
  const level = resolveLevel(resolved.profile, opts.level);
  const orgIds = (await listOrgs(ctx.database.pool, org.path)).map((o) => o.id);
  const counted = await countOrgPools(ctx.database.pool, resolved.profile, orgIds, String(opts.year), asOf);
  const planned = opts.planned ?? {};
  const inputs = { level, inspectors: counted.inspectorCount, squads: counted.squadCount, pools: counted.pools, planned, asOf, targetCount: counted.targetCount };
  let plan: AnnualPlan;
  try {
    plan = computeAnnualPlan(resolved.profile, opts.year, inputs);
  } catch (e) {
    if (e instanceof AppError) throw new AppError(ErrorCode.VALIDATION, `无法按「${resolved.profile.name}」编制 ${opts.year} 年度抽查计划：${e.message}`, e.issues);
    throw e;
  }
  return { org: { id: org.id, name: org.name }, resolved, inputs, plan };
}
