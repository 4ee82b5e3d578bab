/**
 * publications (一公开, migration 0008). Admin queries read every column; the portal queries
 * (`searchPublished`, `publishedOf`, `recentPublished`) read ONLY the pub_* columns and the fields that
 * are always public, and only rows with status = 'published' — nothing else may reach the portal.
 */
import type { Queryable } from './directory.ts';

/** A submitted record that has no publication yet, with what its publication copies. */
export interface UnqueuedRecord {
  recordId: number;
  orgId: number;
  orgName: string;
  taskId: number | null;
  drawId: number | null;
  drawNo: string | null;
  drawKind: string | null;
  drawPeriod: string | null;
  position: number | null;
  planId: number | null;
  planYear: number | null;
  planRevision: number | null;
  planOrgName: string | null;
  profileKey: string | null;
  recordKind: string;
  targetId: number;
  targetName: string;
  identifier: string;
  inspectedOn: string;
  submittedAt: Date;
  resultCategory: string | null;
  amendedCategory: string | null;
  items: string[];
  followupKinds: string[];
  orgProfileKey: string | null;
  /** 跨部门联合检查: the record's own partner bodies, or its draw's for a task's record. */
  jointPartners: string[];
}

export async function unqueuedRecords(q: Queryable, orgIds: number[], limit = 2000): Promise<UnqueuedRecord[]> {
  const res = await q.query(`
    SELECT r.id AS "recordId", r.org_id AS "orgId", o.name AS "orgName", r.task_id AS "taskId", d.id AS "drawId",
           d.draw_no AS "drawNo", d.kind AS "drawKind", d.period AS "drawPeriod", t.position, d.plan_id AS "planId",
           p.year AS "planYear", p.revision AS "planRevision", po.name AS "planOrgName", d.profile_key AS "profileKey",
           r.kind AS "recordKind", r.target_id AS "targetId", tg.name AS "targetName", tg.identifier,
           r.inspected_on::text AS "inspectedOn", r.submitted_at AS "submittedAt", r.result_category AS "resultCategory",
           (SELECT a.changes->>'resultCategory' FROM inspection_amendments a
             WHERE a.record_id = r.id AND a.status = 'approved' AND a.changes ? 'resultCategory' ORDER BY a.seq DESC LIMIT 1) AS "amendedCategory",
           COALESCE((SELECT array_agg(DISTINCT l.item) FROM inspection_lines l WHERE l.record_id = r.id), '{}') AS items,
           COALESCE((SELECT array_agg(f.kind) FROM inspection_followups f WHERE f.record_id = r.id), '{}') AS "followupKinds",
           (SELECT ap.profile_key FROM annual_plans ap WHERE ap.org_id = r.org_id AND ap.status = 'approved'
             ORDER BY ap.year DESC, ap.revision DESC LIMIT 1) AS "orgProfileKey",
           CASE WHEN cardinality(r.joint_partners) > 0 THEN r.joint_partners ELSE COALESCE(d.joint_partners, '{}'::text[]) END AS "jointPartners"
      FROM inspection_records r
      JOIN organizations o ON o.id = r.org_id
      JOIN targets tg ON tg.id = r.target_id
      LEFT JOIN draw_tasks t ON t.id = r.task_id
      LEFT JOIN draws d ON d.id = t.draw_id
      LEFT JOIN annual_plans p ON p.id = d.plan_id
      LEFT JOIN organizations po ON po.id = p.org_id
     WHERE r.status = 'submitted' AND r.org_id = ANY($1::int[])
       AND NOT EXISTS (SELECT 1 FROM publications x WHERE x.record_id = r.id)
     ORDER BY r.id LIMIT $2`, [orgIds, limit]);
  return res.rows as UnqueuedRecord[];
}

/** For 南山's ledger: per draw, the day its last task was submitted, when every task of it is; else null. */
export async function drawsDoneOn(q: Queryable, drawIds: number[]): Promise<Map<number, Date | null>> {
  if (!drawIds.length) return new Map();
  const res = await q.query(`
    SELECT t.draw_id AS "drawId", bool_and(r.status = 'submitted') AS done, max(r.submitted_at) AS last
      FROM draw_tasks t LEFT JOIN inspection_records r ON r.task_id = t.id
     WHERE t.draw_id = ANY($1::int[]) GROUP BY t.draw_id`, [drawIds]);
  return new Map(res.rows.map((r) => [r.drawId as number, r.done ? (r.last as Date) : null]));
}

