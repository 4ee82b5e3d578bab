/**
 * The audit log on a real database: a sequence of real service calls forms one intact chain; the
 * database refuses changes; a rolled-back change leaves no row; each kind of tampering an attacker
 * with database access could do (with the triggers disabled) is detected and named by seq; and
 * concurrent appends (several connections on PostgreSQL) keep one chain.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type pg from 'pg';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../../testing/database.ts';
import { inTransaction } from '../../storage/database.ts';
import type { Ctx } from '../context.ts';
import { login, logout } from '../auth.ts';
import { createOrg, createUser, updateOrg, updateUser } from '../manage-orgs.ts';
import { addCalendarOverride, withdrawCalendarOverride } from '../calendar/manage-calendar.ts';
import { copyProfile, saveProfileVersion } from '../policy/edit-profile.ts';
import { getProfileDetail } from '../policy/list-profiles.ts';
import { appendAudit, auditEntry } from './append-audit.ts';
import { listAudit, readAuditChain, verifyAuditLog } from './read-audit.ts';
import { auditHash, verifyAuditChain, type AuditRow } from '../../domain/audit.ts';
import { runAudit } from '../../cli/audit-command.ts';
import { backupDatabase, restoreDatabase } from '../../storage/backup.ts';
import { join } from 'node:path';

let db: TestDatabase;
let ctx: Ctx;
let seeded: Awaited<ReturnType<typeof seedMinimalOrgs>>;

before(async () => {
  db = await openTestDatabase();
  seeded = await seedMinimalOrgs(db);
  ctx = seeded.ctx;
});
after(async () => { await db.dispose(); });

const now = () => new Date('2025-03-20T08:00:00Z');

test('real service calls form one intact chain, in order, without passwords or tokens', async () => {
  const session = await login(db, 'admin', 'secret-pass', now(), { ip: '10.0.0.9' });
  await assert.rejects(login(db, 'admin', 'wrong-pass-1', now()));
  await assert.rejects(login(db, 'nobody', 'wrong-pass-2', now()));
  const org = await createOrg(ctx, { code: 'west', name: '测试市生态环境局西城分局', level: '分局', parentId: seeded.city.id });
  await updateOrg(ctx, org.id, { name: '测试市生态环境局西城新区分局' });
  const user = await createUser(ctx, { orgId: org.id, username: 'west-admin', displayName: '西城管理员', role: 'admin', password: 'Very-Secret-9' });
  await updateUser(ctx, user.id, { password: 'Other-Secret-8' });
  const o = await addCalendarOverride(ctx, { date: '2025-10-09', kind: 'holiday', reason: '地方节日' });
  await withdrawCalendarOverride(ctx, o.id, { reason: '节日取消' });
  await copyProfile(ctx, { from: 'lingchuan', code: 'city-own', name: '测试市自定义方案', effectiveFrom: '2025-01-01' });
  const def = (await getProfileDetail(ctx, 'city-own')).definition as unknown as { name: string };
  await saveProfileVersion(ctx, 'city-own', { definition: { ...def, name: '测试市自定义方案（修订）' }, effectiveFrom: '2025-07-01' });
  await logout(db, session.token, now());

  const { rows, head } = await readAuditChain(db.pool);
  assert.deepEqual(rows.map((r) => r.action), [
    'auth.login', 'auth.login_failed', 'auth.login_failed', 'org.create', 'org.update', 'user.create', 'user.update',
    'calendar.add', 'calendar.withdraw', 'profile.copy', 'profile.version', 'auth.logout',
  ]);
  assert.deepEqual(rows.map((r) => r.seq), rows.map((_, i) => i + 1));
  assert.equal(head?.seq, rows.length);
  assert.equal(rows[0]!.actorName, '管理员');
  assert.equal(rows[0]!.actorOrgId, seeded.city.id);
  assert.equal((rows[0]!.detail as { ip: string }).ip, '10.0.0.9');
  assert.equal(rows[2]!.actorId, null, 'an unknown user name has no actor');
  assert.match(rows[5]!.summary, /新增用户「西城管理员」（west-admin，系统管理员）/);
  assert.match(rows[6]!.summary, /重设了登录口令/);
  assert.match(rows[10]!.summary, /第 2 版/);
  const text = JSON.stringify(rows);
  for (const secret of ['secret-pass', 'wrong-pass', 'Very-Secret-9', 'Other-Secret-8', session.token]) assert.ok(!text.includes(secret), secret);
  assert.ok(!/password/i.test(text), 'no password keys in any detail');

  const v = await verifyAuditLog(db);
  assert.equal(v.ok, true, JSON.stringify(v.problems));
  assert.equal(v.rows, rows.length);

  const page = await listAudit(ctx, { action: 'auth.login_failed' });
  assert.equal(page.total, 2);
  const cli = await runAudit(db, ['verify'], {});
  assert.equal(cli.code, 0);
  assert.match(cli.out, new RegExp(`审计日志完好：共 ${rows.length} 条`));
  assert.match((await runAudit(db, ['list'], { since: '2025-03-01' })).out, /org\.create/);
});

test('five wrong passwords lock the account and the lock is logged', async () => {
  for (let i = 0; i < 5; i++) await assert.rejects(login(db, 'west-admin', `nope-${i}`, now()));
  await assert.rejects(login(db, 'west-admin', 'Other-Secret-8', now()), /已锁定/);
  const rows = (await readAuditChain(db.pool)).rows.slice(-7).map((r) => r.action);
  assert.deepEqual(rows, ['auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.login_failed', 'auth.locked', 'auth.login_failed']);
});

test('the database refuses UPDATE, DELETE and TRUNCATE of the log and deleting the head', async () => {
  await assert.rejects(db.pool.query(`UPDATE audit_log SET summary = 'x' WHERE seq = 1`), /只能追加，不能修改或删除/);
  await assert.rejects(db.pool.query(`DELETE FROM audit_log WHERE seq = 1`), /只能追加，不能修改或删除/);
  await assert.rejects(db.pool.query(`TRUNCATE audit_log`), /只能追加/);
  await assert.rejects(db.pool.query(`DELETE FROM audit_head`), /链头只能随追加前移/);
  await assert.rejects(db.pool.query(`UPDATE audit_head SET seq = 1`), /链头只能随追加前移/);
  assert.equal((await verifyAuditLog(db)).ok, true);
});

test('an append inside a transaction that fails leaves no row; the chain continues', async () => {
  const before = (await readAuditChain(db.pool)).rows.length;
  await assert.rejects(inTransaction(db.pool, async (c) => {
    await appendAudit(c, auditEntry(ctx, 'org.update', { type: 'organization', id: 1 }, '不会留下'));
    throw new Error('rolled back');
  }));
  await appendAudit(db.pool, auditEntry(ctx, 'org.update', { type: 'organization', id: 1 }, '会留下', { password: 'x', nested: { sessionToken: 'y', keep: 1 } }));
  const { rows } = await readAuditChain(db.pool);
  assert.equal(rows.length, before + 1);
  assert.equal(rows.at(-1)!.summary, '会留下');
  assert.deepEqual(rows.at(-1)!.detail, { nested: { keep: 1 } }, 'secret keys are dropped before hashing');
  assert.equal((await verifyAuditLog(db)).ok, true);
});

/** Runs `tamper` as an attacker would (triggers disabled), verifies inside the same transaction, rolls back. */
async function tampered(tamper: (c: pg.PoolClient, rows: AuditRow[]) => Promise<void>) {
  let result: ReturnType<typeof verifyAuditChain> | undefined;
  await inTransaction(db.pool, async (c) => {
    await c.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await c.query('ALTER TABLE audit_head DISABLE TRIGGER USER');
    await tamper(c, (await readAuditChain(c)).rows);
    const chain = await readAuditChain(c);
    result = verifyAuditChain(chain.rows, chain.head);
    throw new Error('rollback');
  }).catch((e) => { if ((e as Error).message !== 'rollback') throw e; });
  assert.equal((await verifyAuditLog(db)).ok, true, 'rolled back');
  return result!;
}

