/**
 * SQL of the audit log (domain/audit.ts defines the chain). Appending locks the head row first
 * (SELECT … FOR UPDATE), so concurrent transactions take turns: each sees the head its predecessor
 * committed and the chain never forks; the UNIQUE prev_hash constraint refuses a fork regardless.
 */
import type { Queryable } from './directory.ts';
import type { AuditFields, AuditHead, AuditRow } from '../../domain/audit.ts';

const COLS = `seq, at, actor_id AS "actorId", actor_name AS "actorName", actor_org_id AS "actorOrgId", action,
  object_type AS "objectType", object_id AS "objectId", summary, detail, prev_hash AS "prevHash", hash`;

/** Locks the head (creating it on first use) and returns it; call inside a transaction. */
export async function lockAuditHead(q: Queryable, genesis: string): Promise<AuditHead> {
  await q.query(`INSERT INTO audit_head (singleton, seq, hash) VALUES (1, 0, $1) ON CONFLICT (singleton) DO NOTHING`, [genesis]);
  return (await q.query(`SELECT seq, hash FROM audit_head WHERE singleton = 1 FOR UPDATE`)).rows[0];
}

/** Inserts a row and moves the head to it. */
export async function insertAuditRow(q: Queryable, r: AuditRow): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (seq, at, actor_id, actor_name, actor_org_id, action, object_type, object_id, summary, detail, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)`,
    [r.seq, r.at, r.actorId, r.actorName, r.actorOrgId, r.action, r.objectType, r.objectId, r.summary, JSON.stringify(r.detail), r.prevHash, r.hash],
  );
  await q.query(`UPDATE audit_head SET seq = $1, hash = $2 WHERE singleton = 1`, [r.seq, r.hash]);
}

/** The head without locking it, or null before the first append. */
export async function getAuditHead(q: Queryable): Promise<AuditHead | null> {
  return (await q.query(`SELECT seq, hash FROM audit_head WHERE singleton = 1`)).rows[0] ?? null;
}

/** Every row from `afterSeq` on, in batches (for the verifier). */
export async function auditRowsAfter(q: Queryable, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return (await q.query(`SELECT ${COLS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, [afterSeq, limit])).rows;
}

export interface AuditFilter {
  /** Only rows whose actor belonged to one of these organisations (undefined: all). */
  orgIds?: number[];
  action?: string;
  actorId?: number;
  since?: Date;
  until?: Date;
  limit: number;
  offset: number;
}

/** Rows matching the filter, newest first, and the total. */
export async function listAuditRows(q: Queryable, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => { params.push(v); return `$${params.length}`; };
  if (f.orgIds) where.push(`actor_org_id = ANY(${p(f.orgIds)}::int[])`);
  if (f.action) where.push(`action = ${p(f.action)}`);
  if (f.actorId !== undefined) where.push(`actor_id = ${p(f.actorId)}`);
  if (f.since) where.push(`at >= ${p(f.since)}`);
  if (f.until) where.push(`at < ${p(f.until)}`);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (await q.query(`SELECT count(*)::int AS n FROM audit_log ${w}`, params)).rows[0].n;
  const rows = (await q.query(`SELECT ${COLS} FROM audit_log ${w} ORDER BY seq DESC LIMIT ${p(f.limit)} OFFSET ${p(f.offset)}`, params)).rows;
  return { rows, total };
}

export type { AuditFields };
