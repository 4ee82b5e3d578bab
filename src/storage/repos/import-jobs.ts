/**
 * SQL for the import_jobs log.
 */
import type { Queryable } from './directory.ts';

export interface ImportJobRow {
  id: number; orgId: number; orgPath: string; entity: string; fileName: string; dryRun: boolean; status: string;
  totalRows: number; inserted: number; updated: number; issues: unknown[]; issueCount: number; message: string | null;
}
const SELECT = `SELECT j.id, j.org_id AS "orgId", o.path AS "orgPath", j.entity, j.file_name AS "fileName", j.dry_run AS "dryRun", j.status,
  j.total_rows AS "totalRows", j.inserted, j.updated, j.issues, j.issue_count AS "issueCount", j.message
  FROM import_jobs j JOIN organizations o ON o.id = j.org_id`;

/** Records a started job; returns its id. */
export async function insertImportJob(q: Queryable, j: { orgId: number; entity: string; fileName: string; dryRun: boolean; userId: number | null }): Promise<number> {
  return (await q.query(
    `INSERT INTO import_jobs (org_id, entity, file_name, dry_run, status, created_by) VALUES ($1, $2, $3, $4, 'running', $5) RETURNING id`,
    [j.orgId, j.entity, j.fileName, j.dryRun, j.userId],
  )).rows[0].id;
}

/** Stores a job's outcome. */
export async function finishImportJob(q: Queryable, id: number, r: { status: string; totalRows: number; inserted: number; updated: number; issues: unknown[]; issueCount: number; message: string }): Promise<void> {
  await q.query(
    `UPDATE import_jobs SET status = $2, total_rows = $3, inserted = $4, updated = $5, issues = $6::jsonb, issue_count = $7, message = $8, finished_at = now() WHERE id = $1`,
    [id, r.status, r.totalRows, r.inserted, r.updated, JSON.stringify(r.issues), r.issueCount, r.message],
  );
}

/** One job with its organisation's path. */
export async function getImportJob(q: Queryable, id: number): Promise<ImportJobRow | undefined> {
  return (await q.query(`${SELECT} WHERE j.id = $1`, [id])).rows[0];
}

/** Marks jobs still 'running' (their server stopped) as interrupted; returns how many. */
export async function interruptRunningImports(q: Queryable, message: string): Promise<number> {
  return (await q.query(`UPDATE import_jobs SET status = 'interrupted', message = $1, finished_at = now() WHERE status = 'running'`, [message])).rowCount ?? 0;
}
