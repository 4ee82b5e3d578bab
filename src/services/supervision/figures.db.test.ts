/**
 * Every dashboard figure of the 2026 fixture year (src/testing/supervision-fixture.ts) against the
 * count done by hand from the fixture's table in its header comment.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { seedSupervisionFixture, type SupervisionFixture } from '../../testing/supervision-fixture.ts';
import { supervisionFigures, type SupervisionFigures } from './figures.ts';

let db: TestDatabase;
let f: SupervisionFixture;
let city: SupervisionFigures;

before(async () => {
  db = await openTestDatabase();
  f = await seedSupervisionFixture(db);
  city = await supervisionFigures(f.ctx('city-supervisor'), { year: 2026 });
});
after(async () => { await db?.dispose(); });

test('plan vs drawn vs completed vs published: 8 + 5 planned, 12 drawn (the abandoned draw does not count), 10 completed, 3 published', () => {
  assert.equal(city.profile?.key, 'nanshan');
  assert.deepEqual([city.planned, city.drawn, city.completed, city.published], [13, 12, 10, 3]);
  assert.deepEqual(city.completion, { n: 10, d: 12, percent: 83.3 });
  assert.deepEqual(city.byPeriod, [
    { period: '2026-Q1', planned: 7, drawn: 7, completed: 6, published: 2 },
    { period: '2026-Q2', planned: 4, drawn: 3, completed: 2, published: 1 },
    { period: '2026-Q3', planned: 2, drawn: 2, completed: 2, published: 0 },
  ]);
});

test('monthly cumulative progress against 30/60/100 %: Q1 has 7 tasks, 3 done in January (⌈2.1⌉ = 3 met), 3 by February (< ⌈4.2⌉ = 5), 6 by March (< 7)', () => {
  const q1 = city.progress.filter((m) => m.period === '2026-Q1');
  assert.deepEqual(q1.map((m) => [m.month, m.milestonePercent, m.required, m.cumulative, m.state]), [
    ['2026-01', 30, 3, 3, 'met'],
    ['2026-02', 60, 5, 3, 'behind'],
    ['2026-03', 100, 7, 6, 'behind'],
  ]);
  const q3 = city.progress.filter((m) => m.period === '2026-Q3');
  assert.deepEqual(q3.map((m) => [m.required, m.cumulative, m.state]), [[1, 1, 'met'], [2, 2, 'met'], [2, 2, 'met']]);
});

test('问题发现率 5/10, 立案率 1/10, rectification 2 of 4 责令整改 closed, 1 移交', () => {
  assert.equal(city.records, 10);
  assert.deepEqual(city.problemRate, { n: 5, d: 10, percent: 50 });
  assert.deepEqual(city.caseRate, { n: 1, d: 10, percent: 10 });
  assert.deepEqual(city.rectification, { n: 2, d: 4, percent: 50 });
  assert.equal(city.transfers, 1);
});

test('跨部门联合: 2 done of a quota ⌈15 % × 7⌉ + ⌈15 % × 5⌉ = 3, share 2/12; 南山 has no 内部联合 rule', () => {
  assert.deepEqual(city.joint.map((j) => [j.kind, j.done, j.quota, j.share.n, j.share.d, j.met]), [['跨部门联合', 2, 3, 2, 12, false]]);
});

test('publication timeliness: 2 on time of 3 published + 1 overdue; 1 late', () => {
  assert.deepEqual(city.timeliness, { n: 2, d: 4, percent: 50 });
  assert.deepEqual([city.publicationsLate, city.overdue], [1, 1]);
});

test('无事不扰: 区重点0 had 2 random inspections as 入海排污口重点 (drawn yearly: 1 allowed) and 1 targeted; it alone is flagged', () => {
  assert.deepEqual([city.targets.inspected, city.targets.records, city.targets.randomRecords], [9, 11, 10]);
  assert.equal(city.targets.flagged.length, 1);
  const t = city.targets.flagged[0]!;
  assert.equal(t.targetId, f.targetIds['区重点0']);
  assert.deepEqual([t.random, t.targeted, t.allowed, t.excessive], [2, 1, 1, true]);
});

test('per-inspector counts for appraisal: 区检查员1 was on 5 records (2 + 2 + the targeted one), the city pair on 4 each', () => {
  const by = Object.fromEntries(city.inspectors.map((i) => [i.name, i.inspections]));
  assert.deepEqual(by, { 区检查员1: 5, 市检查员1: 4, 市检查员2: 4, 市检查员3: 2, 市检查员4: 2, 区检查员2: 2, 区检查员3: 2, 区检查员4: 1 });
});

test('the city drills down into its branch: 5 planned, 5 drawn, 4 completed, 2 of 4 with problems, 0 of 1 due publications on time', async () => {
  assert.equal(city.children.length, 1);
  const c = city.children[0]!;
  assert.equal(c.org.id, f.county.id);
  assert.deepEqual([c.planned, c.drawn, c.completed, c.records], [5, 5, 4, 4]);
  assert.deepEqual([c.problemRate.n, c.caseRate.n, c.rectification.n, c.rectification.d], [2, 0, 1, 2]);
  assert.deepEqual([c.published, c.timeliness.d, c.overdue], [0, 1, 1]);
  // The branch's own view equals the city's row for it.
  const own = await supervisionFigures(f.ctx('county-coordinator'), { year: 2026 });
  assert.deepEqual([own.planned, own.drawn, own.completed, own.records, own.problemRate.n], [5, 5, 4, 4, 2]);
});

test('a branch user may not look at the city; a year out of range is refused in Chinese', async () => {
  await assert.rejects(supervisionFigures(f.ctx('county-coordinator'), { year: 2026, orgId: f.city.id }), /不在您的管辖范围内/);
  await assert.rejects(supervisionFigures(f.ctx('city-supervisor'), { year: 1800 }), /年度「1800」无效/);
});
