import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyTarget, targetClassifier } from './classify.ts';
import type { TargetEvent, TargetFacts } from './conditions.ts';
import { baodingCounty, lingchuan, PROFILES, zaozhuang } from './profiles/index.ts';

const unit = { kind: '排污单位' };
const ev = (kind: string, occurredOn: string, more: Partial<TargetEvent> = {}): TargetEvent => ({ kind, occurredOn, ...more });

// ── 枣庄 ──────────────────────────────────────────────────────────────────────────────
test('枣庄: the permit class decides 重点 / 简化 / 一般', () => {
  assert.equal(classifyTarget(zaozhuang, { ...unit, permitClass: '重点管理' }, [], '2025-Q2').category, '重点');
  assert.equal(classifyTarget(zaozhuang, { ...unit, permitClass: '简化管理' }, [], '2025-Q2').category, '简化');
  const general = classifyTarget(zaozhuang, { ...unit, permitClass: '登记管理' }, [], '2025-Q2');
  assert.equal(general.category, '一般');
  assert.equal(general.reasons[0], '一般监管对象：不属于「特殊监管对象」、「重点监管对象」、「简化监管对象」（依据：枣庄方案 二、（三）1（3））');
});

test('枣庄: low credit makes a 重点管理 unit 特殊, and the reason says priority decided it', () => {
  const c = classifyTarget(zaozhuang, { ...unit, permitClass: '重点管理', creditRating: '不良' }, [], '2025-Q2');
  assert.equal(c.category, '特殊');
  assert.deepEqual(c.reasons, [
    '特殊监管对象：环保信用等级为「不良」（依据：枣庄方案 二、（三）1（4））',
    '同时符合「重点监管对象」的条件，按优先级列为「特殊监管对象」',
  ]);
  assert.equal(classifyTarget(zaozhuang, { ...unit, tags: ['矿井企业'] }, [], '2025-Q2').category, '特殊');
});

// 2025-Q2 starts 2025-04-01; "the 12 months before" are 2024-04-01 … 2025-03-31.
test('枣庄: 挂牌督办 on 2024-04-01 is inside the 12 months before 2025-Q2, on 2024-03-31 outside', () => {
  assert.equal(classifyTarget(zaozhuang, unit, [ev('挂牌督办', '2024-04-01')], '2025-Q2').category, '特殊');
  assert.equal(classifyTarget(zaozhuang, unit, [ev('挂牌督办', '2024-03-31')], '2025-Q2').category, '一般');
});

test('枣庄: drawn this year without problems (by itself or the upper level) is left out; 特殊 is not', () => {
  const key = { ...unit, permitClass: '重点管理' };
  const clean = classifyTarget(zaozhuang, key, [], '2025-Q3', { inspections: [{ date: '2025-02-10', by: 'upper', problemsFound: false }] });
  assert.match(clean.excluded!.reason, /^本年度已被上级抽取检查且未发现生态环境问题/);
  assert.deepEqual(clean.strata, []);
  const problems = classifyTarget(zaozhuang, key, [], '2025-Q3', { inspections: [{ date: '2025-02-10', by: 'self', problemsFound: true }] });
  assert.equal(problems.excluded, undefined);
  const lastYear = classifyTarget(zaozhuang, key, [], '2025-Q1', { inspections: [{ date: '2024-12-31', by: 'self', problemsFound: false }] });
  assert.deepEqual(lastYear.strata, ['重点']);
  const special = classifyTarget(zaozhuang, { ...key, creditRating: '警示' }, [], '2025-Q3', { inspections: [{ date: '2025-02-10', by: 'self', problemsFound: false }] });
  assert.deepEqual([special.excluded, special.strata], [undefined, ['特殊']]);
});

test('枣庄: a closed unit is out of the pool', () => {
  const c = classifyTarget(zaozhuang, { ...unit, permitClass: '重点管理', status: '关闭' }, [], '2025-Q2');
  assert.match(c.excluded!.reason, /^已停产、关闭或注销：状态为「关闭」/);
});

