import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors.ts';
import { ceilPercent, ceilTimes } from './counting.ts';
import { baodingCity, baodingCounty, lingchuan, nanshan, wulong, zaozhuang } from './profiles/index.ts';
import { computeQuotas } from './quota.ts';

const zPools = { 重点: 26, 简化: 40, 一般: 250, 特殊: 12 };

test('25% of 26 rounds up to 7 (枣庄 重点, per quarter)', () => {
  const q = computeQuotas(zaozhuang, { period: '2025-Q2', orgLevel: 'county', pools: zPools });
  assert.deepEqual([q.重点!.quota, q.重点!.formula, q.重点!.period], [7, 'ceil(25% × 26) = 7', '2025-Q2']);
  assert.equal(q.简化!.formula, 'ceil(5% × 40) = 2');
  assert.equal(q.一般!.formula, 'ceil(1% × 250) = 3');
});

test('7 % of 100 is exactly 7 and 12.5 % of 8 exactly 1: no floating-point rounding up', () => {
  assert.equal(Math.ceil(100 * 0.07), 8); // why counting.ts scales to integers
  assert.equal(ceilPercent(7, 100), 7);
  assert.equal(ceilPercent(10, 30), 3);
  assert.equal(ceilPercent(12.5, 8), 1);
  assert.equal(ceilPercent(12.5, 9), 2);
  assert.equal(ceilTimes(7, 2.5), 18);
  assert.equal(ceilTimes(0, 2.5), 0);
});

test('枣庄 一般 is drawn by the county level only: the city level gets no 一般 stratum', () => {
  const city = computeQuotas(zaozhuang, { period: '2025-Q2', orgLevel: 'city', pools: zPools });
  assert.deepEqual(Object.keys(city), ['重点', '简化', '特殊']);
  assert.throws(() => computeQuotas(zaozhuang, { period: '2025-Q2', pools: zPools }), /适用于市级和县级，请指定机构层级/);
});

test('枣庄 特殊 all once a half-year: asked for a quarter, the quota is the half-year\'s, less those already covered', () => {
  const q = computeQuotas(zaozhuang, { period: '2025-Q2', orgLevel: 'city', pools: zPools, alreadyCovered: { 特殊: 5 } });
  assert.deepEqual([q.特殊!.period, q.特殊!.quota, q.特殊!.formula], ['2025-H1', 7, '全覆盖 12 − 5 = 7']);
});

test('保定 city: 10 % of key units a quarter, 50 % of special objects, 1:5 inspectors a year', () => {
  const q = computeQuotas(baodingCity, { period: '2025-Q1', pools: { 重点: 45, 特殊: 9, 一般: 800 }, inspectorCount: 30 });
  assert.equal(q.重点!.formula, 'ceil(10% × 45) = 5');
  assert.equal(q.特殊!.formula, 'ceil(50% × 9) = 5');
  // 5 × 30 = 150 a year over 4 quarters → 38 in the first.
  assert.equal(q.一般!.formula, 'ceil(5 × 30 人 ÷ 4) = 38');
  const year = computeQuotas(baodingCity, { period: '2025', pools: { 重点: 45, 特殊: 9, 一般: 800 }, inspectorCount: 30 });
  assert.equal(year.一般!.formula, '5 × 30 人 = 150');
});

test('保定 county 1:10 inspectors per year, spread over quarters: what remains over the quarters left', () => {
  const plan = (period: string, covered: number) =>
    computeQuotas(baodingCounty, { period, pools: { 重点: 20, 特殊: 4, 一般: 300 }, inspectorCount: 7, alreadyCovered: { 一般: covered } }).一般!;
  assert.deepEqual([plan('2025-Q1', 0).quota, plan('2025-Q1', 0).formula], [18, 'ceil(10 × 7 人 ÷ 4) = 18']);
  assert.deepEqual([plan('2025-Q2', 18).quota, plan('2025-Q2', 18).formula], [18, 'ceil((10 × 7 人 − 18) ÷ 3) = 18']);
  assert.equal(plan('2025-Q4', 60).quota, 10);
  assert.equal(plan('2025-Q4', 75).quota, 0);
  assert.equal(plan('2025', 0).quota, 70);
});

test('保定 county key units: full coverage in a half-year = remaining pool / remaining quarters, when above 50 %', () => {
  const plan = (period: string, covered: number) =>
    computeQuotas(baodingCounty, { period, pools: { 重点: 20, 特殊: 4, 一般: 300 }, inspectorCount: 7, alreadyCovered: { 重点: covered } }).重点!;
  assert.equal(plan('2025-Q1', 0).formula, 'max(ceil(50% × 20) = 10, ceil(20 ÷ 2) = 10) = 10');
  // Second quarter of the half: 8 of 20 covered, so 12 must be drawn — more than 50 %.
  assert.deepEqual([plan('2025-Q2', 8).quota, plan('2025-Q2', 8).formula], [12, 'max(ceil(50% × 20) = 10, ceil((20 − 8) ÷ 1) = 12) = 12']);
  assert.equal(plan('2025-Q3', 0).quota, 10, 'a new half-year starts from the whole pool');
});

