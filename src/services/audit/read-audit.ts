/**
 * Reading the audit log: the list (administrators and 监督 see the rows of actors in their subtree;
 * a top-level organisation's see everything, including anonymous failed logins) and the chain check
 * over the whole log.
 */
import type { Database } from '../../storage/database.ts';
import { auditRowsAfter, getAuditHead, listAuditRows } from '../../storage/repos/audit.ts';
import { verifyAuditChain, type AuditHead, type AuditRow, type AuditVerification } from '../../domain/audit.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { assertAllowed, scopeOrgIds, type Ctx } from '../context.ts';
import { getOrg } from '../../storage/repos/orgs.ts';

export interface AuditQuery {
  action?: string;
  actorId?: number;
  since?: Date;
  until?: Date;
  limit?: number;
  offset?: number;
}

/** One page of the log, newest first. */
export async function listAudit(ctx: Ctx, query: AuditQuery): Promise<{ rows: AuditRow[]; total: number }> {
  assertAllowed(ctx, 'audit');
  const own = await getOrg(ctx.database.pool, { id: ctx.actor.orgId });
  const orgIds = own && own.parentId === null ? undefined : await scopeOrgIds(ctx);
  return listAuditRows(ctx.database.pool, {
    orgIds, action: query.action, actorId: query.actorId, since: query.since, until: query.until,
    limit: Math.min(query.limit ?? 50, 500), offset: query.offset ?? 0,
  });
}

/** The head and every row, read through `q` (call inside one snapshot for a consistent view). */
export async function readAuditChain(q: Queryable): Promise<{ head: AuditHead | null; rows: AuditRow[] }> {
  const head = await getAuditHead(q);
  const rows: AuditRow[] = [];
  for (let after = -2147483648; ;) {
    const batch = await auditRowsAfter(q, after, 5000);
    rows.push(...batch);
    if (batch.length < 5000) break;
    after = batch[batch.length - 1]!.seq;
  }
  return { head, rows };
}

/** Recomputes the whole chain (read in one REPEATABLE READ snapshot). */
export async function verifyAuditLog(database: Database): Promise<AuditVerification> {
  const client = await database.pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const { head, rows } = await readAuditChain(client);
    await client.query('COMMIT');
    return verifyAuditChain(rows, head);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** The chain check for a signed-in user allowed to read the log. */
export async function verifyAuditFor(ctx: Ctx): Promise<AuditVerification> {
  assertAllowed(ctx, 'audit');
  return verifyAuditLog(ctx.database);
}
