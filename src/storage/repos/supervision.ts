/**
 * The supervision aggregates (#7): every count is computed by the database, grouped by the
 * organisation that drew the task (or inspected, or published) so the service can sum a subtree and
 * break it down into its children. A task belongs to the year of its draw period; a record to the
 * year of its inspection day.
 */
import type { PlanLine } from '../schema.ts';
import type { Queryable } from './directory.ts';

/** Drawn and completed tasks per drawing organisation and period. */
export interface TaskCountRow { orgId: number; period: string; tasks: number; completed: number; joint: number; crossDept: number; jointDone: number; crossDeptDone: number }

/** Completed (submitted) records of drawn tasks per drawing organisation, period and month of inspection. */
export interface CompletionRow { orgId: number; period: string; month: string; n: number }

/** Result categories and follow-ups of the random records of the year's tasks, per drawing organisation. */
export interface ResultRow {
  orgId: number; records: number; problems: number; cases: number; transfers: number;
  rectifications: number; rectified: number; caseFollowups: number;
}

export interface PublicationRow { orgId: number; due: number; published: number; timely: number; late: number; overdue: number }

/** Approved plans of the year of the given organisations. */
export async function approvedPlansOf(q: Queryable, orgIds: number[], year: number): Promise<{ orgId: number; profileKey: string; profileVersion: number; level: 'city' | 'county'; lines: PlanLine[] }[]> {
  return (await q.query(
    `SELECT org_id AS "orgId", profile_key AS "profileKey", profile_version AS "profileVersion", level, lines FROM annual_plans
      WHERE org_id = ANY($1::int[]) AND year = $2 AND status = 'approved' ORDER BY org_id, profile_key`,
    [orgIds, year],
  )).rows;
}

/** Draws of `scope` ($2): a year ('2026' takes its quarters, halves and months too) or one period ('2026-Q1'). */
const YEAR_DRAWS = `d.org_id = ANY($1::int[]) AND d.status IN ('drawn', 'revealed') AND (d.period = $2 OR d.period LIKE $2 || '-%')`;

/** Tasks of the year's draws: drawn, completed (left 待检查), internal joint (several items) and cross-department (a 跨部门 campaign). */
export async function taskCounts(q: Queryable, orgIds: number[], scope: string): Promise<TaskCountRow[]> {
  return (await q.query(
    `SELECT d.org_id AS "orgId", d.period, count(*)::int AS tasks,
            count(*) FILTER (WHERE t.status <> '待检查')::int AS completed,
            count(*) FILTER (WHERE cardinality(t.items) > 1)::int AS joint,
            count(*) FILTER (WHERE d.filter->>'campaign' LIKE '%跨部门%')::int AS "crossDept",
            count(*) FILTER (WHERE cardinality(t.items) > 1 AND t.status <> '待检查')::int AS "jointDone",
            count(*) FILTER (WHERE d.filter->>'campaign' LIKE '%跨部门%' AND t.status <> '待检查')::int AS "crossDeptDone"
       FROM draws d JOIN draw_tasks t ON t.draw_id = d.id
      WHERE ${YEAR_DRAWS}
      GROUP BY d.org_id, d.period`,
    [orgIds, scope],
  )).rows;
}

/** Submitted records of the year's drawn tasks by month of inspection (for the monthly milestones). */
export async function completionsByMonth(q: Queryable, orgIds: number[], scope: string): Promise<CompletionRow[]> {
  return (await q.query(
    `SELECT d.org_id AS "orgId", d.period, to_char(r.inspected_on, 'YYYY-MM') AS month, count(*)::int AS n
       FROM draws d JOIN draw_tasks t ON t.draw_id = d.id JOIN inspection_records r ON r.task_id = t.id AND r.status = 'submitted'
      WHERE ${YEAR_DRAWS}
      GROUP BY d.org_id, d.period, to_char(r.inspected_on, 'YYYY-MM')`,
    [orgIds, scope],
  )).rows;
}

