/**
 * Concurrent appends keep one chain: many writers at once (on PostgreSQL through ten connections,
 * each append in its own transaction; on the embedded database through its one connection) produce
 * contiguous seqs and an intact chain, and a writer whose transaction rolls back leaves no gap.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../../testing/database.ts';
import { inTransaction } from '../../storage/database.ts';
import type { Ctx } from '../context.ts';
import { appendAudit, auditEntry } from './append-audit.ts';
import { readAuditChain, verifyAuditLog } from './read-audit.ts';

let db: TestDatabase;
let ctx: Ctx;
before(async () => { db = await openTestDatabase(); ctx = (await seedMinimalOrgs(db)).ctx; });
after(async () => { await db.dispose(); });

test('200 concurrent appends (a tenth rolled back) form one contiguous, intact chain', async () => {
  const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => inTransaction(db.pool, async (c) => {
    // Some work before and after the append, so transactions overlap on PostgreSQL.
    await c.query('SELECT pg_sleep(0.001)');
    await appendAudit(c, auditEntry(ctx, 'org.update', { type: 'organization', id: i }, `并发写入 ${i}`, { i }));
    await c.query('SELECT 1');
    if (i % 10 === 9) throw new Error('rollback');
  })));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 180);
  const { rows, head } = await readAuditChain(db.pool);
  assert.equal(rows.length, 180);
  assert.deepEqual(rows.map((r) => r.seq), rows.map((_, i) => i + 1));
  assert.equal(head?.seq, 180);
  assert.equal(new Set(rows.map((r) => (r.detail as { i: number }).i)).size, 180);
  const v = await verifyAuditLog(db);
  assert.equal(v.ok, true, JSON.stringify(v.problems.slice(0, 3)));
});
