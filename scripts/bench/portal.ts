/**
 * Portal benchmark (issue #6): N published results (default 5,000,000) in `publications`, then a
 * loopback load on the public search page /public — the newest page, a credit-code search, a common
 * and a rare name keyword, an organisation + period filter — each reported with req/s and p50/p99,
 * together with a plain node:http JSON response measured in the same run by the same load generator.
 *
 *   node bin/run-ts.js scripts/bench/portal.ts [N] [postgres|embedded]
 *
 * The rows are generated in SQL (generate_series) on a fresh database migrated like production; for
 * the bulk load the foreign keys of `publications` are dropped (the rows reference no records) and the
 * portal's indexes are dropped and rebuilt afterwards — the indexes measured are exactly the ones of
 * migration 0008. Generation stops early when BENCH_PORTAL_BUDGET_S (default 420 s) runs out; the
 * figures then state the scale reached. The server runs in a child process (as `npm start` would),
 * the load generator here: a keep-alive agent with C concurrent connections for D seconds per case.
 * Writes the "Public portal" section of docs/benchmarks.md unless BENCH_NO_WRITE is set.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { createPgDatabase, seedMinimalOrgs } from '../../src/testing/database.ts';
import { writeBenchSection } from './bench-doc.ts';

export interface PortalCase { name: string; path: string; requests: number; seconds: number; rps: number; p50: number; p99: number; errors: number; bytes: number }
export interface PortalFigures {
  target: number; rows: number; mode: string; cores: number; loadAvg: number[]; generateSeconds: number; indexSeconds: number;
  concurrency: number; seconds: number; cases: PortalCase[]; plans: Record<string, string>;
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const PORTAL_INDEXES = ['publications_pub_recent_idx', 'publications_pub_published_idx', 'publications_pub_code_idx', 'publications_pub_org_idx', 'publications_pub_name_trgm_idx', 'publications_queue_idx', 'publications_org_completed_idx'];

/** Deterministic enterprise of number e: a credit-code-like id and a Chinese company name. */
const NAME_SQL = (e: string) => `(ARRAY['枣庄','保定','南山','武隆','陵川','滕州','深圳','涞水','涿州','峄城'])[1 + (${e}) % 10]
  || (ARRAY['恒','泰','华','鑫','盛','达','宏','金','瑞','丰'])[1 + ((${e}) / 10) % 10]
  || (ARRAY['源','通','兴','昌','裕','隆','祥','康','安','和'])[1 + ((${e}) / 100) % 10]
  || (ARRAY['化工','纸业','陶瓷','机械','印染','建材','电镀','食品','制药','汽修'])[1 + ((${e}) / 1000) % 10]
  || (ARRAY['有限公司','股份有限公司','有限责任公司','厂','分公司'])[1 + ((${e}) / 10000) % 5]
  || CASE WHEN (${e}) >= 50000 THEN '（第' || ((${e}) / 50000) || '分厂）' ELSE '' END`;
const CODE_SQL = (e: string) => `'91' || lpad((${e})::text, 16, '0')`;