/** Result categories and follow-ups of the submitted records of the year's drawn tasks. */
export async function resultCounts(q: Queryable, orgIds: number[], scope: string): Promise<ResultRow[]> {
  return (await q.query(
    `WITH rec AS (
       SELECT d.org_id, r.id, r.result_category
         FROM draws d JOIN draw_tasks t ON t.draw_id = d.id JOIN inspection_records r ON r.task_id = t.id AND r.status = 'submitted'
        WHERE ${YEAR_DRAWS}
     ), fu AS (
       SELECT f.record_id,
              count(*) FILTER (WHERE f.kind = '责令整改')::int AS rect,
              count(*) FILTER (WHERE f.kind = '责令整改' AND f.status = 'closed')::int AS rected,
              count(*) FILTER (WHERE f.kind = '立案')::int AS cases
         FROM inspection_followups f WHERE f.record_id IN (SELECT id FROM rec) GROUP BY f.record_id
     )
     SELECT rec.org_id AS "orgId", count(*)::int AS records,
            count(*) FILTER (WHERE rec.result_category IS DISTINCT FROM '未发现问题')::int AS problems,
            count(*) FILTER (WHERE rec.result_category = '涉嫌环境违法，立案查处' OR fu.cases > 0)::int AS cases,
            count(*) FILTER (WHERE rec.result_category IN ('涉嫌犯罪，移送司法机关', '属其他部门职责，移交处理'))::int AS transfers,
            coalesce(sum(fu.rect), 0)::int AS rectifications, coalesce(sum(fu.rected), 0)::int AS rectified,
            coalesce(sum(fu.cases), 0)::int AS "caseFollowups"
       FROM rec LEFT JOIN fu ON fu.record_id = rec.id
      GROUP BY rec.org_id`,
    [orgIds, scope],
  )).rows;
}

/**
 * Publications (#6) of records of the year's drawn tasks: due, published, published by their due
 * day (Beijing date), published late, and unpublished past their due day as of `today`.
 */
export async function publicationCounts(q: Queryable, orgIds: number[], scope: string, today: string): Promise<PublicationRow[]> {
  return (await q.query(
    `SELECT d.org_id AS "orgId", count(*)::int AS due,
            count(*) FILTER (WHERE p.published_at IS NOT NULL)::int AS published,
            count(*) FILTER (WHERE p.published_at IS NOT NULL AND (p.due_on IS NULL OR (p.published_at AT TIME ZONE 'Asia/Shanghai')::date <= p.due_on))::int AS timely,
            count(*) FILTER (WHERE p.published_at IS NOT NULL AND p.due_on IS NOT NULL AND (p.published_at AT TIME ZONE 'Asia/Shanghai')::date > p.due_on)::int AS late,
            count(*) FILTER (WHERE p.published_at IS NULL AND p.due_on < $3::date)::int AS overdue
       FROM draws d JOIN publications p ON p.draw_id = d.id
      WHERE ${YEAR_DRAWS}
      GROUP BY d.org_id`,
    [orgIds, scope, today],
  )).rows;
}

/** Published results per draw period. */
export async function publishedByPeriod(q: Queryable, orgIds: number[], scope: string): Promise<Map<string, number>> {
  const rows = (await q.query(
    `SELECT d.period, count(*)::int AS n FROM draws d JOIN publications p ON p.draw_id = d.id
      WHERE ${YEAR_DRAWS} AND p.published_at IS NOT NULL GROUP BY d.period`,
    [orgIds, scope],
  )).rows as { period: string; n: number }[];
  return new Map(rows.map((r) => [r.period, r.n]));
}

