import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors.ts';
import { computeAnnualPlan, periodsOfYear, type AnnualPlan } from './annual-plan.ts';
import { baodingCity, baodingCounty, lingchuan, nanshan, wulong, zaozhuang } from './profiles/index.ts';
import type { Profile } from './schema.ts';

const poolsOf = (p: Profile, size: number, own: Record<string, number> = {}) => ({ ...Object.fromEntries(p.strata.map((s) => [s.key, size])), ...own });
const stratum = (plan: AnnualPlan, key: string) => plan.strata.find((s) => s.key === key)!;

// 武隆 附件 (随机抽查事项清单) prints 抽查频次, 抽查比例 and 抽取对象数量 per row; the plan must reproduce the count column.
const wPlan = computeAnnualPlan(wulong, 2024, {
  pools: poolsOf(wulong, 5, { '3-城市千吨万人水源地': 9, '4-涉气重点企业油库加油站': 26, '5-排污许可证核发质量': 57, '18-非千吨万人水源地': 39 }),
  planned: { '12-环评报告编制单位': 2 },
});

test('武隆 附件 序号4: 26 units at 10 % a quarter → 3 a quarter and 12 a year (annex: 每季度抽查10%，约12)', () => {
  const s = stratum(wPlan, '4-涉气重点企业油库加油站');
  assert.deepEqual([s.cadence, s.countPerPeriod, s.countPerYear], ['quarter', 3, 12]);
  assert.equal(s.formula, 'ceil(10% × 26) = 3 / 季度，全年 12');
  assert.deepEqual(s.lines.map((l) => [l.period, l.count]), [['2024-Q1', 3], ['2024-Q2', 3], ['2024-Q3', 3], ['2024-Q4', 3]]);
  assert.equal(s.cites[0]!.article, '附件 序号4');
});

test('武隆 附件 序号3: 9 water sources at 20 % a quarter → 2 a quarter, 8 a year (annex: 8)', () => {
  const s = stratum(wPlan, '3-城市千吨万人水源地');
  assert.deepEqual([s.countPerPeriod, s.countPerYear, s.formula], [2, 8, 'ceil(20% × 9) = 2 / 季度，全年 8']);
  assert.equal(s.cites[0]!.article, '附件 序号3');
});

test('武隆 附件 序号18: 39 water sources at 20 % once a year → 8 (annex: 约8); 序号5: 57 units at 10 % → 6 (annex: 6)', () => {
  const s18 = stratum(wPlan, '18-非千吨万人水源地');
  assert.deepEqual([s18.cadence, s18.countPerYear, s18.formula, s18.lines.map((l) => l.period)], ['year', 8, 'ceil(20% × 39) = 8', ['2024']]);
  assert.equal(s18.cites[0]!.article, '附件 序号18');
  const s5 = stratum(wPlan, '5-排污许可证核发质量');
  assert.deepEqual([s5.countPerYear, s5.formula], [6, 'ceil(10% × 57) = 6']);
  assert.equal(s5.cites[0]!.article, '附件 序号5');
});

test('武隆 附件 序号12 按年度监管工作方案执行: the planned number per quarter, 4 times a year; missing → 全年待定', () => {
  assert.deepEqual([stratum(wPlan, '12-环评报告编制单位').countPerYear, wPlan.undetermined], [8, []]);
  const open = computeAnnualPlan(wulong, 2024, { pools: poolsOf(wulong, 5) });
  const s = stratum(open, '12-环评报告编制单位');
  assert.deepEqual([s.countPerPeriod, s.countPerYear, open.undetermined], [null, null, ['12-环评报告编制单位']]);
  assert.match(s.formula, /全年待定$/);
});

test('武隆 附件 序号15 信用警示/不良 每半年 100 %: two draws (H1, H2) a year', () => {
  const s = stratum(wPlan, '15-信用警示不良');
  assert.deepEqual([s.cadenceLabel, s.lines.map((l) => l.period), s.countPerYear], ['半年', ['2024-H1', '2024-H2'], 10]);
});

test('枣庄 二、（四）2（1）: 25 % of 26 key units a quarter → 7, 28 a year; 一般 only at county level (2（3）)', () => {
  const pools = { 重点: 26, 简化: 40, 一般: 250, 特殊: 12 };
  const city = computeAnnualPlan(zaozhuang, 2025, { level: 'city', pools });
  const s = stratum(city, '重点');
  assert.deepEqual([s.countPerPeriod, s.countPerYear, s.formula], [7, 28, 'ceil(25% × 26) = 7 / 季度，全年 28']);
  assert.equal(s.cites[0]!.article, '二、（四）2（1）');
  assert.equal(city.strata.some((x) => x.key === '一般'), false);
  const county = computeAnnualPlan(zaozhuang, 2025, { level: 'county', pools });
  assert.deepEqual([stratum(county, '一般').countPerYear, stratum(county, '一般').cites[0]!.article], [12, '二、（四）2（3）']);
  // 2（4）: every special object once a half-year.
  assert.deepEqual([stratum(city, '特殊').formula, stratum(city, '特殊').countPerYear], ['全覆盖 12 / 半年，全年 24', 24]);
});

