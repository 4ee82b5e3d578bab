/**
 * `npm run bench`: runs the benchmarks and rewrites docs/benchmarks.md. Sizes can be narrowed with
 * BENCH_SIZES=100000 and the PostgreSQL server chosen with BENCH_DATABASE_URL (default: the local
 * test server, skipped when unreachable). Each size runs in its own process so peak memory is its own.
 */
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import type { ImportFigures } from './import-targets.ts';

const sizes = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const pgUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

if (process.argv[2] === '--one') {
  const { benchImport } = await import('./import-targets.ts');
  const figures = await benchImport(Number(process.argv[3]), process.argv[4] as 'embedded' | 'postgres', pgUrl);
  process.stdout.write('RESULT ' + JSON.stringify(figures) + '\n');
  process.exit(0);
}

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: pgUrl });
  try { await c.connect(); await c.end(); return true; } catch { return false; }
}

const modes: ('embedded' | 'postgres')[] = ['embedded'];
if (await pgReachable()) modes.push('postgres');
const results: ImportFigures[] = [];
const { demoTargetsCsv } = await import('./import-targets.ts');
for (const n of sizes) {
  process.stderr.write(`bench: writing ${n} demo targets to CSV …\n`);
  await demoTargetsCsv(n);
  for (const mode of modes) {
    process.stderr.write(`bench: import ${n} targets on ${mode} …\n`);
    const run = spawnSync(process.execPath, ['--max-old-space-size=384', 'bin/run-ts.js', 'scripts/bench/index.ts', '--one', String(n), mode], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) { process.stderr.write(`bench failed for ${n} on ${mode}\n${run.stdout}\n`); process.exitCode = 1; continue; }
    const r = JSON.parse(line.slice(7)) as ImportFigures;
    results.push(r);
    process.stderr.write(`  ${JSON.stringify(r)}\n`);
  }
}

// Freeze + draw over 1,000,000 targets (scripts/bench/draw.ts), in its own process.
process.stderr.write('bench: draw over 1,000,000 targets …\n');
const drawRun = spawnSync(process.execPath, ['bin/run-ts.js', 'scripts/bench/draw.ts', '1000000', 'embedded'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24, env: { ...process.env, BENCH_NO_WRITE: '1' } });
const drawLine = drawRun.stdout.split('\n').find((l) => l.startsWith('RESULT '));
if (!drawLine) { process.stderr.write(`draw bench failed\n${drawRun.stdout}\n`); process.exitCode = 1; }
const { drawSection } = await import('./draw.ts');
const drawDoc = drawLine ? `<!-- draw-bench -->\n${drawSection(JSON.parse(drawLine.slice(7)))}<!-- /draw-bench -->\n` : '';

// The public portal under load over 5,000,000 published results (scripts/bench/portal.ts), PostgreSQL when reachable.
process.stderr.write('bench: portal over 5,000,000 published results …\n');
const portalRun = spawnSync(process.execPath, ['bin/run-ts.js', 'scripts/bench/portal.ts', '5000000', modes.includes('postgres') ? 'postgres' : 'embedded'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24, env: { ...process.env, BENCH_NO_WRITE: '1' } });
const portalLine = portalRun.stdout.split('\n').find((l) => l.startsWith('RESULT '));
if (!portalLine) { process.stderr.write(`portal bench failed\n${portalRun.stdout}\n`); process.exitCode = 1; }
const { portalSection } = await import('./portal.ts');
const portalDoc = portalLine ? `<!-- portal-bench -->\n${portalSection(JSON.parse(portalLine.slice(7)))}<!-- /portal-bench -->\n` : '';

// The 监督统计 dashboard over 1,000,000 targets and five years of tasks (scripts/bench/dashboard.ts), each database in its own process.
const { dashboardSection } = await import('./dashboard.ts');
const dashboardResults = [];
for (const mode of modes) {
  process.stderr.write(`bench: dashboard over 1,000,000 targets on ${mode} …\n`);
  const run = spawnSync(process.execPath, ['bin/run-ts.js', 'scripts/bench/dashboard.ts', '1000000', mode], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24, env: { ...process.env, BENCH_NO_WRITE: '1' } });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) { process.stderr.write(`dashboard bench failed on ${mode}\n${run.stdout}\n`); process.exitCode = 1; continue; }
  dashboardResults.push(JSON.parse(line.slice(7)));
}
const dashboardDoc = dashboardResults.length ? `<!-- dashboard-bench -->\n${dashboardSection(dashboardResults)}<!-- /dashboard-bench -->\n` : '';