// ── 保定 ──────────────────────────────────────────────────────────────────────────────
const exceed = (outlet: string, days: string[]) => days.map((d) => ev('在线监测超标', d, { outlet }));

test('保定: ≥ 5 online-monitoring exceedances at the SAME outlet last quarter → 特殊', () => {
  const c = classifyTarget(baodingCounty, unit, exceed('DA001', ['2025-01-03', '2025-01-09', '2025-02-03', '2025-03-03', '2025-03-31']), '2025-Q2');
  assert.equal(c.category, '特殊');
  assert.match(c.reasons[0]!, /^特殊监管对象：上一季度（2025-01-01 至 2025-03-31）同一排口（DA001）在线监测超标 5 次/);
});

test('保定: 4 exceedances at one outlet and 3 at another are not 5 at the same outlet', () => {
  const events = [...exceed('DA001', ['2025-01-03', '2025-01-09', '2025-02-03', '2025-03-03']), ...exceed('DA002', ['2025-01-04', '2025-02-04', '2025-03-04'])];
  assert.equal(classifyTarget(baodingCounty, unit, events, '2025-Q2').category, '一般');
});

test('保定: a penalty on the last day of the previous quarter counts, the first day of the quarter drawn does not', () => {
  assert.equal(classifyTarget(baodingCounty, unit, [ev('行政处罚', '2025-03-31', { reference: '保环罚〔2025〕7号' })], '2025-Q2').category, '特殊');
  assert.equal(classifyTarget(baodingCounty, unit, [ev('行政处罚', '2025-04-01')], '2025-Q2').category, '一般');
  assert.equal(classifyTarget(baodingCounty, unit, [ev('行政处罚', '2024-12-31')], '2025-Q2').category, '一般');
  assert.equal(classifyTarget(baodingCounty, unit, [ev('行政处罚', '2025-03-31', { voided: true })], '2025-Q2').category, '一般');
  assert.equal(classifyTarget(baodingCounty, unit, [ev('信访投诉', '2025-02-14')], '2025-Q2').category, '特殊');
});

test('保定: events after the "as of" day are not yet known', () => {
  const penalty = [ev('行政处罚', '2025-03-27')];
  assert.equal(classifyTarget(baodingCounty, unit, penalty, '2025-Q2', { asOf: '2025-03-26' }).category, '一般');
  assert.equal(classifyTarget(baodingCounty, unit, penalty, '2025-Q2', { asOf: '2025-03-27' }).category, '特殊');
});

test('保定: a key unit on the positive list stays 重点 but is inspected 非现场', () => {
  const c = classifyTarget(baodingCounty, { ...unit, keyUnit: true, positiveList: true }, [], '2025-Q2');
  assert.deepEqual([c.category, c.mode, c.strata], ['重点', '非现场', ['重点']]);
  assert.equal(classifyTarget(baodingCounty, { ...unit, keyUnit: true }, [], '2025-Q2').mode, '现场');
});

// ── 陵川 ──────────────────────────────────────────────────────────────────────────────
// For 2025-Q1 "上年度" is 2024-01-01 … 2024-12-31.
test('陵川: punished twice last year (on its first and last day) → 特殊', () => {
  const c = classifyTarget(lingchuan, unit, [ev('行政处罚', '2024-01-01'), ev('行政处罚', '2024-12-31')], '2025-Q1');
  assert.equal(c.category, '特殊');
  assert.match(c.reasons[0]!, /^特殊监管对象：上年度（2024-01-01 至 2024-12-31）受到行政处罚 2 次/);
});

test('陵川: punished once last year, or once last year and once the year before, is not 特殊', () => {
  assert.equal(classifyTarget(lingchuan, unit, [ev('行政处罚', '2024-06-01')], '2025-Q1').category, '一般');
  assert.equal(classifyTarget(lingchuan, unit, [ev('行政处罚', '2023-12-31'), ev('行政处罚', '2024-06-01')], '2025-Q1').category, '一般');
  assert.equal(classifyTarget(lingchuan, unit, [ev('行政处罚', '2024-06-01'), ev('行政处罚', '2025-01-05')], '2025-Q1').category, '一般');
});

