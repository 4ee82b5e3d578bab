import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from '../calendar/calendar.ts';
import { computeJointQuotas } from './joint.ts';
import { baodingCity, baodingCounty, lingchuan, nanshan, wulong, zaozhuang } from './profiles/index.ts';
import { reportCalendar } from './reports.ts';
import { disclosureDeadlines, drawWindow, monthlyMilestones } from './windows.ts';

const cal = createCalendar();
const span = (w: { start: string; end: string } | null) => (w ? [w.start, w.end] : null);

// Dec 2024:  Wed 25  Thu 26  Fri 27  Sat 28  Sun 29  Mon 30  Tue 31
test('南山: the draw for 2025-Q1 happens in the last 5 working days of 2024-Q4 (2024-12-25 … 12-31)', () => {
  const w = drawWindow(nanshan, '2025-Q1', cal)!;
  assert.deepEqual([w.start, w.end, w.description], ['2024-12-25', '2024-12-31', '上一季度最后 5 个工作日']);
  assert.equal(w.cite.article, '五、（二）1');
});

// Sep 2025:  Thu 25  Fri 26  Sat 27  *Sun 28*  Mon 29  Tue 30   (*28* is a 国庆 调休 working day)
test('保定: the draw for 2025-Q4 happens in the last 5 working days of 2025-Q3, Sunday 9/28 counted', () => {
  assert.deepEqual(span(drawWindow(baodingCity, '2025-Q4', cal)), ['2025-09-25', '2025-09-30']);
  assert.deepEqual(span(drawWindow(baodingCounty, '2025-Q4', cal)), ['2025-09-25', '2025-09-30']);
});

test('陵川: the draw for 2025-Q2 happens within the first 10 days of the quarter', () => {
  assert.deepEqual(span(drawWindow(lingchuan, '2025-Q2', cal)), ['2025-04-01', '2025-04-10']);
});

test('南山 入海排污口: drawn once a year before March, whichever quarter is asked', () => {
  const w = drawWindow(nanshan, '2025-Q3', cal, '入海排污口-一般')!;
  assert.deepEqual([w.period, w.start, w.end], ['2025', '2025-01-01', '2025-02-28']);
  assert.deepEqual(span(drawWindow(nanshan, '2024', cal, '入海排污口-重点')), ['2024-01-01', '2024-02-29'], 'leap year');
  assert.deepEqual(span(drawWindow(nanshan, '2025-Q1', cal, '重点')), ['2024-12-25', '2024-12-31']);
});

test('枣庄 and 武隆 set no draw window: null, not an invented one', () => {
  assert.equal(drawWindow(zaozhuang, '2025-Q2', cal), null);
  assert.equal(drawWindow(wulong, '2025-Q2', cal, '15-重点管理类'), null);
});

// 2024 National Day: finished Fri 9/27; 20 working days later is 10/30 (see calendar.test.ts).
test('枣庄 and 武隆: results public within 20 working days of the task (2024-09-27 → 2024-10-30)', () => {
  for (const p of [zaozhuang, wulong]) {
    const [d] = disclosureDeadlines(p, { completedOn: '2024-09-27', cal });
    assert.deepEqual([d!.due, d!.description], ['2024-10-30', '检查任务完成（2024-09-27）后 20 个工作日内']);
  }
});

test('南山: each task within 18 working days (2025-01-24 → 2025-02-25, Spring Festival); the quarter\'s ledger 13 natural days after its tasks end', () => {
  const [task, ledger] = disclosureDeadlines(nanshan, { completedOn: '2025-01-24', cal });
  assert.equal(task!.due, '2025-02-25');
  assert.deepEqual([ledger!.from, ledger!.due], ['2025-03-31', '2025-04-13']);
  const early = disclosureDeadlines(nanshan, { completedOn: '2025-01-24', cal, periodTasksCompletedOn: '2025-03-20' })[1]!;
  assert.equal(early.due, '2025-04-02');
});

// Oct 2025: 10/1–10/8 off, Saturday 10/11 worked. After 9/30: 10/9 (1) 10/10 (2) 10/11 (3) 10/13–17 (4–8) 10/20 (9) 10/21 (10)
test('保定: monthly results by the 10th of the next month; internal joint results within 10 working days (→ 2025-10-21)', () => {
  const [monthly, joint] = disclosureDeadlines(baodingCounty, { completedOn: '2025-09-12', cal });
  assert.deepEqual([monthly!.from, monthly!.due], ['2025-09-30', '2025-10-10']);
  assert.equal(joint!.due, '2025-10-21');
});

test('陵川: quarterly publication without a number of days has no due date', () => {
  const [d] = disclosureDeadlines(lingchuan, { completedOn: '2025-05-06', cal });
  assert.deepEqual([d!.from, d!.due], ['2025-06-30', null]);
});

test('南山 monthly milestones of 2025-Q2: 30 / 60 / 100 % by the end of each month (20 tasks → 6, 12, 20)', () => {
  const m = monthlyMilestones(nanshan, '2025-Q2', 20);
  assert.deepEqual(m.map((x) => [x.due, x.percent, x.count]), [['2025-04-30', 30, 6], ['2025-05-31', 60, 12], ['2025-06-30', 100, 20]]);
  assert.deepEqual(monthlyMilestones(zaozhuang, '2025-Q2'), []);
});

test('joint minimums: 保定 5 % of key units and one every quarter; 南山 15 % of all tasks by 10-31', () => {
  const [internal] = computeJointQuotas(baodingCounty, { year: '2025', pools: { 重点: 40 } });
  assert.deepEqual([internal!.quota, internal!.formula], [2, 'ceil(5% × 40) = 2；且每季度至少 1 次']);
  const [cross] = computeJointQuotas(nanshan, { year: '2025', totalTasks: 121 });
  assert.deepEqual([cross!.quota, cross!.formula, cross!.due], [19, 'ceil(15% × 121) = 19', '2025-10-31']);
  assert.throws(() => computeJointQuotas(nanshan, { year: '2025' }), /需要双随机任务总数/);
});

test('report calendar: 枣庄 统计表 by the 5th after each quarter and the annual report by 1-05 of the next year', () => {
  const z = reportCalendar(zaozhuang, '2025').map((r) => `${r.covers} ${r.due}`);
  assert.deepEqual(z, ['2025-Q1 2025-04-05', '2025-Q2 2025-07-05', '2025-Q3 2025-10-05', '2025-Q4 2026-01-05', '2025 2026-01-05']);
});

test('report calendar: 保定 directory updates 3-20 … 12-20 and status reports 4-10, 7-05, 10-11, 12-25; 南山 special lists by the 17th', () => {
  const b = reportCalendar(baodingCounty, '2025').filter((r) => !r.what.startsWith('上月')).map((r) => r.due);
  assert.deepEqual(b, ['2025-03-20', '2025-04-10', '2025-06-20', '2025-07-05', '2025-09-20', '2025-10-11', '2025-12-20', '2025-12-25']);
  assert.equal(reportCalendar(baodingCounty, '2025').filter((r) => r.what.startsWith('上月')).length, 12);
  const n = reportCalendar(nanshan, '2025').map((r) => r.due);
  assert.deepEqual(n, ['2025-03-17', '2025-06-17', '2025-09-17', '2025-11-05', '2025-12-01', '2025-12-17']);
  assert.deepEqual(reportCalendar(wulong, '2024').map((r) => r.due), ['2024-01-31']);
  assert.deepEqual(reportCalendar(lingchuan, '2025').map((r) => r.due), ['2025-01-10', '2025-04-10', '2025-07-10', '2025-10-10']);
});
