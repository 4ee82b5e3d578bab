/**
 * Dashboard benchmark (issue #7): the 监督统计 figures (services/supervision/figures.ts — every query
 * of the dashboard) over a city with 10 counties, N targets (default 1,000,000), 2,000 inspectors and
 * five years of quarterly draws with about 600,000 tasks a year (3,000,000 in all), 90 % of them
 * inspected (one submitted record each, varied results), a 责令整改 for every record with a problem and
 * a publication for 80 % of the records.
 *
 *   node bin/run-ts.js scripts/bench/dashboard.ts [N=1000000] [postgres|embedded] [tasksPerYear=600000]
 *
 * Rows are generated in SQL (generate_series) on a fresh database migrated like production. For the
 * bulk load the foreign keys and the insert guards of the loaded tables are switched off and the
 * targets' search indexes (name trigram, pinyin, permit, updated — none is read by the dashboard) are
 * dropped; every index the dashboard reads is the migrations' own and exists while loading. Years are
 * generated newest last until BENCH_DASHBOARD_BUDGET_S (default 300 s) runs out; the figures then
 * state the scale reached. Timed: the whole dashboard for the city (subtree of 11 organisations),
 * for one county, and the city's Q2 statistics, RUNS times each after a warm-up; p50 / p95 in ms.
 * Writes the "Dashboard" section of docs/benchmarks.md unless BENCH_NO_WRITE is set.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/storage/database.ts';
import { createPgDatabase, seedMinimalOrgs } from '../../src/testing/database.ts';
import { supervisionFigures } from '../../src/services/supervision/figures.ts';
import { systemActor, type Ctx } from '../../src/services/context.ts';
import * as repo from '../../src/storage/repos/supervision.ts';

export interface DashboardCase { name: string; p50: number; p95: number; max: number }
export interface DashboardFigures {
  /** p50 ms of each query of the city's year, one by one. */
  breakdown: Record<string, number>;
  mode: string; targets: number; tasksPerYear: number; years: number[]; tasks: number; records: number; publications: number;
  generateSeconds: number; backfillSeconds: number;
  /** p50 / p95 ms of one inspection's submission (draft → submitted, with a 责令整改) with the counters' triggers on, at full size. */
  write: { p50: number; p95: number };
  cores: number; loadAvg: number[]; runs: number; cases: DashboardCase[]; budgetHit: boolean;
}

const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 20);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const YEARS = [2022, 2023, 2024, 2025, 2026];
const SV_LOAD_TRIGGERS = [
  ['draw_tasks', 'draw_tasks_sv_insert'], ['inspection_records', 'inspection_records_sv_before_insert'], ['inspection_records', 'inspection_records_sv_after_insert'],
  ['inspection_followups', 'inspection_followups_sv_before_insert'], ['inspection_followups', 'inspection_followups_sv_after_insert'], ['publications', 'publications_sv_insert'],
] as const;
const DROPPED_TARGET_INDEXES = ['targets_name_trgm_idx', 'targets_name_key_idx', 'targets_permit_no_idx', 'targets_updated_idx'];

