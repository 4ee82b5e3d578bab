/**
 * SQL of inspection records (#5): records with their checklist lines, amendments, the task a record
 * belongs to, and the per-target / per-inspector counters by year. A submitted record is frozen by
 * the database (migration 0005), so nothing here can change it.
 */
import type { Queryable } from './directory.ts';
import type { AmendmentChanges, ChecklistLine } from '../../domain/inspections.ts';

export interface RecordRow {
  id: number;
  orgId: number;
  taskId: number | null;
  targetId: number;
  targetName: string;
  targetIdentifier: string;
  kind: string;
  countsToQuota: boolean;
  mode: string;
  inspectedOn: string;
  team: number[];
  /** 跨部门联合检查: the other administrative bodies taking part (a targeted check's; empty otherwise). */
  jointPartners: string[];
  resultCategory: string | null;
  summary: string | null;
  enterpriseRepresentative: string | null;
  status: 'draft' | 'submitted';
  clientKey: string;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
  submittedBy: number | null;
  submittedAt: Date | null;
  orgPath: string;
  /** A targeted check's request (凡检查必审批, migration 0016; 'withdrawn' 0021): null for a task's record. */
  approvalStatus: 'pending' | 'approved' | 'rejected' | 'withdrawn' | null;
  lines: ChecklistLine[];
}

const RECORD_SELECT = `
  SELECT r.id, r.org_id AS "orgId", r.task_id AS "taskId", r.target_id AS "targetId", t.name AS "targetName",
    t.identifier AS "targetIdentifier", r.kind, r.counts_to_quota AS "countsToQuota", r.mode,
    r.inspected_on::text AS "inspectedOn", r.team, r.joint_partners AS "jointPartners", r.result_category AS "resultCategory", r.summary,
    r.enterprise_representative AS "enterpriseRepresentative", r.status, r.client_key AS "clientKey",
    r.created_by AS "createdBy", r.created_at AS "createdAt", r.updated_at AS "updatedAt",
    r.submitted_by AS "submittedBy", r.submitted_at AS "submittedAt", o.path AS "orgPath",
    (SELECT a.status FROM inspection_approvals a WHERE a.record_id = r.id) AS "approvalStatus"
  FROM inspection_records r JOIN targets t ON t.id = r.target_id JOIN organizations o ON o.id = r.org_id`;

async function withLines(q: Queryable, rows: Omit<RecordRow, 'lines'>[]): Promise<RecordRow[]> {
  if (rows.length === 0) return [];
  const lines = (await q.query(
    `SELECT record_id AS "recordId", position, item, content, verdict, finding FROM inspection_lines
     WHERE record_id = ANY($1::int[]) ORDER BY record_id, position`, [rows.map((r) => r.id)],
  )).rows as (ChecklistLine & { recordId: number })[];
  const byRecord = new Map<number, ChecklistLine[]>();
  for (const { recordId, ...l } of lines) (byRecord.get(recordId) ?? byRecord.set(recordId, []).get(recordId)!).push(l);
  return rows.map((r) => ({ ...r, lines: byRecord.get(r.id) ?? [] }));
}

/** One record with its lines, by id or by the client's idempotency key. */
export async function getInspection(q: Queryable, by: { id?: number; clientKey?: string; taskId?: number }, forUpdate = false): Promise<RecordRow | undefined> {
  const [col, value] = by.id !== undefined ? ['r.id', by.id] : by.clientKey !== undefined ? ['r.client_key', by.clientKey] : ['r.task_id', by.taskId];
  const rows = (await q.query(`${RECORD_SELECT} WHERE ${col} = $1${forUpdate ? ' FOR UPDATE OF r' : ''}`, [value])).rows;
  return (await withLines(q, rows))[0];
}

export interface ListInspectionsFilter {
  inspectorId?: number;
  status?: string;
  /** Inspection day within [from, to). */
  from?: string;
  to?: string;
  resultCategory?: string;
  kind?: string;
  /** Only records with (true) or without (false) follow-up still open. */
  openFollowup?: boolean;
  limit?: number;
}

