/**
 * 涉企检查指标 per organisation (with the units below it) and year (#9), over the submitted records:
 * - 计划合规率: records that were planned (a drawn task of the approved plan) or, for targeted checks,
 *   within the annual cap or approved beyond it by a leader — of all records;
 * - 亮码率: records whose task code the enterprise scanned — of all records (targeted checks carry no
 *   code yet and count as not scanned);
 * - 联合检查率: records of one visit covering several items, or a team from several departments or
 *   organisations — of all records, against the profile's goal;
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
  const records = (await q.query(
    `SELECT r.id, r.target_id AS "targetId", r.kind, r.task_id AS "taskId", r.inspected_on::text AS day,
            cardinality(coalesce(t.items, '{}'::text[])) AS items,
            (SELECT count(DISTINCT coalesce(i.department_id, -i.org_id)) FROM inspectors i WHERE i.id = ANY(r.team))::int AS depts,
            (SELECT count(DISTINCT i.org_id) FROM inspectors i WHERE i.id = ANY(r.team))::int AS orgs,
            EXISTS (SELECT 1 FROM inspection_code_scans s WHERE s.task_id = r.task_id AND s.scanned_at <= coalesce(r.submitted_at, now())) AS scanned,
            EXISTS (SELECT 1 FROM cap_exceptions e WHERE e.record_id = r.id) AS approved
       FROM inspection_records r JOIN organizations o ON o.id = r.org_id LEFT JOIN draw_tasks t ON t.id = r.task_id
      WHERE r.status = 'submitted' AND r.inspected_on BETWEEN $2::date AND $3::date AND o.path LIKE $1 || '%'
      ORDER BY r.inspected_on, r.id`, [org.path, `${opts.year}-01-01`, `${opts.year}-12-31`],
  )).rows as { id: number; targetId: number; kind: string; taskId: number | null; items: number; depts: number; orgs: number; scanned: boolean; approved: boolean }[];
  const seen = new Map<number, number>();
  let compliant = 0;
  const byKind: Record<string, number> = {};
  for (const r of records) {
    const k = (seen.get(r.targetId) ?? 0) + 1;
    seen.set(r.targetId, k);
    byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
    if (r.taskId !== null || k <= cap || r.approved) compliant++;
  }
  const counts = [...seen.values()];
  const n = records.length;
  return {
    org: { id: org.id, name: org.name }, year: opts.year, inspections: n, byKind,
    planCompliance: rate(compliant, n, rules.goals.planCompliance),
    codeRate: rate(records.filter((r) => r.scanned).length, n, rules.goals.codeRate),
    jointRate: rate(records.filter((r) => r.items > 1 || r.depts > 1 || r.orgs > 1).length, n, rules.jointGoal.percent),
    perEnterprise: {
      enterprises: counts.length, mean: counts.length ? Math.round((n * 100) / counts.length) / 100 : null,
      max: counts.length ? Math.max(...counts) : 0, atOrOverCap: counts.filter((c) => c >= cap).length, cap,
    },
    goalsSource: rules.source,
    cites: { cap: citeText(rules.annualCap.cite), joint: citeText(rules.jointGoal.cite), goals: citeText(rules.goals.cite) },
  };
}
