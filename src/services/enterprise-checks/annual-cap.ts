/**
 * The annual cap on inspections of the same enterprise by the same administrative body (#9). The body
 * is an organisation together with the units below it (a city bureau and its branches); what counts is
 * every inspection of the year, random and targeted: submitted records, targeted checks still in draft
 * (already under way: several drafts must not slip past the cap and be submitted afterwards), and
 * drawn tasks that have no submitted record yet (already scheduled). The rules in force are those of the profile of the
 * organisation's (or nearest ancestor's) latest approved plan of the year, else the national layer.
 */
import { enterpriseCheckRules, type EnterpriseChecks } from '../../domain/policy/enterprise-checks.ts';
import type { Profile } from '../../domain/policy/schema.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';

export type CheckRules = EnterpriseChecks & { source: 'profile' | 'national'; profileKey: string | null };

/** The rules in force for organisation `orgPath` in `year`. */
export async function rulesForOrg(q: Queryable, orgPath: string, year: number, profile?: { key: string; profile: Profile }): Promise<CheckRules> {
  if (profile) return { ...enterpriseCheckRules(profile.profile), profileKey: profile.key };
  const ids = orgPath.split('/').filter(Boolean).map(Number).reverse();
  const plan = (await q.query(
    `SELECT profile_key AS "profileKey", profile_version AS "profileVersion" FROM annual_plans
      WHERE org_id = ANY($1::int[]) AND year = $2 AND status = 'approved'
      ORDER BY array_position($1::int[], org_id), revision DESC LIMIT 1`, [ids, year],
  )).rows[0] as { profileKey: string; profileVersion: number } | undefined;
  if (plan) {
    const resolved = await resolveProfile(q, plan.profileKey, { version: plan.profileVersion }).catch(() => null);
    if (resolved) return { ...enterpriseCheckRules(resolved.profile), profileKey: resolved.key };
  }
  return { ...enterpriseCheckRules({}), profileKey: null };
}

/**
 * One row per inspection of the year within the body's subtree: submitted records and targeted
 * drafts pending or approved — a rejected or withdrawn request never happens (their organisation and team; record_id only once submitted = done) and open drawn tasks (dispatched organisation, current team). `$1` is the
 * body's path, `$2`/`$3` the year's first and last day, `$4` the year as text for draw periods.
 */
export const VISITS_SQL = `
  SELECT r.target_id, r.org_id, r.team, r.kind, r.task_id, CASE WHEN r.status = 'submitted' THEN r.id END AS record_id
    FROM inspection_records r JOIN organizations o ON o.id = r.org_id
   WHERE (r.status = 'submitted' OR (r.status = 'draft' AND r.task_id IS NULL
          AND NOT EXISTS (SELECT 1 FROM inspection_approvals a WHERE a.record_id = r.id AND a.status IN ('rejected', 'withdrawn'))))
     AND r.inspected_on BETWEEN $2::date AND $3::date AND o.path LIKE $1 || '%'
  UNION ALL
  SELECT t.target_id, t.dispatched_org_id, t.team, '双随机抽查', t.id, NULL
    FROM draw_tasks t JOIN draws d ON d.id = t.draw_id JOIN organizations o ON o.id = t.dispatched_org_id
   WHERE d.status IN ('drawn', 'revealed') AND d.period LIKE $4 || '%' AND o.path LIKE $1 || '%'
     AND NOT EXISTS (SELECT 1 FROM inspection_records x WHERE x.task_id = t.id AND x.status = 'submitted')`;

export const yearParams = (orgPath: string, year: number) => [orgPath, `${year}-01-01`, `${year}-12-31`, String(year)];

/** Inspections per target of the year by the body at `orgPath` (only `targetIds` when given). */
export async function capCounts(q: Queryable, orgPath: string, year: number, targetIds?: number[]): Promise<Map<number, number>> {
  const rows = (await q.query(
    `SELECT target_id AS "targetId", count(*)::int AS n FROM (${VISITS_SQL}) v
      ${targetIds ? 'WHERE target_id = ANY($5::int[])' : ''} GROUP BY target_id`,
    targetIds ? [...yearParams(orgPath, year), targetIds] : yearParams(orgPath, year),
  )).rows as { targetId: number; n: number }[];
  return new Map(rows.map((r) => [r.targetId, r.n]));
}

/** Where a targeted check of a target stands against the annual cap of its body. */
export interface CapSituation { year: number; count: number; cap: number; exceptionId: number | null }

/**
 * A targeted check of `targetId` by the body at `org` in the year of `day`: this year's inspections so
 * far (`count`, not counting record `selfId`), the cap, and — at or beyond the cap — an unused leader's
 * approval (cap_exceptions) the check may use up, else null: then the leader approving the check
 * approves the exception with it (decide-targeted-check.ts). An approval given beforehand by a leader
 * whose own inspector record is on the check's `team` is not used for it (segregation of duties: nobody
 * approves their own inspection beyond the cap). Runs in the caller's transaction.
 */
export async function targetedCapSituation(q: Queryable, org: { id: number; path: string }, targetId: number, day: string, selfId?: number, team: number[] = []): Promise<CapSituation> {
  const year = Number(day.slice(0, 4));
  const rules = await rulesForOrg(q, org.path, year);
  // Two checks of the same enterprise saved at once must not both pass the count: the target's row lock
  // makes the second wait until the first commits (READ COMMITTED then counts the first one).
  // NO KEY UPDATE leaves foreign-key checks on the target (KEY SHARE) unblocked.
  await q.query(`SELECT id FROM targets WHERE id = $1 FOR NO KEY UPDATE`, [targetId]);
  let count = (await capCounts(q, org.path, year, [targetId])).get(targetId) ?? 0;
  if (selfId !== undefined) {
    // The check itself (a pending or approved draft of this body) is among the visits counted.
    const self = (await q.query(`SELECT extract(year FROM inspected_on)::int AS y FROM inspection_records WHERE id = $1 AND task_id IS NULL`, [selfId])).rows[0];
    if (self?.y === year) count -= 1;
  }
  const cap = rules.annualCap.perBody;
  if (count < cap) return { year, count, cap, exceptionId: null };
  const own = selfId === undefined ? undefined : (await q.query(`SELECT id FROM cap_exceptions WHERE record_id = $1`, [selfId])).rows[0] as { id: number } | undefined;
  const exception = own ?? (await q.query(
    `SELECT x.id FROM cap_exceptions x WHERE x.org_id = $1 AND x.target_id = $2 AND x.year = $3 AND x.record_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = x.approved_by AND u.inspector_id = ANY($4::int[]))
      ORDER BY x.id LIMIT 1 FOR UPDATE OF x`,
    [org.id, targetId, year, team],
  )).rows[0] as { id: number } | undefined;
  return { year, count, cap, exceptionId: exception?.id ?? null };
}

/** Whether a check with situation `s` is beyond the cap without an approval for it. */
export const needsCapException = (s: CapSituation) => s.count >= s.cap && s.exceptionId === null;

/** The Chinese sentence for the approver: this year's count against the cap. */
export const capText = (s: CapSituation) =>
  `该企业 ${s.year} 年已被本单位检查或安排检查 ${s.count} 次（年度上限 ${s.cap} 次，国办发〔2024〕54号）`;

/** Marks the approval as used by record `recordId` (in the caller's transaction). */
export async function useCapException(q: Queryable, exceptionId: number, recordId: number): Promise<void> {
  await q.query(`UPDATE cap_exceptions SET record_id = $2 WHERE id = $1 AND record_id IS NULL`, [exceptionId, recordId]);
}
