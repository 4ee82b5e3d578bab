/**
 * The supervision aggregates (#7): the counts come from the counter tables of migration 0012 (kept
 * current by triggers on the source tables), grouped by the organisation that drew the task (or
 * published) so the service can sum a subtree and break it down into its children; per-target and
 * per-inspector counts are kept per scope organisation (each ancestor too). A task belongs to the year
 * of its draw period; a record to the year of its inspection day.
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

export interface PublicationRow { orgId: number; period: string; due: number; published: number; timely: number; late: number; overdue: number }

/** Approved plans of the year of the given organisations. */
export async function approvedPlansOf(q: Queryable, orgIds: number[], year: number): Promise<{ orgId: number; profileKey: string; profileVersion: number; level: 'city' | 'county'; lines: PlanLine[] }[]> {
  return (await q.query(
    `SELECT org_id AS "orgId", profile_key AS "profileKey", profile_version AS "profileVersion", level, lines FROM annual_plans
      WHERE org_id = ANY($1::int[]) AND year = $2 AND status = 'approved' ORDER BY org_id, profile_key`,
    [orgIds, year],
  )).rows;
}

/** Counter rows of `scope` ($2): a year ('2026' takes its quarters, halves and months too) or one period ('2026-Q1'). */
const SCOPE = `org_id = ANY($1::int[]) AND (period = $2 OR period LIKE $2 || '-%')`;

/** Everything the dashboard counts over the tasks of `scope`'s draws. */
export interface DrawFigureRows { tasks: TaskCountRow[]; completions: CompletionRow[]; results: ResultRow[] }

/**
 * Tasks, completions per month, result categories and follow-ups of the drawn (or revealed) draws of
 * `scope`, read from sv_task_counts (migration 0012: one row per drawing organisation, draw period and
 * month of the task's submitted record, kept current by triggers) — a few hundred rows for a city's year.
 */
export async function drawFigures(q: Queryable, orgIds: number[], scope: string): Promise<DrawFigureRows> {
  const rows = (await q.query(
    `SELECT org_id AS "orgId", period, nullif(month, '') AS month, tasks, completed, joint, cross_dept AS "crossDept",
            joint_done AS "jointDone", cross_dept_done AS "crossDeptDone", records, problems, cases, transfers,
            rectifications, rectified, case_followups AS "caseFollowups", extra_cases AS "extraCases"
       FROM sv_task_counts WHERE ${SCOPE} AND tasks <> 0
      ORDER BY org_id, period, month`,
    [orgIds, scope],
  )).rows as (TaskCountRow & Omit<ResultRow, 'orgId'> & { month: string | null; extraCases: number })[];

  const tasks = new Map<string, TaskCountRow>();
  const results = new Map<number, ResultRow>();
  const completions: CompletionRow[] = [];
  for (const r of rows) {
    const key = `${r.orgId}\u0000${r.period}`;
    const t = tasks.get(key) ?? tasks.set(key, { orgId: r.orgId, period: r.period, tasks: 0, completed: 0, joint: 0, crossDept: 0, jointDone: 0, crossDeptDone: 0 }).get(key)!;
    for (const k of ['tasks', 'completed', 'joint', 'crossDept', 'jointDone', 'crossDeptDone'] as const) t[k] += r[k];
    const res = results.get(r.orgId) ?? results.set(r.orgId, { orgId: r.orgId, records: 0, problems: 0, cases: 0, transfers: 0, rectifications: 0, rectified: 0, caseFollowups: 0 }).get(r.orgId)!;
    for (const k of ['records', 'problems', 'cases', 'transfers', 'rectifications', 'rectified', 'caseFollowups'] as const) res[k] += r[k];
    // A record with a 立案 follow-up counts as a case even when its result category says otherwise.
    res.cases += r.extraCases;
    if (r.month !== null) completions.push({ orgId: r.orgId, period: r.period, month: r.month, n: r.records });
  }
  return { tasks: [...tasks.values()], completions, results: [...results.values()] };
}