async function generate(db: Database, n: number, budgetS: number): Promise<{ rows: number; generateSeconds: number; indexSeconds: number }> {
  const q = db.pool;
  await seedMinimalOrgs(db);
  const orgs = (await q.query(`SELECT id FROM organizations ORDER BY id`)).rows.map((r) => r.id as number);
  const fks = (await q.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'publications'::regclass AND contype = 'f'`)).rows.map((r) => r.conname as string);
  for (const c of fks) await q.query(`ALTER TABLE publications DROP CONSTRAINT ${c}`);
  const defs = (await q.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'publications' AND indexname = ANY($1::text[])`, [PORTAL_INDEXES])).rows as { indexname: string; indexdef: string }[];
  for (const d of defs) await q.query(`DROP INDEX ${d.indexname}`);
  const enterprises = Math.max(1, Math.floor(n / 5));
  const t0 = process.hrtime.bigint();
  const batch = 250_000;
  let done = 0;
  while (done < n) {
    const upto = Math.min(n, done + batch);
    await q.query(`INSERT INTO publications (org_id, record_id, target_id, period, plan_no, plan_name, task_no, task_name, check_type, authority,
        enterprise_name, credit_code, inspected_on, completed_on, content, standard_phrase, status, published_at, published_by,
        pub_enterprise_name, pub_credit_code, pub_content, pub_result, pub_remark)
      SELECT o.org, g, e, to_char(d, 'YYYY') || '-Q' || extract(quarter FROM d), to_char(d, 'YYYY') || '-P0001-R1', '测试市' || to_char(d, 'YYYY') || '年度“双随机、一公开”抽查计划',
        'city-' || lpad((g / 40)::text, 4, '0') || '-' || lpad((g % 40 + 1)::text, 3, '0'), to_char(d, 'YYYY') || ' 双随机抽查', CASE WHEN g % 10 = 0 THEN '定向' ELSE '不定向' END, o.name,
        n.name, n.code, d - 3, d, '污染防治设施运行情况；排污许可证载明事项落实情况', r.phrase, CASE WHEN g % 50 = 0 THEN 'pending' ELSE 'published' END,
        CASE WHEN g % 50 = 0 THEN NULL ELSE d + 5 END, NULL,
        CASE WHEN g % 50 = 0 THEN NULL ELSE n.name END, CASE WHEN g % 50 = 0 THEN NULL ELSE n.code END,
        CASE WHEN g % 50 = 0 THEN NULL ELSE '污染防治设施运行情况；排污许可证载明事项落实情况' END, CASE WHEN g % 50 = 0 THEN NULL ELSE r.phrase END, ''
      FROM generate_series($1::int + 1, $2::int) AS g
      CROSS JOIN LATERAL (SELECT g % $3::int + 1 AS e) AS x
      CROSS JOIN LATERAL (SELECT ${NAME_SQL('x.e')} AS name, ${CODE_SQL('x.e')} AS code) AS n
      CROSS JOIN LATERAL (SELECT DATE '2021-01-01' + (g::bigint * 7919 % 1800)::int AS d) AS dd(d)
      CROSS JOIN LATERAL (SELECT (ARRAY['未发现问题','未发现问题','未发现问题','发现问题已责令整改','发现违法行为已立案调查'])[1 + g % 5] AS phrase) AS r
      CROSS JOIN LATERAL (SELECT id AS org, name FROM organizations WHERE id = ($4::int[])[1 + (g / 7) % cardinality($4::int[])]) AS o`,
    [done, upto, enterprises, orgs]);
    done = upto;
    process.stderr.write(`  ${done.toLocaleString('en')} rows, ${(ms(t0) / 1000).toFixed(0)} s\n`);
    if (ms(t0) / 1000 > budgetS) { process.stderr.write(`  budget of ${budgetS} s reached: stopping at ${done.toLocaleString('en')} rows\n`); break; }
  }
  const generateSeconds = ms(t0) / 1000;
  const t1 = process.hrtime.bigint();
  for (const d of defs) await q.query(d.indexdef);
  await q.query('ANALYZE publications');
  return { rows: done, generateSeconds, indexSeconds: ms(t1) / 1000 };
}

/** Closed-loop load: `concurrency` keep-alive connections, each sending its next request when the last one answered. */
async function load(port: number, paths: string[], concurrency: number, seconds: number): Promise<Omit<PortalCase, 'name' | 'path'>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const lat: number[] = [];
  let errors = 0;
  let bytes = 0;
  let i = 0;
  const one = () => new Promise<void>((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.get({ host: '127.0.0.1', port, path: paths[i++ % paths.length], agent }, (res) => {
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => { lat.push(ms(t0)); if (res.statusCode !== 200) errors++; resolve(); });
    });
    req.on('error', () => { errors++; resolve(); });
  });
  // Warm-up (plans cached, JIT) for a second, not counted.
  const warmEnd = Date.now() + 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => { while (Date.now() < warmEnd) await one(); }));
  lat.length = 0; errors = 0; bytes = 0;
  const start = process.hrtime.bigint();
  const end = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => { while (Date.now() < end) await one(); }));
  const took = ms(start) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0) * 10) / 10;
  return { requests: lat.length, seconds: Math.round(took * 10) / 10, rps: Math.round(lat.length / took), p50: pct(0.5), p99: pct(0.99), errors, bytes: Math.round(bytes / Math.max(1, lat.length)) };
}

