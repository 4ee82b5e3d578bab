/**
 * 涉企检查指标 per organisation (with the units below it) and year (#9), over the submitted records:
 * - 计划合规率: records that were planned (a drawn task of the approved plan) or, for targeted checks,
 *   within the annual cap or approved beyond it by a leader — of all records;
 * - 亮码率: records whose code (the task's, or the targeted check's own) the enterprise scanned before
 *   submission — of all records;
 * - 联合检查率: records of one visit covering several items, a team from several departments or
 *   organisations, or with other administrative bodies (跨部门联合检查: the record's or its draw's
 *   joint_partners) — of all records, against the profile's goal;
 * - inspections per enterprise (mean, maximum, enterprises at or over the cap).
 * Exported for the supervision dashboards (#7).
 */
import { citeText } from '../../domain/policy/cite.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { rulesForOrg } from './annual-cap.ts';

export interface Rate { numerator: number; denominator: number; percent: number | null; goal: number; met: boolean | null }
export interface EnterpriseCheckFigures {
  org: { id: number; name: string }; year: number;
  inspections: number; byKind: Record<string, number>;
  planCompliance: Rate; codeRate: Rate; jointRate: Rate;
  perEnterprise: { enterprises: number; mean: number | null; max: number; atOrOverCap: number; cap: number };
  goalsSource: 'profile' | 'national'; cites: { cap: string; joint: string; goals: string };
}

const rate = (numerator: number, denominator: number, goal: number): Rate => {
  const percent = denominator ? Math.round((numerator * 1000) / denominator) / 10 : null;
  return { numerator, denominator, percent, goal, met: percent === null ? null : percent >= goal };
};

export async function enterpriseCheckFigures(ctx: Ctx, opts: { orgId?: number; year: number }): Promise<EnterpriseCheckFigures> {
  assertAllowed(ctx, 'read');
  const org = await orgInScope(ctx, opts.orgId);
  const q = ctx.database.pool;
  const rules = await rulesForOrg(q, org.path, opts.year);
  const cap = rules.annualCap.perBody;
  const params = [org.path, `${opts.year}-01-01`, `${opts.year}-12-31`, cap];
  const recs = `recs AS (
       SELECT r.id, r.target_id, r.kind, r.task_id, r.inspected_on, r.submitted_at, r.team, r.joint_partners
         FROM inspection_records r JOIN organizations o ON o.id = r.org_id
        WHERE r.status = 'submitted' AND r.inspected_on BETWEEN $2::date AND $3::date AND o.path LIKE $1 || '%')`;
  // Per kind: the k-th inspection of an enterprise in the year is within the cap when k ≤ cap.
  const byKindRows = (await q.query(
    `WITH ${recs},
     members AS (
       SELECT recs.id, count(DISTINCT coalesce(i.department_id, -i.org_id))::int AS depts, count(DISTINCT i.org_id)::int AS orgs
         FROM recs CROSS JOIN LATERAL unnest(recs.team) AS m(inspector) JOIN inspectors i ON i.id = m.inspector
        WHERE cardinality(recs.team) > 1 GROUP BY recs.id),
     scans AS (SELECT task_id, min(scanned_at) AS first FROM inspection_code_scans WHERE task_id IS NOT NULL GROUP BY task_id),
     record_scans AS (SELECT record_id, min(scanned_at) AS first FROM inspection_code_scans WHERE record_id IS NOT NULL GROUP BY record_id),
     approved AS (SELECT DISTINCT record_id FROM cap_exceptions WHERE record_id IS NOT NULL),
     x AS (
       SELECT recs.kind, recs.task_id, row_number() OVER (PARTITION BY recs.target_id ORDER BY recs.inspected_on, recs.id) AS k,
              cardinality(coalesce(t.items, '{}'::text[])) > 1 OR coalesce(m.depts, 0) > 1 OR coalesce(m.orgs, 0) > 1
                OR cardinality(recs.joint_partners) > 0 OR cardinality(coalesce(dw.joint_partners, '{}'::text[])) > 0 AS joint,
              coalesce(coalesce(s.first, rs.first) <= coalesce(recs.submitted_at, now()), false) AS scanned, a.record_id IS NOT NULL AS approved
         FROM recs LEFT JOIN members m ON m.id = recs.id LEFT JOIN draw_tasks t ON t.id = recs.task_id LEFT JOIN draws dw ON dw.id = t.draw_id
         LEFT JOIN scans s ON s.task_id = recs.task_id LEFT JOIN record_scans rs ON rs.record_id = recs.id LEFT JOIN approved a ON a.record_id = recs.id)
     SELECT kind, count(*)::int AS n, count(*) FILTER (WHERE task_id IS NOT NULL OR k <= $4 OR approved)::int AS compliant,
            count(*) FILTER (WHERE scanned)::int AS scanned, count(*) FILTER (WHERE joint)::int AS joint
       FROM x GROUP BY kind ORDER BY kind`, params,
  )).rows as { kind: string; n: number; compliant: number; scanned: number; joint: number }[];
  const per = (await q.query(
    `WITH ${recs}, per AS (SELECT target_id, count(*)::int AS n FROM recs GROUP BY target_id)
     SELECT count(*)::int AS enterprises, coalesce(max(n), 0)::int AS max, count(*) FILTER (WHERE n >= $4)::int AS "atOrOverCap" FROM per`, params,
  )).rows[0] as { enterprises: number; max: number; atOrOverCap: number };
  const sum = (f: (r: (typeof byKindRows)[number]) => number) => byKindRows.reduce((a, r) => a + f(r), 0);
  const n = sum((r) => r.n);
  return {
    org: { id: org.id, name: org.name }, year: opts.year, inspections: n, byKind: Object.fromEntries(byKindRows.map((r) => [r.kind, r.n])),
    planCompliance: rate(sum((r) => r.compliant), n, rules.goals.planCompliance),
    codeRate: rate(sum((r) => r.scanned), n, rules.goals.codeRate),
    jointRate: rate(sum((r) => r.joint), n, rules.jointGoal.percent),
    perEnterprise: { ...per, mean: per.enterprises ? Math.round((n * 100) / per.enterprises) / 100 : null, cap },
    goalsSource: rules.source,
    cites: { cap: citeText(rules.annualCap.cite), joint: citeText(rules.jointGoal.cite), goals: citeText(rules.goals.cite) },
  };
}