/**
 * Publications (#6) of records of `scope`'s draws per drawing organisation and period: due, published,
 * published by their due day (Beijing date), published late, and unpublished past their due day as of
 * `today` — from sv_publication_counts (per due day and state, kept current by triggers).
 */
export async function publicationCounts(q: Queryable, orgIds: number[], scope: string, today: string): Promise<PublicationRow[]> {
  return (await q.query(
    `SELECT org_id AS "orgId", period, sum(n)::int AS due,
            coalesce(sum(n) FILTER (WHERE state <> 'pending'), 0)::int AS published,
            coalesce(sum(n) FILTER (WHERE state = 'timely'), 0)::int AS timely,
            coalesce(sum(n) FILTER (WHERE state = 'late'), 0)::int AS late,
            coalesce(sum(n) FILTER (WHERE state = 'pending' AND due_on < $3::date), 0)::int AS overdue
       FROM sv_publication_counts
      WHERE ${SCOPE}
      GROUP BY org_id, period HAVING sum(n) <> 0`,
    [orgIds, scope, today],
  )).rows;
}

export interface FrequentTargetRow { targetId: number; name: string; identifier: string; random: number; targeted: number; strata: string[] }

/**
 * The year's submitted records of the subtree of `scopeOrgId` (whose organisations are `orgIds`): the
 * totals (inspected targets, records, random records) from sv_record_year and the `limit` targets with
 * at least `min` random inspections (the 无事不扰 candidates), most first, from sv_target_year (both kept
 * per organisation and each of its ancestors by triggers), with the strata their tasks were drawn in
 * (read from the few records of those targets through inspection_records_target_idx).
 */
export async function targetFigures(q: Queryable, scopeOrgId: number, orgIds: number[], year: number, min: number, limit: number): Promise<{ totals: { records: number; random: number; targets: number }; frequent: FrequentTargetRow[] }> {
  const totals = (await q.query(
    `SELECT targets, records, random FROM sv_record_year WHERE scope_org_id = $1 AND year = $2`, [scopeOrgId, year],
  )).rows[0] as { targets: number; records: number; random: number } | undefined;
  const frequent = (await q.query(
    `SELECT c.target_id AS "targetId", g.name, g.identifier, c.random, c.targeted,
            (SELECT coalesce(array_agg(DISTINCT it ORDER BY it), '{}') FROM inspection_records r JOIN draw_tasks t ON t.id = r.task_id CROSS JOIN LATERAL unnest(t.items) AS it
              WHERE r.target_id = c.target_id AND r.inspected_on >= $5::date AND r.inspected_on < $6::date AND r.org_id = ANY($7::int[]) AND r.status = 'submitted') AS strata
       FROM (SELECT target_id, random, targeted FROM sv_target_year WHERE scope_org_id = $1 AND year = $2 AND random >= $3
              ORDER BY random DESC, target_id LIMIT $4) c
       JOIN targets g ON g.id = c.target_id
      ORDER BY c.random DESC, c.target_id`,
    [scopeOrgId, year, min, limit, `${year}-01-01`, `${year + 1}-01-01`, orgIds],
  )).rows as FrequentTargetRow[];
  return { totals: { records: totals?.records ?? 0, random: totals?.random ?? 0, targets: totals?.targets ?? 0 }, frequent };
}

/** Inspections per inspector in the year (every submitted record of the subtree the inspector was on the team of), for appraisal — from sv_inspector_year. */
export async function inspectorCounts(q: Queryable, scopeOrgId: number, year: number) {
  return (await q.query(
    `SELECT c.inspector_id AS "inspectorId", i.name, o.name AS "orgName", c.inspections, c.random, c.problems
       FROM sv_inspector_year c JOIN inspectors i ON i.id = c.inspector_id JOIN organizations o ON o.id = i.org_id
      WHERE c.scope_org_id = $1 AND c.year = $2 AND c.inspections > 0
      ORDER BY c.inspections DESC, c.inspector_id`,
    [scopeOrgId, year],
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