// 涉企检查 (#9): the annual-cap count a freeze adds, the 频次预警 list and the figures over 200,000 enterprises with 400,000 records (scripts/bench/annual-cap.ts).
process.stderr.write('bench: annual cap over 200,000 enterprises …\n');
const capMode = modes.includes('postgres') ? 'postgres' : 'embedded';
const capRun = spawnSync(process.execPath, ['bin/run-ts.js', 'scripts/bench/annual-cap.ts', '200000', '400000', capMode], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24, env: { ...process.env, BENCH_NO_WRITE: '1', BENCH_DATABASE_URL: pgUrl } });
const capLine = capRun.stdout.split('\n').find((l) => l.startsWith('RESULT '));
if (!capLine) { process.stderr.write(`annual-cap bench failed\n${capRun.stdout}\n`); process.exitCode = 1; }
const { capSection } = await import('./annual-cap.ts');
const capDoc = capLine ? `<!-- cap-bench -->\n${capSection(JSON.parse(capLine.slice(7)))}<!-- /cap-bench -->\n` : '';

// 200 inspectors submitting records with photos for 60 s (scripts/bench/load-inspections.ts, #8), each database in its own process.
const { loadSection } = await import('./load-inspections.ts');
const loadResults = [];
for (const mode of modes) {
  process.stderr.write(`bench: 200 inspectors submitting for 60 s on ${mode} …\n`);
  const run = spawnSync(process.execPath, ['bin/run-ts.js', 'scripts/bench/load-inspections.ts', '200', '60', mode], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24, env: { ...process.env, BENCH_NO_WRITE: '1', BENCH_DATABASE_URL: pgUrl } });
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line || run.status !== 0) { process.stderr.write(`load bench failed on ${mode}\n${run.stdout}\n`); process.exitCode = 1; }
  if (line) loadResults.push(JSON.parse(line.slice(7)));
}
const loadDoc = loadResults.length ? `<!-- load-bench -->\n${loadSection(loadResults)}<!-- /load-bench -->\n` : '';

function listTable(rs: ImportFigures[]): string {
  if (!rs.length) return '';
  const labels = Object.keys(rs[0]!.list);
  const head = `| query | ${rs.map((r) => `${r.rows.toLocaleString('en')} ${r.mode}`).join(' | ')} |\n|---|${rs.map(() => '---:').join('|')}|`;
  return [head, ...labels.map((l) => `| ${l} | ${rs.map((r) => (r.list[l] ? `${r.list[l]!.p50} / ${r.list[l]!.p95}` : '—')).join(' | ')} |`)].join('\n');
}

const rows = results.map((r) => `| ${r.rows.toLocaleString('en')} | ${r.mode} | ${r.importSeconds.toFixed(1)} s | ${r.importRowsPerSecond.toLocaleString('en')} | ${r.plainSeconds.toFixed(1)} s | ${r.plainRowsPerSecond.toLocaleString('en')} | ${r.peakServerMb} MB | ${r.peakDatabaseMb === null ? '—' : r.peakDatabaseMb + ' MB'} |`);
const doc = `# Benchmarks

Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} — ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.

## Importing demo targets from CSV

The import is the real use case (\`shuangsui import targets FILE\`): one streaming pass in one
transaction — every row validated, valid batches upserted with multi-row \`unnest\` statements (one
version snapshot per record) while the next batch is parsed. "Plain INSERT" writes the same rows, parsed the same way, with multi-row
\`INSERT … VALUES\` batches of 1,000 in one transaction, without validation, pinyin keys or versions.
Peak memory is the high-water RSS of the process running the import (started with the server's
\`--max-old-space-size=384\`, as \`npm start\` and the \`shuangsui\` command do), and separately of the
embedded database process.

| rows | database | import | import rows/s | plain INSERT | plain rows/s | peak server memory | peak embedded DB memory |
|---:|---|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

## Directory list queries after the import

The queries the 检查对象名录库 page sends (20 rows a page, with the capped total), through the list use
case, 30 runs each; p50 / p95 in milliseconds.

${listTable(results)}

Deep pages (第 500 页 = OFFSET 9,980) and broad filters read through the sort index; they are the
slow end of the list. Up to 2,000 matches are counted exactly, beyond that the total is the
planner's estimate (shown as 「共约 N 条」).

Targets (issue #2): 100,000 rows in under 15 s; 1,000,000 rows with the server's peak memory under 500 MB.

${drawDoc}
${portalDoc}
${dashboardDoc}
${capDoc}
${loadDoc}
## Manual measurements

- \`npx tsx scripts/bench/files-io.ts [csvRows] [xlsxRows]\` — spreadsheet read/write speed and memory.
- \`npx tsx scripts/bench/demo-generate.ts [targets] [--csv]\` — demo generator speed.
`;
writeFileSync('docs/benchmarks.md', doc);
process.stderr.write('wrote docs/benchmarks.md\n');