/** `withdrawalReason`: why a targeted check's request was withdrawn (撤回), else null. */
export type RecordListRow = RecordRow & { openFollowups: number; pendingAmendments: number; withdrawalReason: string | null };

/** Records of the organisations `orgIds` (newest first) with their open follow-ups and pending amendments, filtered. */
export async function listInspections(q: Queryable, orgIds: number[], opts: ListInspectionsFilter = {}): Promise<RecordListRow[]> {
  const params: unknown[] = [orgIds];
  let where = 'r.org_id = ANY($1::int[])';
  const add = (v: unknown, cond: (p: string) => string) => { params.push(v); where += ` AND ${cond(`$${params.length}`)}`; };
  if (opts.inspectorId !== undefined) add(opts.inspectorId, (p) => `${p} = ANY(r.team)`);
  if (opts.status) add(opts.status, (p) => `r.status = ${p}`);
  if (opts.from) add(opts.from, (p) => `r.inspected_on >= ${p}::date`);
  if (opts.to) add(opts.to, (p) => `r.inspected_on < ${p}::date`);
  if (opts.resultCategory) add(opts.resultCategory, (p) => `r.result_category = ${p}`);
  if (opts.kind) add(opts.kind, (p) => `r.kind = ${p}`);
  const open = `(SELECT count(*)::int FROM inspection_followups f WHERE f.record_id = r.id AND f.status <> 'closed')`;
  if (opts.openFollowup !== undefined) where += opts.openFollowup ? ` AND ${open} > 0` : ` AND ${open} = 0`;
  params.push(opts.limit ?? 200);
  const select = RECORD_SELECT.replace('FROM inspection_records r', `, ${open} AS "openFollowups",
    (SELECT count(*)::int FROM inspection_amendments a WHERE a.record_id = r.id AND a.status = 'pending') AS "pendingAmendments",
    (SELECT a.withdrawal_reason FROM inspection_approvals a WHERE a.record_id = r.id) AS "withdrawalReason"
  FROM inspection_records r`);
  const rows = (await q.query(`${select} WHERE ${where} ORDER BY r.inspected_on DESC, r.id DESC LIMIT $${params.length}`, params)).rows;
  return withLines(q, rows) as Promise<RecordListRow[]>;
}

export type RecordFields = Pick<RecordRow, 'mode' | 'inspectedOn' | 'team' | 'resultCategory' | 'summary' | 'enterpriseRepresentative'>;

/** Inserts a draft with its lines; returns its id. */
export async function insertInspection(q: Queryable, r: RecordFields & { orgId: number; taskId: number | null; targetId: number; kind: string; clientKey: string; createdBy: number | null; at: Date; jointPartners?: string[] }, lines: ChecklistLine[]): Promise<number> {
  const id = (await q.query(
    `INSERT INTO inspection_records (org_id, task_id, target_id, kind, counts_to_quota, mode, inspected_on, team, result_category, summary,
       enterprise_representative, status, client_key, created_by, created_at, updated_at, joint_partners)
     VALUES ($1, $2, $3, $4, $4 = '双随机抽查', $5, $6, $7, $8, $9, $10, 'draft', $11, $12, $13, $13, $14) RETURNING id`,
    [r.orgId, r.taskId, r.targetId, r.kind, r.mode, r.inspectedOn, r.team, r.resultCategory, r.summary, r.enterpriseRepresentative, r.clientKey, r.createdBy, r.at, r.jointPartners ?? []],
  )).rows[0].id;
  await writeLines(q, id, lines);
  return id;
}

async function writeLines(q: Queryable, recordId: number, lines: ChecklistLine[]): Promise<void> {
  if (lines.length === 0) return;
  await q.query(
    `INSERT INTO inspection_lines (record_id, position, item, content, verdict, finding)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])`,
    [recordId, lines.map((l) => l.position), lines.map((l) => l.item), lines.map((l) => l.content), lines.map((l) => l.verdict), lines.map((l) => l.finding)],
  );
}