const rehashed = (r: AuditRow) => auditHash(r, r.prevHash);
async function writeRow(c: pg.PoolClient, r: AuditRow) {
  await c.query(`INSERT INTO audit_log (seq, at, actor_id, actor_name, actor_org_id, action, object_type, object_id, summary, detail, prev_hash, hash)
    VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10::jsonb,$11,$12)`, [r.seq, r.at, r.actorId, r.actorName, r.actorOrgId, r.action, r.objectType, r.objectId, r.summary, JSON.stringify(r.detail), r.prevHash, r.hash]);
}

test('tamper: an edited summary is named', async () => {
  const v = await tampered(async (c) => { await c.query(`UPDATE audit_log SET summary = '无事发生' WHERE seq = 4`); });
  assert.deepEqual([v.first?.seq, v.first?.kind], [4, 'edited']);
});

test('tamper: an edited detail with the row hash recomputed (and the next prev_hash left) is named', async () => {
  const v = await tampered(async (c, rows) => {
    const r = { ...rows[5]!, detail: { orgId: 999 } };
    await c.query(`UPDATE audit_log SET detail = $1::jsonb, hash = $2 WHERE seq = 6`, [JSON.stringify(r.detail), rehashed(r)]);
  });
  assert.deepEqual([v.first?.seq, v.first?.kind], [6, 'relinked']);
});

