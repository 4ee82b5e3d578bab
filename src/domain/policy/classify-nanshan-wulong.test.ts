import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyTarget } from './classify.ts';
import type { TargetEvent } from './conditions.ts';
import { nanshan, wulong } from './profiles/index.ts';

const unit = { kind: '排污单位' };
const complaints = (n: number, from: string): TargetEvent[] =>
  Array.from({ length: n }, (_, i) => ({ kind: '信访投诉', occurredOn: from.replace(/\d{2}$/, String(i + 1).padStart(2, '0')) }));

// ── 南山 ──────────────────────────────────────────────────────────────────────────────
test('南山: credit 良好 or 诚信, or VOCs A, is excluded from daily random supervision', () => {
  const good = classifyTarget(nanshan, { ...unit, permitClass: '重点管理', creditRating: '良好' }, [], '2025-Q2');
  assert.match(good.excluded!.reason, /^环保信用等级为诚信或良好，不纳入双随机日常监管：环保信用等级为「良好」（依据：南山方案 四、（二）1 二是）/);
  assert.deepEqual(good.strata, []);
  assert.ok(classifyTarget(nanshan, { ...unit, creditRating: '诚信' }, [], '2025-Q2').excluded);
  assert.ok(classifyTarget(nanshan, { ...unit, vocsGrade: 'A' }, [], '2025-Q2').excluded);
  assert.equal(classifyTarget(nanshan, { ...unit, vocsGrade: 'B' }, [], '2025-Q2').excluded, undefined);
});

test('南山: 正面清单 + 排污许可重点管理 → 非现场 only; other positive-list units are not drawn', () => {
  const key = classifyTarget(nanshan, { ...unit, positiveList: true, permitClass: '重点管理' }, [], '2025-Q2');
  assert.deepEqual([key.category, key.mode, key.strata, key.excluded], ['重点', '非现场', ['重点'], undefined]);
  const other = classifyTarget(nanshan, { ...unit, positiveList: true, permitClass: '简化管理' }, [], '2025-Q2');
  assert.match(other.excluded!.reason, /^纳入正面清单的非排污许可重点管理单位，不抽查/);
});

// 2025-Q2 is drawn at the end of 2025-Q1 from lists reported by 3-17: "季度内" is 2025-Q1.
test('南山: 10 complaints in the quarter → 特殊, 9 → not; complaints in the quarter drawn do not count yet', () => {
  assert.equal(classifyTarget(nanshan, unit, complaints(10, '2025-03-01'), '2025-Q2').category, '特殊');
  assert.equal(classifyTarget(nanshan, unit, complaints(9, '2025-03-01'), '2025-Q2').category, '一般');
  assert.equal(classifyTarget(nanshan, unit, complaints(10, '2025-04-01'), '2025-Q2').category, '一般');
});

test('南山: VOCs C, credit 警示 or a penalty make a unit 特殊', () => {
  assert.equal(classifyTarget(nanshan, { ...unit, vocsGrade: 'C' }, [], '2025-Q2').category, '特殊');
  assert.equal(classifyTarget(nanshan, { ...unit, creditRating: '警示', permitClass: '重点管理' }, [], '2025-Q2').category, '特殊');
  assert.equal(classifyTarget(nanshan, unit, [{ kind: '行政处罚', occurredOn: '2025-02-20' }], '2025-Q2').category, '特殊');
});

test('南山: other kinds have their own strata, and the 排污单位 exclusions do not reach them', () => {
  const station = classifyTarget(nanshan, { kind: '加油站', creditRating: '良好' }, [], '2025-Q2');
  assert.deepEqual([station.category, station.excluded, station.strata], ['加油站和储油库', undefined, ['加油站和储油库']]);
  assert.equal(classifyTarget(nanshan, { kind: '建设项目', tags: ['重点建设项目'] }, [], '2025-Q2').category, '重点建设项目');
  assert.equal(classifyTarget(nanshan, { kind: '建设项目' }, [], '2025-Q2').category, '一般建设项目');
  assert.equal(classifyTarget(nanshan, { kind: '入海排污口', keyUnit: true, tags: ['特殊监管对象'] }, [], '2025').category, '入海排污口-特殊');
  const park = classifyTarget(nanshan, { kind: '自然保护地' }, [], '2025-Q2');
  assert.deepEqual([park.category, park.reasons, park.strata], [null, ['不属于本方案的任何监管类别'], []]);
});

// ── 武隆 ──────────────────────────────────────────────────────────────────────────────
test('武隆: a 重点管理 unit is 重点 and falls in annex rows 5 and 15', () => {
  const c = classifyTarget(wulong, { ...unit, permitClass: '重点管理' }, [], '2025-Q1');
  assert.deepEqual([c.category, c.strata], ['重点', ['5-排污许可证核发质量', '15-重点管理类']]);
});

test('武隆: a 重点管理 unit with credit 警示 is 特殊 and in both row-15 strata (one visit, 一次完成)', () => {
  const c = classifyTarget(wulong, { ...unit, permitClass: '重点管理', creditRating: '警示', tags: ['涉气重点企业'] }, [], '2025-Q1');
  assert.equal(c.category, '特殊');
  assert.deepEqual(c.strata, ['4-涉气重点企业油库加油站', '5-排污许可证核发质量', '15-重点管理类', '15-信用警示不良']);
});

test('武隆: annex objects by kind and tag; a registered unit is one of row 15\'s 其他一般单位', () => {
  const strata = (t: Parameters<typeof classifyTarget>[1]) => classifyTarget(wulong, t, [], '2025-Q1').strata;
  assert.deepEqual(strata({ kind: '污水处理厂', tags: ['乡镇污水处理厂'] }), ['1-乡镇污水处理厂']);
  assert.deepEqual(strata({ kind: '饮用水水源地', tags: ['千吨万人水源地'] }), ['3-城市千吨万人水源地']);
  assert.deepEqual(strata({ kind: '饮用水水源地' }), ['18-非千吨万人水源地']);
  assert.deepEqual(strata({ kind: '加油站' }), ['4-涉气重点企业油库加油站']);
  assert.deepEqual(strata({ ...unit, permitClass: '登记管理' }), ['15-其他一般单位']);
  assert.deepEqual(strata({ ...unit, permitClass: '简化管理' }), ['5-排污许可证核发质量', '15-简化管理类']);
  assert.deepEqual(strata({ kind: '建设项目', tags: ['开工建设至投运1年内', '市批'] }), ['19-市批项目']);
});

test('武隆: a unit that stopped production is out of every stratum', () => {
  const c = classifyTarget(wulong, { ...unit, permitClass: '重点管理', status: '停产' }, [], '2025-Q1');
  assert.deepEqual(c.strata, []);
  assert.match(c.excluded!.reason, /状态为「停产」（依据：武隆方案 三、（二））$/);
});
