/**
 * The reminder scheduler survives restarts: 枣庄's Q1 统计表 is due 2026-04-05 (its reminder fires
 * five days before, 03-31). The scheduler runs on 03-30, is stopped, the database closed; the clock
 * moves to 04-02 and a new database connection (for the embedded database: a new PGlite process)
 * and scheduler start — the missed reminder fires exactly once, and neither another tick nor
 * another restart repeats it. The daily digest is written once a day.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase, type Database } from '../../storage/database.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../../testing/database.ts';
import { startScheduler } from './scheduler.ts';

let db: TestDatabase;
let orgId: number;
const at = (day: string) => () => new Date(`${day}T02:00:00Z`); // 10:00 in Beijing

/** A second connection to the same database, as a restarted server opens it. */
async function reopen(): Promise<Database> {
  return openDatabase(db.url ? { url: db.url, dataDir: db.dataDir } : { dataDir: db.dataDir });
}

const count = async (d: Database, sql: string, params: unknown[] = []) => (await d.pool.query(sql, params)).rows[0].n as number;
const STATS = `SELECT count(*)::int AS n FROM notifications WHERE kind = 'reminder' AND title LIKE '%统计表（2026-Q1）%'`;

before(async () => {
  db = await openTestDatabase();
  const { city } = await seedMinimalOrgs(db);
  orgId = city.id;
  await db.pool.query(
    `INSERT INTO annual_plans (org_id, profile_key, profile_hash, year, level, revision, status, inputs, lines, decided_at)
     VALUES ($1, 'zaozhuang', 'h', 2026, 'city', 1, 'approved', '{}', '[]', now())`, [orgId],
  );
});
after(async () => { await db?.dispose(); });

test('on 03-30 the year is materialised from today on and nothing fires yet', async () => {
  const s = startScheduler(db, { now: at('2026-03-30'), intervalMs: 3_600_000 });
  const r = await s.tick();
  await s.stop();
  assert.equal(r.fired, 0);
  // 2026: Q1–Q4 统计表 and the annual report (due 2027-01-05); 2027 has no plan yet.
  const rows = (await db.pool.query(`SELECT title, due::text AS due, remind_on::text AS "remindOn", fired_at FROM reminders WHERE org_id = $1 ORDER BY due, id`, [orgId])).rows;
  assert.deepEqual(rows.map((x) => [x.due, x.remindOn, x.fired_at]), [
    ['2026-04-05', '2026-03-31', null], ['2026-07-05', '2026-06-30', null], ['2026-10-05', '2026-09-30', null],
    ['2027-01-05', '2026-12-31', null], ['2027-01-05', '2026-12-31', null],
  ]);
  assert.equal(await count(db, STATS), 0);
  await db.close();
});

test('restarted on 04-02 (the reminder came due while stopped): it fires exactly once; another tick and another restart add nothing', async () => {
  const d1 = await reopen();
  const s1 = startScheduler(d1, { now: at('2026-04-02'), intervalMs: 3_600_000 });
  await s1.tick();
  await s1.tick();
  await s1.stop();
  assert.equal(await count(d1, STATS), 1);
  const n = (await d1.pool.query(`SELECT title, body, due::text AS due FROM notifications WHERE kind = 'reminder'`)).rows;
  assert.deepEqual(n.map((x) => [x.title, x.due]), [['报送：“双随机、一公开”监管情况统计表（2026-Q1）', '2026-04-05']]);
  assert.match(n[0].body, /截止日期 2026-04-05/);
  assert.equal(await count(d1, `SELECT count(*)::int AS n FROM reminders WHERE fired_at IS NOT NULL`), 1);
  // One digest a day (03-30 and 04-02), each naming the coming due date.
  assert.equal(await count(d1, `SELECT count(*)::int AS n FROM notifications WHERE kind = 'digest'`), 2);
  assert.match((await d1.pool.query(`SELECT body FROM notifications WHERE kind = 'digest' AND title LIKE '%2026-04-02%'`)).rows[0].body, /2026-04-05 报送/);
  assert.equal(await count(d1, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'reminder.fire'`), 1);
  await d1.close();

  const d2 = await reopen();
  const s2 = startScheduler(d2, { now: at('2026-04-02'), intervalMs: 3_600_000 });
  await s2.tick();
  await s2.stop();
  assert.equal(await count(d2, STATS), 1);
  assert.equal(await count(d2, `SELECT count(*)::int AS n FROM notifications`), 3);
  // The next day brings the next digest but no repeated reminder.
  const s3 = startScheduler(d2, { now: at('2026-04-03'), intervalMs: 3_600_000 });
  await s3.tick();
  await s3.stop();
  assert.equal(await count(d2, STATS), 1);
  assert.equal(await count(d2, `SELECT count(*)::int AS n FROM notifications WHERE kind = 'digest'`), 3);
  await assert.rejects(d2.pool.query(`DELETE FROM reminders`), /不能删除|cannot|不允许|refuse/i);
  await d2.close();
});