export interface NewPublication {
  orgId: number; recordId: number; taskId: number | null; drawId: number | null; targetId: number;
  profileKey: string | null; period: string; planNo: string | null; planName: string | null; taskNo: string; taskName: string;
  checkType: string; authority: string; enterpriseName: string; creditCode: string; inspectedOn: string; completedOn: string;
  content: string; standardPhrase: string; dueOn: string | null; dueRule: string | null;
}

const NEW_COLUMNS: [keyof NewPublication, string][] = [
  ['orgId', 'org_id'], ['recordId', 'record_id'], ['taskId', 'task_id'], ['drawId', 'draw_id'], ['targetId', 'target_id'],
  ['profileKey', 'profile_key'], ['period', 'period'], ['planNo', 'plan_no'], ['planName', 'plan_name'], ['taskNo', 'task_no'],
  ['taskName', 'task_name'], ['checkType', 'check_type'], ['authority', 'authority'], ['enterpriseName', 'enterprise_name'],
  ['creditCode', 'credit_code'], ['inspectedOn', 'inspected_on'], ['completedOn', 'completed_on'], ['content', 'content'],
  ['standardPhrase', 'standard_phrase'], ['dueOn', 'due_on'], ['dueRule', 'due_rule'],
];

/** Inserts publications (one statement, JSON recordset); a record that already has one is skipped. */
export async function insertPublications(q: Queryable, rows: NewPublication[]): Promise<number> {
  if (!rows.length) return 0;
  const cols = NEW_COLUMNS.map(([, c]) => c).join(', ');
  const typed = NEW_COLUMNS.map(([k, c]) => `"${k}" ${['orgId', 'recordId', 'taskId', 'drawId', 'targetId'].includes(k) ? 'int' : ['inspectedOn', 'completedOn', 'dueOn'].includes(k) ? 'date' : 'text'}`).join(', ');
  const res = await q.query(`INSERT INTO publications (${cols})
    SELECT ${NEW_COLUMNS.map(([k]) => `"${k}"`).join(', ')} FROM json_to_recordset($1::json) AS x(${typed})
    ON CONFLICT (record_id) DO NOTHING`, [JSON.stringify(rows)]);
  return res.rowCount ?? 0;
}

export interface PublicationRow extends NewPublication {
  id: number;
  wording: string | null;
  wordingStatus: 'none' | 'pending' | 'approved' | 'rejected';
  proposedWording: string | null;
  proposedReason: string | null;
  proposedById: number | null;
  proposedByName: string | null;
  proposedAt: Date | null;
  wordingDecidedByName: string | null;
  wordingNote: string | null;
  remark: string | null;
  redactionBasis: string | null;
  redactionReason: string | null;
  redactedFields: string[];
  redactedAt: Date | null;
  status: 'pending' | 'published';
  publishedAt: Date | null;
  publishedByName: string | null;
  pubEnterpriseName: string | null;
  pubCreditCode: string | null;
  pubContent: string | null;
  pubResult: string | null;
  pubRemark: string | null;
  orgName: string;
}