/** Rewrites a draft's fields and lines (the trigger refuses this once the record is submitted). */
export async function updateDraft(q: Queryable, id: number, r: RecordFields, lines: ChecklistLine[], at: Date): Promise<void> {
  await q.query(
    `UPDATE inspection_records SET mode = $2, inspected_on = $3, team = $4, result_category = $5, summary = $6,
       enterprise_representative = $7, updated_at = $8 WHERE id = $1`,
    [id, r.mode, r.inspectedOn, r.team, r.resultCategory, r.summary, r.enterpriseRepresentative, at],
  );
  await q.query(`DELETE FROM inspection_lines WHERE record_id = $1`, [id]);
  await writeLines(q, id, lines);
}

/** Marks a draft submitted (final from then on). */
export async function markSubmitted(q: Queryable, id: number, by: number | null, at: Date): Promise<void> {
  await q.query(`UPDATE inspection_records SET status = 'submitted', submitted_by = $2, submitted_at = $3, updated_at = $3 WHERE id = $1`, [id, by, at]);
}

/** Moves a drawn task's status on (draw_tasks allows only its status, team and deadline to change). */
export async function setTaskStatus(q: Queryable, taskId: number, status: string, at: Date): Promise<void> {
  await q.query(`UPDATE draw_tasks SET status = $2, updated_at = $3 WHERE id = $1`, [taskId, status, at]);
}

export interface TaskContext {
  id: number;
  drawId: number;
  drawNo: string;
  drawStatus: string;
  drawOrgId: number;
  profileKey: string;
  profileVersion: number;
  period: string;
  targetId: number;
  targetName: string;
  targetKind: string;
  items: string[];
  team: number[];
  dispatchedOrgId: number;
  dispatchedOrgPath: string;
  deadline: string | null;
  status: string;
}

const TASK_SELECT = `
  SELECT k.id, k.draw_id AS "drawId", d.draw_no AS "drawNo", d.status AS "drawStatus", d.org_id AS "drawOrgId",
    d.profile_key AS "profileKey", d.profile_version AS "profileVersion", d.period, k.target_id AS "targetId",
    t.name AS "targetName", t.kind AS "targetKind", k.items, k.team, k.dispatched_org_id AS "dispatchedOrgId",
    o.path AS "dispatchedOrgPath", k.deadline::text AS deadline, k.status
  FROM draw_tasks k JOIN draws d ON d.id = k.draw_id JOIN targets t ON t.id = k.target_id
  JOIN organizations o ON o.id = k.dispatched_org_id`;

/** A drawn task with what a record of it needs (its draw, profile, target and team). */
export async function getTaskContext(q: Queryable, taskId: number): Promise<TaskContext | undefined> {
  return (await q.query(`${TASK_SELECT} WHERE k.id = $1`, [taskId])).rows[0];
}

/** The tasks of drawn (or revealed) draws whose current team includes the inspector, by deadline. */
export async function listInspectorTasks(q: Queryable, inspectorId: number): Promise<(TaskContext & { recordId: number | null; recordStatus: string | null; openFollowups: number })[]> {
  return (await q.query(
    `${TASK_SELECT.replace('FROM draw_tasks k', `, r.id AS "recordId", r.status AS "recordStatus",
       (SELECT count(*)::int FROM inspection_followups f WHERE f.record_id = r.id AND f.status <> 'closed') AS "openFollowups"
     FROM draw_tasks k LEFT JOIN inspection_records r ON r.task_id = k.id`)}
     WHERE $1 = ANY(k.team) AND d.status IN ('drawn', 'revealed')
     ORDER BY k.deadline NULLS LAST, k.id`, [inspectorId],
  )).rows;
}

/** The active items of the organisations `orgIds` for a target kind, with their 检查内容. */
export async function directoryItems(q: Queryable, orgIds: number[], targetKind: string): Promise<{ code: string; name: string; checklist: string[] }[]> {
  return (await q.query(
    `SELECT code, name, checklist FROM items WHERE org_id = ANY($1::int[]) AND target_kind = $2 AND active AND cardinality(checklist) > 0 ORDER BY code`,
    [orgIds, targetKind],
  )).rows;
}

