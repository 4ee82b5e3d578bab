/**
 * Classification runs (classification_runs) and every target's result in a run
 * (target_classifications, append-only). "Changed" always means: compared with the previous finished
 * run of the same organisation, profile and period.
 */
import type { Queryable } from './directory.ts';

export type RunStatus = 'running' | 'done' | 'failed';
export type RunTrigger = 'manual' | 'import' | 'event';

export interface RunRow {
  id: number; orgId: number; orgName: string; profileKey: string; profileVersion: number; profileHash: string;
  period: string; asOf: string; trigger: RunTrigger; status: RunStatus; targetCount: number; changedCount: number;
  summary: unknown; message: string | null; createdBy: number | null; createdByName: string | null; createdAt: Date; finishedAt: Date | null;
}

export interface TargetResult { targetId: number; category: string | null; excluded: string | null; mode: string; strata: string[]; reasons: string[] }

const COLS = `id, org_id AS "orgId", (SELECT o.name FROM organizations o WHERE o.id = r.org_id) AS "orgName",
  profile_key AS "profileKey", profile_version AS "profileVersion", profile_hash AS "profileHash", period,
  as_of::text AS "asOf", trigger, status, target_count AS "targetCount", changed_count AS "changedCount", summary, message,
  created_by AS "createdBy", (SELECT u.display_name FROM users u WHERE u.id = r.created_by) AS "createdByName",
  created_at AS "createdAt", finished_at AS "finishedAt"`;

/** Starts a run (status 'running', or 'failed' with a message for a run that could not start). */
export async function insertRun(q: Queryable, r: {
  orgId: number; profileKey: string; profileVersion: number; profileHash: string; period: string; asOf: string;
  trigger: RunTrigger; status: RunStatus; message?: string | null; createdBy: number | null;
}): Promise<number> {
  return (await q.query(
    `INSERT INTO classification_runs (org_id, profile_key, profile_version, profile_hash, period, as_of, trigger, status, message, created_by, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $8 = 'failed' THEN now() END) RETURNING id`,
    [r.orgId, r.profileKey, r.profileVersion, r.profileHash, r.period, r.asOf, r.trigger, r.status, r.message ?? null, r.createdBy],
  )).rows[0].id;
}