const ROW = `p.id, p.org_id AS "orgId", o.name AS "orgName", p.record_id AS "recordId", p.task_id AS "taskId", p.draw_id AS "drawId",
  p.target_id AS "targetId", p.profile_key AS "profileKey", p.period, p.plan_no AS "planNo", p.plan_name AS "planName",
  p.task_no AS "taskNo", p.task_name AS "taskName", p.check_type AS "checkType", p.authority, p.enterprise_name AS "enterpriseName",
  p.credit_code AS "creditCode", p.inspected_on::text AS "inspectedOn", p.completed_on::text AS "completedOn", p.content,
  p.standard_phrase AS "standardPhrase", p.due_on::text AS "dueOn", p.due_rule AS "dueRule", p.wording, p.wording_status AS "wordingStatus",
  p.proposed_wording AS "proposedWording", p.proposed_reason AS "proposedReason", p.proposed_by AS "proposedById", pu.display_name AS "proposedByName", p.proposed_at AS "proposedAt",
  du.display_name AS "wordingDecidedByName", p.wording_note AS "wordingNote", p.remark, p.redaction_basis AS "redactionBasis",
  p.redaction_reason AS "redactionReason", p.redacted_fields AS "redactedFields", p.redacted_at AS "redactedAt", p.status,
  p.published_at AS "publishedAt", bu.display_name AS "publishedByName", p.pub_enterprise_name AS "pubEnterpriseName",
  p.pub_credit_code AS "pubCreditCode", p.pub_content AS "pubContent", p.pub_result AS "pubResult", p.pub_remark AS "pubRemark"`;
const FROM = `FROM publications p JOIN organizations o ON o.id = p.org_id
  LEFT JOIN users pu ON pu.id = p.proposed_by LEFT JOIN users du ON du.id = p.wording_decided_by LEFT JOIN users bu ON bu.id = p.published_by`;

export async function getPublication(q: Queryable, id: number, forUpdate = false): Promise<PublicationRow | undefined> {
  const res = await q.query(`SELECT ${ROW} ${FROM} WHERE p.id = $1${forUpdate ? ' FOR UPDATE OF p' : ''}`, [id]);
  return res.rows[0] as PublicationRow | undefined;
}

export interface QueueFilter { orgIds: number[]; status?: 'pending' | 'published'; period?: string; overdueOn?: string; limit: number; offset: number }

export async function listPublications(q: Queryable, f: QueueFilter): Promise<{ rows: PublicationRow[]; total: number }> {
  const where = ['p.org_id = ANY($1::int[])'];
  const args: unknown[] = [f.orgIds];
  if (f.status) { args.push(f.status); where.push(`p.status = $${args.length}`); }
  if (f.period) { args.push(f.period); where.push(`p.period = $${args.length}`); }
  if (f.overdueOn) { args.push(f.overdueOn); where.push(`p.status = 'pending' AND p.due_on < $${args.length}::date`); }
  const w = where.join(' AND ');
  const total = (await q.query(`SELECT count(*)::int AS n FROM publications p WHERE ${w}`, args)).rows[0].n as number;
  args.push(f.limit, f.offset);
  const res = await q.query(`SELECT ${ROW} ${FROM} WHERE ${w}
    ORDER BY (p.status = 'published'), p.due_on NULLS LAST, p.id LIMIT $${args.length - 1} OFFSET $${args.length}`, args);
  return { rows: res.rows as PublicationRow[], total };
}

/** Per organisation and period: all, published, published on time, pending overdue on `today`. */
export async function publicationRates(q: Queryable, orgIds: number[], today: string, period?: string) {
  const res = await q.query(`
    SELECT p.org_id AS "orgId", o.name AS "orgName", p.period, count(*)::int AS total,
           count(*) FILTER (WHERE p.status = 'published')::int AS published,
           count(*) FILTER (WHERE p.status = 'published' AND (p.due_on IS NULL OR (p.published_at AT TIME ZONE 'UTC' + interval '8 hours')::date <= p.due_on))::int AS "onTime",
           count(*) FILTER (WHERE p.status = 'pending' AND p.due_on < $2::date)::int AS overdue
      FROM publications p JOIN organizations o ON o.id = p.org_id
     WHERE p.org_id = ANY($1::int[]) ${period ? 'AND p.period = $3' : ''}
     GROUP BY p.org_id, o.name, p.period ORDER BY p.period DESC, o.name`, period ? [orgIds, today, period] : [orgIds, today]);
  return res.rows as { orgId: number; orgName: string; period: string; total: number; published: number; onTime: number; overdue: number }[];
}

export async function updatePublication(q: Queryable, id: number, set: Record<string, unknown>): Promise<void> {
  const keys = Object.keys(set);
  await q.query(`UPDATE publications SET ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`, [id, ...keys.map((k) => set[k])]);
}