function startChild(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'scripts/bench/portal.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
}

async function explain(db: Database, where: string, args: unknown[]): Promise<string> {
  const rows = (await db.pool.query(`EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF) SELECT id FROM publications p WHERE p.status = 'published' AND ${where} ORDER BY p.completed_on DESC, p.id DESC LIMIT 21`, args)).rows;
  return rows.map((r) => r['QUERY PLAN'] as string).filter((l) => /Scan|Execution|Index Cond|Filter|Rows Removed/.test(l)).map((l) => l.trim().replace(/\s+\(cost.*?\)/g, '').replace(/\(actual rows=(\d+) loops=\d+\)/, '(rows $1)')).join(' → ');
}

export async function benchPortal(n: number, mode: 'postgres' | 'embedded', pgUrl: string): Promise<PortalFigures> {
  const budget = Number(process.env.BENCH_PORTAL_BUDGET_S ?? 420);
  const dataDir = mkdtempSync(join(tmpdir(), 'ss-portal-'));
  const scratch = mode === 'postgres' ? await createPgDatabase(pgUrl, 'ss_bench') : null;
  const db = await openDatabase(scratch ? { url: scratch.url, dataDir } : { dataDir });
  const children: ChildProcess[] = [];
  try {
    process.stderr.write(`portal bench: generating ${n.toLocaleString('en')} results on ${mode} …\n`);
    const gen = await generate(db, n, budget);
    const enterprises = Math.max(1, Math.floor(gen.rows / 5));
    const codes = Array.from({ length: 200 }, (_, k) => `91${String(((k * 7919) % enterprises) + 1).padStart(16, '0')}`);
    const plans: Record<string, string> = {
      newest: await explain(db, 'true', []),
      code: await explain(db, 'p.pub_credit_code = $1', [codes[1]]),
      common: await explain(db, 'p.pub_enterprise_name LIKE $1', ['%化工%']),
      rare: await explain(db, 'p.pub_enterprise_name LIKE $1', ['%滕州鑫裕制药%']),
      orgPeriod: await explain(db, "p.org_id = $1 AND p.completed_on BETWEEN '2024-07-01' AND '2024-09-30'", [2]),
    };
    let server: { child: ChildProcess; port: number };
    if (mode === 'embedded') {
      // The embedded database allows one process: serve from this process's database through the app.
      const { buildApp } = await import('../../src/http/app.ts');
      const app = await buildApp({ database: db, uploadDir: join(dataDir, 'uploads') });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const a = app.server.address();
      server = { child: null as unknown as ChildProcess, port: typeof a === 'object' && a ? a.port : 0 };
    } else {
      server = await startChild(['--serve'], { BENCH_SERVE_URL: scratch!.url, BENCH_SERVE_DIR: dataDir });
      children.push(server.child);
    }
    const plain = await startChild(['--plain'], {});
    children.push(plain.child);
    // The same server with its page cache off: every request queries and renders.
    const cold = mode === 'postgres' ? await startChild(['--serve'], { BENCH_SERVE_URL: scratch!.url, BENCH_SERVE_DIR: dataDir, PORTAL_CACHE_MS: '0' }) : null;
    if (cold) children.push(cold.child);
    const concurrency = Number(process.env.BENCH_PORTAL_CONCURRENCY ?? 16);
    const seconds = Number(process.env.BENCH_PORTAL_SECONDS ?? 8);
    const cases: [string, number, string[]][] = [
      ['plain node:http JSON (same run)', plain.port, ['/']],
      ['/public (newest 20)', server.port, ['/public']],
      ['/public?q=<credit code> (200 codes)', server.port, codes.map((c) => `/public?q=${c}`)],
      ['/public?q=化工 (common keyword)', server.port, [`/public?q=${encodeURIComponent('化工')}`]],
      ['/public?q=滕州鑫裕制药 (rare name)', server.port, [`/public?q=${encodeURIComponent('滕州鑫裕制药')}`]],
      ['/public?org=county&period=2024-Q3', server.port, ['/public?org=county&period=2024-Q3']],
      ['/public/enterprises/<code> (history)', server.port, codes.map((c) => `/public/enterprises/${c}`)],
      ...(cold ? [
        ['no page cache: /public (newest 20)', cold.port, ['/public']],
        ['no page cache: /public?q=<credit code> (200 codes)', cold.port, codes.map((c) => `/public?q=${c}`)],
        ['no page cache: /public?q=化工', cold.port, [`/public?q=${encodeURIComponent('化工')}`]],
        ['no page cache: /public?org=county&period=2024-Q3', cold.port, ['/public?org=county&period=2024-Q3']],
      ] as [string, number, string[]][] : []),
    ];
    const out: PortalCase[] = [];
    for (const [name, port, paths] of cases) {
      process.stderr.write(`  load: ${name} …\n`);
      const r = await load(port, paths, concurrency, seconds);
      out.push({ name, path: paths[0]!, ...r });
      process.stderr.write(`    ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}\n`);
    }
    return { target: n, rows: gen.rows, mode, cores: cpus().length, loadAvg: loadavg(), generateSeconds: Math.round(gen.generateSeconds), indexSeconds: Math.round(gen.indexSeconds), concurrency, seconds, cases: out, plans };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await db.close();
    await scratch?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function portalSection(f: PortalFigures): string {
  const scale = f.rows < f.target ? ` — **${f.rows.toLocaleString('en')} of the ${f.target.toLocaleString('en')} target rows**: generation stopped at the time budget on this shared 2-core machine` : '';
  return `## Public portal (issue #6)

\`node bin/run-ts.js scripts/bench/portal.ts ${f.target} ${f.mode}\` — ${f.rows.toLocaleString('en')} results in \`publications\` (2 % of them pending) on ${f.mode}${scale}.
Generated in ${f.generateSeconds} s, portal indexes rebuilt in ${f.indexSeconds} s. Server in its own process; the load generator
(closed loop, ${f.concurrency} keep-alive connections, ${f.seconds} s per case after 1 s warm-up) on the same ${f.cores}-core machine, load average at the start ${f.loadAvg.map((x) => x.toFixed(1)).join(' / ')}.

| case | req/s | p50 ms | p99 ms | errors | bytes/response |
|---|---:|---:|---:|---:|---:|
${f.cases.map((c) => `| ${c.name} | ${c.rps.toLocaleString('en')} | ${c.p50} | ${c.p99} | ${c.errors} | ${c.bytes.toLocaleString('en')} |`).join('\n')}

Query plans at this scale (EXPLAIN ANALYZE of the page's query):
${Object.entries(f.plans).map(([k, v]) => `- ${k}: ${v}`).join('\n')}

The portal keeps rendered pages for 5 s (PORTAL_CACHE_MS; a publish or redaction in the process
empties it at once); the "no page cache" rows are a second server process with the cache off, so every
request runs the query and renders the page.

Target: at least 1,000 requests/s with p99 under 100 ms at 5,000,000 results. The plain node:http JSON
row is the ceiling of this machine and load generator in the same run.
`;
}

export const writePortalSection = (section: string): void => writeBenchSection('portal-bench', section);

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === '--plain') {
  const body = JSON.stringify({ ok: true, items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: '测试企业有限公司', result: '未发现问题' })) });
  const s = http.createServer((_req, res) => { res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }); res.end(body); });
  s.listen(0, '127.0.0.1', () => { const a = s.address(); process.stdout.write(`PORT ${typeof a === 'object' && a ? a.port : 0}\n`); });
} else if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === '--serve') {
  const { buildApp } = await import('../../src/http/app.ts');
  const db = await openDatabase({ url: process.env.BENCH_SERVE_URL!, dataDir: process.env.BENCH_SERVE_DIR! });
  const app = await buildApp({ database: db, uploadDir: join(process.env.BENCH_SERVE_DIR!, 'uploads') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.address();
  process.stdout.write(`PORT ${typeof a === 'object' && a ? a.port : 0}\n`);
  process.on('SIGTERM', () => { void app.close().then(() => db.close()).then(() => process.exit(0)); });
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 5_000_000);
  const mode = (process.argv[3] ?? 'postgres') as 'postgres' | 'embedded';
  const figures = await benchPortal(n, mode, process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  process.stdout.write('RESULT ' + JSON.stringify(figures) + '\n');
  if (!process.env.BENCH_NO_WRITE) writePortalSection(portalSection(figures));
  process.exit(0);
}
