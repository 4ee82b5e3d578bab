import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dueDates } from './supervision-calendar.ts';
import { createCalendar } from './calendar/calendar.ts';
import { baodingCity, nanshan, zaozhuang } from './policy/profiles/index.ts';

const cal = createCalendar([]);

test('保定: directory updates due 3/20, 6/20, 9/20, 12/20, each reminded five days before; the monthly 明细表 by the 5th of the next month', () => {
  const d = dueDates(baodingCity, '2026', cal);
  const dirs = d.filter((x) => x.title.includes('名录库信息'));
  assert.deepEqual(dirs.map((x) => [x.due, x.remindOn]), [['2026-03-20', '2026-03-15'], ['2026-06-20', '2026-06-15'], ['2026-09-20', '2026-09-15'], ['2026-12-20', '2026-12-15']]);
  assert.deepEqual(d.filter((x) => x.title.includes('明细表')).map((x) => x.due).slice(0, 3), ['2026-02-05', '2026-03-05', '2026-04-05']);
});

test('保定: the draw window of 2026-Q2 is the last 5 working days of Q1 (2026-03-25 … 03-31), reminded when it opens', () => {
  const w = dueDates(baodingCity, '2026', cal).find((x) => x.key === 'draw:2026-Q2')!;
  assert.deepEqual([w.remindOn, w.due], ['2026-03-25', '2026-03-31']);
});

test('南山: special-target lists by the 17th of each quarter\'s last month, milestones at each month end, 跨部门 by 10-31', () => {
  const d = dueDates(nanshan, '2026', cal);
  assert.deepEqual(d.filter((x) => x.title.includes('特殊监管对象清单')).map((x) => x.due), ['2026-03-17', '2026-06-17', '2026-09-17', '2026-12-17']);
  assert.equal(d.filter((x) => x.kind === 'milestone').length, 12);
  assert.deepEqual(d.filter((x) => x.kind === 'joint').map((x) => x.due), ['2026-10-31']);
});

test('枣庄: the quarterly 统计表 by the 5th after each quarter (Q4: 2027-01-05) and the annual report by 2027-01-05; keys are unique', () => {
  const d = dueDates(zaozhuang, '2026', cal);
  assert.deepEqual(d.map((x) => x.due), ['2026-04-05', '2026-07-05', '2026-10-05', '2027-01-05', '2027-01-05']);
  assert.equal(new Set(d.map((x) => x.key)).size, d.length);
});
