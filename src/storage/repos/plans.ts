/**
 * 年度抽查计划 revisions (annual_plans). A revision is inserted as a draft; deciding it (approve or
 * reject) sets the decision columns once — the trigger shuangsui_plan_guard refuses any later change
 * except approved → superseded and setting the publication mark once.
 */
import type { PlanLine } from '../schema.ts';
import type { Queryable } from './directory.ts';

export type PlanStatus = 'draft' | 'approved' | 'rejected' | 'superseded';

export interface PlanRow {
  id: number;
  orgId: number;
  profileKey: string;
  profileVersion: number;
  profileHash: string;
  year: number;
  level: 'city' | 'county';
  revision: number;
  status: PlanStatus;
  /** Pool sizes, inspector and squad counts the lines were computed from. */
  inputs: unknown;
  lines: PlanLine[];
  note: string | null;
  createdBy: number | null;
  createdAt: Date;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  publishedAt: Date | null;
  orgName: string;
  createdByName: string | null;
  decidedByName: string | null;
}

const COLS = `id, org_id AS "orgId", profile_key AS "profileKey", profile_version AS "profileVersion",
  profile_hash AS "profileHash", year, level, revision, status, inputs, lines, note, created_by AS "createdBy",
  created_at AS "createdAt", decided_by AS "decidedBy", decided_at AS "decidedAt", decision_note AS "decisionNote",
  published_at AS "publishedAt",
  (SELECT o.name FROM organizations o WHERE o.id = annual_plans.org_id) AS "orgName",
  (SELECT u.display_name FROM users u WHERE u.id = annual_plans.created_by) AS "createdByName",
  (SELECT u.display_name FROM users u WHERE u.id = annual_plans.decided_by) AS "decidedByName"`;

/**
 * The approved (in force) revision of the organisation's plan for a profile and year, or undefined.
 * At most one revision is approved at a time: approving a newer one supersedes it.
 */
export async function getApprovedPlan(q: Queryable, orgId: number, profileKey: string, year: number): Promise<PlanRow | undefined> {
  return (await q.query(
    `SELECT ${COLS} FROM annual_plans WHERE org_id = $1 AND profile_key = $2 AND year = $3 AND status = 'approved'
      ORDER BY revision DESC LIMIT 1`,
    [orgId, profileKey, year],
  )).rows[0];
}

/** One revision by id, or undefined. `forUpdate` locks the row for the rest of the transaction. */
export async function getPlan(q: Queryable, id: number, forUpdate = false): Promise<PlanRow | undefined> {
  return (await q.query(`SELECT ${COLS} FROM annual_plans WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id])).rows[0];
}

/** Every revision of the organisation's plan for a profile and year, newest first. */
export async function listPlanRevisions(q: Queryable, orgId: number, profileKey: string, year: number): Promise<PlanRow[]> {
  return (await q.query(
    `SELECT ${COLS} FROM annual_plans WHERE org_id = $1 AND profile_key = $2 AND year = $3 ORDER BY revision DESC`,
    [orgId, profileKey, year],
  )).rows;
}

/** Inserts the next revision (number = last + 1) as a draft. */
export async function insertPlanRevision(q: Queryable, p: {
  orgId: number; profileKey: string; profileVersion: number; profileHash: string; year: number; level: string;
  inputs: unknown; lines: PlanLine[]; note: string | null; createdBy: number | null;
}): Promise<PlanRow> {
  return (await q.query(
    `INSERT INTO annual_plans (org_id, profile_key, profile_version, profile_hash, year, level, revision, status, inputs, lines, note, created_by)
     SELECT $1, $2, $3, $4, $5, $6, coalesce(max(revision), 0) + 1, 'draft', $7, $8, $9, $10
       FROM annual_plans WHERE org_id = $1 AND profile_key = $2 AND year = $5
     RETURNING ${COLS}`,
    [p.orgId, p.profileKey, p.profileVersion, p.profileHash, p.year, p.level, JSON.stringify(p.inputs), JSON.stringify(p.lines), p.note, p.createdBy],
  )).rows[0];
}

/** Records a leader's decision on a draft. */
export async function decidePlan(q: Queryable, id: number, d: { status: 'approved' | 'rejected'; decidedBy: number | null; decidedAt: Date; note: string | null }): Promise<PlanRow> {
  return (await q.query(
    `UPDATE annual_plans SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5 WHERE id = $1 RETURNING ${COLS}`,
    [id, d.status, d.decidedBy, d.decidedAt, d.note],
  )).rows[0];
}

/** Marks the open drafts of the same plan, other than `id`, as superseded by a newer revision. */
export async function supersedeDrafts(q: Queryable, plan: { id: number; orgId: number; profileKey: string; year: number }): Promise<number> {
  return (await q.query(
    `UPDATE annual_plans SET status = 'superseded' WHERE org_id = $1 AND profile_key = $2 AND year = $3 AND status = 'draft' AND id <> $4`,
    [plan.orgId, plan.profileKey, plan.year, plan.id],
  )).rowCount ?? 0;
}

/** Marks every other approved revision of the same plan as superseded. */
export async function supersedeApproved(q: Queryable, plan: { id: number; orgId: number; profileKey: string; year: number }): Promise<number> {
  return (await q.query(
    `UPDATE annual_plans SET status = 'superseded' WHERE org_id = $1 AND profile_key = $2 AND year = $3 AND status = 'approved' AND id <> $4`,
    [plan.orgId, plan.profileKey, plan.year, plan.id],
  )).rowCount ?? 0;
}

/** Sets the publication mark of an approved revision. */
export async function markPlanPublished(q: Queryable, id: number, at: Date): Promise<PlanRow> {
  return (await q.query(`UPDATE annual_plans SET published_at = $2 WHERE id = $1 RETURNING ${COLS}`, [id, at])).rows[0];
}
