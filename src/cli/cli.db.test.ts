/**
 * The command line as an operator runs it: import with a bad 7th row, the fixed file, export,
 * templates, orgs list, backup and restore.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../testing/cli.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../testing/database.ts';
import { creditCode, targetsCsv, withWrongCheckChar, writeText } from '../testing/fixtures.ts';
import { openDatabase } from '../storage/database.ts';

let db: TestDatabase;

const cli = (...args: string[]) => runCli(db, ...args);

before(async () => {
  db = await openTestDatabase();
  await seedMinimalOrgs(db);
  await db.close();
});
after(async () => db.dispose());

test('import exits non-zero naming the 7th row and its reason, and imports nothing', () => {
  const file = writeText(join(db.dataDir, 'bad.csv'), targetsCsv(10, { 6: { '统一社会信用代码/编码': withWrongCheckChar(creditCode(7)) } }));
  const r = cli('import', 'targets', file, '--org', 'city');
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.err, /第 7 行「统一社会信用代码\/编码」：统一社会信用代码校验码错误/);
  assert.match(r.err, /未导入任何数据/);
});

test('--dry-run validates only; the fixed file then imports fully', () => {
  const file = writeText(join(db.dataDir, 'good.csv'), targetsCsv(10));
  const dry = cli('import', 'targets', file, '--org', 'city', '--dry-run');
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.out, /校验通过：共 10 行/);
  const r = cli('import', 'targets', file, '--org', 'city');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /新增 10 条，更新 0 条/);
});

test('export writes the directory; the exported file imports back without changes', () => {
  const out = join(db.dataDir, 'export.xlsx');
  const r = cli('export', 'targets', '-o', out, '--org', 'city');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /已导出 10 条/);
  const back = cli('import', 'targets', out, '--org', 'city');
  assert.equal(back.code, 0, back.err);
  assert.match(back.out, /新增 0 条，更新 0 条/);
});

test('template writes a CSV with the Chinese headers', () => {
  const out = join(db.dataDir, 'tpl.csv');
  assert.equal(cli('template', 'inspectors', '-o', out).code, 0);
  assert.match(readFileSync(out, 'utf8'), /人员类别,执法证号\/人员编号,姓名/);
});

test('orgs list --json lists the tree; without --org and with two roots the CLI asks for one', () => {
  const r = cli('orgs', 'list', '--json');
  assert.deepEqual(JSON.parse(r.out).map((o: { code: string }) => o.code), ['city', 'other', 'county']);
  const imp = cli('import', 'targets', join(db.dataDir, 'good.csv'));
  assert.equal(imp.code, 1);
  assert.match(imp.err, /有 2 个顶级机构，请用 --org 指定其一：city、other/);
});

test('an unknown directory and a missing file get clear errors', () => {
  assert.match(cli('import', 'cats', 'x.csv').err, /请指定目录类型/);
  assert.match(cli('import', 'targets', 'nope.csv').err, /文件不存在：nope.csv/);
});

test('backup and restore into a new embedded folder keep every row (from PostgreSQL too)', async () => {
  const file = join(db.dataDir, 'backup.jsonl.gz');
  const b = cli('backup', '-o', file);
  assert.equal(b.code, 0, b.err);
  assert.ok(existsSync(file));
  const target = join(db.dataDir, 'restored');
  // Into an embedded folder, whichever database the backup came from.
  const r = runCli({ dataDir: target }, 'restore', file);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /targets 10/);
  const restored = await openDatabase({ dataDir: target });
  try {
    assert.equal((await restored.pool.query('SELECT count(*)::int AS n FROM record_versions')).rows[0].n, 10);
    // Identity sequences continue after the restored ids.
    const id = (await restored.pool.query(`INSERT INTO organizations (code, name, level) VALUES ('new', '新', '县区') RETURNING id`)).rows[0].id;
    assert.equal(id, 4);
  } finally {
    await restored.close();
  }
  const again = runCli({ dataDir: target }, 'restore', file);
  assert.equal(again.code, 1);
  assert.match(again.err, /目标数据库不是空的/);
});