/** Targets of the organisations with at least `min` random inspections in the year (the 无事不扰 candidates), most first. */
export async function frequentTargets(q: Queryable, orgIds: number[], year: number, min: number, limit: number) {
  return (await q.query(
    `WITH c AS (
       SELECT r.target_id, count(*) FILTER (WHERE r.counts_to_quota)::int AS random, count(*) FILTER (WHERE NOT r.counts_to_quota)::int AS targeted,
              array_agg(DISTINCT it) FILTER (WHERE it IS NOT NULL) AS strata
         FROM inspection_records r LEFT JOIN draw_tasks t ON t.id = r.task_id LEFT JOIN LATERAL unnest(t.items) AS it ON true
        WHERE r.org_id = ANY($1::int[]) AND r.status = 'submitted' AND r.inspected_on >= $2::date AND r.inspected_on < $3::date
        GROUP BY r.target_id
     )
     SELECT c.target_id AS "targetId", g.name, g.identifier, c.random, c.targeted, coalesce(c.strata, '{}') AS strata
       FROM c JOIN targets g ON g.id = c.target_id
      WHERE c.random >= $4 ORDER BY c.random DESC, c.target_id LIMIT $5`,
    [orgIds, `${year}-01-01`, `${year + 1}-01-01`, min, limit],
  )).rows as { targetId: number; name: string; identifier: string; random: number; targeted: number; strata: string[] }[];
}

/** Inspected targets and all submitted records of the year (random and targeted). */
export async function recordTotals(q: Queryable, orgIds: number[], year: number): Promise<{ records: number; random: number; targets: number }> {
  return (await q.query(
    `SELECT count(*)::int AS records, count(*) FILTER (WHERE counts_to_quota)::int AS random, count(DISTINCT target_id)::int AS targets
       FROM inspection_records WHERE org_id = ANY($1::int[]) AND status = 'submitted' AND inspected_on >= $2::date AND inspected_on < $3::date`,
    [orgIds, `${year}-01-01`, `${year + 1}-01-01`],
  )).rows[0];
}

/** Inspections per inspector in the year (every submitted record the inspector was on the team of), for appraisal. */
export async function inspectorCounts(q: Queryable, orgIds: number[], year: number) {
  return (await q.query(
    `SELECT m.inspector_id AS "inspectorId", i.name, o.name AS "orgName", count(*)::int AS inspections,
            count(*) FILTER (WHERE r.counts_to_quota)::int AS random,
            count(*) FILTER (WHERE r.result_category IS DISTINCT FROM '未发现问题')::int AS problems
       FROM inspection_records r CROSS JOIN LATERAL unnest(r.team) AS m(inspector_id)
       JOIN inspectors i ON i.id = m.inspector_id JOIN organizations o ON o.id = i.org_id
      WHERE r.org_id = ANY($1::int[]) AND r.status = 'submitted' AND r.inspected_on >= $2::date AND r.inspected_on < $3::date
      GROUP BY m.inspector_id, i.name, o.name ORDER BY inspections DESC, m.inspector_id`,
    [orgIds, `${year}-01-01`, `${year + 1}-01-01`],
  )).rows as { inspectorId: number; name: string; orgName: string; inspections: number; random: number; problems: number }[];
}

/** One row per submitted record of a month (保定's 月度明细表), oldest first. */
export async function monthRecords(q: Queryable, orgIds: number[], month: string) {
  const start = `${month}-01`;
  return (await q.query(
    `SELECT r.id, r.kind, r.mode, r.inspected_on::text AS "inspectedOn", r.result_category AS "resultCategory", r.summary,
            g.name AS "targetName", g.identifier, o.name AS "orgName", coalesce(t.items, '{}') AS items,
            (SELECT string_agg(i.name, '、' ORDER BY i.name) FROM inspectors i WHERE i.id = ANY(r.team)) AS team,
            (SELECT string_agg(f.kind || CASE WHEN f.status = 'closed' THEN '（已完结）' ELSE '（跟进中）' END, '；' ORDER BY f.id)
               FROM inspection_followups f WHERE f.record_id = r.id) AS followups
       FROM inspection_records r JOIN targets g ON g.id = r.target_id JOIN organizations o ON o.id = r.org_id
       LEFT JOIN draw_tasks t ON t.id = r.task_id
      WHERE r.org_id = ANY($1::int[]) AND r.status = 'submitted' AND r.inspected_on >= $2::date AND r.inspected_on < ($2::date + interval '1 month')
      ORDER BY r.inspected_on, r.id`,
    [orgIds, start],
  )).rows as { id: number; kind: string; mode: string; inspectedOn: string; resultCategory: string | null; summary: string | null; targetName: string; identifier: string; orgName: string; items: string[]; team: string | null; followups: string | null }[];
}
