/**
 * The supervision counters of migration 0012 (kept by triggers) against a recount from the source
 * tables (src/testing/supervision-recount.ts — the row-scanning queries the dashboard ran before):
 * after the supervision fixture, after a few hundred seeded random changes (draws drawn, abandoned and
 * revealed, tasks done and undone, drafts moved between tasks and submitted, targeted records,
 * follow-ups opened, closed and re-kinded, publications created, published and re-dated, records in
 * three years), and after an organisation moves under a new parent. Also: the counters kept
 * incrementally equal the migration's backfill (shuangsui_sv_rebuild) row for row.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { seedSupervisionFixture, type SupervisionFixture } from '../../testing/supervision-fixture.ts';
import {
  recountDrawFigures, recountInspectorCounts, recountPublicationCounts, recountTargetFigures,
} from '../../testing/supervision-recount.ts';
import { drawFigures, inspectorCounts, publicationCounts, targetFigures } from './supervision.ts';

let db: TestDatabase;
let f: SupervisionFixture;

before(async () => {
  db = await openTestDatabase();
  f = await seedSupervisionFixture(db);
});
after(async () => { await db?.dispose(); });

const YEARS = [2025, 2026, 2027];
const sortBy = <T>(xs: T[]) => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

/** Every figure the dashboard reads, for every organisation's subtree, year and several periods: counters = recount. */
async function assertConsistent(label: string): Promise<number> {
  const q = db.pool;
  const orgs = (await q.query(`SELECT id, path FROM organizations WHERE path <> '' ORDER BY id`)).rows as { id: number; path: string }[];
  let compared = 0;
  for (const org of orgs) {
    const ids = orgs.filter((o) => o.path.startsWith(org.path)).map((o) => o.id);
    for (const y of YEARS) {
      for (const scope of [`${y}`, `${y}-Q1`, `${y}-Q2`, `${y}-Q4`, `${y}-H1`, `${y}-05`]) {
        const got = await drawFigures(q, ids, scope);
        const want = await recountDrawFigures(q, ids, scope);
        const at = `${label}: org ${org.id}, ${scope}`;
        assert.deepEqual(sortBy(got.tasks), sortBy(want.tasks), `${at}: tasks`);
        assert.deepEqual(sortBy(got.completions), sortBy(want.completions), `${at}: completions`);
        assert.deepEqual(sortBy(got.results), sortBy(want.results), `${at}: results`);
        for (const today of [`${y}-02-05`, `${y + 1}-01-04`]) {
          assert.deepEqual(sortBy(await publicationCounts(q, ids, scope, today)), sortBy(await recountPublicationCounts(q, ids, scope, today)), `${at}: publications as of ${today}`);
        }
        compared++;
      }
      for (const min of [1, 2]) {
        const got = await targetFigures(q, org.id, ids, y, min, 10_000);
        const want = await recountTargetFigures(q, ids, y, min, 10_000);
        assert.deepEqual(got, want, `${label}: org ${org.id}, ${y}: targets (min ${min})`);
      }
      assert.deepEqual(await inspectorCounts(q, org.id, y), await recountInspectorCounts(q, ids, y), `${label}: org ${org.id}, ${y}: inspectors`);
    }
  }
  return compared;
}

const COUNTERS: [string, string][] = [
  ['sv_task_counts', 'org_id, period, month'], ['sv_publication_counts', 'org_id, period, due_on, state'],
  ['sv_target_year', 'scope_org_id, year, target_id'], ['sv_record_year', 'scope_org_id, year'], ['sv_inspector_year', 'scope_org_id, year, inspector_id'],
];

/** The counter tables (all-zero rows left by decrements dropped) before and after a rebuild from scratch, in a rolled-back transaction. */
async function assertEqualsRebuild(label: string) {
  const client = await db.pool.connect();
  try {
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const [t, key] of COUNTERS) {
        const rows = (await client.query(`SELECT * FROM ${t} ORDER BY ${key}`)).rows as Record<string, unknown>[];
        const keyCols = key.split(', ');
        out[t] = rows.filter((r) => Object.entries(r).some(([k, v]) => !keyCols.includes(k) && v !== 0));
      }
      return out;
    };
    await client.query('BEGIN');
    const kept = await snapshot();
    await client.query('SELECT shuangsui_sv_rebuild()');
    const rebuilt = await snapshot();
    await client.query('ROLLBACK');
    for (const [t] of COUNTERS) assert.deepEqual(kept[t], rebuilt[t], `${label}: ${t}`);
    return kept;
  } finally {
    client.release();
  }
}