// ── Portal (published rows, public columns only) ──────────────────────────────────────────────────

/** The columns the public may see. Never add a raw (non-pub_) enterprise, content, result or remark column here. */
const PUBLIC = `p.id, p.plan_no AS "planNo", p.plan_name AS "planName", p.task_no AS "taskNo", p.task_name AS "taskName",
  p.check_type AS "checkType", p.authority, p.period, p.pub_enterprise_name AS "enterpriseName", p.pub_credit_code AS "creditCode",
  p.inspected_on::text AS "inspectedOn", p.completed_on::text AS "completedOn", p.pub_content AS "content", p.pub_result AS "result",
  p.pub_remark AS "remark", p.published_at AS "publishedAt"`;

export interface PublicResult {
  id: number; planNo: string | null; planName: string | null; taskNo: string; taskName: string; checkType: string; authority: string;
  period: string; enterpriseName: string; creditCode: string; inspectedOn: string; completedOn: string; content: string; result: string;
  remark: string; publishedAt: Date;
}

export interface PortalSearch { q?: string; creditCode?: string; orgIds?: number[]; from?: string; to?: string; result?: string; limit: number; after?: { completedOn: string; id: number } }

/**
 * Published results, newest first (completed_on, id descending), keyset-paged: `after` is the last row
 * of the previous page. A name matches by substring (trigram index), a credit code exactly.
 */
export async function searchPublished(q: Queryable, s: PortalSearch): Promise<PublicResult[]> {
  const where = [`p.status = 'published'`];
  const args: unknown[] = [];
  const add = (sqlText: string, v: unknown) => { args.push(v); where.push(sqlText.replaceAll('$?', `$${args.length}`)); };
  if (s.creditCode) add('p.pub_credit_code = $?', s.creditCode);
  if (s.q) add(`p.pub_enterprise_name LIKE $?`, `%${s.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
  // One organisation: '=' lets the (org_id, completed_on, id) index give the order; a subtree filters the recent index.
  if (s.orgIds) { if (s.orgIds.length === 1) add('p.org_id = $?', s.orgIds[0]); else add('p.org_id = ANY($?::int[])', s.orgIds); }
  if (s.from) add('p.completed_on >= $?::date', s.from);
  if (s.to) add('p.completed_on <= $?::date', s.to);
  if (s.result) add('p.pub_result = $?', s.result);
  if (s.after) { args.push(s.after.completedOn, s.after.id); where.push(`(p.completed_on, p.id) < ($${args.length - 1}::date, $${args.length})`); }
  args.push(s.limit);
  const res = await q.query(`SELECT ${PUBLIC} FROM publications p WHERE ${where.join(' AND ')}
    ORDER BY p.completed_on DESC, p.id DESC LIMIT $${args.length}`, args);
  return res.rows as PublicResult[];
}

/** Newly published results for the feeds, by publication time (newest first). */
export async function recentPublished(q: Queryable, limit: number, since?: Date): Promise<PublicResult[]> {
  const res = await q.query(`SELECT ${PUBLIC} FROM publications p WHERE p.status = 'published' ${since ? 'AND p.published_at > $2' : ''}
    ORDER BY p.published_at DESC, p.id DESC LIMIT $1`, since ? [limit, since] : [limit]);
  return res.rows as PublicResult[];
}

/** All published results of a period range for the downloads (completed_on ascending), keyset-paged by id. */
export async function publishedBetween(q: Queryable, from: string, to: string, afterId: number, limit: number): Promise<PublicResult[]> {
  const res = await q.query(`SELECT ${PUBLIC} FROM publications p WHERE p.status = 'published' AND p.completed_on BETWEEN $1::date AND $2::date AND p.id > $3
    ORDER BY p.id LIMIT $4`, [from, to, afterId, limit]);
  return res.rows as PublicResult[];
}

/** One published result by id (public columns), or undefined when absent or not published. */
export async function publishedById(q: Queryable, id: number): Promise<PublicResult | undefined> {
  return (await q.query(`SELECT ${PUBLIC} FROM publications p WHERE p.id = $1 AND p.status = 'published'`, [id])).rows[0] as PublicResult | undefined;
}
