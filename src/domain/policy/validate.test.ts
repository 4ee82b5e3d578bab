import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError, ErrorCode } from '../errors.ts';
import { baodingCounty, lingchuan, nanshan, wulong, zaozhuang } from './profiles/index.ts';
import { computeQuotas } from './quota.ts';
import type { Profile } from './schema.ts';
import { loadProfile } from './validate.ts';

/** A bureau's copy of a built-in profile, edited by `change`. */
function edited(base: Profile, change: (p: Profile) => void): Profile {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}

/** Asserts the profile is refused with a VALIDATION error whose message contains every fragment. */
function refused(p: unknown, ...fragments: string[]): AppError {
  let caught: unknown;
  assert.throws(() => loadProfile(p), (e) => ((caught = e), true));
  assert.ok(caught instanceof AppError, String(caught));
  assert.equal(caught.code, ErrorCode.VALIDATION);
  for (const f of fragments) assert.ok(caught.message.includes(f), `「${f}」不在消息中：${caught.message}`);
  return caught;
}

const strata = (p: Profile, key: string) => p.strata.find((s) => s.key === key)!;

test('a copied profile with an edited ratio loads and its quota follows the edit (30 % of 26 → 8)', () => {
  const copy = loadProfile(edited(zaozhuang, (p) => { strata(p, '重点').rules[0]!.amount = { percent: 30 }; }));
  assert.equal(computeQuotas(copy, { period: '2025-Q2', orgLevel: 'city', pools: { 重点: 26, 简化: 0, 特殊: 0 } }).重点!.quota, 8);
});

test('ratio over 100 % is refused, naming the stratum and the article', () => {
  const p = edited(zaozhuang, (x) => { strata(x, '重点').rules[0]!.amount = { percent: 120 }; });
  refused(p, '方案「枣庄市生态环境局」不能使用', '分层「重点监管对象」的抽查规则（枣庄方案 二、（四）2（1））', '抽查比例 120% 超过 100%');
});

test('ratio of 0 %, a negative multiple and a fixed count of 0 are refused', () => {
  refused(edited(zaozhuang, (x) => { strata(x, '简化').rules[0]!.amount = { percent: 0 }; }), '抽查比例 0% 应大于 0');
  refused(edited(nanshan, (x) => { strata(x, '一般').rules[0]!.amount = { perInspector: -1 }; }), '倍数 -1 应大于 0');
  refused(edited(zaozhuang, (x) => { strata(x, '简化').rules[0]!.amount = { fixed: 0 }; }), '固定抽查数量 0 应不少于 1');
  refused(edited(zaozhuang, (x) => { strata(x, '简化').rules[0]!.amount = { percent: 12.345 }; }), '最多保留两位小数');
});

test('a draw window longer than its period is refused (每季度初 120 日内)', () => {
  refused(edited(lingchuan, (x) => { x.drawWindows[0]!.window = { firstDays: 120 }; }), '抽取时间「每季度初 120 日内」超出其周期', '陵川方案 四、工作要求（二）');
  refused(edited(baodingCounty, (x) => { x.drawWindows[0]!.window = { lastWorkdaysOfPrevious: 70 }; }), '上一季度最后 70 个工作日」超出其周期');
});

test('a dated window on a quarterly draw, or a date that does not exist, is refused', () => {
  refused(edited(nanshan, (x) => { x.drawWindows[1]!.cadence = 'quarter'; }), '抽取时间「3月1日前」只能用于年度抽取');
  refused(edited(nanshan, (x) => { x.drawWindows[1]!.window = { before: { month: 2, day: 30 } }; }), '「2月30日前」不是有效日期');
  refused(edited(nanshan, (x) => { x.joint[0]!.by = { month: 11, day: 31 }; }), '完成时限「11月31日」不是有效日期');
});

test('a draw cadence longer than the rule\'s own period is refused', () => {
  const p = edited(lingchuan, (x) => Object.assign(strata(x, '特殊').rules[0]!, { per: 'quarter', drawEvery: 'year' }));
  refused(p, '分层「特殊监管对象」的抽查规则（陵川方案 二、（四）3）', '抽取周期「每年」长于配额周期「每季度」');
});

