/**
 * Benchmark: import N demo targets from CSV through the real import use case, next to a plain
 * multi-row INSERT of the same rows, on the embedded database and (when reachable) PostgreSQL.
 * Peak memory is the high-water RSS of this process plus, in embedded mode, the database process.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { generateJurisdiction, generateTargets, targetCsvHeader, targetCsvRow } from '../../src/demo/generate.ts';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { createPgDatabase } from '../../src/testing/database.ts';
import { seedDemo } from '../../src/services/seed-demo.ts';
import { runImportJob } from '../../src/services/directory/import-jobs.ts';
import { listRootOrgs } from '../../src/storage/repos/orgs.ts';
import { systemActor, type Ctx } from '../../src/services/context.ts';
import { listDirectory } from '../../src/services/directory/list-records.ts';
import type { ListQuery } from '../../src/http/contract.ts';
import { CATALOGUES, cellsFromJson, parseRecord } from '../../src/services/directory/catalogue.ts';

const BENCH_DIR = '.bench';

/** Writes N demo targets as CSV (cached between runs). */
export async function demoTargetsCsv(n: number): Promise<string> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(BENCH_DIR, `targets-${n}.csv`);
  if (existsSync(file)) return file;
  const out = createWriteStream(file + '.part');
  const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  out.write('\uFEFF' + targetCsvHeader().map(cell).join(',') + '\r\n');
  const opts = { targets: n };
  for (const t of generateTargets(opts, generateJurisdiction(opts).orgs)) {
    if (!out.write(targetCsvRow(t).map(cell).join(',') + '\r\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const { renameSync } = await import('node:fs');
  renameSync(file + '.part', file);
  return file;
}

function hwmKb(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * A fresh database holding the demo jurisdiction without targets. The embedded one is closed and
 * reopened, so its process's peak memory reflects the work measured, not initdb.
 */
async function freshDatabase(mode: 'embedded' | 'postgres', pgUrl?: string): Promise<{ db: Database; dispose: () => Promise<void>; childPid?: number }> {
  if (mode === 'embedded') {
    const dir = join(BENCH_DIR, `db-${randomBytes(4).toString('hex')}`);
    const first = await openDatabase({ dataDir: dir });
    await seedDemo(first, { targets: 0 });
    await first.close();
    const db = await openDatabase({ dataDir: dir });
    return { db, childPid: db.childPid, dispose: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const scratch = await createPgDatabase(pgUrl!, 'ss_bench');
  const db = await openDatabase({ url: scratch.url, dataDir: BENCH_DIR });
  await seedDemo(db, { targets: 0 });
  return { db, dispose: async () => { await db.close(); await scratch.drop(); } };
}

/** p50/p95 latency (ms) of the admin list queries the directory page sends, 30 runs each. */
async function benchList(ctx: Ctx): Promise<ImportFigures['list']> {
  const some = (await listDirectory(ctx, 'targets', { page: 200, pageSize: 1, sort: 'name' })).rows[0]!;
  const queries: Record<string, ListQuery> = {
    '第 1 页（按名称）': { page: 1, pageSize: 20, sort: 'name' },
    '第 500 页': { page: 500, pageSize: 20, sort: 'name' },
    '最近更新': { page: 1, pageSize: 20, sort: '-updatedAt' },
    '名称包含「化工」': { q: '化工', page: 1, pageSize: 20, sort: 'name' },
    '名称包含 4 字': { q: String(some.name).slice(0, 4), page: 1, pageSize: 20, sort: 'name' },
    '信用代码精确': { q: String(some.identifier), page: 1, pageSize: 20, sort: 'name' },
    '重点管理+正常': { permitClass: '重点管理', status: '正常', page: 1, pageSize: 20, sort: 'name' },
  };
  const out: ImportFigures['list'] = {};
  for (const [label, query] of Object.entries(queries)) {
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      await listDirectory(ctx, 'targets', query);
      times.push(performance.now() - t0);
    }
    times.sort((x, y) => x - y);
    out[label] = { p50: Math.round(times[14]!), p95: Math.round(times[28]!) };
  }
  return out;
}

export interface ImportFigures { list: Record<string, { p50: number; p95: number }>; mode: string; rows: number; importSeconds: number; importRowsPerSecond: number; plainSeconds: number; plainRowsPerSecond: number; peakServerMb: number; peakDatabaseMb: number | null }

/** Imports the CSV into a fresh database and times a plain INSERT of the same rows into another. */
export async function benchImport(n: number, mode: 'embedded' | 'postgres', pgUrl?: string): Promise<ImportFigures> {
  const file = await demoTargetsCsv(n);
  const a = await freshDatabase(mode, pgUrl);
  let importSeconds: number;
  let peakDb: number | null = null;
  let list: ImportFigures['list'] = {};
  try {
    const root = (await listRootOrgs(a.db.pool))[0]!;
    const ctx = { database: a.db, actor: systemActor(root), now: () => new Date() };
    const t0 = performance.now();
    const job = await runImportJob(ctx, { entity: 'targets', path: file, fileName: file, dryRun: false });
    importSeconds = (performance.now() - t0) / 1000;
    if (job.status !== 'imported') throw new Error(`import ${job.status}: ${job.message} ${JSON.stringify(job.issues.slice(0, 3))}`);
    if (a.childPid) peakDb = hwmKb(a.childPid) / 1024;
    list = await benchList(ctx);
  } finally {
    await a.dispose();
  }
  const peakServer = hwmKb(process.pid) / 1024;

  // Baseline: the same rows, parsed the same way, written with plain multi-row INSERT … VALUES.
  const b = await freshDatabase(mode, pgUrl);
  let plainSeconds: number;
  try {
    const orgId = (await listRootOrgs(b.db.pool))[0]!.id;
    const cat = CATALOGUES.targets;
    const cols = cat.def.columns;
    const opts = { targets: n };
    const t0 = performance.now();
    const client = await b.db.pool.connect();
    await client.query('BEGIN');
    let batch: unknown[][] = [];
    const flush = async () => {
      const values = batch.map((_, i) => `(${[0, ...cols.map((_, j) => j + 1)].map((j) => `$${i * (cols.length + 1) + j + 1}`).join(',')})`);
      await client.query(`INSERT INTO targets (org_id, ${cols.map((c) => c.column).join(',')}) VALUES ${values.join(',')}`, batch.flat());
      batch = [];
    };
    for (const t of generateTargets(opts, generateJurisdiction(opts).orgs)) {
      const { record } = parseRecord(cat, cellsFromJson(cat.fields, t));
      batch.push([orgId, ...cols.map((c) => (c.key === 'nameKey' ? '' : c.type === 'text[]' ? (record[c.key] as string[]) : record[c.key] ?? (c.type === 'bool' ? false : null)))]);
      if (batch.length >= 1000) await flush();
    }
    if (batch.length) await flush();
    await client.query('COMMIT');
    client.release();
    plainSeconds = (performance.now() - t0) / 1000;
  } finally {
    await b.dispose();
  }
  return {
    list, mode, rows: n, importSeconds, importRowsPerSecond: Math.round(n / importSeconds),
    plainSeconds, plainRowsPerSecond: Math.round(n / plainSeconds), peakServerMb: Math.round(peakServer), peakDatabaseMb: peakDb === null ? null : Math.round(peakDb),
  };
}
