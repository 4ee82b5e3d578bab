/**
 * SIGKILL of the server while a draw is frozen or drawn, and while inspection records are being
 * submitted: after a restart nothing is half done (a draw is frozen with its inputs and audit row, or
 * drawn with all its tasks and its result, or absent; a record is a draft or submitted with its task
 * moved on and exactly one audit row) and nothing is lost (every submission answered 200 before the
 * kill is there; the phone's retry under the same client key completes the rest, never twice); the
 * audit chain verifies. On the embedded database (every other kill takes its database process down
 * too, leaving the data folder's lock file behind — the next start takes it over) and on PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { openDatabase, type Database } from '../storage/database.ts';
import { createPgDatabase } from '../testing/database.ts';
import { startServer, waitFor } from '../testing/cli.ts';
import { DRAW_PASSWORD, ctxOfUser, seedDrawFixture, type DrawFixture } from '../testing/draw-fixture.ts';
import { verifyAuditLog } from '../services/audit/read-audit.ts';
import { saveInspection } from '../services/inspection/save-inspection.ts';
import { attachToRecord } from '../services/inspection/attach-file.ts';
import { pngSignature } from '../testing/media-fixtures.ts';
import { ErrorCode } from '../domain/errors.ts';

const embedded = !process.env.TEST_DATABASE_URL;
/** Kill delays after the request went out, growing until the operation gets through (the embedded database restarts in a few seconds each time). */
const DELAYS = [5, 30, 100, 250, 500, 1000, 2000, 4000];

interface Env { dataDir: string; url: string | undefined; port: number; drop: () => Promise<void> }

async function makeEnv(): Promise<Env> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ss-kill2-'));
  const server = process.env.TEST_DATABASE_URL;
  const pg = server ? await createPgDatabase(server, 'ss_kill') : { url: undefined, drop: async () => {} };
  const port = 20000 + (randomBytes(2).readUInt16BE(0) % 20000);
  return { dataDir, url: pg.url, port, drop: async () => { await pg.drop(); rmSync(dataDir, { recursive: true, force: true }); } };
}

/** Opens the database directly once the killed server (and its embedded database process) let go. */
const reopen = (env: Env) => waitFor(async () => openDatabase({ url: env.url, dataDir: env.dataDir }), 30000);

async function withDb<T>(env: Env, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await reopen(env);
  try { return await fn(db); } finally { await db.close(); }
}

async function session(env: Env, user: string): Promise<(method: string, path: string, body?: unknown) => Promise<Response>> {
  const base = `http://127.0.0.1:${env.port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: DRAW_PASSWORD }) });
  assert.equal(login.status, 200, await login.clone().text());
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return (method, path, body) => fetch(`${base}${path}`, {
    method, headers: { cookie, 'x-requested-with': 'shuangsui', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** SIGKILLs the server `delay` ms from now — alone, or (embedded) with its database process. */
async function kill(server: ChildProcess, delay: number, group: boolean): Promise<void> {
  await new Promise((r) => setTimeout(r, delay));
  const exited = new Promise((r) => server.once('exit', r));
  if (group) process.kill(-server.pid!, 'SIGKILL');
  else server.kill('SIGKILL');
  await exited;
}

async function assertChain(db: Database, where: string) {
  const v = await verifyAuditLog(db);
  assert.equal(v.ok, true, `${where}: audit chain broken: ${JSON.stringify(v)}`);
}

/** A draw is absent, frozen with its inputs and one freeze audit row, or drawn with all its tasks, its result hash and both audit rows. */
async function assertDrawsWhole(db: Database, where: string): Promise<'none' | 'frozen' | 'drawn'> {
  const draws = (await db.pool.query(`SELECT id, status, manifest_hash AS "manifestHash", result_hash AS "resultHash" FROM draws`)).rows;
  assert.ok(draws.length <= 1, `${where}: ${draws.length} draws`);
  const audit = async (action: string) => (await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1`, [action])).rows[0].n as number;
  if (!draws.length) {
    assert.equal(await audit('draw.freeze'), 0, `${where}: a freeze audited without its draw`);
    return 'none';
  }
  const d = draws[0];
  assert.ok(d.manifestHash, `${where}: frozen without a manifest hash`);
  assert.ok((await db.pool.query(`SELECT count(*)::int AS n FROM draw_inputs WHERE draw_id = $1`, [d.id])).rows[0].n > 0, `${where}: frozen without inputs`);
  assert.equal(await audit('draw.freeze'), 1, `${where}: freeze audit rows`);
  const tasks = (await db.pool.query(`SELECT count(*)::int AS n FROM draw_tasks WHERE draw_id = $1`, [d.id])).rows[0].n;
  if (d.status === 'frozen') {
    assert.equal(tasks, 0, `${where}: frozen draw with ${tasks} tasks`);
    assert.equal(d.resultHash, null);
    assert.equal(await audit('draw.draw'), 0, `${where}: a draw audited but not stored`);
    return 'frozen';
  }
  assert.equal(d.status, 'drawn');
  assert.ok(tasks > 0 && d.resultHash, `${where}: drawn with ${tasks} tasks, result ${d.resultHash}`);
  const expected = (await db.pool.query(`SELECT sum(least((q->>'quota')::int, (q->>'poolSize')::int))::int AS n FROM draws, jsonb_array_elements(manifest->'strata') AS q WHERE id = $1`, [d.id])).rows[0].n;
  if (expected !== null) assert.equal(tasks, expected, `${where}: ${tasks} tasks of ${expected} drawn`);
  assert.equal(await audit('draw.draw'), 1, `${where}: draw audit rows`);
  return 'drawn';
}

