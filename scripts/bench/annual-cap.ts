/**
 * Benchmark (#9): the annual-cap counting a freeze runs over the whole subtree (every inspection of the
 * year per target: submitted records and open drawn tasks), the 频次预警 list and the 涉企检查 figures,
 * on a jurisdiction of `targets` enterprises with `records` submitted inspection records of the year
 * (a city and two branches; records spread deterministically, a few enterprises visited often, teams
 * of two from one or two departments).
 *
 * `node bin/run-ts.js scripts/bench/annual-cap.ts [targets] [records] [embedded|postgres]` prints the
 * figures and rewrites the "Annual cap" section of docs/benchmarks.md (BENCH_NO_WRITE=1: print only).
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { createPgDatabase } from '../../src/testing/database.ts';
import { insertOrg, insertUser } from '../../src/storage/repos/orgs.ts';
import type { Ctx } from '../../src/services/context.ts';
import { capCounts } from '../../src/services/enterprise-checks/annual-cap.ts';
import { listCapWarnings } from '../../src/services/enterprise-checks/cap-warnings.ts';
import { enterpriseCheckFigures } from '../../src/services/enterprise-checks/figures.ts';
import { writeBenchSection } from './bench-doc.ts';

const ms = (t0: bigint) => Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;

async function seed(db: Database, n: number, r: number): Promise<Ctx> {
  const city = await insertOrg(db.pool, { code: 'capbench', name: '基准市生态环境局', level: '市', parentId: null });
  const branches = [
    await insertOrg(db.pool, { code: 'capbench-a', name: '基准市东区分局', level: '分局', parentId: city.id }),
    await insertOrg(db.pool, { code: 'capbench-b', name: '基准市西区分局', level: '分局', parentId: city.id }),
  ];
  const orgIds = [city.id, branches[0]!.id, branches[1]!.id];
  const userId = await insertUser(db.pool, { orgId: city.id, username: 'capbench', displayName: '基准', role: 'coordinator', passwordHash: 'x' });
  for (const [k, orgId] of orgIds.entries()) {
    const dept = (await db.pool.query(`INSERT INTO departments (org_id, name, kind) VALUES ($1, $2, '执法支队') RETURNING id`, [orgId, `执法${k}队`])).rows[0].id;
    await db.pool.query(
      `INSERT INTO inspectors (org_id, kind, cert_no, name, name_key, department_id, cert_valid_to)
       SELECT $1::int, '执法人员', 'cap-' || $1::int::text || '-' || i, '检查员' || i, 'j' || i, $2::int, '2030-12-31' FROM generate_series(1, 40) AS i`, [orgId, dept],
    );
  }
  const inspectors = (await db.pool.query(`SELECT id FROM inspectors ORDER BY id`)).rows.map((x) => x.id as number);
  const step = 100_000;
  for (let from = 0; from < n; from += step) {
    await db.pool.query(
      `INSERT INTO targets (org_id, kind, identifier, name, name_key)
       SELECT ($1::int[])[1 + i % 3], '排污单位', '91' || lpad(i::text, 16, '0'), '企业' || i, 'qiye' || i FROM generate_series($2::int, $3::int) AS i`,
      [orgIds, from, Math.min(n, from + step) - 1],
    );
  }
  const first = (await db.pool.query(`SELECT min(id)::int AS m FROM targets`)).rows[0].m as number;
  for (let from = 0; from < r; from += step) {
    // Record i: target (i * 7919) mod n for most, a hot tenth of them on 1 % of the enterprises; one or two departments.
    await db.pool.query(
      `INSERT INTO inspection_records (org_id, target_id, kind, counts_to_quota, mode, inspected_on, team, result_category, status, client_key, submitted_at)
       SELECT ($1::int[])[1 + i % 3], $2 + CASE WHEN i % 10 = 0 THEN (i / 10) % GREATEST(1, $5 / 100) ELSE (i::bigint * 7919 % $5)::int END,
              CASE WHEN i % 4 = 0 THEN '投诉举报' ELSE '双随机抽查' END, i % 4 <> 0, '现场',
              DATE '2025-01-01' + (i % 360), ARRAY[($6::int[])[1 + i % 120], ($6::int[])[1 + (i * 3 + CASE WHEN i % 5 = 0 THEN 40 ELSE 1 END) % 120]],
              '未发现问题', 'submitted', 'capbench-' || i, TIMESTAMPTZ '2025-01-01' + (i % 360) * INTERVAL '1 day'
       FROM generate_series($3::int, $4::int) AS i`,
      [orgIds, first, from, Math.min(r, from + step) - 1, n, inspectors],
    );
  }
  await db.pool.query('ANALYZE');
  return { database: db, actor: { id: userId, orgId: city.id, orgPath: city.path, role: 'coordinator', displayName: '基准' }, now: () => new Date('2025-12-31T02:00:00Z') };
}

export interface CapFigures { targets: number; records: number; mode: string; cores: number; loadAvg: number[]; capCountsMs: number; counted: number; warningsMs: number; warningRows: number; figuresMs: number }

export async function benchCap(n: number, r: number, mode: 'embedded' | 'postgres', pgUrl: string): Promise<CapFigures> {
  let db: Database;
  let dispose: () => Promise<void>;
  if (mode === 'embedded') {
    const dir = join('.bench', `cap-${randomBytes(4).toString('hex')}`);
    mkdirSync('.bench', { recursive: true });
    db = await openDatabase({ dataDir: dir });
    dispose = async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); };
  } else {
    const scratch = await createPgDatabase(pgUrl, 'ss_capbench');
    db = await openDatabase({ url: scratch.url, dataDir: '.bench' });
    dispose = async () => { await db.close(); await scratch.drop(); };
  }
  try {
    const t = process.hrtime.bigint();
    const ctx = await seed(db, n, r);
    process.stderr.write(`seeded ${n} targets, ${r} records in ${ms(t)} ms\n`);
    let t0 = process.hrtime.bigint();
    const counts = await capCounts(db.pool, ctx.actor.orgPath, 2025);
    const capCountsMs = ms(t0);
    t0 = process.hrtime.bigint();
    const warnings = await listCapWarnings(ctx, { year: 2025 });
    const warningsMs = ms(t0);
    t0 = process.hrtime.bigint();
    const figures = await enterpriseCheckFigures(ctx, { year: 2025 });
    const figuresMs = ms(t0);
    if (figures.inspections !== r) throw new Error(`figures counted ${figures.inspections} of ${r}`);
    return { targets: n, records: r, mode, cores: cpus().length, loadAvg: loadavg(), capCountsMs, counted: counts.size, warningsMs, warningRows: warnings.rows.length, figuresMs };
  } finally {
    await dispose();
  }
}

export function capSection(f: CapFigures): string {
  return `## Annual cap (涉企检查, #9)

\`scripts/bench/annual-cap.ts\`: ${f.targets.toLocaleString('en')} enterprises of a city and two branches with
${f.records.toLocaleString('en')} submitted inspection records in 2025, ${f.mode} database, ${f.cores} cores
(load average ${f.loadAvg.map((x) => x.toFixed(1)).join(' / ')} while other work shared the machine).

| step | time |
| --- | --- |
| counting every inspection of the year per enterprise (what a freeze adds; ${f.counted.toLocaleString('en')} enterprises counted) | ${f.capCountsMs} ms |
| 频次预警 list (near/at/over the cap, several bodies or departments; ${f.warningRows} rows, capped at 1,000) | ${f.warningsMs} ms |
| 涉企检查 figures (计划合规率, 亮码率, 联合检查率, per enterprise) | ${f.figuresMs} ms |

No target was set by the issue; the count is one grouped query added to a freeze (which reads and
classifies every target anyway); the warning list and the figures are read-only pages.

`;
}

export const writeCapSection = (section: string): void => writeBenchSection('cap-bench', section);

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('annual-cap.ts')) {
  const n = Number(process.argv[2] ?? 200_000);
  const r = Number(process.argv[3] ?? 400_000);
  const mode = (process.argv[4] ?? 'embedded') as 'embedded' | 'postgres';
  const f = await benchCap(n, r, mode, process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  console.log(`RESULT ${JSON.stringify(f)}`);
  if (!process.env.BENCH_NO_WRITE) writeCapSection(capSection(f));
}