export async function generate(db: Database, n: number, perYear: number, budgetS: number) {
  const q = db.pool;
  const { city } = await seedMinimalOrgs(db);
  for (let i = 2; i <= 10; i++) {
    await q.query(`INSERT INTO organizations (code, name, level, parent_id, path) VALUES ($1, $2, '县区', $3, '')`, [`county${i}`, `第${i}县生态环境分局`, city.id]);
  }
  await q.query(`UPDATE organizations SET path = $1 || id || '/' WHERE parent_id = $2`, [city.path, city.id]);
  const orgs = (await q.query(`SELECT id FROM organizations WHERE path LIKE $1 ORDER BY id`, [`${city.path}%`])).rows.map((r) => r.id as number);
  const t0 = process.hrtime.bigint();
  for (const d of DROPPED_TARGET_INDEXES) await q.query(`DROP INDEX IF EXISTS ${d}`);
  for (const t of ['draws', 'draw_tasks', 'inspection_records', 'inspection_followups', 'publications', 'targets']) {
    for (const c of (await q.query(`SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'`, [t])).rows) await q.query(`ALTER TABLE ${t} DROP CONSTRAINT ${c.conname}`);
  }
  await q.query(`ALTER TABLE draws DISABLE TRIGGER draws_insert_guard`);
  await q.query(`ALTER TABLE draw_tasks DISABLE TRIGGER draw_tasks_insert_guard`);
  // The counters' row triggers (migration 0012) are off for the bulk load; the migration's own backfill
  // (shuangsui_sv_rebuild) fills the counters afterwards, then the triggers are back on.
  for (const [t, trg] of SV_LOAD_TRIGGERS) await q.query(`ALTER TABLE ${t} DISABLE TRIGGER ${trg}`);
  const orgArr = `ARRAY[${orgs.join(',')}]`;
  // Targets: org by g % 11, every tenth 重点管理.
  for (let done = 0; done < n; done += 250_000) {
    await q.query(`INSERT INTO targets (org_id, kind, identifier, name, name_key, permit_class)
      SELECT (${orgArr})[1 + g % ${orgs.length}], '排污单位', '91' || lpad(g::text, 16, '0'), '企业' || g, 'qy' || g, CASE WHEN g % 10 = 0 THEN '重点管理' END
        FROM generate_series(${done + 1}, ${Math.min(n, done + 250_000)}) g`);
  }
  await q.query(`INSERT INTO inspectors (org_id, kind, cert_no, name, name_key, cert_valid_to)
    SELECT (${orgArr})[1 + g % ${orgs.length}], '执法人员', 'C' || g, '检查员' || g, 'jcy' || g, '2035-12-31' FROM generate_series(1, 2000) g`);
  const minTarget = (await q.query(`SELECT min(id)::int AS m FROM targets`)).rows[0].m as number;
  const minInspector = (await q.query(`SELECT min(id)::int AS m FROM inspectors`)).rows[0].m as number;
  for (const o of orgs) {
    await q.query(`INSERT INTO annual_plans (org_id, profile_key, profile_hash, year, level, revision, status, inputs, lines, decided_at)
      SELECT $1, 'nanshan', 'h', y, 'county', 1, 'approved', '{}', (SELECT json_agg(json_build_object('stratum', '重点', 'label', '重点监管对象', 'item', null, 'period', y || '-Q' || k, 'pool', 10000, 'count', $2::int, 'formula', '', 'drawnBy', null)) FROM generate_series(1, 4) k), now()
        FROM unnest($3::int[]) y`, [o, Math.ceil(perYear / 4 / orgs.length), YEARS]);
  }
  const years: number[] = [];
  let seq = 0;
  let budgetHit = false;
  for (const y of YEARS) {
    if (Number(process.hrtime.bigint() - t0) / 1e9 > budgetS) { budgetHit = true; break; }
    process.stderr.write(`  generating ${y} …\n`);
    for (const [k, o] of orgs.flatMap((o) => [1, 2, 3, 4].map((k) => [k, o] as const))) {
      seq++;
      const period = `${y}-Q${k}`;
      const per = Math.floor(perYear / 4 / orgs.length);
      const start = `${y}-${String(k * 3 - 2).padStart(2, '0')}-01`;
      const drawId = (await q.query(
        `INSERT INTO draws (org_id, seq, draw_no, profile_key, profile_hash, period, draw_date, kind, filter, status, manifest, manifest_hash, commitment, public_value_source, frozen_at, public_value, seed, result_hash, drawn_at, task_count)
         VALUES ($1, $2, $3, 'nanshan', 'h', $4, $5, $6, $7, 'revealed', '{}', 'm', 'c', '掷骰', now(), '1', 's', 'r', now(), $8) RETURNING id`,
        [o, seq, `b-${seq}`, period, start, seq % 5 === 0 ? '定向' : '不定向', seq % 5 === 0 ? '{"campaign":"跨部门联合抽查"}' : '{}', per],
      )).rows[0].id as number;
      await q.query(`INSERT INTO draw_tasks (draw_id, position, target_id, target_key, items, drawn_inspectors, team, dispatched_org_id, status, deadline)
        SELECT $1, g, ${minTarget} + ((g::bigint * 7919 + $2::bigint * 104729) % ${n})::int, 't', CASE WHEN g % 20 = 0 THEN ARRAY['重点监管对象','一般监管对象'] ELSE ARRAY['重点监管对象'] END,
               ARRAY['a','b'], ARRAY[${minInspector} + (g + $2) % 2000, ${minInspector} + (g * 3 + $2 + 1) % 2000], $3,
               CASE WHEN g % 10 = 0 THEN '待检查' ELSE '已检查' END, ($4::date + interval '3 months' - interval '1 day')::date
          FROM generate_series(0, ${per - 1}) g`, [drawId, seq, o, start]);
      await q.query(`INSERT INTO inspection_records (org_id, task_id, target_id, kind, counts_to_quota, mode, inspected_on, team, result_category, status, client_key, submitted_at)
        SELECT t.dispatched_org_id, t.id, t.target_id, '双随机抽查', true, '现场', $2::date + (t.position % 88), t.team,
               CASE WHEN t.position % 100 < 85 THEN '未发现问题' WHEN t.position % 100 < 95 THEN '发现问题，责令整改' WHEN t.position % 100 < 98 THEN '涉嫌环境违法，立案查处' ELSE '属其他部门职责，移交处理' END,
               'submitted', 'b' || t.id, now()
          FROM draw_tasks t WHERE t.draw_id = $1 AND t.status = '已检查'`, [drawId, start]);
      await q.query(`INSERT INTO inspection_followups (record_id, kind, requirement, status)
        SELECT r.id, CASE WHEN r.result_category LIKE '涉嫌环境违法%' THEN '立案' ELSE '责令整改' END, '整改', CASE WHEN r.id % 10 < 7 THEN 'closed' ELSE 'open' END
          FROM inspection_records r JOIN draw_tasks t ON t.id = r.task_id WHERE t.draw_id = $1 AND r.result_category IN ('发现问题，责令整改', '涉嫌环境违法，立案查处')`, [drawId]);
      await q.query(`INSERT INTO publications (org_id, record_id, task_id, draw_id, target_id, period, task_no, task_name, check_type, authority, enterprise_name, credit_code,
                                              inspected_on, completed_on, content, standard_phrase, due_on, status, published_at)
        SELECT r.org_id, r.id, r.task_id, $1, r.target_id, $2, 'T' || r.id, '双随机抽查', '双随机抽查', '生态环境局', '企业', '91', r.inspected_on, r.inspected_on, '污染源', '未发现问题',
               r.inspected_on + 25, CASE WHEN r.id % 10 < 7 THEN 'published' ELSE 'pending' END,
               CASE WHEN r.id % 10 < 7 THEN (r.inspected_on + (r.id % 30))::timestamptz END
          FROM inspection_records r JOIN draw_tasks t ON t.id = r.task_id WHERE t.draw_id = $1 AND r.id % 10 < 8`, [drawId, period]);
    }
    years.push(y);
  }
  await q.query(`ALTER TABLE draws ENABLE TRIGGER draws_insert_guard`);
  await q.query(`ALTER TABLE draw_tasks ENABLE TRIGGER draw_tasks_insert_guard`);
  const generateSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stderr.write(`  backfilling the counters …\n`);
  const t1 = process.hrtime.bigint();
  await q.query(`SELECT shuangsui_sv_rebuild()`);
  const backfillSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  for (const [t, trg] of SV_LOAD_TRIGGERS) await q.query(`ALTER TABLE ${t} ENABLE TRIGGER ${trg}`);
  await q.query(`ANALYZE`);
  const count = async (t: string) => (await q.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n as number;
  return {
    city, orgs, years, budgetHit, generateSeconds, backfillSeconds,
    tasks: await count('draw_tasks'), records: await count('inspection_records'), publications: await count('publications'),
  };
}

function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]! * 10) / 10;
}