test('陵川 一般: 10 × squads per quarter (3 分队 → 30), and 重点 25 % a quarter with all covered within the year', () => {
  const plan = (period: string, covered: number) =>
    computeQuotas(lingchuan, { period, pools: { 重点: 40, 一般: 200, 特殊: 6, 正面清单: 9 }, squadCount: 3, alreadyCovered: { 重点: covered, 特殊: covered } });
  assert.equal(plan('2025-Q1', 0).一般!.formula, '10 × 3 个分队 = 30');
  assert.equal(plan('2025-Q1', 0).重点!.quota, 10);
  assert.equal(plan('2025-Q4', 20).重点!.formula, 'max(ceil(25% × 40) = 10, ceil((40 − 20) ÷ 1) = 20) = 20');
  assert.equal(plan('2025-Q1', 0).特殊!.formula, 'ceil(6 ÷ 4) = 2');
  assert.equal(plan('2025-Q1', 0).正面清单!.formula, 'ceil(25% × 9) = 3');
});

test('南山: 2.5 × inspectors per quarter rounds up (7 → 18); 12.5 % of key units; 入海排污口 once a year', () => {
  const pools = Object.fromEntries(nanshan.strata.map((s) => [s.key, 40]));
  const q = computeQuotas(nanshan, { period: '2025-Q1', pools: { ...pools, 重点: 33 }, inspectorCount: 7 });
  assert.equal(q.一般!.formula, 'ceil(2.5 × 7 人) = 18');
  assert.equal(q.一般建设项目!.quota, 18);
  assert.equal(q.重点!.formula, 'ceil(12.5% × 33) = 5');
  assert.deepEqual([q['入海排污口-一般']!.period, q['入海排污口-一般']!.formula], ['2025', '2 × 7 人 = 14']);
  assert.equal(q.柴油车用车大户!.drawnBy, '执法支队');
});

test('a quota never exceeds the pool: 2.5 × 7 inspectors with 10 general units draws all 10', () => {
  const pools = { ...Object.fromEntries(nanshan.strata.map((s) => [s.key, 40])), 一般: 10 };
  const q = computeQuotas(nanshan, { period: '2025-Q1', pools, inspectorCount: 7 }).一般!;
  assert.deepEqual([q.quota, q.formula], [10, 'ceil(2.5 × 7 人) = 18，对象库仅 10 家 → 10']);
});

test('武隆 附件 12 "按年度监管工作方案执行" has no quota until the plan gives one', () => {
  const pools = Object.fromEntries(wulong.strata.map((s) => [s.key, 5]));
  assert.equal(computeQuotas(wulong, { period: '2025-Q1', pools })['12-环评报告编制单位']!.quota, null);
  const planned = computeQuotas(wulong, { period: '2025-Q1', pools, planned: { '12-环评报告编制单位': 2 } })['12-环评报告编制单位']!;
  assert.deepEqual([planned.quota, planned.formula], [2, '按年度监管工作方案执行：2']);
  const year = computeQuotas(wulong, { period: '2025', pools, planned: { '12-环评报告编制单位': 2 } })['12-环评报告编制单位']!;
  assert.deepEqual([year.quota, year.formula], [8, '按年度监管工作方案执行：2 / 季度 × 4 = 8']);
});

test('missing pools, inspector counts or a level the profile does not serve are errors in Chinese', () => {
  assert.throws(() => computeQuotas(lingchuan, { period: '2025-Q1', pools: { 重点: 1 }, squadCount: 3 }),
    (e) => e instanceof AppError && e.message.includes('缺少以下抽查分层的对象数：「一般」一般监管对象'));
  const pools = Object.fromEntries(nanshan.strata.map((s) => [s.key, 40]));
  assert.throws(() => computeQuotas(nanshan, { period: '2025-Q1', pools }), /「一般监管对象」按执法人员数量计算，请提供执法人员数量/);
  assert.throws(() => computeQuotas(nanshan, { period: '2025-Q1', orgLevel: 'city', pools, inspectorCount: 7 }), /不适用于市级机构/);
  assert.throws(() => computeQuotas(lingchuan, { period: '2025-Q5', pools: {}, squadCount: 3 }), /期间「2025-Q5」无效/);
  assert.throws(() => computeQuotas(lingchuan, { period: '2025-Q1', pools: { 重点: -1, 一般: 1, 特殊: 1, 正面清单: 1 }, squadCount: 3 }), /对象数应为非负整数/);
});
