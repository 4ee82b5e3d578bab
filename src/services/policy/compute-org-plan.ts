/**
 * An organisation's annual plan computed from its own directories: the profile in effect on 1 January,
 * the subtree's targets classified as of that day (org-pools.ts, the same counting as the preview) —
 * or the pools of the latest classification run of the year — its active inspectors and squads, then
 * computeAnnualPlan. Used by the `plan` CLI and by drafting.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { computeAnnualPlan, type AnnualPlan, type PlanInputs } from '../../domain/policy/annual-plan.ts';
import { resolveLevel } from '../../domain/policy/quota.ts';
import type { PolicyLevel } from '../../domain/policy/schema.ts';
import { latestDoneRunOfYear } from '../../storage/repos/classification.ts';
import { listOrgs } from '../../storage/repos/orgs.ts';
import { countActiveInspectors, countActiveSquads } from '../../storage/repos/staff.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { countOrgPools } from './org-pools.ts';
import type { ResolvedProfile } from './resolve-profile.ts';
import { resolveVisibleProfile } from './list-profiles.ts';

export interface OrgPlanOptions {
  profileKey: string;
  year: number;
  orgId?: number;
  level?: PolicyLevel;
  /** Numbers per draw for 按年度监管工作方案执行 strata. */
  planned?: Record<string, number>;
  /** Pool sizes from the directories classified as of 1 January (default), or from the latest classification run of the year. */
  source?: 'directories' | 'latestRun';
}

export interface OrgPlan {
  org: { id: number; name: string };
  resolved: ResolvedProfile;
  inputs: Required<Pick<PlanInputs, 'level' | 'inspectors' | 'squads' | 'pools'>> & {
    planned: Record<string, number>; asOf: string; targetCount: number;
    /** Set when the pools come from a classification run. */
    runId?: number; runPeriod?: string;
  };
  plan: AnnualPlan;
}

/** The year's plan for the organisation's subtree, with the inputs it was computed from. */
export async function computeOrgPlan(ctx: Ctx, opts: OrgPlanOptions): Promise<OrgPlan> {
  assertAllowed(ctx, 'read');
  if (!Number.isInteger(opts.year) || opts.year < 2000 || opts.year > 2100) throw new AppError(ErrorCode.VALIDATION, `年度应为 2000–2100 之间的整数，收到「${opts.year}」`, [{ field: 'year', reason: '年度无效' }]);
  const asOf = `${opts.year}-01-01`;
  const resolved = await resolveVisibleProfile(ctx, opts.profileKey, { day: asOf });
  const org = await orgInScope(ctx, opts.orgId);
  const level = resolveLevel(resolved.profile, opts.level);
  const orgIds = (await listOrgs(ctx.database.pool, org.path)).map((o) => o.id);
  const planned = opts.planned ?? {};
  let inputs: OrgPlan['inputs'];
  if (opts.source === 'latestRun') {
    const run = await latestDoneRunOfYear(ctx.database.pool, org.id, resolved.key, opts.year);
    if (!run) throw new AppError(ErrorCode.VALIDATION, `${org.name}在 ${opts.year} 年还没有按「${resolved.profile.name}」完成的分类结果，请先在「分类结果」页运行分类，或按名录库计算`);
    if (run.profileHash !== resolved.hash) {
      throw new AppError(ErrorCode.VALIDATION, `最近一次分类结果（#${run.id}）使用的方案版本与 ${asOf} 生效的版本不同，请重新运行分类`);
    }
    const strata = (run.summary as { strata: { key: string; count: number }[] }).strata;
    inputs = {
      level, planned, asOf: run.asOf, targetCount: run.targetCount, runId: run.id, runPeriod: run.period,
      pools: Object.fromEntries(strata.map((s) => [s.key, s.count])),
      inspectors: await countActiveInspectors(ctx.database.pool, orgIds, asOf),
      squads: await countActiveSquads(ctx.database.pool, orgIds),
    };
  } else {
    const counted = await countOrgPools(ctx.database.pool, resolved.profile, orgIds, String(opts.year), asOf);
    inputs = { level, inspectors: counted.inspectorCount, squads: counted.squadCount, pools: counted.pools, planned, asOf, targetCount: counted.targetCount };
  }
  let plan: AnnualPlan;
  try {
    plan = computeAnnualPlan(resolved.profile, opts.year, inputs);
  } catch (e) {
    if (e instanceof AppError) throw new AppError(ErrorCode.VALIDATION, `无法按「${resolved.profile.name}」编制 ${opts.year} 年度抽查计划：${e.message}`, e.issues);
    throw e;
  }
  return { org: { id: org.id, name: org.name }, resolved, inputs, plan };
}