/** Each record is a draft (task untouched, no submit audit row) or submitted (task 已检查, one audit row). */
async function assertRecordsWhole(db: Database, where: string): Promise<number> {
  const rows = (await db.pool.query(
    `SELECT r.id, r.status, k.status AS "taskStatus",
       (SELECT count(*)::int FROM audit_log a WHERE a.action = 'inspection.submit' AND a.object_id = r.id::text) AS audits
     FROM inspection_records r JOIN draw_tasks k ON k.id = r.task_id`,
  )).rows;
  for (const r of rows) {
    if (r.status === 'submitted') assert.deepEqual([r.taskStatus, r.audits], ['已检查', 1], `${where}: submitted record ${r.id}`);
    else assert.deepEqual([r.taskStatus, r.audits], ['待检查', 0], `${where}: draft record ${r.id}`);
  }
  return rows.filter((r) => r.status === 'submitted').length;
}

async function killDuringDrawAndSubmission() {
  const env = await makeEnv();
  let server: ChildProcess | undefined;
  const stats = { drawKills: 0, drawKillsInFlight: 0, submitKills: 0, submissionsInFlightAtKill: 0, groupKills: 0 };
  try {
    const f: DrawFixture = await withDb(env, (db) => seedDrawFixture(db));

    // 1. Freeze, then draw, each interrupted by kills at growing delays until it completes.
    for (let i = 0; ; i++) {
      server = await startServer(env.dataDir, env.url, env.port);
      if (embedded && i === 0) {
        // While the server runs, its data folder is locked to anyone else.
        await assert.rejects(openDatabase({ dataDir: env.dataDir }), (e: { code?: string }) => e.code === ErrorCode.DATA_LOCKED);
      }
      const call = await session(env, 'city-coordinator');
      const listed = await (await call('GET', '/api/draws')).json();
      assert.ok(listed.draws, JSON.stringify(listed));
      const list = listed.draws as { id: number; status: string }[];
      const frozen = list.find((d) => d.status === 'frozen');
      if (list.some((d) => d.status === 'drawn') || i >= DELAYS.length) {
        if (!list.some((d) => d.status === 'drawn')) {
          const id = frozen?.id ?? (await (await call('POST', '/api/draws', FREEZE)).json()).draw.id;
          assert.equal((await call('POST', `/api/draws/${id}/draw`, RUN)).status, 200);
        }
        server.kill('SIGTERM');
        await new Promise((r) => server!.once('exit', r));
        break;
      }
      let answered = false;
      const req = (frozen ? call('POST', `/api/draws/${frozen.id}/draw`, RUN) : call('POST', '/api/draws', FREEZE))
        .then(async (res) => { answered = true; assert.equal(res.status, 200, await res.text()); }, () => undefined);
      const group = embedded && i % 2 === 1;
      await kill(server, DELAYS[i]!, group);
      await req;
      stats.drawKills++;
      if (!answered) stats.drawKillsInFlight++;
      if (group) stats.groupKills++;
      await withDb(env, async (db) => { await assertDrawsWhole(db, `draw kill ${i}`); await assertChain(db, `draw kill ${i}`); });
    }
    const tasks = await withDb(env, async (db) => {
      assert.equal(await assertDrawsWhole(db, 'after the draw'), 'drawn');
      // 2. Drafts of every task, signed by the team (在线监测: no enterprise signature).
      const rows = (await db.pool.query(`SELECT id, team FROM draw_tasks ORDER BY id`)).rows as { id: number; team: number[] }[];
      const ctx = { ...ctxOfUser(f, db, 'city-coordinator') };
      const out: { id: number; key: string; lines: { position: number; verdict: '符合' }[] }[] = [];
      for (const t of rows) {
        const key = `kill-${t.id}-${randomBytes(8).toString('hex')}`;
        const d = await saveInspection(ctx, { clientKey: key, taskId: t.id, mode: '在线监测', inspectedOn: '2025-04-10' });
        for (const i of t.team) await attachToRecord(ctx, join(env.dataDir, 'uploads'), d.record.id, { stream: Readable.from([pngSignature()]), fileName: 's.png', signer: { inspectorId: i } });
        out.push({ id: t.id, key, lines: d.record.lines.map((l) => ({ position: l.position, verdict: '符合' as const })) });
      }
      return out;
    });

    // 3. All submissions at once, killed at growing delays; every round the client retries every one.
    const answered = new Set<number>();
    for (let i = 0; ; i++) {
      server = await startServer(env.dataDir, env.url, env.port);
      const call = await session(env, 'city-coordinator');
      const submit = (t: (typeof tasks)[number]) => call('PUT', '/api/inspections', {
        clientKey: t.key, taskId: t.id, mode: '在线监测', inspectedOn: '2025-04-10', resultCategory: '未发现问题', lines: t.lines, submit: true,
      }).then(async (res) => { assert.equal(res.status, 200, await res.text()); answered.add(t.id); }, () => undefined);
      if (i >= DELAYS.length || answered.size === tasks.length) {
        await Promise.all(tasks.map(submit));
        server.kill('SIGTERM');
        await new Promise((r) => server!.once('exit', r));
        break;
      }
      const before = answered.size;
      const sent = Promise.all(tasks.map(submit));
      const group = embedded && i % 2 === 1;
      await kill(server, DELAYS[i]!, group);
      await sent;
      stats.submitKills++;
      stats.submissionsInFlightAtKill += tasks.length - answered.size;
      if (group) stats.groupKills++;
      await withDb(env, async (db) => {
        const submitted = await assertRecordsWhole(db, `submit kill ${i}`);
        assert.ok(submitted >= answered.size, `submit kill ${i}: ${answered.size} answered, ${submitted} stored`);
        assert.ok(submitted >= before);
        await assertChain(db, `submit kill ${i}`);
      });
    }
    await withDb(env, async (db) => {
      assert.equal(await assertRecordsWhole(db, 'final'), tasks.length, 'every submission in the end');
      assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM inspection_records`)).rows[0].n, tasks.length, 'no duplicate record');
      assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'inspection.submit'`)).rows[0].n, tasks.length);
      await assertChain(db, 'final');
    });
    // Figures for docs/reliability.md.
    process.stdout.write(`# kill figures ${embedded ? 'embedded' : 'postgres'}: ${JSON.stringify({ ...stats, records: tasks.length })}\n`);
    assert.ok(stats.drawKillsInFlight > 0, 'at least one kill landed while a freeze or draw was in flight');
    assert.ok(stats.submissionsInFlightAtKill > 0, 'at least one kill landed while submissions were in flight');
  } finally {
    if (server && server.exitCode === null && server.signalCode === null) { try { process.kill(-server.pid!, 'SIGKILL'); } catch { /* gone */ } }
    await env.drop();
  }
}

const FREEZE = { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '掷骰', kind: '不定向' };
const RUN = { publicValue: '6 2 5 1', witnesses: ['王监督'], minutes: '' };

test('SIGKILL during freeze, draw and submissions: nothing half done, nothing lost, the chain intact', { timeout: 600000 }, async () => {
  await killDuringDrawAndSubmission();
});
