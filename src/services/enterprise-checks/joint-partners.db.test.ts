/**
 * 跨部门联合检查 as a field (migration 0020): a targeted check's request names the other bodies taking
 * part (trimmed, deduplicated, 1–50 characters each, at most 10 — Chinese errors naming 联合检查部门, in
 * the HTTP contract and the use case); the record keeps them; a submitted record with partners counts
 * in 联合检查率; a draw's partners are given at freeze (same rule), kept outside the hashed manifest, never
 * changed afterwards, and make its tasks 跨部门联合 in the supervision counters.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { ctxOfUser, seedDrawFixture, type DrawFixture } from '../../testing/draw-fixture.ts';
import type { AppError } from '../../domain/errors.ts';
import { getInspection } from '../../storage/repos/inspections.ts';
import { targetedCheckRequestBody } from '../../http/contract-enterprise-checks.ts';
import { requestTargetedCheck, type RequestTargetedCheckInput } from './request-targeted-check.ts';
import { enterpriseCheckFigures } from './figures.ts';
import { freezeDraw } from '../draw/freeze-draw.ts';
import { executeDraw } from '../draw/run-draw.ts';
import { drawSummary } from '../draw/read-draw.ts';
import { drawFreezeBody } from '../../http/contract-draw.ts';
import { recordApprovalFormPdf, siteRecordFormPdf, taskApprovalFormPdf } from './forms-pdf.ts';
import { inspectionRecordPdf } from '../inspection/inspection-record-pdf.ts';

let db: TestDatabase;
let f: DrawFixture;
let request: RequestTargetedCheckInput;

before(async () => {
  db = await openTestDatabase();
  f = await seedDrawFixture(db);
  request = {
    clientKey: 'joint-partners-0001-aa', kind: '专项', targetId: f.targetIds['市一般2']!, basis: '危险废物联合专项检查', plannedFrom: '2025-05-06', plannedTo: '2025-05-09',
    team: [f.inspectorIds.city[0]!], mode: '现场', jointPartners: [' 市场监管局 ', '应急管理局', '市场监管局'],
  };
});
after(async () => db?.dispose());

test('a targeted check\'s request keeps its partner bodies, trimmed and without duplicates', async () => {
  const made = await requestTargetedCheck(ctxOfUser(f, db, 'city-coordinator'), request);
  assert.deepEqual((await getInspection(db.pool, { id: made.recordId }))!.jointPartners, ['市场监管局', '应急管理局']);
  const audit = (await db.pool.query(`SELECT summary FROM audit_log WHERE action = 'inspection.check-request' ORDER BY seq DESC LIMIT 1`)).rows[0].summary;
  assert.match(audit, /会同市场监管局、应急管理局联合检查/);
  const own = await requestTargetedCheck(ctxOfUser(f, db, 'city-coordinator'), { ...request, clientKey: 'joint-partners-0002-aa', jointPartners: undefined });
  assert.deepEqual((await getInspection(db.pool, { id: own.recordId }))!.jointPartners, [], 'none: our own check');
});

test('a blank partner, one of 51 characters and 11 partners are refused naming 联合检查部门 — contract and use case', async () => {
  const coordinator = ctxOfUser(f, db, 'city-coordinator');
  const refused = (pattern: RegExp) => (e: AppError) => e.code === 'VALIDATION' && e.issues[0]?.field === 'jointPartners' && pattern.test(e.message);
  await assert.rejects(requestTargetedCheck(coordinator, { ...request, clientKey: 'joint-partners-0003-aa', jointPartners: ['市场监管局', ' '] }), refused(/联合检查部门第 2 项不能为空/));
  await assert.rejects(requestTargetedCheck(coordinator, { ...request, clientKey: 'joint-partners-0004-aa', jointPartners: ['局'.repeat(51)] }), refused(/联合检查部门.*超过 50 字/));
  const eleven = Array.from({ length: 11 }, (_, i) => `部门${i}`);
  await assert.rejects(requestTargetedCheck(coordinator, { ...request, clientKey: 'joint-partners-0005-aa', jointPartners: eleven }), refused(/联合检查部门最多 10 个/));
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM inspection_records WHERE client_key LIKE 'joint-partners-000_-aa' AND client_key > 'joint-partners-0002-aa'`)).rows[0].n, 0);
  const body = { ...request, clientKey: 'joint-partners-0006-aa' };
  assert.ok(targetedCheckRequestBody.safeParse(body).success);
  const tooMany = targetedCheckRequestBody.safeParse({ ...body, jointPartners: eleven });
  assert.equal(tooMany.success, false);
  assert.match(tooMany.error!.issues[0]!.message, /联合检查部门最多 10 个/);
  assert.match(targetedCheckRequestBody.safeParse({ ...body, jointPartners: ['局'.repeat(51)] }).error!.issues[0]!.message, /联合检查部门每项不能超过 50 字/);
});

test('联合检查率 counts a submitted record with partner bodies, even with a one-person team and one item', async () => {
  const insert = (key: string, partners: string[]) => db.pool.query(
    `INSERT INTO inspection_records (org_id, target_id, kind, counts_to_quota, mode, inspected_on, team, result_category, status, client_key, submitted_at, joint_partners)
     VALUES ($1, $2, '专项', false, '现场', '2024-06-03', $3, '未发现问题', 'submitted', $4, '2024-06-03T08:00:00Z', $5)`,
    [f.city.id, f.targetIds['市重点3']!, [f.inspectorIds.city[1]!], key, partners],
  );
  await insert('joint-figures-0001-aa', ['市场监管局']);
  await insert('joint-figures-0002-aa', []);
  const fig = await enterpriseCheckFigures(ctxOfUser(f, db, 'city-coordinator'), { year: 2024 });
  assert.deepEqual([fig.jointRate.numerator, fig.jointRate.denominator], [1, 2]);
});

test('a draw\'s partner bodies are written when it is frozen and never changed afterwards', async () => {
  const id = (await db.pool.query(
    `INSERT INTO draws (org_id, seq, draw_no, profile_key, profile_hash, period, draw_date, kind, filter, joint_partners, status, manifest, manifest_hash, commitment, public_value_source, frozen_at)
     VALUES ($1, 900, 'joint-900', 'nanshan', 'h', '2025-Q4', '2025-10-08', '定向', '{"campaign":"危废联合专项"}', ARRAY['市场监管局'], 'frozen', '{}', 'mh', 'c', '掷骰', now()) RETURNING id`,
    [f.city.id],
  )).rows[0].id;
  assert.deepEqual((await db.pool.query(`SELECT joint_partners AS p FROM draws WHERE id = $1`, [id])).rows[0].p, ['市场监管局']);
  await assert.rejects(db.pool.query(`UPDATE draws SET joint_partners = '{}' WHERE id = $1`, [id]), /冻结清单（manifest）不能修改/);
  await assert.rejects(db.pool.query(`UPDATE draws SET joint_partners = ARRAY['市场监管局', '应急管理局'], status = 'abandoned', abandon_reason = 'x' WHERE id = $1`, [id]), /冻结清单（manifest）不能修改/);
});

test('a 定向 draw frozen with partner bodies: stored outside the manifest, its tasks counted 跨部门联合 once drawn', async () => {
  const coordinator = ctxOfUser(f, db, 'city-coordinator');
  const input = { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '掷骰', kind: '定向' as const,
    filter: { campaign: '危险废物联合专项', tags: ['化工园区'] }, jointPartners: ['市场监管局', ' 应急管理局'] };
  const eleven = Array.from({ length: 11 }, (_, i) => `部门${i}`);
  await assert.rejects(freezeDraw(coordinator, { ...input, jointPartners: eleven }),
    (e: AppError) => e.code === 'VALIDATION' && e.issues[0]?.field === 'jointPartners' && /联合检查部门最多 10 个/.test(e.message));
  assert.match(drawFreezeBody.safeParse({ ...input, jointPartners: [''.padEnd(51, '局')] }).error!.issues[0]!.message, /联合检查部门每项不能超过 50 字/);
  const d = await freezeDraw(coordinator, input);
  assert.deepEqual(d.jointPartners, ['市场监管局', '应急管理局']);
  assert.deepEqual(drawSummary(d).jointPartners, ['市场监管局', '应急管理局']);
  assert.ok(!JSON.stringify(d.manifest).includes('市场监管局'), 'not in the hashed manifest');
  const freezeAudit = (await db.pool.query(`SELECT summary, detail FROM audit_log WHERE action = 'draw.freeze' AND object_id = $1`, [d.drawNo])).rows[0];
  assert.match(freezeAudit.summary, /定向，会同市场监管局、应急管理局联合检查）/, 'the freeze\'s audit entry names the partners');
  assert.deepEqual(freezeAudit.detail.jointPartners, ['市场监管局', '应急管理局']);
  await assert.rejects(db.pool.query(`UPDATE draws SET joint_partners = '{}' WHERE id = $1`, [d.id]), /冻结清单（manifest）不能修改/);
  const drawn = await executeDraw(coordinator, d.id, { publicValue: '2 6 5 3', witnesses: ['王监督'], minutes: '' });
  const tasks = (await db.pool.query(`SELECT count(*)::int AS n FROM draw_tasks WHERE draw_id = $1`, [d.id])).rows[0].n as number;
  assert.ok(tasks > 0 && drawn.status === 'drawn');
  const counted = (await db.pool.query(`SELECT coalesce(sum(tasks), 0)::int AS tasks, coalesce(sum(cross_dept), 0)::int AS cross FROM sv_task_counts WHERE org_id = $1 AND period = '2025-Q2'`, [f.city.id])).rows[0];
  assert.deepEqual(counted, { tasks, cross: tasks });
});

const hasPoppler = spawnSync('pdftotext', ['-v']).status === 0;
test('the forms name the partners: 行政检查审批表 of the targeted check and of the 定向 draw\'s task, 现场检查笔录, 污染源现场检查记录表; none without partners', { skip: !hasPoppler && process.env.CI !== 'true' && 'pdftotext missing' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'joint-forms-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const text = (name: string, pdf: Buffer) => {
    writeFileSync(join(dir, `${name}.pdf`), pdf);
    return spawnSync('pdftotext', ['-layout', join(dir, `${name}.pdf`), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
  };
  const leader = ctxOfUser(f, db, 'city-leader');
  const recordOf = async (key: string) => (await db.pool.query(`SELECT id FROM inspection_records WHERE client_key = $1`, [key])).rows[0].id as number;
  const joint = await recordOf('joint-partners-0001-aa');
  const own = await recordOf('joint-partners-0002-aa');
  const task = (await db.pool.query(`SELECT k.id FROM draw_tasks k JOIN draws d ON d.id = k.draw_id WHERE cardinality(d.joint_partners) > 0 ORDER BY k.id LIMIT 1`)).rows[0].id as number;
  const named = /联合检查部门：?市场监管局、应急管理局/;
  assert.match(text('approval-record', (await recordApprovalFormPdf(leader, joint)).pdf), named);
  assert.match(text('site-record', (await siteRecordFormPdf(leader, joint)).pdf), named);
  assert.match(text('record', (await inspectionRecordPdf(leader, dir, joint)).pdf), named);
  assert.match(text('approval-task', (await taskApprovalFormPdf(leader, task)).pdf), named, 'a 定向 draw\'s task: its draw\'s partners');
  assert.doesNotMatch(text('own-approval', (await recordApprovalFormPdf(leader, own)).pdf), /联合检查部门/);
  assert.doesNotMatch(text('own-site', (await siteRecordFormPdf(leader, own)).pdf), /联合检查部门/);
});
