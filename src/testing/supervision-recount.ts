/**
 * The supervision figures counted straight from the source tables (draws, draw_tasks,
 * inspection_records, inspection_followups, publications) by scanning their rows — the queries the
 * dashboard ran before the counters of migration 0012. The oracle of the counters' consistency test
 * (src/storage/repos/supervision-counters.db.test.ts); never used by the application.
 */
import type { Queryable } from '../storage/repos/directory.ts';
import type {
  CompletionRow, DrawFigureRows, FrequentTargetRow, PublicationRow, ResultRow, TaskCountRow,
} from '../storage/repos/supervision.ts';

/** Draws of `scope` ($2): a year ('2026' takes its quarters, halves and months too) or one period ('2026-Q1'). */
const YEAR_DRAWS = `d.org_id = ANY($1::int[]) AND d.status IN ('drawn', 'revealed') AND (d.period = $2 OR d.period LIKE $2 || '-%')`;

/** Everything the dashboard counts over the tasks of `scope`'s draws, in one pass over tasks and their records. */

/**
 * Tasks, completions per month, result categories and follow-ups of the draws of `scope`: one pass
 * over the tasks (LEFT JOIN their submitted record) grouped by drawing organisation, period and month
 * of inspection, and one over the follow-ups of those records.
 */
export async function recountDrawFigures(q: Queryable, orgIds: number[], scope: string): Promise<DrawFigureRows> {
  const rows = (await q.query(
    `SELECT d.org_id AS "orgId", d.period, to_char(r.inspected_on, 'YYYY-MM') AS month, count(*)::int AS tasks,
            count(*) FILTER (WHERE t.status <> '待检查')::int AS completed,
            count(*) FILTER (WHERE cardinality(t.items) > 1)::int AS joint,
            count(*) FILTER (WHERE cardinality(d.joint_partners) > 0)::int AS "crossDept",
            count(*) FILTER (WHERE cardinality(t.items) > 1 AND t.status <> '待检查')::int AS "jointDone",
            count(*) FILTER (WHERE cardinality(d.joint_partners) > 0 AND t.status <> '待检查')::int AS "crossDeptDone",
            count(r.id)::int AS records,
            count(r.id) FILTER (WHERE r.result_category IS DISTINCT FROM '未发现问题')::int AS problems,
            count(r.id) FILTER (WHERE r.result_category = '涉嫌环境违法，立案查处')::int AS cases,
            count(r.id) FILTER (WHERE r.result_category IN ('涉嫌犯罪，移送司法机关', '属其他部门职责，移交处理'))::int AS transfers
       FROM draws d JOIN draw_tasks t ON t.draw_id = d.id
       LEFT JOIN inspection_records r ON r.task_id = t.id AND r.status = 'submitted'
      WHERE ${YEAR_DRAWS}
      GROUP BY d.org_id, d.period, to_char(r.inspected_on, 'YYYY-MM')`,
    [orgIds, scope],
  )).rows as (TaskCountRow & { month: string | null; records: number; problems: number; cases: number; transfers: number })[];
  const follow = (await q.query(
    `SELECT d.org_id AS "orgId",
            count(*) FILTER (WHERE f.kind = '责令整改')::int AS rectifications,
            count(*) FILTER (WHERE f.kind = '责令整改' AND f.status = 'closed')::int AS rectified,
            count(*) FILTER (WHERE f.kind = '立案')::int AS "caseFollowups",
            count(DISTINCT f.record_id) FILTER (WHERE f.kind = '立案' AND r.result_category IS DISTINCT FROM '涉嫌环境违法，立案查处')::int AS "extraCases"
       FROM draws d JOIN draw_tasks t ON t.draw_id = d.id
       JOIN inspection_records r ON r.task_id = t.id AND r.status = 'submitted'
       JOIN inspection_followups f ON f.record_id = r.id
      WHERE ${YEAR_DRAWS}
      GROUP BY d.org_id`,
    [orgIds, scope],
  )).rows as { orgId: number; rectifications: number; rectified: number; caseFollowups: number; extraCases: number }[];

  const tasks = new Map<string, TaskCountRow>();
  const results = new Map<number, ResultRow>();
  const completions: CompletionRow[] = [];
  for (const r of rows) {
    const key = `${r.orgId}\u0000${r.period}`;
    const t = tasks.get(key) ?? tasks.set(key, { orgId: r.orgId, period: r.period, tasks: 0, completed: 0, joint: 0, crossDept: 0, jointDone: 0, crossDeptDone: 0 }).get(key)!;
    for (const k of ['tasks', 'completed', 'joint', 'crossDept', 'jointDone', 'crossDeptDone'] as const) t[k] += r[k];
    const res = results.get(r.orgId) ?? results.set(r.orgId, { orgId: r.orgId, records: 0, problems: 0, cases: 0, transfers: 0, rectifications: 0, rectified: 0, caseFollowups: 0 }).get(r.orgId)!;
    for (const k of ['records', 'problems', 'cases', 'transfers'] as const) res[k] += r[k];
    if (r.month !== null) completions.push({ orgId: r.orgId, period: r.period, month: r.month, n: r.records });
  }
  for (const f of follow) {
    const res = results.get(f.orgId);
    if (!res) continue;
    res.rectifications += f.rectifications;
    res.rectified += f.rectified;
    res.caseFollowups += f.caseFollowups;
    res.cases += f.extraCases;
  }
  return { tasks: [...tasks.values()], completions, results: [...results.values()] };
}

