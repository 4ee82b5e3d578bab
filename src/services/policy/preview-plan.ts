/**
 * Previews a policy profile (built-in, own, or an unsaved draft from the editor) on an organisation's
 * own directories: every target classified for the period (category, exclusion, strata), the pools,
 * and the quotas the profile demands — the figures a coordinator checks before making a plan.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { periodRange } from '../../domain/calendar/dates.ts';
import { computeQuotas, resolveLevel } from '../../domain/policy/quota.ts';
import { drawWindow } from '../../domain/policy/windows.ts';
import { loadProfile } from '../../domain/policy/validate.ts';
import { resolveVisibleProfile } from './list-profiles.ts';
import type { PolicyLevel } from '../../domain/policy/schema.ts';
import { countOrgPools } from './org-pools.ts';
import { listOrgs } from '../../storage/repos/orgs.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { loadCalendar } from '../calendar/load-calendar.ts';
import type { PlanPreviewDto } from '../../http/contract.ts';

/** `profileId`: a built-in or own profile (the version in effect on the period's first day); `definition`: an unsaved draft. */
export interface PreviewOptions { profileId?: string; definition?: unknown; period: string; orgId?: number; level?: PolicyLevel }

/** Classifies the organisation's targets for the period and computes the profile's quotas. */
export async function previewPlan(ctx: Ctx, opts: PreviewOptions): Promise<PlanPreviewDto> {
  assertAllowed(ctx, 'read');
  const range = periodRange(opts.period);
  if (opts.definition === undefined && !opts.profileId) throw new AppError(ErrorCode.VALIDATION, '请选择监管方案', [{ field: 'profile', reason: '未选择' }]);
  const profile = opts.definition !== undefined
    ? loadProfile(opts.definition)
    : (await resolveVisibleProfile(ctx, opts.profileId!, { day: range.start })).profile;
  const org = await orgInScope(ctx, opts.orgId);
  const orgIds = (await listOrgs(ctx.database.pool, org.path)).map((o) => o.id);
  const level = resolveLevel(profile, opts.level);

  const counted = await countOrgPools(ctx.database.pool, profile, orgIds, opts.period, range.start);
  const { pools, inspectorCount, squadCount } = counted;
  let quotas;
  try {
    quotas = computeQuotas(profile, { period: opts.period, orgLevel: level, pools, inspectorCount, squadCount });
  } catch (e) {
    if (e instanceof AppError) throw new AppError(ErrorCode.VALIDATION, `无法按「${profile.name}」计算 ${opts.period} 的抽查数量：${e.message}`, e.issues);
    throw e;
  }
  const window = drawWindow(profile, opts.period, await loadCalendar(ctx.database.pool));
  return {
    profile: { id: profile.id, name: profile.name, document: profile.document },
    period: opts.period,
    org: { id: org.id, name: org.name },
    level,
    targetCount: counted.targetCount,
    inspectorCount,
    squadCount,
    categories: counted.categories,
    excluded: counted.excluded,
    modes: counted.modes,
    strata: Object.values(quotas).map((q) => ({ key: q.stratum, label: q.label, item: q.item ?? null, pool: pools[q.stratum] ?? 0, quota: q.quota, formula: q.formula, period: q.period, drawnBy: q.drawnBy ?? null })),
    drawWindow: window ? { start: window.start, end: window.end, description: window.description } : null,
  };
}
