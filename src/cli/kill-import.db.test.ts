/**
 * SIGKILL of the server in the middle of a large import leaves a database that reopens and holds
 * all of that import or none of it — on the embedded database (killing the server alone, and the
 * server together with its database process) and on PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, waitFor } from '../testing/cli.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../storage/database.ts';
import { targetsCsv } from '../testing/fixtures.ts';
import { createPgDatabase } from '../testing/database.ts';

const ROWS = 30000;

async function freshUrl(): Promise<{ url?: string; drop: () => Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL;
  return server ? createPgDatabase(server, 'ss_kill') : { drop: async () => {} };
}

async function killDuringImport(killGroup: boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ss-kill-'));
  const { url, drop } = await freshUrl();
  if (killGroup && url) return drop();
  const port = 20000 + Math.floor(Number(`0x${randomBytes(2).toString('hex')}`) % 20000);
  try {
    const file = join(dataDir, 'big.csv');
    writeFileSync(file, targetsCsv(ROWS));
    const server = await startServer(dataDir, url, port);
    const base = `http://127.0.0.1:${port}/api`;
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'shuangsui' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const form = new FormData();
    form.append('file', new Blob([await import('node:fs').then((f) => f.readFileSync(file))]), 'big.csv');
    const started: any = await (await fetch(`${base}/imports/targets`, { method: 'POST', headers: { cookie }, body: form })).json();
    await waitFor(async () => {
      const job = ((await (await fetch(`${base}/imports/${started.job.id}`, { headers: { cookie } })).json()) as any).job;
      return job.phase === 'write' && job.processed >= 2000 ? job : undefined;
    });
    const exited = new Promise((r) => server.once('exit', r));
    if (killGroup) process.kill(-server.pid!, 'SIGKILL');
    else server.kill('SIGKILL');
    await exited;

    // Reopen (the embedded database process may need a moment to roll back and release its lock).
    const db = await waitFor(async () => openDatabase({ url, dataDir }), 30000);
    try {
      const n = (await db.pool.query(`SELECT count(*)::int AS n FROM targets`)).rows[0].n;
      const versions = (await db.pool.query(`SELECT count(*)::int AS n FROM record_versions`)).rows[0].n;
      assert.ok(n === 0 || n === ROWS, `partial import: ${n} of ${ROWS} targets`);
      assert.equal(versions, n, 'each stored target has exactly its version row');
      const job = (await db.pool.query(`SELECT status FROM import_jobs`)).rows[0];
      assert.equal(job.status, 'running', 'the job row was written before the import started');
    } finally {
      await db.close();
    }
    // A restarted server marks the interrupted job and still serves.
    const again = await startServer(dataDir, url, port);
    const db2Exited = new Promise((r) => again.once('exit', r));
    again.kill('SIGTERM');
    await db2Exited;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await drop();
  }
}

test('SIGKILL of the server during an import leaves all of it or none of it', { timeout: 300000 }, async () => {
  await killDuringImport(false);
});

test('SIGKILL of the server and its embedded database process together also leaves a consistent database', { timeout: 300000, skip: !!process.env.TEST_DATABASE_URL }, async () => {
  await killDuringImport(true);
});