/** Writes a batch of results in one statement. */
export async function insertResults(q: Queryable, runId: number, rows: readonly TargetResult[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO target_classifications (run_id, target_id, category, excluded, mode, strata, reasons)
     SELECT $1, x."targetId", x.category, x.excluded, x.mode, ARRAY(SELECT jsonb_array_elements_text(x.strata)), x.reasons
       FROM jsonb_to_recordset($2::jsonb) AS x("targetId" int, category text, excluded text, mode text, strata jsonb, reasons jsonb)`,
    [runId, JSON.stringify(rows)],
  );
}

/** The latest finished run of the same scope before `runId` (or before any run when runId is null). */
export async function previousRunId(q: Queryable, s: { orgId: number; profileKey: string; period: string; before: number | null }): Promise<number | null> {
  const res = await q.query(
    `SELECT id FROM classification_runs WHERE org_id = $1 AND profile_key = $2 AND period = $3 AND status = 'done' AND ($4::int IS NULL OR id < $4)
      ORDER BY id DESC LIMIT 1`,
    [s.orgId, s.profileKey, s.period, s.before],
  );
  return res.rows[0]?.id ?? null;
}

const DIFF_FROM = `FROM (SELECT * FROM target_classifications WHERE run_id = $1) n
  FULL JOIN (SELECT * FROM target_classifications WHERE run_id = $2) p ON p.target_id = n.target_id`;
const DIFF_WHERE = `(n.target_id IS NULL OR p.target_id IS NULL OR n.category IS DISTINCT FROM p.category
  OR n.excluded IS DISTINCT FROM p.excluded OR n.mode IS DISTINCT FROM p.mode OR n.strata IS DISTINCT FROM p.strata)`;

/** Number of targets whose result differs between two runs (added and dropped targets included). */
export async function countChanges(q: Queryable, runId: number, previousId: number): Promise<number> {
  return Number((await q.query(`SELECT count(*) AS n ${DIFF_FROM} WHERE ${DIFF_WHERE}`, [runId, previousId])).rows[0].n);
}

/** Completes a run. */
export async function finishRun(q: Queryable, id: number, r: { status: RunStatus; targetCount: number; changedCount: number; summary: unknown; message?: string | null }): Promise<void> {
  await q.query(
    `UPDATE classification_runs SET status = $2, target_count = $3, changed_count = $4, summary = $5, message = $6, finished_at = now() WHERE id = $1`,
    [id, r.status, r.targetCount, r.changedCount, JSON.stringify(r.summary), r.message ?? null],
  );
}

/** One run by id. */
export async function getRun(q: Queryable, id: number): Promise<RunRow | undefined> {
  return (await q.query(`SELECT ${COLS} FROM classification_runs r WHERE id = $1`, [id])).rows[0];
}

/** The latest finished run of the organisation and profile for a period within `year` (the year itself, a half, quarter or month). */
export async function latestDoneRunOfYear(q: Queryable, orgId: number, profileKey: string, year: number): Promise<RunRow | undefined> {
  return (await q.query(
    `SELECT ${COLS} FROM classification_runs r WHERE org_id = $1 AND profile_key = $2 AND status = 'done' AND (period = $3 OR period LIKE $3 || '-%')
      ORDER BY id DESC LIMIT 1`,
    [orgId, profileKey, String(year)],
  )).rows[0];
}

/** Runs of a scope, newest first (at most `limit`). */
export async function listRuns(q: Queryable, s: { orgId: number; profileKey: string; period: string }, limit = 20): Promise<RunRow[]> {
  return (await q.query(
    `SELECT ${COLS} FROM classification_runs r WHERE org_id = $1 AND profile_key = $2 AND period = $3 ORDER BY id DESC LIMIT $4`,
    [s.orgId, s.profileKey, s.period, limit],
  )).rows;
}

/** Distinct scopes with a run whose organisation is `orgPath` or above it (they contain its targets). */
export async function scopesCovering(q: Queryable, orgPath: string): Promise<{ orgId: number; profileKey: string; period: string }[]> {
  return (await q.query(
    `SELECT DISTINCT r.org_id AS "orgId", r.profile_key AS "profileKey", r.period
       FROM classification_runs r JOIN organizations o ON o.id = r.org_id
      WHERE $1 LIKE o.path || '%' ORDER BY 1, 2, 3`,
    [orgPath],
  )).rows;
}

export interface ResultRow {
  targetId: number; name: string; identifier: string; category: string | null; excluded: string | null; mode: string | null;
  strata: string[]; reasons: string[]; changed: boolean;
  before: { category: string | null; excluded: string | null; mode: string | null; strata: string[] } | null;
}

/** A page of a run's results with each target's previous result, filtered; total of the filter too. */
export async function listResults(q: Queryable, runId: number, previousId: number | null, f: {
  category?: string; stratum?: string; changedOnly?: boolean; excludedOnly?: boolean; limit: number; offset: number;
}): Promise<{ rows: ResultRow[]; total: number }> {
  const params: unknown[] = [runId, previousId ?? 0];
  const where: string[] = [];
  if (f.category !== undefined) {
    params.push(f.category === '' ? null : f.category);
    where.push(`n.category IS NOT DISTINCT FROM $${params.length}`);
  }
  if (f.stratum) {
    params.push(f.stratum);
    where.push(`$${params.length} = ANY(n.strata)`);
  }
  if (f.excludedOnly) where.push('n.excluded IS NOT NULL');
  const changed = `(p.target_id IS NULL OR n.category IS DISTINCT FROM p.category OR n.excluded IS DISTINCT FROM p.excluded
    OR n.mode IS DISTINCT FROM p.mode OR n.strata IS DISTINCT FROM p.strata)`;
  if (f.changedOnly) where.push(previousId === null ? 'false' : changed);
  const from = `FROM target_classifications n JOIN targets t ON t.id = n.target_id
    LEFT JOIN target_classifications p ON p.run_id = $2 AND p.target_id = n.target_id
    WHERE n.run_id = $1 ${where.length ? `AND ${where.join(' AND ')}` : ''}`;
  const total = Number((await q.query(`SELECT count(*) AS n ${from}`, params)).rows[0].n);
  params.push(f.limit, f.offset);
  const rows = (await q.query(
    `SELECT n.target_id AS "targetId", t.name, t.identifier, n.category, n.excluded, n.mode, n.strata, n.reasons,
            ${previousId === null ? 'false' : changed} AS changed,
            CASE WHEN p.target_id IS NULL THEN NULL ELSE jsonb_build_object('category', p.category, 'excluded', p.excluded, 'mode', p.mode, 'strata', to_jsonb(p.strata)) END AS before
       ${from} ORDER BY t.name_key, n.target_id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  )).rows;
  return { rows, total };
}

/** Targets of the previous run that are missing from this one (deleted or moved out of the organisation). */
export async function listDropped(q: Queryable, runId: number, previousId: number, limit = 200): Promise<{ targetId: number; name: string; category: string | null }[]> {
  return (await q.query(
    `SELECT p.target_id AS "targetId", t.name, p.category FROM target_classifications p JOIN targets t ON t.id = p.target_id
      WHERE p.run_id = $2 AND NOT EXISTS (SELECT 1 FROM target_classifications n WHERE n.run_id = $1 AND n.target_id = p.target_id)
      ORDER BY t.name_key LIMIT $3`,
    [runId, previousId, limit],
  )).rows;
}