test('tamper: a deleted row (middle and last) is named', async () => {
  const v = await tampered(async (c) => { await c.query(`DELETE FROM audit_log WHERE seq = 3`); });
  assert.deepEqual([v.first?.seq, v.first?.kind], [3, 'deleted']);
  let last = 0;
  const v2 = await tampered(async (c, rows) => { last = rows.at(-1)!.seq; await c.query(`DELETE FROM audit_log WHERE seq = $1`, [last]); });
  assert.deepEqual([v2.first?.seq, v2.first?.kind], [last, 'deleted']);
});

test('tamper: an inserted row (later rows renumbered; or beyond the head) is named', async () => {
  const v = await tampered(async (c, rows) => {
    // The forged row shares its prev_hash with the row it pushes down: the attacker drops the constraint too.
    await c.query('ALTER TABLE audit_log DROP CONSTRAINT audit_log_prev_hash_unique');
    await c.query(`UPDATE audit_log SET seq = seq + 100000 WHERE seq >= 5`);
    await c.query(`UPDATE audit_log SET seq = seq - 100000 + 1 WHERE seq >= 100000`);
    const f = { ...rows[3]!, seq: 5, summary: '伪造的记录', detail: {}, prevHash: rows[3]!.hash };
    await writeRow(c, { ...f, hash: rehashed(f) });
  });
  assert.deepEqual([v.first?.seq, v.first?.kind], [5, 'inserted']);
  const v2 = await tampered(async (c, rows) => {
    const last = rows.at(-1)!;
    const f = { ...last, seq: last.seq + 1, summary: '伪造的记录', prevHash: last.hash };
    await writeRow(c, { ...f, hash: rehashed(f) });
  });
  assert.equal(v2.first?.kind, 'inserted');
});

test('tamper: two rows swapped (seq exchanged) are named', async () => {
  const v = await tampered(async (c) => {
    await c.query(`UPDATE audit_log SET seq = -7 WHERE seq = 7`);
    await c.query(`UPDATE audit_log SET seq = 7 WHERE seq = 8`);
    await c.query(`UPDATE audit_log SET seq = 8 WHERE seq = -7`);
  });
  assert.deepEqual([v.first?.seq, v.first?.kind], [7, 'reordered']);
});

test('a backup restored into an empty database keeps the chain verifiable, and appends continue it', async () => {
  const file = join(db.dataDir, 'audit-backup.jsonl.gz');
  await backupDatabase(db, file);
  const copy = await openTestDatabase();
  try {
    await restoreDatabase(copy, file);
    const v = await verifyAuditLog(copy);
    assert.equal(v.ok, true, JSON.stringify(v.problems.slice(0, 3)));
    assert.equal(v.lastHash, (await verifyAuditLog(db)).lastHash);
    await appendAudit(copy.pool, auditEntry({ ...ctx, database: copy }, 'org.update', { type: 'organization', id: 1 }, '恢复后追加'));
    assert.equal((await verifyAuditLog(copy)).ok, true);
  } finally {
    await copy.dispose();
  }
});

test('shuangsui audit verify exits non-zero naming the first broken row', async () => {
  // Committed this time, as the last test of the file.
  const client = await db.pool.connect();
  try {
    await client.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await client.query(`UPDATE audit_log SET actor_name = '别人' WHERE seq = 2`);
    await client.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  } finally { client.release(); }
  const r = await runAudit(db, ['verify'], {});
  assert.equal(r.code, 1);
  assert.match(r.out, /审计日志已被篡改：第 2 条记录的内容与其哈希不符/);
});
