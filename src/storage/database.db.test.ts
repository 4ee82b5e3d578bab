import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from './database.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../testing/database.ts';
import { ErrorCode } from '../domain/errors.ts';

let db: TestDatabase;
before(async () => { db = await openTestDatabase(); await seedMinimalOrgs(db); });
after(async () => db.dispose());

test('migrations create every table; migrating again is a no-op', async () => {
  const tables = (await db.pool.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r) => r.table_name);
  for (const t of ['organizations', 'targets', 'inspectors', 'items', 'record_versions', 'import_jobs']) assert.ok(tables.includes(t), t);
});

test('the database itself refuses to hard-delete a directory record', async () => {
  await assert.rejects(db.pool.query(`DELETE FROM organizations WHERE code = 'county'`), /不允许删除 organizations 中的记录/);
});

test('record versions are append-only', async () => {
  await db.pool.query(`INSERT INTO record_versions (entity, record_id, version, action, data) VALUES ('targets', 1, 1, '新增', '{}')`);
  await assert.rejects(db.pool.query(`UPDATE record_versions SET action = 'x'`), /只能追加/);
  await assert.rejects(db.pool.query(`DELETE FROM record_versions`), /只能追加/);
});

test('a second process on the same embedded data folder gets a clear error naming the holder', { skip: db_is_postgres() }, async () => {
  await assert.rejects(openDatabase({ dataDir: db.dataDir }), (e: any) => {
    assert.equal(e.code, ErrorCode.DATA_LOCKED);
    assert.match(e.message, /正被另一个进程（PID \d+）使用/);
    return true;
  });
});

test('the embedded database runs queries without blocking the server event loop', { skip: db_is_postgres() }, async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const started = Date.now();
  await db.pool.query(`SELECT count(*) FROM generate_series(1, 3000000)`);
  const elapsed = Date.now() - started;
  clearInterval(timer);
  // A blocked loop would tick once at the end; a free one ticks about every 5 ms of the query.
  assert.ok(ticks >= Math.floor(elapsed / 5 / 4), `only ${ticks} ticks in ${elapsed} ms`);
});

function db_is_postgres() {
  return !!process.env.TEST_DATABASE_URL;
}
