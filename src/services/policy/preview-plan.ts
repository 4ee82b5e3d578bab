/**
 * Previews a built-in policy profile on an organisation's own directories: every target classified
 * for the period (category, exclusion, strata), the pools, and the quotas the profile demands — the
 * figures a coordinator checks before making a plan.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { createCalendar } from '../../domain/calendar/calendar.ts';
import { periodRange } from '../../domain/calendar/dates.ts';
import { classifyTarget } from '../../domain/policy/classify.ts';
import { computeQuotas, resolveLevel } from '../../domain/policy/quota.ts';
import { drawWindow } from '../../domain/policy/windows.ts';
import { getProfile } from '../../domain/policy/profiles/index.ts';
import type { PolicyLevel } from '../../domain/policy/schema.ts';
import { CATALOGUES } from '../directory/catalogue.ts';
import { iterateRecords } from '../../storage/repos/directory.ts';
import { listEventsOfTargets } from '../../storage/repos/events.ts';
import { countActiveInspectors, countActiveSquads } from '../../storage/repos/staff.ts';
import { listOrgs } from '../../storage/repos/orgs.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import type { PlanPreviewDto } from '../../http/contract.ts';

export interface PreviewOptions { profileId: string; period: string; orgId?: number; level?: PolicyLevel }

/** Classifies the organisation's targets for the period and computes the profile's quotas. */
export async function previewPlan(ctx: Ctx, opts: PreviewOptions): Promise<PlanPreviewDto> {
  assertAllowed(ctx, 'read');
  const profile = getProfile(opts.profileId);
  const range = periodRange(opts.period);
  const org = await orgInScope(ctx, opts.orgId);
  const orgIds = (await listOrgs(ctx.database.pool, org.path)).map((o) => o.id);
  const level = resolveLevel(profile, opts.level);

  const categories = new Map(profile.categories.map((c) => [c.key, { key: c.key, label: c.label, count: 0 }]));
  const pools: Record<string, number> = Object.fromEntries(profile.strata.map((s) => [s.key, 0]));
  const excluded = new Map<string, number>();
  const modes = new Map<string, number>();
  let total = 0;
  for await (const rows of iterateRecords(ctx.database.pool, CATALOGUES.targets.def, { orgIds, filters: [] })) {
    const events = await listEventsOfTargets(ctx.database.pool, rows.map((r) => r.id as number));
    const byTarget = new Map<number, typeof events>();
    for (const e of events) (byTarget.get(e.targetId) ?? byTarget.set(e.targetId, []).get(e.targetId)!).push(e);
    for (const row of rows) {
      total++;
      const c = classifyTarget(profile, row as never, byTarget.get(row.id as number) ?? [], opts.period, { asOf: range.start });
      if (c.category) categories.get(c.category)!.count++;
      if (c.excluded) excluded.set(c.excluded.reason, (excluded.get(c.excluded.reason) ?? 0) + 1);
      else modes.set(c.mode, (modes.get(c.mode) ?? 0) + 1);
      for (const s of c.strata) pools[s] = (pools[s] ?? 0) + 1;
    }
  }
  const inspectorCount = await countActiveInspectors(ctx.database.pool, orgIds, range.start);
  const squadCount = await countActiveSquads(ctx.database.pool, orgIds);
  let quotas;
  try {
    quotas = computeQuotas(profile, { period: opts.period, orgLevel: level, pools, inspectorCount, squadCount });
  } catch (e) {
    if (e instanceof AppError) throw new AppError(ErrorCode.VALIDATION, `无法按「${profile.name}」计算 ${opts.period} 的抽查数量：${e.message}`, e.issues);
    throw e;
  }
  const window = drawWindow(profile, opts.period, createCalendar());
  return {
    profile: { id: profile.id, name: profile.name, document: profile.document },
    period: opts.period,
    org: { id: org.id, name: org.name },
    level,
    targetCount: total,
    inspectorCount,
    squadCount,
    categories: [...categories.values()],
    excluded: [...excluded].map(([reason, count]) => ({ reason, count })),
    modes: [...modes].map(([mode, count]) => ({ mode, count })),
    strata: Object.values(quotas).map((q) => ({ key: q.stratum, label: q.label, item: q.item ?? null, pool: pools[q.stratum] ?? 0, quota: q.quota, formula: q.formula, period: q.period, drawnBy: q.drawnBy ?? null })),
    drawWindow: window ? { start: window.start, end: window.end, description: window.description } : null,
  };
}