export interface AmendmentRow {
  id: number;
  recordId: number;
  seq: number;
  reason: string;
  changes: AmendmentChanges;
  requestedBy: number | null;
  requestedByName: string | null;
  requestedAt: Date;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: number | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}

/** The amendments of a record in order. */
export async function listAmendments(q: Queryable, recordId: number): Promise<AmendmentRow[]> {
  return (await q.query(
    `SELECT a.id, a.record_id AS "recordId", a.seq, a.reason, a.changes, a.requested_by AS "requestedBy", u1.display_name AS "requestedByName",
       a.requested_at AS "requestedAt", a.status, a.decided_by AS "decidedBy", u2.display_name AS "decidedByName", a.decided_at AS "decidedAt",
       a.decision_note AS "decisionNote"
     FROM inspection_amendments a LEFT JOIN users u1 ON u1.id = a.requested_by LEFT JOIN users u2 ON u2.id = a.decided_by
     WHERE a.record_id = $1 ORDER BY a.seq`, [recordId],
  )).rows;
}

/** Appends an amendment (seq = the next one of the record); returns its id. */
export async function insertAmendment(q: Queryable, a: { recordId: number; reason: string; changes: AmendmentChanges; by: number | null; at: Date }): Promise<number> {
  return (await q.query(
    `INSERT INTO inspection_amendments (record_id, seq, reason, changes, requested_by, requested_at)
     VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM inspection_amendments WHERE record_id = $1), $2, $3, $4, $5) RETURNING id`,
    [a.recordId, a.reason, JSON.stringify(a.changes), a.by, a.at],
  )).rows[0].id;
}

/** One amendment, locked for its decision. */
export async function getAmendmentForUpdate(q: Queryable, id: number): Promise<{ id: number; recordId: number; status: string } | undefined> {
  return (await q.query(`SELECT id, record_id AS "recordId", status FROM inspection_amendments WHERE id = $1 FOR UPDATE`, [id])).rows[0];
}

/** Records the single decision on a pending amendment. */
export async function decideAmendment(q: Queryable, id: number, d: { approve: boolean; by: number | null; at: Date; note: string | null }): Promise<void> {
  await q.query(`UPDATE inspection_amendments SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5 WHERE id = $1`,
    [id, d.approve ? 'approved' : 'rejected', d.by, d.at, d.note]);
}

export interface InspectionCounts {
  targets: { targetId: number; name: string; inspections: number; quotaInspections: number }[];
  inspectors: { inspectorId: number; name: string; inspections: number }[];
}

/**
 * Submitted inspections in `year` (by inspection day) of the organisations `orgIds`: per target (all,
 * and those counting towards quotas) and per inspector of the team.
 */
export async function inspectionCounts(q: Queryable, orgIds: number[], year: number): Promise<InspectionCounts> {
  const range = [`${year}-01-01`, `${year + 1}-01-01`];
  const targets = (await q.query(
    `SELECT r.target_id AS "targetId", t.name, count(*)::int AS inspections, count(*) FILTER (WHERE r.counts_to_quota)::int AS "quotaInspections"
     FROM inspection_records r JOIN targets t ON t.id = r.target_id
     WHERE r.org_id = ANY($1::int[]) AND r.status = 'submitted' AND r.inspected_on >= $2 AND r.inspected_on < $3
     GROUP BY r.target_id, t.name ORDER BY r.target_id`, [orgIds, ...range],
  )).rows;
  const inspectors = (await q.query(
    `SELECT m.inspector_id AS "inspectorId", i.name, count(*)::int AS inspections
     FROM inspection_records r CROSS JOIN LATERAL unnest(r.team) AS m(inspector_id) JOIN inspectors i ON i.id = m.inspector_id
     WHERE r.org_id = ANY($1::int[]) AND r.status = 'submitted' AND r.inspected_on >= $2 AND r.inspected_on < $3
     GROUP BY m.inspector_id, i.name ORDER BY m.inspector_id`, [orgIds, ...range],
  )).rows;
  return { targets, inspectors };
}