test('保定 city 实施方案 二、（三）: 1:5 inspectors a year spread over quarters (30 人 → 150: 38, 38, 37, 37)', () => {
  const plan = computeAnnualPlan(baodingCity, 2025, { inspectors: 30, pools: { 重点: 45, 特殊: 9, 一般: 800 } });
  const s = stratum(plan, '一般');
  assert.deepEqual(s.lines.map((l) => l.count), [38, 38, 37, 37]);
  assert.deepEqual([s.countPerPeriod, s.countPerYear, s.cites[0]!.article], [null, 150, '实施方案 二、（三）']);
  assert.equal(s.formula, 'Q1 ceil(5 × 30 人 ÷ 4) = 38；Q2 ceil((5 × 30 人 − 38) ÷ 3) = 38；Q3 ceil((5 × 30 人 − 76) ÷ 2) = 37；Q4 ceil((5 × 30 人 − 113) ÷ 1) = 37；全年 150');
  assert.equal(stratum(plan, '重点').formula, 'ceil(10% × 45) = 5 / 季度，全年 20');
});

test('保定 county: key units 50 % a quarter and all within each half-year (20 → 10 + 10 per half, 40 a year)', () => {
  const plan = computeAnnualPlan(baodingCounty, 2025, { inspectors: 7, pools: { 重点: 20, 特殊: 4, 一般: 300 } });
  assert.deepEqual(stratum(plan, '重点').lines.map((l) => l.count), [10, 10, 10, 10]);
  // 21 key units: Q1 max(11, 11) = 11, Q2 must cover the other 10 but 50 % demands 11.
  const odd = computeAnnualPlan(baodingCounty, 2025, { inspectors: 7, pools: { 重点: 21, 特殊: 4, 一般: 300 } });
  assert.deepEqual(stratum(odd, '重点').lines.map((l) => l.count), [11, 11, 11, 11]);
  assert.equal(stratum(plan, '一般').countPerYear, 70);
});

test('陵川 二、（四）3: every special object within the year, drawn quarterly (6 → 2, 2, 1, 1)', () => {
  const plan = computeAnnualPlan(lingchuan, 2025, { squads: 3, pools: { 重点: 40, 一般: 200, 特殊: 6, 正面清单: 9 } });
  const s = stratum(plan, '特殊');
  assert.deepEqual([s.lines.map((l) => l.count), s.countPerYear, s.cites[0]!.article], [[2, 2, 1, 1], 6, '二、（四）3']);
  assert.deepEqual([stratum(plan, '一般').formula, stratum(plan, '一般').cites[0]!.article], ['10 × 3 个分队 = 30 / 季度，全年 120', '二、（四）2']);
});

test('南山 四、（二）1: 2.5 × 7 inspectors a quarter → 18, 72 a year; 入海排污口 drawn once a year', () => {
  const plan = computeAnnualPlan(nanshan, 2025, { inspectors: 7, pools: poolsOf(nanshan, 40, { 重点: 33 }) });
  assert.deepEqual([stratum(plan, '一般').formula, stratum(plan, '一般').cites[0]!.article], ['ceil(2.5 × 7 人) = 18 / 季度，全年 72', '四、（二）1']);
  assert.deepEqual([stratum(plan, '重点').countPerYear, stratum(plan, '入海排污口-重点').lines.map((l) => l.period)], [20, ['2025']]);
  assert.equal(stratum(plan, '柴油车用车大户').drawnBy, '执法支队');
});

test('plan lines are every stratum in profile order, then periods; the total sums the years', () => {
  assert.deepEqual(periodsOfYear(2025, 'half'), ['2025-H1', '2025-H2']);
  assert.equal(periodsOfYear(2025, 'month')[2], '2025-03');
  assert.equal(wPlan.lines[0]!.stratum, wulong.strata[0]!.key);
  assert.equal(wPlan.total, wPlan.strata.reduce((n, s) => n + s.countPerYear!, 0));
});

test('bad inputs are Chinese errors: missing pools, missing inspector count, wrong level, bad year', () => {
  assert.throws(() => computeAnnualPlan(lingchuan, 2025, { squads: 3, pools: { 重点: 1 } }), (e) => e instanceof AppError && /缺少以下抽查分层的对象数/.test(e.message));
  assert.throws(() => computeAnnualPlan(nanshan, 2025, { pools: poolsOf(nanshan, 4) }), /请提供执法人员数量/);
  assert.throws(() => computeAnnualPlan(nanshan, 2025, { level: 'city', inspectors: 3, pools: poolsOf(nanshan, 4) }), /不适用于市级机构/);
  assert.throws(() => computeAnnualPlan(wulong, 1999, { pools: poolsOf(wulong, 4) }), /年度应为 2000–2100 之间的整数/);
});
