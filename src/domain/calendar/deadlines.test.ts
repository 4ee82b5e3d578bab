import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from './calendar.ts';
import { deadlineNaturalDays, deadlineWorkdays, drawWindowFirstDays, drawWindowLastWorkdays, isOverdue } from './deadlines.ts';

const cal = createCalendar();

// March/April 2025:  Mon 3/31 [quarter's tasks end] … Sun 4/13 is day 13.
//   1: 4/1  2: 4/2  3: 4/3  4: 4/4 (清明)  5: 4/5  6: 4/6  7: 4/7 … 13: 4/13 (a Sunday; natural days do not move)
test('南山 quarterly ledger: 13 natural days after 2025-03-31 = 2025-04-13', () => {
  assert.equal(deadlineNaturalDays('2025-03-31', 13), '2025-04-13');
});

test('20 working days after 2024-09-27 = 2024-10-30 (National Day, see calendar.test.ts)', () => {
  assert.equal(deadlineWorkdays('2024-09-27', 20, cal), '2024-10-30');
  assert.equal(deadlineWorkdays('2025-01-24', 18, cal), '2025-02-25');
});

test('the deadline day itself is on time; the next day is overdue', () => {
  assert.equal(isOverdue('2024-10-30', '2024-10-29'), false);
  assert.equal(isOverdue('2024-10-30', '2024-10-30'), false);
  assert.equal(isOverdue('2024-10-30', '2024-10-31'), true);
});

// Sep 2024:  Wed 25  Thu 26  Fri 27  Sat 28  *Sun 29*  Mon 30   (*29* is a 国庆 调休 working day)
test('draw window, last 5 working days of 2024-Q3 = 2024-09-25..2024-09-30', () => {
  assert.deepEqual(drawWindowLastWorkdays('2024-Q3', 5, cal), { start: '2024-09-25', end: '2024-09-30' });
});

// Mar 2025:  Tue 25  Wed 26  Thu 27  Fri 28  Sat 29  Sun 30  Mon 31
test('draw window, last 5 working days of 2025-Q1 = 2025-03-25..2025-03-31', () => {
  assert.deepEqual(drawWindowLastWorkdays('2025-Q1', 5, cal), { start: '2025-03-25', end: '2025-03-31' });
});

// Sep 2025:  Thu 25  Fri 26  Sat 27  *Sun 28*  Mon 29  Tue 30   (*28* is a 国庆 调休 working day)
test('draw window, last 5 working days of 2025-Q3 = 2025-09-25..2025-09-30 (Sunday 9/28 worked)', () => {
  assert.deepEqual(drawWindowLastWorkdays('2025-Q3', 5, cal), { start: '2025-09-25', end: '2025-09-30' });
});

test('陵川 draw window, first 10 natural days of 2025-Q2 = 2025-04-01..2025-04-10', () => {
  assert.deepEqual(drawWindowFirstDays('2025-Q2', 10), { start: '2025-04-01', end: '2025-04-10' });
  assert.deepEqual(drawWindowFirstDays('2024-02', 40), { start: '2024-02-01', end: '2024-02-29' });
});
