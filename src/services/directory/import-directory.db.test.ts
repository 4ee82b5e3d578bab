import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../../testing/database.ts';
import { creditCode, targetsCsv, withWrongCheckChar, writeText } from '../../testing/fixtures.ts';
import { runImportJob } from './import-jobs.ts';
import { recordHistory } from './record-history.ts';
import { listDirectory } from './list-records.ts';
import { insertDepartment } from '../../storage/repos/orgs.ts';
import type { Ctx } from '../context.ts';

let db: TestDatabase;
let ctx: Ctx;
let dir: string;
const count = async (table: string) => (await db.pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
const importTargets = (file: string, dryRun = false) => runImportJob(ctx, { entity: 'targets', path: file, fileName: 'targets.csv', dryRun });

before(async () => {
  db = await openTestDatabase();
  ({ ctx } = await seedMinimalOrgs(db));
  dir = db.dataDir;
});
after(async () => db.dispose());

test('a wrong check character in the 7th data row rejects the whole file and names row 7', async () => {
  const bad = withWrongCheckChar(creditCode(7));
  const file = writeText(join(dir, 'bad.csv'), targetsCsv(10, { 6: { '统一社会信用代码/编码': bad } }));
  const job = await importTargets(file);
  assert.equal(job.status, 'rejected');
  assert.equal(job.issueCount, 1);
  assert.equal(job.issues[0]!.row, 7);
  assert.equal(job.issues[0]!.column, '统一社会信用代码/编码');
  assert.match(job.issues[0]!.reason, /校验码错误/);
  assert.equal(await count('targets'), 0);
  assert.equal(await count('record_versions'), 0);
});

test('the fixed file imports fully, each record with its first version', async () => {
  const job = await importTargets(writeText(join(dir, 'good.csv'), targetsCsv(10)));
  assert.equal(job.status, 'imported', job.message ?? '');
  assert.deepEqual([job.inserted, job.updated], [10, 0]);
  assert.equal(await count('targets'), 10);
  assert.equal(await count('record_versions'), 10);
});

test('re-import updates changed records by identifier, versioned; unchanged ones stay at their version', async () => {
  const job = await importTargets(writeText(join(dir, 'changed.csv'), targetsCsv(10, { 2: { 状态: '停产' } })));
  assert.deepEqual([job.inserted, job.updated], [0, 1]);
  const list = await listDirectory(ctx, 'targets', { q: creditCode(3), page: 1, pageSize: 20, sort: 'name' });
  assert.equal(list.rows.length, 1);
  assert.equal(list.rows[0]!.status, '停产');
  assert.equal(list.rows[0]!.version, 2);
  const history = await recordHistory(ctx, 'targets', list.rows[0]!.id);
  assert.equal(history.length, 2);
  assert.deepEqual(history[0]!.changes.map((c) => [c.label, c.from, c.to]), [['状态', '正常', '停产']]);
});

test('every bad row is reported: duplicates in the file, unknown values, missing fields, bad dates', async () => {
  const file = writeText(join(dir, 'many.csv'), targetsCsv(5, {
    1: { '统一社会信用代码/编码': creditCode(1) },
    2: { 排污许可管理类别: '特别管理' },
    3: { 名称: '' },
    4: { 行业代码: '2614' },
  }));
  const job = await importTargets(file);
  assert.equal(job.status, 'rejected');
  const byRow = Object.fromEntries(job.issues.map((i) => [i.row, `${i.column}:${i.reason}`]));
  assert.match(byRow[2]!, /与文件第 1 行重复/);
  assert.match(byRow[3]!, /排污许可管理类别:「特别管理」不是可选值/);
  assert.match(byRow[4]!, /名称:必填项为空/);
  assert.match(byRow[5]!, /行业代码/);
  assert.equal(await count('targets'), 10);
});

test('dry-run validates without writing', async () => {
  const job = await importTargets(writeText(join(dir, 'dry.csv'), targetsCsv(12)), true);
  assert.equal(job.status, 'validated');
  assert.equal(job.totalRows, 12);
  assert.equal(await count('targets'), 10);
});

test('a missing required column and an unknown column are named before any row is read', async () => {
  const csv = '名称,对象类型,备注栏\r\n某公司,排污单位,x\r\n';
  const job = await importTargets(writeText(join(dir, 'headers.csv'), csv));
  assert.equal(job.status, 'rejected');
  const reasons = job.issues.map((i) => `${i.column}:${i.reason}`).join('\n');
  assert.match(reasons, /统一社会信用代码\/编码:缺少必填列/);
  assert.match(reasons, /备注栏:模板中没有此列/);
});

test('the 管辖机构编码 column puts rows into a sub-organisation; a code outside the scope is refused', async () => {
  const ok = await importTargets(writeText(join(dir, 'org.csv'), targetsCsv(1, { 0: { '统一社会信用代码/编码': creditCode(100), 管辖机构编码: 'county' } }, ['管辖机构编码'])));
  assert.equal(ok.status, 'imported');
  const row = (await db.pool.query(`SELECT o.code FROM targets t JOIN organizations o ON o.id = t.org_id WHERE identifier = $1`, [creditCode(100)])).rows[0];
  assert.equal(row.code, 'county');
  const bad = await importTargets(writeText(join(dir, 'org2.csv'), targetsCsv(1, { 0: { '统一社会信用代码/编码': creditCode(101), 管辖机构编码: 'other' } }, ['管辖机构编码'])));
  assert.equal(bad.status, 'rejected');
  assert.match(bad.issues[0]!.reason, /不在「测试市生态环境局」的管辖范围内/);
});

test('inspectors name departments that must exist in their organisation', async () => {
  await insertDepartment(db.pool, ctx.actor.orgId, { name: '执法支队', kind: '执法支队' });
  const header = '人员类别,执法证号/人员编号,姓名,部门,业务专长,执法证有效期止';
  const csv = `${header}\r\n执法人员,3704001,张伟,执法支队,水；气,2027-12-31\r\n执法人员,3704002,李娜,大气科,气,2027/6/30\r\n`;
  const job = await runImportJob(ctx, { entity: 'inspectors', path: writeText(join(dir, 'insp.csv'), csv), fileName: 'i.csv', dryRun: false });
  assert.equal(job.status, 'rejected');
  assert.equal(job.issues.length, 1);
  assert.equal(job.issues[0]!.row, 2);
  assert.match(job.issues[0]!.reason, /「大气科」不是本机构已建立的部门/);
  const fixed = await runImportJob(ctx, { entity: 'inspectors', path: writeText(join(dir, 'insp2.csv'), csv.replace('大气科', '执法支队')), fileName: 'i.csv', dryRun: false });
  assert.equal(fixed.status, 'imported', JSON.stringify(fixed.issues));
  const list = await listDirectory(ctx, 'inspectors', { page: 1, pageSize: 20, sort: 'name' });
  assert.deepEqual(list.rows.map((r) => [r.name, r.department, r.certValidTo]), [['李娜', '执法支队', '2027-06-30'], ['张伟', '执法支队', '2027-12-31']]);
});
