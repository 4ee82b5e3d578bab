/**
 * Load benchmark of inspection submissions (issue #8 part 6): C concurrent inspectors (default 200),
 * each signed in on its own, submitting records with a photo over loopback for D seconds (default 60)
 * as the phone's outbox does — PUT the draft under a client key, POST the photo and the signature
 * (each under its own upload key), PUT the submission — retrying a failed request with the same keys.
 * One in ten submissions is sent twice (a lost response replayed). Afterwards every record the clients
 * saw confirmed must be in the database exactly once with exactly its photo and signature and one audit
 * row: lost and duplicated submissions are counted (both must be 0); latencies are p50/p95/p99 per
 * request and per whole submission.
 *
 *   node bin/run-ts.js scripts/bench/load-inspections.ts [C=200] [D=60] [embedded|postgres] [photoKB=150]
 *
 * The server runs in a child process (`shuangsui serve`, as in production) on a fresh database with
 * one organisation, C inspectors with user accounts and 30,000 targets (one per submission); the load generator runs here.
 * Writes the "Inspection submissions under load" section of docs/benchmarks.md unless BENCH_NO_WRITE is set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { createPgDatabase, seedMinimalOrgs } from '../../src/testing/database.ts';
import { insertUser } from '../../src/storage/repos/orgs.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import { jpegWithExif, pngSignature } from '../../src/testing/media-fixtures.ts';
import { Rng } from '../../src/demo/prng.ts';
import { writeBenchSection } from './bench-doc.ts';

export interface LoadFigures {
  mode: string; inspectors: number; seconds: number; photoKB: number; cores: number; loadAvg: number[];
  confirmed: number; submittedInDb: number; lost: number; duplicated: number; attachmentsWrong: number; auditRows: number;
  replays: number; retries: number; failedRequests: number; requests: number; submissionsPerSecond: number;
  latency: Record<string, { p50: number; p95: number; p99: number; n: number }>;
}

const PASSWORD = 'load-pass-1';
/** Each submission inspects a target of its own: the annual cap on checks of one enterprise (#9) must not refuse the load. */
const TARGETS = 30000;
const BIN = new URL('../../bin/shuangsui.js', import.meta.url).pathname;
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10 : 0; };

async function seed(db: Database, inspectors: number): Promise<void> {
  const { county } = await seedMinimalOrgs(db);
  const hash = await hashPassword(PASSWORD);
  for (let i = 0; i < inspectors; i++) {
    const id = (await db.pool.query(
      `INSERT INTO inspectors (org_id, kind, cert_no, name, name_key, cert_valid_to) VALUES ($1, '执法人员', $2, $3, $3, '2030-12-31') RETURNING id`,
      [county.id, `LOAD-${i}`, `检查员${i}`],
    )).rows[0].id;
    const userId = await insertUser(db.pool, { orgId: county.id, username: `load-${i}`, displayName: `检查员${i}`, role: 'inspector', passwordHash: hash });
    await db.pool.query(`UPDATE users SET inspector_id = $2 WHERE id = $1`, [userId, id]);
  }
  await db.pool.query(
    `INSERT INTO targets (org_id, kind, identifier, name, name_key)
     SELECT $1, '排污单位', 'LOAD' || lpad(g::text, 8, '0'), '负载测试企业' || g, 'fuzaiceshiqiye' || g FROM generate_series(1, $2::int) g`, [county.id, TARGETS],
  );
}

function startServer(dataDir: string, url: string | undefined, port: number): Promise<ChildProcess> {
  const env = { ...process.env, LOG_LEVEL: 'error' } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  if (url) env.DATABASE_URL = url;
  const proc = spawn(process.execPath, ['--max-old-space-size=384', BIN, 'serve', '--data', dataDir, '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((ok, fail) => {
    let out = '';
    proc.stdout!.on('data', (d) => { out += d; if (out.includes('已启动')) ok(proc); });
    proc.stderr!.on('data', (d) => { out += d; });
    proc.once('exit', (code) => fail(new Error(`server exited ${code}: ${out}`)));
  });
}

