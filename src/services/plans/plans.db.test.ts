/**
 * 年度抽查计划 stored: drafted by a coordinator, decided once by a leader of the organisation or above,
 * revised into new revisions (approving one supersedes the previous in the same transaction), frozen by
 * the database trigger, marked for publication, exported as .xlsx (the item list's columns) and PDF.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../../domain/errors.ts';
import type { Role } from '../../domain/orgs.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../../testing/database.ts';
import { creditCode } from '../../testing/fixtures.ts';
import { insertUser } from '../../storage/repos/orgs.ts';
import { getApprovedPlan } from '../../storage/repos/plans.ts';
import { createDirectoryRecord } from '../directory/save-record.ts';
import type { Ctx } from '../context.ts';
import { decidePlan } from './decide-plan.ts';
import { draftPlan } from './draft-plan.ts';
import { exportPlan } from './export-plan.ts';
import { computePlan, listPlans } from './list-plans.ts';
import { publishPlan } from './publish-plan.ts';
import { PLAN_SHEET_HEADERS } from './plan-sheet.ts';
import { runClassification } from '../classification/run-classification.ts';
import { wulong } from '../../domain/policy/profiles/index.ts';

let db: TestDatabase;
let seeded: Awaited<ReturnType<typeof seedMinimalOrgs>>;
const as: Record<string, Ctx> = {};

async function userCtx(org: { id: number; path: string }, role: Role, username: string): Promise<Ctx> {
  const id = await insertUser(db.pool, { orgId: org.id, username, displayName: `${username}同志`, role, passwordHash: 'x' });
  return { database: db, actor: { id, orgId: org.id, orgPath: org.path, role, displayName: `${username}同志` }, now: () => new Date('2025-01-20T08:00:00Z') };
}

const rejectsWith = (p: Promise<unknown>, code: string, pattern: RegExp) =>
  assert.rejects(p, (e) => e instanceof AppError && e.code === code && pattern.test(e.message));

before(async () => {
  db = await openTestDatabase();
  seeded = await seedMinimalOrgs(db);
  // 枣庄 county level as of 2025-01-01: 重点管理 ×5, 简化管理 ×2, 登记管理 ×3 (in the county).
  const rows = [...Array(5).fill('重点管理'), '简化管理', '简化管理', '登记管理', '登记管理', '登记管理'];
  for (const [i, permitClass] of rows.entries()) {
    await createDirectoryRecord(seeded.ctx, 'targets', { kind: '排污单位', identifier: creditCode(i + 1), name: `单位${i + 1}有限公司`, permitClass, orgId: seeded.county.id });
  }
  as.coordinator = await userCtx(seeded.city, 'coordinator', 'coord');
  as.leader = await userCtx(seeded.city, 'leader', 'lead');
  as.countyLeader = await userCtx(seeded.county, 'leader', 'countylead');
  as.otherLeader = await userCtx(seeded.other, 'leader', 'otherlead');
  as.inspector = await userCtx(seeded.city, 'inspector', 'insp');
});
after(async () => db.dispose());

const zz = { profileKey: 'zaozhuang', year: 2025, level: 'county' as const };

test('a coordinator drafts revision 1 from the directories: 25 % of 5 key units → 2 a quarter, 8 a year', async () => {
  const plan = await draftPlan(as.coordinator!, { ...zz, note: '首版' });
  assert.deepEqual([plan.revision, plan.status, plan.statusLabel, plan.createdBy, plan.note], [1, 'draft', '待审批', 'coord同志', '首版']);
  const key = plan.strata.find((s) => s.key === '重点')!;
  assert.deepEqual([key.pool, key.countPerPeriod, key.countPerYear, key.formula], [5, 2, 8, 'ceil(25% × 5) = 2 / 季度，全年 8']);
  assert.deepEqual(key.citations, ['枣庄方案 二、（四）2（1）']);
  assert.deepEqual([plan.inputs.targetCount, plan.inputs.asOf, plan.profileVersion], [10, '2025-01-01', 0]);
  assert.match(plan.profileHash, /^[0-9a-f]{64}$/);
  await rejectsWith(draftPlan(as.inspector!, zz), 'FORBIDDEN', /无权/);
});

test('only a leader of the organisation or above decides; a rejection needs a reason and is final', async () => {
  const [draft] = (await listPlans(as.coordinator!, zz)).revisions;
  await rejectsWith(decidePlan(as.coordinator!, { planId: draft!.id, decision: 'approve' }), 'FORBIDDEN', /只有局领导\/分管负责同志可以审批/);
  await rejectsWith(decidePlan(as.otherLeader!, { planId: draft!.id, decision: 'approve' }), 'NOT_FOUND', /不在您的管辖范围内/);
  await rejectsWith(decidePlan(as.countyLeader!, { planId: draft!.id, decision: 'approve' }), 'NOT_FOUND', /不在您的管辖范围内/);
  await rejectsWith(decidePlan(as.leader!, { planId: draft!.id, decision: 'reject', note: '  ' }), 'VALIDATION', /退回时请填写退回原因/);
  const rejected = await decidePlan(as.leader!, { planId: draft!.id, decision: 'reject', note: '请核对简化管理对象数' });
  assert.deepEqual([rejected.status, rejected.decidedBy, rejected.decisionNote, rejected.decidedAt], ['rejected', 'lead同志', '请核对简化管理对象数', '2025-01-20T08:00:00.000Z']);
  await rejectsWith(decidePlan(as.leader!, { planId: draft!.id, decision: 'approve' }), 'CONFLICT', /第 1 版已退回，不能再审批/);
  assert.equal(await getApprovedPlan(db.pool, seeded.city.id, 'zaozhuang', 2025), undefined);
});

test('revising: approving revision 3 supersedes approved revision 2 in the same transaction; a newer draft supersedes an open draft', async () => {
  const r2 = await draftPlan(as.coordinator!, zz);
  const approved2 = await decidePlan(as.leader!, { planId: r2.id, decision: 'approve', note: '同意' });
  assert.deepEqual([approved2.revision, approved2.status], [2, 'approved']);
  assert.equal((await getApprovedPlan(db.pool, seeded.city.id, 'zaozhuang', 2025))!.id, r2.id);

  const r3 = await draftPlan(as.coordinator!, zz);
  const r4 = await draftPlan(as.coordinator!, { ...zz, note: '补充说明' });
  await rejectsWith(decidePlan(as.leader!, { planId: r3.id, decision: 'approve' }), 'CONFLICT', /第 3 版已被新版本取代/);
  await decidePlan(as.leader!, { planId: r4.id, decision: 'approve' });
  const statuses = (await listPlans(as.leader!, zz)).revisions.map((p) => [p.revision, p.status]);
  assert.deepEqual(statuses, [[4, 'approved'], [3, 'superseded'], [2, 'superseded'], [1, 'rejected']]);
  const inForce = (await getApprovedPlan(db.pool, seeded.city.id, 'zaozhuang', 2025))!;
  // 重点, 简化, 一般 quarterly and 特殊 half-yearly: 4 + 4 + 4 + 2 lines.
  assert.deepEqual([inForce.revision, inForce.lines.length, inForce.lines[0]!.stratum, inForce.lines[0]!.period], [4, 4 + 4 + 4 + 2, '重点', '2025-Q1']);
});

test('the trigger freezes a decided plan: its lines, decision and status cannot be changed, nor the row deleted', async () => {
  const plan = (await getApprovedPlan(db.pool, seeded.city.id, 'zaozhuang', 2025))!;
  await assert.rejects(db.pool.query(`UPDATE annual_plans SET lines = '[]' WHERE id = $1`, [plan.id]), /已审批的年度抽查计划（第 4 版）不能修改/);
  await assert.rejects(db.pool.query(`UPDATE annual_plans SET status = 'draft' WHERE id = $1`, [plan.id]), /不能修改/);
  await assert.rejects(db.pool.query(`UPDATE annual_plans SET decision_note = 'x' WHERE id = $1`, [plan.id]), /不能修改/);
  await assert.rejects(db.pool.query(`DELETE FROM annual_plans WHERE id = $1`, [plan.id]));
  assert.deepEqual((await getApprovedPlan(db.pool, seeded.city.id, 'zaozhuang', 2025))!.lines, plan.lines);
});

test('an approved plan is marked for publication once; a draft cannot be', async () => {
  const plan = (await getApprovedPlan(db.pool, seeded.city.id, 'zaozhuang', 2025))!;
  const published = await publishPlan(as.coordinator!, plan.id);
  assert.equal(published.publishedAt, '2025-01-20T08:00:00.000Z');
  await rejectsWith(publishPlan(as.coordinator!, plan.id), 'CONFLICT', /已于 2025-01-20 标记公示/);
  const superseded = (await listPlans(as.leader!, zz)).revisions.find((p) => p.revision === 3)!;
  await rejectsWith(publishPlan(as.coordinator!, superseded.id), 'CONFLICT', /只有已批准的计划可以公示/);
});

test('武隆 row 12 (按年度监管工作方案执行) needs its number before a draft; unknown strata are refused', async () => {
  const open = await computePlan(as.coordinator!, { profileKey: 'wulong', year: 2025 });
  assert.deepEqual(open.undetermined, ['12-环评报告编制单位']);
  await rejectsWith(draftPlan(as.coordinator!, { profileKey: 'wulong', year: 2025 }), 'VALIDATION', /「环评报告编制单位」按年度监管工作方案执行，请填写每次抽查的数量/);
  await rejectsWith(draftPlan(as.coordinator!, { profileKey: 'wulong', year: 2025, planned: { 环评: 1 } }), 'VALIDATION', /「planned\.环评」不是方案/);
  const plan = await draftPlan(as.coordinator!, { profileKey: 'wulong', year: 2025, planned: { '12-环评报告编制单位': 1 } });
  const row12 = plan.strata.find((s) => s.key === '12-环评报告编制单位')!;
  assert.deepEqual([row12.countPerYear, row12.formula], [4, '按年度监管工作方案执行：1 / 季度，全年 4']);

  // The .xlsx row of annex row 15 (重点管理类): the annex's own words, and the plan's count for the year.
  const xlsx = await exportPlan(as.coordinator!, plan.id, 'xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx.body as never);
  const rows = wb.worksheets[0]!.getSheetValues().slice(4).map((r) => (r as unknown[]).slice(1));
  const row15 = rows.find((r) => r[4] === '核发排污许可证的企业：重点管理类（18家）')!;
  assert.deepEqual([row15[0], row15[1], row15[5], row15[6], row15[7], row15[8]], ['15', '执法支队', '4次/年', '重点管理类排污单位每季度抽查100%', 20, 5]);
  assert.match(String(row15[2]), /^污染源日常监督检查/);
  assert.match(String(row15[3]), /^1\.重点排污单位的日常监督检查\n2\.企业突发环境事件应急管理检查/);
  assert.equal(rows.length, wulong.strata.length);
});

test('the .xlsx export has the item list\'s columns and one row per stratum; the PDF carries the Chinese text', async () => {
  const plan = (await getApprovedPlan(db.pool, seeded.city.id, 'zaozhuang', 2025))!;
  const xlsx = await exportPlan(as.inspector!, plan.id, 'xlsx');
  assert.equal(xlsx.fileName, '年度抽查计划-测试市生态环境局-2025-第4版.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx.body as never);
  const ws = wb.worksheets[0]!;
  assert.equal(ws.getRow(1).getCell(1).value, '测试市生态环境局 2025 年度“双随机、一公开”抽查计划');
  assert.deepEqual((ws.getRow(3).values as unknown[]).slice(1), PLAN_SHEET_HEADERS);
  assert.deepEqual(PLAN_SHEET_HEADERS.slice(0, 8), ['序号', '发起部门', '抽查事项名称', '检查内容', '检查对象', '抽查频次', '抽查比例', '抽取对象数量（家）']);
  const first = (ws.getRow(4).values as unknown[]).slice(1);
  assert.deepEqual([first[4], first[5], first[6], first[7], first[8], first[9], first[10]], ['重点监管对象', '4次/年', '每季度 25%', 8, 5, 'ceil(25% × 5) = 2 / 季度，全年 8', '枣庄方案 二、（四）2（1）']);
  assert.equal(ws.rowCount, 3 + 4);

  const pdf = await exportPlan(as.inspector!, plan.id, 'pdf');
  assert.equal(pdf.body.subarray(0, 5).toString(), '%PDF-');
  const file = join(db.dataDir, 'plan.pdf');
  writeFileSync(file, pdf.body);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/ +/g, '');
  assert.match(text, /测试市生态环境局2025年度“双随机、一公开”抽查计划/);
  assert.match(text, /重点监管对象/);
  assert.match(text, /ceil\(25%×5\)=2\/季度，全年8/);
});

test('pools may come from the latest classification run of the year instead of the directories', async () => {
  await rejectsWith(computePlan(as.coordinator!, { ...zz, source: 'latestRun' }), 'VALIDATION', /在 2025 年还没有按「.*」完成的分类结果，请先在「分类结果」页运行分类/);
  const runId = await runClassification(as.coordinator!, { profileKey: 'zaozhuang', period: '2025-Q1' });
  const fromRun = await computePlan(as.coordinator!, { ...zz, source: 'latestRun' });
  assert.deepEqual([fromRun.inputs.runId, fromRun.inputs.runPeriod, fromRun.inputs.targetCount], [runId, '2025-Q1', 10]);
  assert.equal(fromRun.strata.find((s) => s.key === '重点')!.formula, 'ceil(25% × 5) = 2 / 季度，全年 8');
  const draft = await draftPlan(as.coordinator!, { ...zz, source: 'latestRun' });
  assert.equal(draft.inputs.runId, runId);
});

test('segregation of duties: a leader who drafted a revision may send it back but not approve it; another leader approves', async () => {
  const y2026 = { ...zz, year: 2026 };
  const own = await draftPlan(as.leader!, y2026);
  assert.equal(own.createdById, as.leader!.actor.id);
  await rejectsWith(decidePlan(as.leader!, { planId: own.id, decision: 'approve' }), 'FORBIDDEN', /第 1 版由您本人拟定，不能由本人批准，请由其他领导审批/);
  assert.equal((await listPlans(as.leader!, y2026)).revisions[0]!.status, 'draft');
  const secondLeader = await userCtx(seeded.city, 'leader', 'lead2');
  const approved = await decidePlan(secondLeader, { planId: own.id, decision: 'approve' });
  assert.deepEqual([approved.status, approved.decidedBy, approved.createdBy], ['approved', 'lead2同志', 'lead同志']);
  const again = await draftPlan(as.leader!, y2026);
  const withdrawn = await decidePlan(as.leader!, { planId: again.id, decision: 'reject', note: '本人撤回重拟' });
  assert.equal(withdrawn.status, 'rejected');
});