/**
 * Publications (#6) of records of `scope`'s draws per drawing organisation and period: due, published,
 * published by their due day (Beijing date), published late, and unpublished past their due day as of `today`.
 */
export async function recountPublicationCounts(q: Queryable, orgIds: number[], scope: string, today: string): Promise<PublicationRow[]> {
  return (await q.query(
    `SELECT d.org_id AS "orgId", d.period, count(*)::int AS due,
            count(*) FILTER (WHERE p.published_at IS NOT NULL)::int AS published,
            count(*) FILTER (WHERE p.published_at IS NOT NULL AND (p.due_on IS NULL OR (p.published_at AT TIME ZONE 'Asia/Shanghai')::date <= p.due_on))::int AS timely,
            count(*) FILTER (WHERE p.published_at IS NOT NULL AND p.due_on IS NOT NULL AND (p.published_at AT TIME ZONE 'Asia/Shanghai')::date > p.due_on)::int AS late,
            count(*) FILTER (WHERE p.published_at IS NULL AND p.due_on < $3::date)::int AS overdue
       FROM draws d JOIN publications p ON p.draw_id = d.id
      WHERE ${YEAR_DRAWS}
      GROUP BY d.org_id, d.period`,
    [orgIds, scope, today],
  )).rows;
}


/**
 * One pass over the year's submitted records of the organisations grouped by target: the totals
 * (inspected targets, records, random records) and the `limit` targets with at least `min` random
 * inspections (the 无事不扰 candidates), most first, with the strata their tasks were drawn in.
 */
export async function recountTargetFigures(q: Queryable, orgIds: number[], year: number, min: number, limit: number): Promise<{ totals: { records: number; random: number; targets: number }; frequent: FrequentTargetRow[] }> {
  const row = (await q.query(
    `WITH c AS MATERIALIZED (
       SELECT target_id, count(*) FILTER (WHERE counts_to_quota)::int AS random, count(*) FILTER (WHERE NOT counts_to_quota)::int AS targeted
         FROM inspection_records
        WHERE org_id = ANY($1::int[]) AND status = 'submitted' AND inspected_on >= $2::date AND inspected_on < $3::date
        GROUP BY target_id
     ), top AS (
       SELECT * FROM c WHERE random >= $4 ORDER BY random DESC, target_id LIMIT $5
     )
     SELECT (SELECT json_build_object('targets', count(*), 'records', coalesce(sum(random + targeted), 0), 'random', coalesce(sum(random), 0)) FROM c) AS totals,
            (SELECT coalesce(json_agg(json_build_object('targetId', top.target_id, 'name', g.name, 'identifier', g.identifier, 'random', top.random, 'targeted', top.targeted,
                      'strata', (SELECT coalesce(array_agg(DISTINCT it ORDER BY it), '{}') FROM inspection_records r JOIN draw_tasks t ON t.id = r.task_id CROSS JOIN LATERAL unnest(t.items) AS it
                                  WHERE r.target_id = top.target_id AND r.org_id = ANY($1::int[]) AND r.status = 'submitted' AND r.inspected_on >= $2::date AND r.inspected_on < $3::date))
                    ORDER BY top.random DESC, top.target_id), '[]') FROM top JOIN targets g ON g.id = top.target_id) AS frequent`,
    [orgIds, `${year}-01-01`, `${year + 1}-01-01`, min, limit],
  )).rows[0] as { totals: { records: number | string; random: number | string; targets: number | string }; frequent: FrequentTargetRow[] };
  const t = row.totals;
  return { totals: { records: Number(t.records), random: Number(t.random), targets: Number(t.targets) }, frequent: row.frequent };
}

/** Inspections per inspector in the year (every submitted record the inspector was on the team of), for appraisal. */
export async function recountInspectorCounts(q: Queryable, orgIds: number[], year: number) {
  return (await q.query(
    `WITH c AS (
       SELECT m.inspector_id, count(*)::int AS inspections, count(*) FILTER (WHERE r.counts_to_quota)::int AS random,
              count(*) FILTER (WHERE r.result_category IS DISTINCT FROM '未发现问题')::int AS problems
         FROM inspection_records r CROSS JOIN LATERAL unnest(r.team) AS m(inspector_id)
        WHERE r.org_id = ANY($1::int[]) AND r.status = 'submitted' AND r.inspected_on >= $2::date AND r.inspected_on < $3::date
        GROUP BY m.inspector_id
     )
     SELECT c.inspector_id AS "inspectorId", i.name, o.name AS "orgName", c.inspections, c.random, c.problems
       FROM c JOIN inspectors i ON i.id = c.inspector_id JOIN organizations o ON o.id = i.org_id
      ORDER BY c.inspections DESC, c.inspector_id`,
    [orgIds, `${year}-01-01`, `${year + 1}-01-01`],
  )).rows as { inspectorId: number; name: string; orgName: string; inspections: number; random: number; problems: number }[];
}