export interface ApprovedCheckRow {
  recordId: number; kind: string; targetId: number; targetName: string; items: string[]; basisRef: string | null;
  plannedFrom: string; plannedTo: string; clientKey: string; recordStatus: 'draft' | 'submitted'; openFollowups: number;
}

/** The approved targeted checks (凡检查必审批, migration 0016) inspector `inspectorId` is on, newest window first. */
export async function listInspectorApprovedChecks(q: Queryable, inspectorId: number): Promise<ApprovedCheckRow[]> {
  return (await q.query(
    `SELECT r.id AS "recordId", r.kind, r.target_id AS "targetId", t.name AS "targetName",
            ARRAY(SELECT l.content FROM inspection_lines l WHERE l.record_id = r.id ORDER BY l.position) AS items, a.basis_ref AS "basisRef",
            a.planned_from::text AS "plannedFrom", a.planned_to::text AS "plannedTo", r.client_key AS "clientKey", r.status AS "recordStatus",
            (SELECT count(*)::int FROM inspection_followups f WHERE f.record_id = r.id AND f.status <> 'closed') AS "openFollowups"
       FROM inspection_records r JOIN inspection_approvals a ON a.record_id = r.id JOIN targets t ON t.id = r.target_id
      WHERE $1 = ANY(r.team) AND r.task_id IS NULL AND a.status = 'approved'
      ORDER BY a.planned_to DESC, r.id DESC LIMIT 500`, [inspectorId],
  )).rows;
}

export interface ApprovalRow {
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn'; basis: string; basisRef: string | null; plannedFrom: string; plannedTo: string; team: number[];
  requestedBy: string | null; requestedAt: Date; decidedBy: string | null; decidedAt: Date | null; opinion: string | null;
  /** 撤回 (migration 0021): who withdrew the pending request, when, why. */
  withdrawnBy: string | null; withdrawnAt: Date | null; withdrawalReason: string | null;
}

/** A targeted record's approval request with the names of its requester and decider (undefined: none). */
export async function getApproval(q: Queryable, recordId: number): Promise<ApprovalRow | undefined> {
  return (await q.query(
    `SELECT a.status, a.basis, a.basis_ref AS "basisRef", a.planned_from::text AS "plannedFrom", a.planned_to::text AS "plannedTo", a.team,
            ru.display_name AS "requestedBy", a.requested_at AS "requestedAt", du.display_name AS "decidedBy", a.decided_at AS "decidedAt", a.opinion,
            wu.display_name AS "withdrawnBy", a.withdrawn_at AS "withdrawnAt", a.withdrawal_reason AS "withdrawalReason"
       FROM inspection_approvals a LEFT JOIN users ru ON ru.id = a.requested_by LEFT JOIN users du ON du.id = a.decided_by
       LEFT JOIN users wu ON wu.id = a.withdrawn_by WHERE a.record_id = $1`, [recordId],
  )).rows[0];
}

/** A targeted check's request with its record's target, kind and team, for a decision or a withdrawal. */
export interface RequestForChangeRow {
  status: ApprovalRow['status']; requestedBy: number | null; orgId: number; orgPath: string; plannedFrom: string; plannedTo: string;
  targetId: number; targetName: string; kind: string; team: number[];
}

/** The request of targeted record `recordId`, its row locked (FOR UPDATE) until the caller's transaction ends (undefined: none). */
export async function lockRequest(q: Queryable, recordId: number): Promise<RequestForChangeRow | undefined> {
  return (await q.query(
    `SELECT a.status, a.requested_by AS "requestedBy", a.org_id AS "orgId", o.path AS "orgPath", a.planned_from::text AS "plannedFrom", a.planned_to::text AS "plannedTo",
            r.target_id AS "targetId", t.name AS "targetName", r.kind, r.team
       FROM inspection_approvals a JOIN inspection_records r ON r.id = a.record_id JOIN targets t ON t.id = r.target_id
       JOIN organizations o ON o.id = a.org_id WHERE a.record_id = $1 FOR UPDATE OF a`, [recordId],
  )).rows[0];
}