/** mulberry32: the seeded sequence of random changes is the same on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RESULTS = ['未发现问题', '发现问题，责令整改', '涉嫌环境违法，立案查处', '涉嫌犯罪，移送司法机关', '属其他部门职责，移交处理'];
const PERIODS = ['2025-Q4', '2026', '2026-Q1', '2026-Q2', '2026-H1', '2026-05', '2026-Q4', '2027-Q1'];

/** `n` seeded random changes through plain SQL (as the fixture writes), each one of the kinds the counters must follow. */
async function randomChanges(seed: number, n: number): Promise<Record<string, number>> {
  const q = db.pool;
  const rnd = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const targets = Object.values(f.targetIds);
  const orgs = [f.city.id, f.county.id];
  const inspectors = [...f.inspectorIds.city, ...f.inspectorIds.county];
  const day = () => `${pick(YEARS)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
  const team = () => (rnd() < 0.1 ? [pick(inspectors), pick(inspectors), pick(inspectors)] : [pick(inspectors), pick(inspectors)]);
  const done: Record<string, number> = {};
  let seq = (await q.query(`SELECT coalesce(max(seq), 0)::int AS s FROM draws`)).rows[0].s as number;
  let key = 0;
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T | undefined> => (await q.query(sql, params)).rows[0] as T | undefined;
  const insertRecord = async (orgId: number, taskId: number | null, targetId: number, status: 'draft' | 'submitted') => (await one<{ id: number }>(
    `INSERT INTO inspection_records (org_id, task_id, target_id, kind, counts_to_quota, mode, inspected_on, team, result_category, status, client_key, submitted_at)
     VALUES ($1, $2, $3, $4, $5, '现场', $6, $7, $8, $9, $10, CASE WHEN $9 = 'submitted' THEN now() END) RETURNING id`,
    [orgId, taskId, targetId, taskId ? '双随机抽查' : '投诉举报', taskId !== null, day(), team(), rnd() < 0.1 ? null : pick(RESULTS), status, `rnd-${seed}-${++key}`],
  ))!.id;
  const freeTask = () => one<{ id: number; target_id: number; dispatched_org_id: number }>(
    `SELECT t.id, t.target_id, t.dispatched_org_id FROM draw_tasks t
      WHERE NOT EXISTS (SELECT 1 FROM inspection_records r WHERE r.task_id = t.id) ORDER BY md5(t.id::text || $1) LIMIT 1`, [String(rnd())]);
  const ops: [string, () => Promise<boolean>][] = [
    ['draw', async () => {
      seq++;
      const orgId = pick(orgs);
      const cross = rnd() < 0.3;
      const id = (await one<{ id: number }>(
        `INSERT INTO draws (org_id, seq, draw_no, profile_key, profile_hash, period, draw_date, kind, filter, joint_partners, status, manifest, manifest_hash, commitment, public_value_source, frozen_at)
         VALUES ($1, $2, $3, 'nanshan', 'h', $4, '2026-01-02', $5, $6, $7, 'frozen', '{}', 'mh', 'c', '掷骰', now()) RETURNING id`,
        [orgId, seq, `rnd-${seed}-${seq}`, pick(PERIODS), cross ? '定向' : '不定向', JSON.stringify(cross ? { campaign: '跨部门联合抽查' } : {}), cross ? ['市场监管局'] : []],
      ))!.id;
      const k = 1 + Math.floor(rnd() * 4);
      for (let i = 0; i < k; i++) {
        await q.query(
          `INSERT INTO draw_tasks (draw_id, position, target_id, target_key, items, drawn_inspectors, team, dispatched_org_id) VALUES ($1, $2, $3, 't', $4, '{}', $5, $6)`,
          [id, i, pick(targets), rnd() < 0.3 ? ['重点监管对象', '一般监管对象'] : ['重点监管对象'], team(), rnd() < 0.8 ? orgId : pick(orgs)],
        );
      }
      const r = rnd();
      if (r < 0.75) await q.query(`UPDATE draws SET status = 'drawn', public_value = '1', seed = 's', result_hash = 'r', drawn_at = now(), task_count = $2 WHERE id = $1`, [id, k]);
      else if (r < 0.9) await q.query(`UPDATE draws SET status = 'abandoned', abandon_reason = '随机放弃' WHERE id = $1`, [id]);
      return true;
    }],
    ['reveal', async () => {
      const d = await one<{ id: number }>(`SELECT id FROM draws WHERE status = 'drawn' ORDER BY md5(id::text || $1) LIMIT 1`, [String(rnd())]);
      if (!d) return false;
      await q.query(`UPDATE draws SET status = 'revealed', revealed_at = now() WHERE id = $1`, [d.id]);
      return true;
    }],
    ['submit', async () => {
      const t = await freeTask();
      if (!t) return false;
      if (rnd() < 0.9) await q.query(`UPDATE draw_tasks SET status = '已检查' WHERE id = $1`, [t.id]);
      if (rnd() < 0.5) {
        await insertRecord(t.dispatched_org_id, t.id, t.target_id, 'submitted');
      } else {
        const id = await insertRecord(t.dispatched_org_id, t.id, t.target_id, 'draft');
        await q.query(`UPDATE inspection_records SET result_category = $2, inspected_on = $3 WHERE id = $1`, [id, pick(RESULTS), day()]);
        await q.query(`UPDATE inspection_records SET status = 'submitted', submitted_at = now() WHERE id = $1`, [id]);
      }
      return true;
    }],
    ['draft moved to another task, then submitted', async () => {
      const a = await freeTask();
      if (!a) return false;
      const id = await insertRecord(a.dispatched_org_id, a.id, a.target_id, 'draft');
      const b = await freeTask();
      if (!b) return false;
      await q.query(`UPDATE inspection_records SET task_id = $2, target_id = $3, org_id = $4 WHERE id = $1`, [id, b.id, b.target_id, b.dispatched_org_id]);
      if (rnd() < 0.8) await q.query(`UPDATE inspection_records SET status = 'submitted', submitted_at = now() WHERE id = $1`, [id]);
      return true;
    }],
    ['targeted record', async () => {
      await insertRecord(pick(orgs), null, pick(targets), rnd() < 0.8 ? 'submitted' : 'draft');
      return true;
    }],
    ['task status', async () => {
      const t = await one<{ id: number; status: string }>(`SELECT id, status FROM draw_tasks ORDER BY md5(id::text || $1) LIMIT 1`, [String(rnd())]);
      if (!t) return false;
      await q.query(`UPDATE draw_tasks SET status = $2 WHERE id = $1`, [t.id, t.status === '待检查' ? '已检查' : '待检查']);
      return true;
    }],
    ['follow-up opened', async () => {
      const r = await one<{ id: number }>(`SELECT id FROM inspection_records ORDER BY md5(id::text || $1) LIMIT 1`, [String(rnd())]);
      if (!r) return false;
      await q.query(`INSERT INTO inspection_followups (record_id, kind, requirement, status) VALUES ($1, $2, '整改', $3)`,
        [r.id, pick(['责令整改', '责令整改', '立案', '移送']), rnd() < 0.3 ? 'closed' : 'open']);
      return true;
    }],
    ['follow-up closed or re-kinded', async () => {
      const x = await one<{ id: number; status: string }>(`SELECT id, status FROM inspection_followups ORDER BY md5(id::text || $1) LIMIT 1`, [String(rnd())]);
      if (!x) return false;
      if (rnd() < 0.6) await q.query(`UPDATE inspection_followups SET status = $2, closed_at = CASE WHEN $2 = 'closed' THEN now() END WHERE id = $1`, [x.id, x.status === 'open' ? 'closed' : 'open']);
      else await q.query(`UPDATE inspection_followups SET kind = $2 WHERE id = $1`, [x.id, pick(['责令整改', '立案'])]);
      return true;
    }],
    ['publication', async () => {
      const r = await one<{ id: number; org_id: number; task_id: number; target_id: number; inspected_on: string; draw_id: number; period: string }>(
        `SELECT r.id, r.org_id, r.task_id, r.target_id, r.inspected_on, t.draw_id, d.period FROM inspection_records r JOIN draw_tasks t ON t.id = r.task_id JOIN draws d ON d.id = t.draw_id
          WHERE r.status = 'submitted' AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.record_id = r.id) ORDER BY md5(r.id::text || $1) LIMIT 1`, [String(rnd())]);
      if (!r) return false;
      const published = rnd() < 0.4;
      await q.query(
        `INSERT INTO publications (org_id, record_id, task_id, draw_id, target_id, period, task_no, task_name, check_type, authority, enterprise_name, credit_code,
                                   inspected_on, completed_on, content, standard_phrase, due_on, status, published_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'T', '双随机抽查', '双随机抽查', '生态环境局', '企业', '91', $7, $7, '污染源检查', '未发现问题', $8, $9, $10)`,
        [r.org_id, r.id, r.task_id, r.draw_id, r.target_id, r.period, r.inspected_on, rnd() < 0.1 ? null : day(), published ? 'published' : 'pending', published ? `${day()}T${rnd() < 0.5 ? '01' : '20'}:00:00Z` : null],
      );
      return true;
    }],
    ['publication published or re-dated', async () => {
      const p = await one<{ id: number }>(`SELECT id FROM publications WHERE status = 'pending' ORDER BY md5(id::text || $1) LIMIT 1`, [String(rnd())]);
      if (!p) return false;
      // 17:00Z and 15:00Z sit either side of Beijing midnight: timeliness is judged by the Beijing date.
      if (rnd() < 0.6) await q.query(`UPDATE publications SET status = 'published', published_at = $2 WHERE id = $1`, [p.id, `${day()}T${rnd() < 0.5 ? '15' : '17'}:00:00Z`]);
      else await q.query(`UPDATE publications SET due_on = $2 WHERE id = $1`, [p.id, rnd() < 0.1 ? null : day()]);
      return true;
    }],
  ];
  for (let i = 0; i < n; i++) {
    const [name, op] = pick(ops);
    if (await op()) done[name] = (done[name] ?? 0) + 1;
  }
  return done;
}

test('after the supervision fixture the counters equal a recount from the source tables, and the backfill', async () => {
  const compared = await assertConsistent('fixture');
  assert.ok(compared >= 36, `${compared} comparisons`);
  const kept = await assertEqualsRebuild('fixture');
  // Not vacuous: the fixture's 12 counted tasks (the abandoned draw's task is not) and 12 records (5 of 2026's … per scope) are there.
  assert.equal((kept.sv_task_counts as { tasks: number }[]).reduce((n, r) => n + r.tasks, 0), 12);
  const city2026 = (kept.sv_record_year as { scope_org_id: number; year: number; records: number }[]).find((r) => r.scope_org_id === f.city.id && r.year === 2026);
  assert.equal(city2026?.records, 11);
});

test('after 400 seeded random changes of every kind the counters still equal the recount and the backfill', async () => {
  const done = await randomChanges(20261124, 400);
  for (const kind of ['draw', 'reveal', 'submit', 'draft moved to another task, then submitted', 'targeted record', 'task status',
    'follow-up opened', 'follow-up closed or re-kinded', 'publication', 'publication published or re-dated']) {
    assert.ok((done[kind] ?? 0) > 0, `the changes include «${kind}»: ${JSON.stringify(done)}`);
  }
  await assertConsistent('random changes');
  await assertEqualsRebuild('random changes');
});

test('a refused change (deleting a record, editing a submitted one) leaves the counters as they were', async () => {
  const before = await assertEqualsRebuild('before refusals');
  const r = (await db.pool.query(`SELECT id FROM inspection_records WHERE status = 'submitted' AND task_id IS NOT NULL ORDER BY id LIMIT 1`)).rows[0] as { id: number };
  await assert.rejects(db.pool.query(`UPDATE inspection_records SET result_category = '未发现问题', status = 'draft' WHERE id = $1`, [r.id]), /已提交/);
  await assert.rejects(db.pool.query(`DELETE FROM inspection_records WHERE id = $1`, [r.id]), /不能删除/);
  assert.deepEqual(await assertEqualsRebuild('after refusals'), before);
});

test('an organisation moved under a new parent: the scoped counts follow the new tree', async () => {
  const q = db.pool;
  const x = (await q.query(`INSERT INTO organizations (code, name, level, parent_id, path) VALUES ('sv-new', '新区管委会', '县区', $1, '') RETURNING id`, [f.city.id])).rows[0].id as number;
  await q.query(`UPDATE organizations SET path = (SELECT path FROM organizations WHERE id = $2) || id || '/' WHERE id = $1`, [x, f.city.id]);
  await q.query(`UPDATE organizations SET parent_id = $2, path = (SELECT path FROM organizations WHERE id = $2) || id || '/' WHERE id = $1`, [f.county.id, x]);
  const xIn2026 = (await q.query(`SELECT records FROM sv_record_year WHERE scope_org_id = $1 AND year = 2026`, [x])).rows[0] as { records: number } | undefined;
  assert.ok((xIn2026?.records ?? 0) > 0, 'the new parent now counts the moved branch’s records');
  await randomChanges(7, 60);
  await assertConsistent('after the move');
  await assertEqualsRebuild('after the move');
});

test('PostgreSQL: a follow-up added while its record is being submitted in another transaction is counted once', { skip: process.env.TEST_DATABASE_URL ? false : 'the embedded database has one connection: no concurrent transactions' }, async () => {
  const q = db.pool;
  const t = (await q.query(`SELECT t.id, t.target_id, t.dispatched_org_id FROM draw_tasks t JOIN draws d ON d.id = t.draw_id
    WHERE d.status IN ('drawn', 'revealed') AND NOT EXISTS (SELECT 1 FROM inspection_records r WHERE r.task_id = t.id) ORDER BY t.id LIMIT 1`)).rows[0] as { id: number; target_id: number; dispatched_org_id: number };
  const recordId = (await q.query(`INSERT INTO inspection_records (org_id, task_id, target_id, kind, counts_to_quota, mode, inspected_on, team, result_category, status, client_key)
    VALUES ($1, $2, $3, '双随机抽查', true, '现场', '2026-06-01', '{}', '发现问题，责令整改', 'draft', 'race-1') RETURNING id`, [t.dispatched_org_id, t.id, t.target_id])).rows[0].id as number;
  const a = await q.connect();
  const b = await q.connect();
  try {
    await a.query('BEGIN');
    await a.query(`UPDATE inspection_records SET status = 'submitted', submitted_at = now() WHERE id = $1`, [recordId]);
    // B's follow-up must wait for A (the task's row lock), not count against the draft A is replacing.
    const inserted = b.query(`INSERT INTO inspection_followups (record_id, kind, requirement) VALUES ($1, '责令整改', '整改')`, [recordId]);
    const waiting = await Promise.race([inserted.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 300))]);
    assert.equal(waiting, true, 'the follow-up waits for the submission');
    await a.query(`UPDATE draw_tasks SET status = '已检查' WHERE id = $1`, [t.id]);
    await a.query('COMMIT');
    await inserted;
  } finally {
    a.release();
    b.release();
  }
  await assertConsistent('concurrent follow-up');
  await assertEqualsRebuild('concurrent follow-up');
});

test('tasks written in one statement straight into a drawn draw (a bulk load with the insert guard off) are counted by the statement trigger', async () => {
  const q = db.pool;
  const d = (await q.query(`SELECT id FROM draws WHERE status IN ('drawn', 'revealed') ORDER BY id LIMIT 1`)).rows[0] as { id: number };
  const before = (await q.query(`SELECT coalesce(sum(tasks), 0)::int AS n FROM sv_task_counts`)).rows[0].n as number;
  await q.query(`ALTER TABLE draw_tasks DISABLE TRIGGER draw_tasks_insert_guard`);
  try {
    await q.query(`INSERT INTO draw_tasks (draw_id, position, target_id, target_key, items, drawn_inspectors, team, dispatched_org_id, status)
      SELECT $1, 1000 + g, $2, 't', CASE WHEN g % 2 = 0 THEN ARRAY['重点监管对象', '一般监管对象'] ELSE ARRAY['重点监管对象'] END, '{}', '{}', $3, CASE WHEN g % 3 = 0 THEN '已检查' ELSE '待检查' END
        FROM generate_series(1, 7) g`, [d.id, Object.values(f.targetIds)[0], f.city.id]);
  } finally {
    await q.query(`ALTER TABLE draw_tasks ENABLE TRIGGER draw_tasks_insert_guard`);
  }
  assert.equal((await q.query(`SELECT coalesce(sum(tasks), 0)::int AS n FROM sv_task_counts`)).rows[0].n, before + 7);
  await assertConsistent('bulk tasks');
  await assertEqualsRebuild('bulk tasks');
});