test('rules of one stratum drawn at different cadences are refused', () => {
  refused(edited(lingchuan, (x) => { strata(x, '重点').rules[0]!.per = 'half'; }), '分层「重点监管对象」的各条规则抽取周期不一致');
});

test('an annex frequency that does not match its ratio\'s period is refused (4次/年 drawn yearly)', () => {
  const p = edited(wulong, (x) => { strata(x, '18-非千吨万人水源地').rules[0]!.timesPerYear = 4; });
  refused(p, '抽查频次 4次/年 与抽取周期「每年」不一致', '武隆方案 附件 序号18');
});

test('an unknown category referenced by a stratum, an exclusion or a floor is refused', () => {
  refused(edited(zaozhuang, (x) => { strata(x, '重点').pool = { category: ['重要'] }; }), '分层「重点监管对象」的对象范围引用了未定义的监管类别「重要」');
  refused(edited(zaozhuang, (x) => { x.exclusions[1]!.categories = ['重点', '普通']; }), '排除规则「本年度已被本级抽取检查', '引用了未定义的监管类别「普通」');
  refused(edited(wulong, (x) => { x.floors[0]!.categories = ['特别']; }), '频次下限（武隆方案 三、（五））引用了未定义的监管类别「特别」');
  refused(edited(baodingCounty, (x) => { x.joint[0]!.amount = { percentOfStratum: '重点单位', percent: 5 }; }), '引用了未定义的抽查分层「重点单位」');
});

test('a category defined twice is refused', () => {
  refused(edited(zaozhuang, (x) => { x.categories.push({ ...x.categories[3]!, priority: 0 }); }), '监管类别「一般」重复定义');
});

test('two categories with the same priority are refused: a target in both could not be placed', () => {
  const p = edited(zaozhuang, (x) => { x.categories[2]!.priority = 3; });
  refused(p, '「重点监管对象」与「简化监管对象」优先级相同（3），同时符合时无法决定归入哪一类');
});

test('monthly milestones that decrease, or more of them than months, are refused', () => {
  refused(edited(nanshan, (x) => { x.milestones!.cumulativePercent = [30, 20, 100]; }), '月度进度递减（30% → 20%）', '南山方案 五、（三）1');
  refused(edited(nanshan, (x) => { x.milestones!.cumulativePercent = [25, 50, 75, 100]; }), '月度进度节点有 4 个，超出其周期（每季度只有 3 个月）');
});

test('an attribute value no target can have is refused (排污许可「重点」 instead of「重点管理」)', () => {
  refused(edited(zaozhuang, (x) => { x.categories[1]!.when = { attr: 'permitClass', in: ['重点'] }; }), '排污许可管理类别没有取值「重点」');
});

test('a category whose condition refers to categories is refused (classification would go round in circles)', () => {
  refused(edited(zaozhuang, (x) => { x.categories[1]!.when = { category: ['特殊'] }; }), '「重点监管对象」的归类条件不能引用其他类别');
});

test('a team of one, a monthly report on the 31st, and a rule for a level the profile does not serve are refused', () => {
  refused(edited(zaozhuang, (x) => { x.team.minSize = 1; }), '检查人员不得少于 2 人，现为 1 人');
  refused(edited(baodingCounty, (x) => { x.reports[0]!.due = [{ monthOffset: 1, day: 31 }]; }), '并非每月都存在');
  refused(edited(baodingCounty, (x) => { strata(x, '特殊').rules[0]!.levels = ['city']; }), '适用层级「市级」不在本方案的适用层级内');
});

test('a structurally broken profile is refused with a Chinese message and the path of the problem', () => {
  const broken = edited(zaozhuang, (x) => { (x as { levels: unknown }).levels = ['province']; });
  const err = refused(broken, '方案「枣庄市生态环境局」不能使用', 'levels.0');
  assert.ok(err.issues.length >= 1);
  refused({ name: '空方案' }, '方案「空方案」不能使用');
});