export async function benchLoad(inspectors: number, seconds: number, mode: 'embedded' | 'postgres', pgUrl: string, photoKB: number): Promise<LoadFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ss-load-'));
  const pg = mode === 'postgres' ? await createPgDatabase(pgUrl, 'ss_load') : undefined;
  const open = () => openDatabase({ url: pg?.url, dataDir });
  let db = await open();
  await seed(db, inspectors);
  const targetIds = (await db.pool.query(`SELECT id FROM targets ORDER BY id`)).rows.map((r) => r.id as number);
  const inspectorIds = (await db.pool.query(`SELECT u.username, u.inspector_id AS "inspectorId" FROM users u WHERE u.username LIKE 'load-%'`)).rows as { username: string; inspectorId: number }[];
  await db.close();
  const port = 30000 + (process.pid % 20000);
  const server = await startServer(dataDir, pg?.url, port);
  const base = `http://127.0.0.1:${port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: inspectors + 10 });
  const request = (method: string, url: string, headers: Record<string, string>, body?: Buffer | string) => new Promise<{ status: number; text: string }>((ok, fail) => {
    const req = http.request(`${base}${url}`, { method, headers, agent, timeout: 120000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(body);
  });
  const rng = new Rng('load-inspections');
  const photo = jpegWithExif('2025:04:10 09:30:00', Buffer.from(Array.from({ length: photoKB * 1024 }, () => rng.int(256))));
  const signature = pngSignature(200, 80);
  const latency: Record<string, number[]> = { draft: [], photo: [], signature: [], submit: [], submission: [] };
  let requests = 0, retries = 0, failedRequests = 0, replays = 0, submissions = 0, nextTarget = 0;
  const confirmed = new Set<string>();

  /** One request, retried (same keys) on a network error or a 5xx, up to 5 times. */
  async function send(kind: string, method: string, url: string, headers: Record<string, string>, payload: Buffer | string): Promise<{ record?: { id: number } } | null> {
    for (let attempt = 0; attempt < 6; attempt++) {
      const t0 = performance.now();
      try {
        requests++;
        const res = await request(method, url, headers, payload);
        const body = res.text;
        latency[kind]!.push(performance.now() - t0);
        if (res.status < 500) {
          if (res.status >= 400) { process.stderr.write(`${kind} ${res.status} ${body.slice(0, 200)}\n`); return null; }
          return JSON.parse(body);
        }
      } catch { /* network error: retried */ }
      retries++;
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
    failedRequests++;
    return null;
  }

  const sessions = new Map<string, string>();
  for (let i = 0; i < inspectorIds.length; i += 10) {
    await Promise.all(inspectorIds.slice(i, i + 10).map(async (u) => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: u.username, password: PASSWORD }) });
      if (!res.ok) throw new Error(`login ${u.username}: ${res.status} ${await res.text()}`);
      sessions.set(u.username, res.headers.get('set-cookie')!.split(';')[0]!);
    }));
  }

  const end = Date.now() + seconds * 1000;
  const worker = async (u: { username: string; inspectorId: number }) => {
    const headers = { cookie: sessions.get(u.username)!, 'x-requested-with': 'shuangsui' };
    const json = { ...headers, 'content-type': 'application/json' };
    while (Date.now() < end) {
      const t0 = performance.now();
      const clientKey = randomUUID();
      const record = { clientKey, targetId: targetIds[nextTarget++ % targetIds.length], kind: '投诉举报', team: [u.inspectorId], mode: '在线监测', inspectedOn: '2025-04-10' };
      const draft = await send('draft', 'PUT', '/api/inspections', json, JSON.stringify(record));
      if (!draft) continue;
      const id = draft.record?.id;
      if (!id) continue;
      // The upload key is fixed per file: a retry inside send() reuses the same URL (a FormData body can be sent again).
      const upload = (kind: string, bytes: Buffer, name: string, query: string) => {
        const boundary = `----load${randomUUID()}`;
        const body = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${encodeURIComponent(name)}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
          bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        return send(kind, 'POST', `/api/inspections/${id}/attachments?clientKey=${randomUUID()}${query}`, { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, body);
      };
      if (!(await upload('photo', photo, '现场.jpg', ''))) continue;
      if (!(await upload('signature', signature, '签名.png', `&signerInspectorId=${u.inspectorId}`))) continue;
      const submitBody = JSON.stringify({ ...record, resultCategory: '未发现问题', lines: Array.from({ length: 7 }, (_, i) => ({ position: i + 1, verdict: '符合' })), submit: true });
      const done = await send('submit', 'PUT', '/api/inspections', json, submitBody);
      if (!done) continue;
      if (++submissions % 10 === 0) { replays++; await send('submit', 'PUT', '/api/inspections', json, submitBody); }
      confirmed.add(clientKey);
      latency.submission!.push(performance.now() - t0);
    }
  };
  const loadAvg = loadavg();
  const t0 = Date.now();
  await Promise.all(inspectorIds.map((u) => worker(u)));
  const elapsed = (Date.now() - t0) / 1000;
  agent.destroy();
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));

  db = await open();
  try {
    const rows = (await db.pool.query(
      `SELECT r.client_key AS "clientKey", r.status,
         (SELECT count(*)::int FROM inspection_attachments a WHERE a.record_id = r.id AND a.kind = 'photo') AS photos,
         (SELECT count(*)::int FROM inspection_attachments a WHERE a.record_id = r.id AND a.kind = 'signature') AS signatures
       FROM inspection_records r`,
    )).rows as { clientKey: string; status: string; photos: number; signatures: number }[];
    const byKey = new Map<string, number>();
    for (const r of rows) byKey.set(r.clientKey, (byKey.get(r.clientKey) ?? 0) + 1);
    const submitted = rows.filter((r) => r.status === 'submitted');
    const auditRows = (await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'inspection.submit'`)).rows[0].n as number;
    return {
      mode, inspectors, seconds: Math.round(elapsed), photoKB, cores: cpus().length, loadAvg,
      confirmed: confirmed.size, submittedInDb: submitted.length,
      lost: [...confirmed].filter((k) => !submitted.some((r) => r.clientKey === k)).length,
      duplicated: [...byKey.values()].filter((n) => n > 1).length + Math.max(0, auditRows - submitted.length),
      attachmentsWrong: submitted.filter((r) => r.photos !== 1 || r.signatures !== 1).length,
      auditRows, replays, retries, failedRequests, requests, submissionsPerSecond: Math.round((confirmed.size / elapsed) * 10) / 10,
      latency: Object.fromEntries(Object.entries(latency).map(([k, xs]) => [k, { p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99), n: xs.length }])),
    };
  } finally {
    await db.close();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function loadSection(results: LoadFigures[]): string {
  const rows = results.map((r) => `| ${r.mode} | ${r.inspectors} | ${r.seconds} s | ${r.confirmed.toLocaleString('en')} | ${r.submissionsPerSecond} | ${r.latency.submission!.p50} / ${r.latency.submission!.p99} | ${r.latency.submit!.p50} / ${r.latency.submit!.p99} | ${r.latency.photo!.p50} / ${r.latency.photo!.p99} | **${r.lost}** | **${r.duplicated}** | ${r.attachmentsWrong} | ${r.retries} |`);
  const r0 = results[0]!;
  return `## Inspection submissions under load

\`scripts/bench/load-inspections.ts\` (issue #8): ${r0.inspectors} inspectors signed in at once, each submitting records
for ${r0.seconds} s over loopback as the phone's outbox does — draft, a ${r0.photoKB} KB photo, the signature, the
submission (one in ten sent twice, as after a lost response), failed requests retried with the same keys —
against \`shuangsui serve\` in its own process. Afterwards the database is compared with what the clients saw
confirmed. ${r0.cores} shared cores, load average ${r0.loadAvg.map((x) => x.toFixed(1)).join(' / ')} at the start. Latencies in ms (p50 / p99).

| database | inspectors | run | submissions confirmed | per s | whole submission | submit PUT | photo upload | lost | duplicated | wrong attachments | retries |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

Lost = confirmed to the client but not submitted in the database; duplicated = a client key with more than one
record, or more submission audit rows than submitted records; wrong attachments = a submitted record without
exactly one photo and one signature.
`;
}

const writeLoadSection = (section: string): void => writeBenchSection('load-bench', section);

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === '--rewrite') {
  // Rewrites the section from saved RESULT lines (no measuring): load-inspections.ts --rewrite FILE
  const lines = readFileSync(process.argv[3]!, 'utf8').split('\n').filter((l) => l.startsWith('RESULT '));
  writeLoadSection(loadSection(lines.map((l) => JSON.parse(l.slice(7)) as LoadFigures)));
  process.exit(0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const c = Number(process.argv[2] ?? 200);
  const d = Number(process.argv[3] ?? 60);
  const modes = (process.argv[4] ?? 'embedded').split(',') as ('embedded' | 'postgres')[];
  const photoKB = Number(process.argv[5] ?? 150);
  const results: LoadFigures[] = [];
  for (const mode of modes) {
    const figures = await benchLoad(c, d, mode, process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', photoKB);
    process.stdout.write('RESULT ' + JSON.stringify(figures) + '\n');
    results.push(figures);
  }
  if (!process.env.BENCH_NO_WRITE) writeLoadSection(loadSection(results));
  process.exit(results.every((r) => r.lost === 0 && r.duplicated === 0 && r.attachmentsWrong === 0) ? 0 : 1);
}
