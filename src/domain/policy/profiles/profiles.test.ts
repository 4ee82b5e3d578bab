import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors.ts';
import { computeQuotas } from '../quota.ts';
import type { Citation } from '../schema.ts';
import { loadProfile } from '../validate.ts';
import { getProfile, PROFILES, wulong } from './index.ts';

test('every built-in profile loads, validated, with a unique id', () => {
  assert.deepEqual(PROFILES.map((p) => p.id), ['zaozhuang', 'baoding-city', 'baoding-county', 'lingchuan', 'nanshan', 'wulong']);
  for (const p of PROFILES) assert.deepEqual(loadProfile(structuredClone(p)), p, `${p.id} survives a copy and reload`);
  assert.equal(getProfile('nanshan').name, '深圳市生态环境局南山管理局');
  assert.throws(() => { (getProfile('nanshan').strata[0]!.rules[0]!.amount as { percent: number }).percent = 1; }, TypeError, 'built-ins are frozen');
  assert.throws(() => getProfile('beijing'), (e) => e instanceof AppError && e.code === 'NOT_FOUND' && e.message.includes('zaozhuang'));
});

test('every rule of every profile cites its document and article', () => {
  for (const p of PROFILES) {
    const cites: Citation[] = [
      ...p.categories.map((c) => c.cite), ...p.strata.flatMap((s) => s.rules.map((r) => r.cite)), ...p.exclusions.map((e) => e.cite),
      ...p.modes.map((m) => m.cite), ...p.drawWindows.map((w) => w.cite), ...p.disclosures.map((d) => d.cite),
      ...p.joint.map((j) => j.cite), ...p.reports.map((r) => r.cite), p.team.cite, ...p.items.map((i) => i.cite),
    ];
    for (const c of cites) {
      assert.ok(c.article.length > 0 && c.text, `${p.id}: ${JSON.stringify(c)}`);
      if (c.doc !== 'law') assert.ok(p.id.startsWith(c.doc), `${p.id} cites another document: ${c.doc}`);
    }
  }
});

test('the 保定 variants keep only their level\'s ratios (市级 10 %, 县级 50 % + half-year coverage)', () => {
  const key = (id: string) => getProfile(id).strata.find((s) => s.key === '重点')!.rules.map((r) => r.amount);
  assert.deepEqual(key('baoding-city'), [{ percent: 10 }]);
  assert.deepEqual(key('baoding-county'), [{ percent: 50 }, { coverAll: true }]);
});

test('武隆 annex: all 20 rows are items, each with its department and checklist', () => {
  assert.deepEqual(wulong.items.map((i) => i.no), Array.from({ length: 20 }, (_, i) => String(i + 1)));
  const row = (no: string) => wulong.items.find((i) => i.no === no)!;
  assert.equal(row('15').department, '执法支队');
  assert.deepEqual([row('16').department, row('16').cooperating], ['法规科（核与辐射安全管理科）', ['执法支队']]);
  assert.equal(row('4').checklist.length, 2);
  for (const i of wulong.items) assert.ok(wulong.strata.some((s) => s.item === i.no), `row ${i.no} has a 检查对象`);
  assert.equal(wulong.strata.length, 27);
});

const wPools = Object.fromEntries(wulong.strata.map((s) => [s.key, 0]));
/** Quota of one annex object for a period, given its pool. */
function annex(key: string, pool: number, period: string): { quota: number | null; formula: string } {
  const q = computeQuotas(wulong, { period, pools: { ...wPools, [key]: pool } })[key]!;
  return { quota: q.quota, formula: q.formula };
}

test('武隆 附件 4: 26 涉气重点企业 at 10 % a quarter → 3 a quarter, 12 a year (约12)', () => {
  assert.deepEqual(annex('4-涉气重点企业油库加油站', 26, '2025-Q3'), { quota: 3, formula: 'ceil(10% × 26) = 3' });
  assert.deepEqual(annex('4-涉气重点企业油库加油站', 26, '2025'), { quota: 12, formula: 'ceil(10% × 26) = 3 / 季度 × 4 = 12' });
});

test('武隆 附件 3: 9 water sources at 20 % a quarter → 2 a quarter, 8 a year', () => {
  assert.equal(annex('3-城市千吨万人水源地', 9, '2025-Q1').quota, 2);
  assert.equal(annex('3-城市千吨万人水源地', 9, '2025').quota, 8);
});

test('武隆 附件 18: 39 at 20 % → 8; 附件 5: 57 at 10 % → 6; 附件 13: 10 at 60 % → 6; 附件 6: 1 at 100 % → 1', () => {
  assert.deepEqual(annex('18-非千吨万人水源地', 39, '2025'), { quota: 8, formula: 'ceil(20% × 39) = 8' });
  assert.equal(annex('5-排污许可证核发质量', 57, '2025').quota, 6);
  assert.equal(annex('13-自然保护地', 10, '2025').quota, 6);
  assert.equal(annex('6-碳排放单位', 1, '2025').quota, 1);
});

test('武隆 附件 1: one city plant 4 times a year → 4; two industrial-park plants 50 % a half-year → 2; 22 township plants 30 % → 7', () => {
  assert.equal(annex('1-城市污水处理厂', 1, '2025').quota, 4);
  assert.deepEqual(annex('1-工业聚集区污水处理厂', 2, '2025'), { quota: 2, formula: 'ceil(50% × 2) = 1 / 半年 × 2 = 2' });
  assert.equal(annex('1-乡镇污水处理厂', 22, '2025').quota, 7);
  assert.equal(annex('17-辐射一般检查对象', 30, '2025').quota, 6);
});

test('武隆 附件 15: 18 重点管理 every quarter and 39 简化管理 at 10 % → 72 + 16 = 88 of the row\'s 约100', () => {
  const q = computeQuotas(wulong, { period: '2025', pools: { ...wPools, '15-重点管理类': 18, '15-简化管理类': 39, '15-信用警示不良': 3, '15-其他一般单位': 20 } });
  assert.equal(q['15-重点管理类']!.quota, 72);
  assert.equal(q['15-简化管理类']!.quota, 16);
  assert.equal(q['15-信用警示不良']!.formula, 'ceil(100% × 3) = 3 / 半年 × 2 = 6');
  assert.equal(q['15-其他一般单位']!.quota, 8);
  const row15 = ['15-重点管理类', '15-简化管理类', '15-信用警示不良', '15-其他一般单位'].reduce((n, k) => n + q[k]!.quota!, 0);
  assert.equal(row15, 102);
});