export async function benchDashboard(n: number, mode: 'postgres' | 'embedded', perYear: number, pgUrl: string): Promise<DashboardFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'ss-bench-dash-'));
  let drop: (() => Promise<void>) | undefined;
  let db: Database;
  if (mode === 'postgres') {
    const created = await createPgDatabase(pgUrl, 'ss_bench_dash');
    db = await openDatabase({ url: created.url, dataDir: dir });
    drop = created.drop;
  } else db = await openDatabase({ dataDir: dir });
  try {
    const g = await generate(db, n, perYear, Number(process.env.BENCH_DASHBOARD_BUDGET_S ?? 300));
    const year = g.years.at(-1)!;
    const ctx: Ctx = { database: db, actor: systemActor(g.city), now: () => new Date(`${year}-12-31T02:00:00Z`) };
    const county = g.orgs.find((o) => o !== g.city.id)!;
    const cases: [string, () => Promise<unknown>][] = [
      [`city (11 organisations), latest year`, () => supervisionFigures(ctx, { year })],
      [`one county, latest year`, () => supervisionFigures(ctx, { year, orgId: county })],
      [`city, Q2 of the latest year (统计表)`, () => supervisionFigures(ctx, { year, period: `${year}-Q2` })],
    ];
    const out: DashboardCase[] = [];
    for (const [name, fn] of cases) {
      await fn();
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) { const t0 = process.hrtime.bigint(); await fn(); times.push(ms(t0)); }
      out.push({ name, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.round(Math.max(...times)) });
      process.stderr.write(`  ${name}: p50 ${out.at(-1)!.p50} ms, p95 ${out.at(-1)!.p95} ms\n`);
    }
    // The counters' price on the write path: a draft record of a 待检查 task submitted with a follow-up, one transaction each.
    const open = (await db.pool.query(`SELECT t.id, t.target_id, t.dispatched_org_id, t.team FROM draw_tasks t JOIN draws d ON d.id = t.draw_id
      WHERE d.period LIKE $1 AND t.status = '待检查' ORDER BY t.id LIMIT 30`, [`${year}-%`])).rows as { id: number; target_id: number; dispatched_org_id: number; team: number[] }[];
    const writes: number[] = [];
    for (const t of open) {
      const c = await db.pool.connect();
      try {
        await c.query('BEGIN');
        const id = (await c.query(`INSERT INTO inspection_records (org_id, task_id, target_id, kind, counts_to_quota, mode, inspected_on, team, status, client_key)
          VALUES ($1, $2, $3, '双随机抽查', true, '现场', $4, $5, 'draft', $6) RETURNING id`, [t.dispatched_org_id, t.id, t.target_id, `${year}-12-20`, t.team, `w${t.id}`])).rows[0].id as number;
        await c.query('COMMIT');
        const t0 = process.hrtime.bigint();
        await c.query('BEGIN');
        await c.query(`UPDATE draw_tasks SET status = '已检查' WHERE id = $1`, [t.id]);
        await c.query(`UPDATE inspection_records SET status = 'submitted', result_category = '发现问题，责令整改', submitted_at = now() WHERE id = $1`, [id]);
        await c.query(`INSERT INTO inspection_followups (record_id, kind, requirement) VALUES ($1, '责令整改', '整改')`, [id]);
        await c.query('COMMIT');
        writes.push(ms(t0));
      } finally {
        c.release();
      }
    }
    const breakdown: Record<string, number> = {};
    const ids = g.orgs;
    const today = `${year}-12-31`;
    const parts: [string, () => Promise<unknown>][] = [
      ['approvedPlansOf', () => repo.approvedPlansOf(db.pool, ids, year)],
      ['drawFigures', () => repo.drawFigures(db.pool, ids, String(year))],
      ['publicationCounts', () => repo.publicationCounts(db.pool, ids, String(year), today)],
      ['targetFigures', () => repo.targetFigures(db.pool, g.city.id, ids, year, 2, 200)],
      ['inspectorCounts', () => repo.inspectorCounts(db.pool, g.city.id, year)],
    ];
    for (const [name, fn] of parts) {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) { const t0 = process.hrtime.bigint(); await fn(); times.push(ms(t0)); }
      breakdown[name] = quantile(times, 0.5);
    }
    process.stderr.write(`  breakdown ${JSON.stringify(breakdown)}\n`);
    return {
      breakdown, mode, targets: n, tasksPerYear: perYear, years: g.years, tasks: g.tasks, records: g.records, publications: g.publications,
      generateSeconds: Math.round(g.generateSeconds), backfillSeconds: Math.round(g.backfillSeconds), write: { p50: quantile(writes, 0.5), p95: quantile(writes, 0.95) }, cores: cpus().length, loadAvg: loadavg().map((x) => Math.round(x * 100) / 100), runs: RUNS, cases: out, budgetHit: g.budgetHit,
    };
  } finally {
    await db.close();
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The "Dashboard" section of docs/benchmarks.md. */
export function dashboardSection(rs: DashboardFigures[]): string {
  const scale = rs.map((r) => `- ${r.mode}: ${r.targets.toLocaleString('en')} targets, ${r.tasks.toLocaleString('en')} tasks over ${r.years.length} year(s) (${r.years.join(', ')}), ${r.records.toLocaleString('en')} records, ${r.publications.toLocaleString('en')} publications; generated in ${r.generateSeconds} s, counters backfilled in ${r.backfillSeconds} s${r.budgetHit ? ' — **the generation budget ran out before five years: this is the largest scale reached**' : ''}. Load average at the end ${r.loadAvg.join(' / ')}.`).join('\n');
  const names = rs[0]?.cases.map((c) => c.name) ?? [];
  const table = [`| dashboard (all its queries) | ${rs.map((r) => r.mode).join(' | ')} |`, `|---|${rs.map(() => '---:').join('|')}|`,
    ...names.map((nm, i) => `| ${nm} | ${rs.map((r) => (r.cases[i] ? `${r.cases[i]!.p50} / **${r.cases[i]!.p95}**` : '—')).join(' | ')} |`)].join('\n');
  const verdict = rs.map((r) => `${r.mode}: ${r.cases.every((c) => c.p95 < 200) ? 'met' : `not met (worst p95 ${Math.max(...r.cases.map((c) => c.p95))} ms)`}`).join('; ');
  return `## Dashboard (监督统计, #7)

\`node bin/run-ts.js scripts/bench/dashboard.ts [N] [postgres|embedded] [tasksPerYear]\`: the figures of
services/supervision/figures.ts (plan lines, tasks per period, completions per month, results and
follow-ups, publications, record totals, the 无事不扰 candidates, per-inspector counts), i.e. every
query the 监督统计 page sends, ${rs[0]?.runs ?? RUNS} runs after a warm-up; p50 / **p95** in milliseconds.
${rs[0]?.cores ?? cpus().length} cores shared with other work.

${scale}

${table}

Target (issue #7): under 200 ms p95 with 1,000,000 targets and ~3,000,000 tasks — ${verdict}.
`;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('dashboard.ts')) {
  const n = Number(process.argv[2] ?? 1_000_000);
  const mode = (process.argv[3] ?? 'embedded') as 'postgres' | 'embedded';
  const perYear = Number(process.argv[4] ?? 600_000);
  const figures = await benchDashboard(n, mode, perYear, process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  process.stdout.write('RESULT ' + JSON.stringify(figures) + '\n');
  if (!process.env.BENCH_NO_WRITE) {
    const doc = readFileSync('docs/benchmarks.md', 'utf8');
    const section = `<!-- dashboard-bench -->\n${dashboardSection([figures])}<!-- /dashboard-bench -->\n`;
    writeFileSync('docs/benchmarks.md', /<!-- dashboard-bench -->[\s\S]*<!-- \/dashboard-bench -->\n/.test(doc) ? doc.replace(/<!-- dashboard-bench -->[\s\S]*<!-- \/dashboard-bench -->\n/, section) : `${doc}\n${section}`);
  }
}
