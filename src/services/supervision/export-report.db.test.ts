/**
 * The reports of the 2026 fixture year (src/testing/supervision-fixture.ts), exported and reopened:
 * the 2026-Q1 统计表 (市本级 D1, 东城分局 D3, 合计), the 2026-03 明细表 (three records of March) and
 * the annual report draft with its figures.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { seedSupervisionFixture, type SupervisionFixture } from '../../testing/supervision-fixture.ts';
import { annualReportSections } from '../../domain/supervision-report.ts';
import { annualReportInput, annualReportName, exportReport } from './export-report.ts';
import { supervisionFigures } from './figures.ts';

let db: TestDatabase;
let f: SupervisionFixture;

before(async () => {
  db = await openTestDatabase();
  f = await seedSupervisionFixture(db);
});
after(async () => { await db?.dispose(); });

async function reopen(body: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as any);
  const ws = wb.worksheets[0]!;
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

test('the 2026-Q1 统计表: 市本级 4/4/4 with 2 problems and 1 case, 东城分局 3/3/2, 合计 7/7/6; rates computed from the counts', async () => {
  const file = await exportReport(f.ctx('city-supervisor'), { kind: 'quarterly', period: '2026-Q1' });
  assert.equal(file.fileName, `监管情况统计表-${f.city.name}-2026-Q1.xlsx`);
  const rows = await reopen(file.body);
  assert.match(String(rows[0]![0]), /监管情况统计表（2026-Q1）/);
  assert.deepEqual(rows[1]!.slice(0, 4), ['序号', '单位', '计划抽查数', '实际抽取数']);
  assert.deepEqual(rows.slice(2), [
    [1, `${f.city.name}（本级）`, 4, 4, 4, 100, 4, 2, 50, 1, 2, 1, 50, 0, 2, 50],
    [2, f.county.name, 3, 3, 2, 66.7, 2, 1, 50, 0, 1, 1, 100, 0, 0, 0],
    ['合计', '合计', 7, 7, 6, 85.7, 6, 3, 50, 1, 3, 2, 66.7, 0, 2, 33.3],
  ]);
});

test('the year\'s 统计表 has the year\'s totals (13 planned, 12 drawn, 10 completed)', async () => {
  const rows = await reopen((await exportReport(f.ctx('city-supervisor'), { kind: 'quarterly', period: '2026' })).body);
  assert.deepEqual(rows.at(-1)!.slice(0, 5), ['合计', '合计', 13, 12, 10]);
});

test('the 2026-03 明细表 lists the three March records by date with their team, result and follow-ups', async () => {
  const file = await exportReport(f.ctx('city-coordinator'), { kind: 'monthly', period: '2026-03' });
  const rows = (await reopen(file.body)).slice(2);
  assert.equal(rows.length, 3);
  assert.deepEqual(rows.map((r) => [r[0], r[1], r[2], r[7], r[9], r[10]]), [
    [1, f.county.name, '0006号公司', '2026-03-05', '发现问题，责令整改', '责令整改（已完结）'],
    [2, f.city.name, '0003号公司', '2026-03-20', '涉嫌环境违法，立案查处', '立案（跟进中）；责令整改（跟进中）'],
    [3, f.city.name, '0004号公司', '2026-03-25', '未发现问题', '无'],
  ]);
  assert.equal(rows[2]![5], '重点监管对象、一般监管对象');
  assert.equal(rows[1]![8], '市检查员1、市检查员2');
});

test('the annual report draft is a PDF whose text carries the year\'s figures', async () => {
  const file = await exportReport(f.ctx('city-leader'), { kind: 'annual', period: '2026' });
  assert.equal(file.body.subarray(0, 5).toString(), '%PDF-');
  const text = annualReportSections(annualReportInput(await supervisionFigures(f.ctx('city-leader'), { year: 2026 }))).flatMap((s) => s.paragraphs).join('\n');
  assert.match(text, /全年计划抽查 13 家次，实际抽取 12 家次，完成检查 10 家次，完成率 83\.3%/);
  assert.match(text, /发现问题 5 家次，问题发现率 50%；立案查处 1 家次；责令整改 4 项，已完成整改 2 项，整改完成率 50%；移送、移交 1 件/);
  assert.match(text, /跨部门联合抽查完成 2 项，年度目标 3 项，未完成/);
  assert.match(text, /有 1 家检查对象的随机抽查次数超过/);
  assert.match(text, new RegExp(`${f.county.name}（80%）`));
});

test('the report is named as the profile\'s document names it', () => {
  assert.equal(annualReportName('nanshan'), '全年双随机监管工作总结及下一年度工作思路');
  assert.equal(annualReportName('zaozhuang'), '“双随机、一公开”工作报告');
  assert.equal(annualReportName(undefined), '“双随机、一公开”工作报告');
});

test('bad periods are refused in Chinese, naming the field', async () => {
  await assert.rejects(exportReport(f.ctx('city-supervisor'), { kind: 'monthly', period: '2026-13' }), /明细表的月份「2026-13」/);
  await assert.rejects(exportReport(f.ctx('city-supervisor'), { kind: 'quarterly', period: '2026-Q5' }), /统计表的期间「2026-Q5」/);
});
