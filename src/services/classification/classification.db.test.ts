/**
 * Classification runs on a real database: a manual run of 保定 (county) for 2025-Q2, the automatic
 * re-run after a 行政处罚 event and after its voiding (with the change since the previous run), after a
 * targets import, a failing automatic re-run recorded as failed without breaking the event, and the
 * append-only results.
 *
 *   today (ctx.now) 2025-03-20; period 2025-Q2 → 上一季度 = 2025-Q1 (events up to today count)
 *   甲 重点排污单位 → 重点; 乙, 丙 → 一般; 丁 停产 → excluded
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AppError } from '../../domain/errors.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../../testing/database.ts';
import { creditCode, targetsCsv, writeText } from '../../testing/fixtures.ts';
import { createDirectoryRecord } from '../directory/save-record.ts';
import { runImportJob } from '../directory/import-jobs.ts';
import { addTargetEvent, voidTargetEvent } from '../target-events.ts';
import type { Ctx } from '../context.ts';
import { listClassificationResults, listClassificationRuns } from './list-classification.ts';
import { classificationIdle } from './reclassify.ts';
import { runClassification } from './run-classification.ts';

let db: TestDatabase;
let ctx: Ctx;
let seeded: Awaited<ReturnType<typeof seedMinimalOrgs>>;
const ids: Record<string, number> = {};
const scope = { profileKey: 'baoding-county', period: '2025-Q2' };

before(async () => {
  db = await openTestDatabase();
  seeded = await seedMinimalOrgs(db);
  ctx = seeded.ctx;
  const rows: [string, Record<string, unknown>][] = [
    ['甲', { permitClass: '重点管理', keyUnit: true }], ['乙', { permitClass: '登记管理' }],
    ['丙', { permitClass: '简化管理' }], ['丁', { permitClass: '重点管理', keyUnit: true, status: '停产' }],
  ];
  for (const [i, [name, attrs]] of rows.entries()) {
    const rec = await createDirectoryRecord(ctx, 'targets', { kind: '排污单位', identifier: creditCode(900 + i), name: `${name}公司`, orgId: seeded.county.id, ...attrs });
    ids[name] = rec.id;
  }
});
after(async () => db.dispose());

const latest = async () => (await listClassificationRuns(ctx, scope)).runs[0]!;

test('a manual run stores every target with category, strata and Chinese reasons, and a summary', async () => {
  const id = await runClassification(ctx, scope);
  const run = (await listClassificationRuns(ctx, scope)).runs[0]!;
  assert.deepEqual([run.id, run.status, run.trigger, run.targetCount, run.changedCount, run.asOf, run.profileVersion], [id, 'done', 'manual', 4, 4, '2025-03-20', 0]);
  const cats = Object.fromEntries(run.summary!.categories.map((c) => [c.key, c.count]));
  assert.deepEqual(cats, { 特殊: 0, 重点: 2, 一般: 2 });
  assert.equal(run.summary!.excluded.reduce((n, e) => n + e.count, 0), 1);
  assert.match(run.summary!.excluded[0]!.reason, /停产/);
  assert.equal(run.summary!.previousRunId, null);
  const res = await listClassificationResults(ctx, id, { page: 1, pageSize: 50 });
  assert.equal(res.total, 4);
  const 甲 = res.rows.find((r) => r.targetId === ids.甲)!;
  assert.deepEqual([甲.category, 甲.categoryLabel, 甲.strata.map((s) => s.key)], ['重点', '重点排污单位', ['重点']]);
  assert.match(甲.reasons[0]!, /^重点排污单位：.*（依据：保定/);
  const 丁 = res.rows.find((r) => r.targetId === ids.丁)!;
  assert.deepEqual(丁.strata, []);
  assert.match(丁.reasons.join('\n'), /不纳入抽取：.*停产/);
  const byCategory = await listClassificationResults(ctx, id, { category: '一般', page: 1, pageSize: 1 });
  assert.deepEqual([byCategory.total, byCategory.rows.length], [2, 1]);
  const byStratum = await listClassificationResults(ctx, id, { stratum: '重点', page: 1, pageSize: 50 });
  assert.deepEqual(byStratum.rows.map((r) => r.name), ['甲公司']);
  await assert.rejects(listClassificationResults(ctx, id, { category: '重要', page: 1, pageSize: 50 }), /「category」重要 不是方案/);
});

test('a new 行政处罚 event re-runs the classification automatically: 乙 becomes 特殊 with the dated reason', async () => {
  const event = await addTargetEvent(ctx, ids.乙!, { kind: '行政处罚', occurredOn: '2025-03-10', reference: '保环罚〔2025〕3号' });
  await classificationIdle();
  const run = await latest();
  assert.deepEqual([run.trigger, run.status, run.targetCount, run.changedCount], ['event', 'done', 4, 1]);
  const changed = await listClassificationResults(ctx, run.id, { changedOnly: true, page: 1, pageSize: 50 });
  assert.equal(changed.total, 1);
  const 乙 = changed.rows[0]!;
  assert.equal(乙.change, '一般排污单位 → 特殊监管对象；分层：+特殊监管对象 −一般排污单位');
  assert.match(乙.reasons[0]!, /^特殊监管对象：上一季度（2025-01-01 至 2025-03-20）受到行政处罚 1 次.*2025-03-10.*保环罚〔2025〕3号/);

  await voidTargetEvent(ctx, event.id, '录入错误');
  await classificationIdle();
  const back = await latest();
  assert.deepEqual([back.trigger, back.changedCount, back.summary!.previousRunId], ['event', 1, run.id]);
  const again = await listClassificationResults(ctx, back.id, { changedOnly: true, page: 1, pageSize: 50 });
  assert.equal(again.rows[0]!.change, '特殊监管对象 → 一般排污单位；分层：+一般排污单位 −特殊监管对象');
});

test('a successful targets import re-runs it (new targets listed as 新增对象); a rejected import does not', async () => {
  const before = (await listClassificationRuns(ctx, scope)).runs.length;
  const bad = writeText(join(db.dataDir, 'bad.csv'), targetsCsv(2, { 1: { 名称: '' } }));
  const rejected = await runImportJob(ctx, { entity: 'targets', path: bad, fileName: 'bad.csv', orgId: seeded.county.id, dryRun: false });
  assert.equal(rejected.status, 'rejected');
  await classificationIdle();
  assert.equal((await listClassificationRuns(ctx, scope)).runs.length, before);

  const file = writeText(join(db.dataDir, 'good.csv'), targetsCsv(3));
  const job = await runImportJob(ctx, { entity: 'targets', path: file, fileName: 'good.csv', orgId: seeded.county.id, dryRun: false });
  assert.equal(job.status, 'imported');
  await classificationIdle();
  const run = await latest();
  assert.deepEqual([run.trigger, run.targetCount, run.changedCount], ['import', 7, 3]);
  const added = await listClassificationResults(ctx, run.id, { changedOnly: true, page: 1, pageSize: 50 });
  assert.deepEqual(added.rows.map((r) => r.change), ['新增对象', '新增对象', '新增对象']);
});

test('a failing automatic re-run is recorded as failed and never breaks the event that caused it', async () => {
  // A scope whose profile no longer resolves (e.g. an own profile removed from the database by hand).
  await db.pool.query(
    `INSERT INTO classification_runs (org_id, profile_key, profile_hash, period, as_of, trigger, status) VALUES ($1, 'gone', '', '2025-Q2', '2025-03-20', 'manual', 'done')`,
    [seeded.city.id],
  );
  const event = await addTargetEvent(ctx, ids.丙!, { kind: '信访投诉', occurredOn: '2025-03-12' });
  assert.ok(event.id > 0);
  await classificationIdle();
  const failed = (await listClassificationRuns(ctx, { profileKey: 'gone', period: '2025-Q2' })).runs[0]!;
  assert.deepEqual([failed.status, failed.statusLabel, failed.trigger], ['failed', '失败', 'event']);
  assert.match(failed.message!, /没有方案「gone」/);
  assert.equal((await latest()).trigger, 'event', 'the other scope still re-ran');
});

test('results are append-only, runs cannot be deleted; a read-only user cannot run', async () => {
  const run = await latest();
  await assert.rejects(db.pool.query(`UPDATE target_classifications SET category = '特殊' WHERE run_id = $1`, [run.id]));
  await assert.rejects(db.pool.query(`DELETE FROM target_classifications WHERE run_id = $1`, [run.id]));
  await assert.rejects(db.pool.query(`DELETE FROM classification_runs WHERE id = $1`, [run.id]));
  const reader: Ctx = { ...ctx, actor: { ...ctx.actor, role: 'inspector' } };
  await assert.rejects(runClassification(reader, scope), (e) => e instanceof AppError && e.code === 'FORBIDDEN');
  await assert.rejects(runClassification(ctx, { ...scope, period: '2025-Q5' }), /2025-Q5/);
});
