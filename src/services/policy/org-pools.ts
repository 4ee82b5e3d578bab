/**
 * The pools a profile sees in an organisation's own directories: every target of the subtree
 * classified for a period (category, exclusion, mode, strata) and counted per stratum, plus the
 * active inspectors and squads. Shared by the plan preview, the annual plan and the `plan` CLI, so
 * a pool size means the same everywhere.
 */
import { periodRange } from '../../domain/calendar/dates.ts';
import { classifyTarget, type Classification } from '../../domain/policy/classify.ts';
import type { Profile } from '../../domain/policy/schema.ts';
import { CATALOGUES } from '../directory/catalogue.ts';
import { iterateRecords, type Queryable, type Row } from '../../storage/repos/directory.ts';
import { listEventsOfTargets } from '../../storage/repos/events.ts';
import { countActiveInspectors, countActiveSquads } from '../../storage/repos/staff.ts';

export interface OrgPools {
  targetCount: number;
  /** Every category of the profile in profile order, with how many targets fall in it. */
  categories: { key: string; label: string; count: number }[];
  excluded: { reason: string; count: number }[];
  modes: { mode: string; count: number }[];
  /** Every stratum key of the profile → targets in its pool (0 when none). */
  pools: Record<string, number>;
  inspectorCount: number;
  squadCount: number;
}

/**
 * The targets of `orgIds` in batches of `batch`, each classified for `period` as of `asOf` with its
 * dated events (one events query per batch).
 */
export async function* classifiedTargets(q: Queryable, profile: Profile, orgIds: number[], period: string, asOf: string, batch?: number): AsyncGenerator<{ row: Row; c: Classification }[]> {
  for await (const rows of iterateRecords(q, CATALOGUES.targets.def, { orgIds, filters: [] }, batch)) {
    const events = await listEventsOfTargets(q, rows.map((r) => r.id as number));
    const byTarget = new Map<number, typeof events>();
    for (const e of events) (byTarget.get(e.targetId) ?? byTarget.set(e.targetId, []).get(e.targetId)!).push(e);
    yield rows.map((row) => ({ row, c: classifyTarget(profile, row as never, byTarget.get(row.id as number) ?? [], period, { asOf }) }));
  }
}

/** Classifies the targets of `orgIds` for `period` as of `asOf` (default: the period's first day) and counts them. */
export async function countOrgPools(q: Queryable, profile: Profile, orgIds: number[], period: string, asOf = periodRange(period).start): Promise<OrgPools> {
  const categories = new Map(profile.categories.map((c) => [c.key, { key: c.key, label: c.label, count: 0 }]));
  const pools: Record<string, number> = Object.fromEntries(profile.strata.map((s) => [s.key, 0]));
  const excluded = new Map<string, number>();
  const modes = new Map<string, number>();
  let total = 0;
  for await (const batch of classifiedTargets(q, profile, orgIds, period, asOf)) {
    for (const { c } of batch) {
      total++;
      if (c.category) categories.get(c.category)!.count++;
      if (c.excluded) excluded.set(c.excluded.reason, (excluded.get(c.excluded.reason) ?? 0) + 1);
      else modes.set(c.mode, (modes.get(c.mode) ?? 0) + 1);
      for (const s of c.strata) pools[s] = (pools[s] ?? 0) + 1;
    }
  }
  return {
    targetCount: total,
    categories: [...categories.values()],
    excluded: [...excluded].map(([reason, count]) => ({ reason, count })),
    modes: [...modes].map(([mode, count]) => ({ mode, count })),
    pools,
    inspectorCount: await countActiveInspectors(q, orgIds, asOf),
    squadCount: await countActiveSquads(q, orgIds),
  };
}
