/**
 * Benchmark: a classification run and an annual plan over a demo jurisdiction of N targets, on the
 * embedded database (or PostgreSQL with BENCH_DATABASE_URL set):
 *   node bin/run-ts.js scripts/bench/classification.ts [N=20000] [profile=wulong] [period=2026-Q1]
 * A second run is timed too (it also counts the changes against the first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { createPgDatabase } from '../../src/testing/database.ts';
import { seedDemo } from '../../src/services/seed-demo.ts';
import { listRootOrgs } from '../../src/storage/repos/orgs.ts';
import { systemActor, type Ctx } from '../../src/services/context.ts';
import { runClassification } from '../../src/services/classification/run-classification.ts';
import { computeOrgPlan } from '../../src/services/policy/compute-org-plan.ts';

const [n = 20000, profileKey = 'wulong', period = '2026-Q1'] = [Number(process.argv[2] ?? 20000), process.argv[3], process.argv[4]] as [number, string, string];
const pgServer = process.env.BENCH_DATABASE_URL;
const dir = mkdtempSync(join(tmpdir(), 'ss-bench-class-'));
let database: Database;
let drop: (() => Promise<void>) | undefined;
if (pgServer) {
  const created = await createPgDatabase(pgServer, 'ss_bench');
  database = await openDatabase({ url: created.url, dataDir: dir });
  drop = created.drop;
} else database = await openDatabase({ dataDir: dir });

try {
  const t = performance.now();
  const seeded = await seedDemo(database, { targets: n, historyEnd: '2026-03-31' });
  const seedSecs = (performance.now() - t) / 1000;
  const root = (await listRootOrgs(database.pool))[0]!;
  const ctx: Ctx = { database, actor: systemActor(root), now: () => new Date('2026-03-31T12:00:00Z') };
  const year = Number(period.slice(0, 4));
  const timed = async (what: string, fn: () => Promise<unknown>) => {
    const t0 = performance.now();
    await fn();
    const secs = (performance.now() - t0) / 1000;
    console.log(`${what}: ${secs.toFixed(2)} s, ${Math.round(n / secs).toLocaleString('en')} targets/s`);
  };
  console.log(`${pgServer ? 'PostgreSQL' : 'embedded'}; seeded ${seeded.targets} targets, ${seeded.events} events in ${seedSecs.toFixed(1)} s`);
  await timed(`classification run 1 (${profileKey}, ${period})`, () => runClassification(ctx, { profileKey, period }));
  await timed('classification run 2 (with the diff against run 1)', () => runClassification(ctx, { profileKey, period }));
  await timed(`annual plan ${year} from the directories`, () => computeOrgPlan(ctx, { profileKey, year, planned: { '12-环评报告编制单位': 1 } }));
  console.log(`RSS of this process at the end ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
} finally {
  await database.close();
  await drop?.();
  rmSync(dir, { recursive: true, force: true });
}