test('陵川: a red and a black card make 2 cards; an unrectified problem or repeated complaints make 特殊', () => {
  assert.equal(classifyTarget(lingchuan, unit, [ev('红牌', '2024-03-01'), ev('黑牌', '2024-09-01')], '2025-Q1').category, '特殊');
  assert.equal(classifyTarget(lingchuan, unit, [ev('红牌', '2024-03-01')], '2025-Q1').category, '一般');
  assert.equal(classifyTarget(lingchuan, unit, [ev('问题未整改', '2023-05-01')], '2025-Q1').category, '特殊');
  assert.equal(classifyTarget(lingchuan, unit, [ev('信访投诉', '2024-01-01'), ev('信访投诉', '2024-11-30')], '2025-Q1').category, '特殊');
  assert.equal(classifyTarget(lingchuan, unit, [ev('信访投诉', '2023-12-31'), ev('信访投诉', '2024-11-30')], '2025-Q1').category, '一般');
});

test('陵川: a positive-list unit gets 体检式执法帮扶; a 重点管理 unit is 重点', () => {
  const c = classifyTarget(lingchuan, { ...unit, positiveList: true, permitClass: '重点管理' }, [], '2025-Q1');
  assert.deepEqual([c.category, c.mode, c.strata], ['正面清单', '体检式执法帮扶', ['正面清单']]);
  assert.equal(classifyTarget(lingchuan, { ...unit, permitClass: '重点管理' }, [], '2025-Q1').category, '重点');
});

// ── targetClassifier (the memoised form buildPools uses over a million targets) ─────────
test('targetClassifier gives exactly what classifyTarget gives, for every profile and a spread of facts', () => {
  const kinds = ['排污单位', '建设项目', '其他'];
  const values = [undefined, null, '', '重点管理', '简化管理', '登记管理', '不良', '警示', 'A', 'B', '停产', '关闭', '正常'];
  const targets: TargetFacts[] = [];
  // Deterministic spread: each field walks the values at a different stride, so many combinations repeat and many differ.
  for (let i = 0; i < 600; i++) {
    const pick = (stride: number) => values[(i * stride) % values.length];
    targets.push({
      kind: kinds[i % kinds.length]!, permitClass: pick(1), creditRating: pick(3), vocsGrade: pick(5), weatherGrade: pick(7),
      status: pick(11), region: pick(2), industryCode: ['', 'B0610', 'C2614', null][i % 4], keyUnit: i % 5 === 0, positiveList: i % 7 === 0,
      tags: [[], ['矿井企业'], ['化工园区', '矿井企业'], ['矿井企业,化工园区']][i % 4]!,
    });
  }
  const withEvents = [ev('行政处罚', '2025-02-03', { reference: '罚字〔2025〕12号' }), ev('挂牌督办', '2024-04-01')];
  for (const profile of PROFILES) {
    for (const period of ['2025-Q2', '2025-06']) {
      const classify = targetClassifier(profile, period, { asOf: '2025-04-01' });
      for (const [i, t] of targets.entries()) {
        const events: TargetEvent[] = i % 9 === 0 ? withEvents : [];
        assert.deepEqual(classify(t, events), classifyTarget(profile, t, events, period, { asOf: '2025-04-01' }), `${profile.id} ${period} #${i}`);
      }
    }
  }
});

test('targetClassifier keeps a tag with a comma apart from two tags, and shares only frozen results', () => {
  const classify = targetClassifier(zaozhuang, '2025-Q2');
  const one = classify({ ...unit, tags: ['矿井企业,x'] }, []);
  const two = classify({ ...unit, tags: ['矿井企业', 'x'] }, []);
  assert.equal(one.category, '一般');
  assert.equal(two.category, '特殊');
  assert.ok(Object.isFrozen(two) && Object.isFrozen(two.reasons), 'a shared classification cannot be changed by one caller');
});
