import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors.ts';
import { createCalendar } from './calendar.ts';

const cal = createCalendar();

// 2024 National Day (国庆节): 10/1–10/7 off; Sunday 9/29 and Saturday 10/12 are 调休 working days.
//
//        Mon  Tue  Wed  Thu  Fri  Sat  Sun
//   Sep   23   24   25   26  [27]  28  *29*      [27] task finished (day 0, not counted)
//   Sep  *30*  (1)  (2)  (3)  (4)  (5)  (6)      *…* worked   (…) holiday
//   Oct  (7)    8    9   10   11  *12*  13
//   Oct   14   15   16   17   18   19   20
//   Oct   21   22   23   24   25   26   27
//   Oct   28   29   30   31
//
// Counting working days after 9/27:
//   1: 9/29 (Sun, 调休)   2: 9/30    3: 10/8    4: 10/9    5: 10/10   6: 10/11   7: 10/12 (Sat, 调休)
//   8: 10/14   9: 10/15  10: 10/16  11: 10/17  12: 10/18  13: 10/21  14: 10/22  15: 10/23
//  16: 10/24  17: 10/25  18: 10/28  19: 10/29  20: 10/30
test('2024 National Day: finished Fri 2024-09-27 + 20 working days = 2024-10-30 (9/29 and 10/12 worked)', () => {
  assert.equal(cal.addWorkdays('2024-09-27', 20), '2024-10-30');
  assert.equal(cal.addWorkdays('2024-09-27', 1), '2024-09-29');
  assert.equal(cal.addWorkdays('2024-09-27', 3), '2024-10-08');
  assert.equal(cal.addWorkdays('2024-09-27', 7), '2024-10-12');
});

test('2024 National Day: the 调休 weekend days are worked, the holiday weekdays are not', () => {
  assert.equal(cal.isWorkday('2024-09-29'), true);
  assert.equal(cal.isWorkday('2024-10-12'), true);
  assert.equal(cal.isWorkday('2024-10-01'), false);
  assert.equal(cal.isWorkday('2024-10-07'), false);
  assert.equal(cal.isWorkday('2024-10-13'), false);
  assert.deepEqual(cal.dayInfo('2024-10-12'), { date: '2024-10-12', workday: true, reason: '国庆节调休上班', source: 'chinese-days' });
  assert.equal(cal.dayInfo('2024-10-03').reason, '国庆节');
});

// 2025 Spring Festival (春节): 1/28–2/4 off; Sunday 1/26 and Saturday 2/8 are 调休 working days.
//
//        Mon  Tue  Wed  Thu  Fri  Sat  Sun
//   Jan   20   21   22   23  [24]  25  *26*      [24] task finished (day 0, not counted)
//   Jan   27  (28) (29) (30) (31)  (1)  (2)
//   Feb   (3)  (4)   5    6    7   *8*   9
//   Feb   10   11   12   13   14   15   16
//   Feb   17   18   19   20   21   22   23
//   Feb   24   25   26   27   28
//
// Counting working days after 1/24:
//   1: 1/26 (Sun, 调休)   2: 1/27    3: 2/5     4: 2/6     5: 2/7     6: 2/8 (Sat, 调休)
//   7: 2/10    8: 2/11    9: 2/12   10: 2/13   11: 2/14   12: 2/17   13: 2/18   14: 2/19
//  15: 2/20   16: 2/21   17: 2/24   18: 2/25 (南山 18)   19: 2/26   20: 2/27 (枣庄/武隆 20)
test('2025 Spring Festival: finished Fri 2025-01-24 + 20 working days = 2025-02-27, + 18 (南山) = 2025-02-25', () => {
  assert.equal(cal.addWorkdays('2025-01-24', 20), '2025-02-27');
  assert.equal(cal.addWorkdays('2025-01-24', 18), '2025-02-25');
  assert.equal(cal.addWorkdays('2025-01-24', 2), '2025-01-27');
  assert.equal(cal.addWorkdays('2025-01-24', 3), '2025-02-05');
});

test('a task finished on a holiday still counts from the next working day (day 0 is never counted)', () => {
  // Finished on 2025-01-30 (春节): 1st working day after it is 2/5.
  assert.equal(cal.addWorkdays('2025-01-30', 1), '2025-02-05');
  // Friday 2025-03-14 + 1 = Monday 2025-03-17 (an ordinary weekend in between).
  assert.equal(cal.addWorkdays('2025-03-14', 1), '2025-03-17');
});

test('workdaysBetween excludes a, includes b, and inverts addWorkdays', () => {
  assert.equal(cal.workdaysBetween('2024-09-27', '2024-10-30'), 20);
  assert.equal(cal.workdaysBetween('2025-01-24', '2025-02-25'), 18);
  assert.equal(cal.workdaysBetween('2025-03-14', '2025-03-14'), 0);
  assert.equal(cal.workdaysBetween('2025-03-17', '2025-03-14'), 0);
  for (let n = 1; n <= 60; n += 1) assert.equal(cal.workdaysBetween('2024-12-20', cal.addWorkdays('2024-12-20', n)), n);
});

// 2024-Q3 ends:  Mon 9/23  Tue 9/24  Wed 9/25  Thu 9/26  Fri 9/27  Sat 9/28  *Sun 9/29*  Mon 9/30
// Last 5 working days: 9/30, 9/29 (调休), 9/27, 9/26, 9/25 — a plain weekday count would start at 9/24.
test('last 5 working days of 2024-Q3 are 09-25..09-30 because Sunday 9/29 is worked', () => {
  assert.deepEqual(cal.lastWorkdaysOf('2024-07-01', '2024-09-30', 5), ['2024-09-25', '2024-09-26', '2024-09-27', '2024-09-29', '2024-09-30']);
});

// 2025-Q1 ends:  Tue 3/25  Wed 3/26  Thu 3/27  Fri 3/28  Sat 3/29  Sun 3/30  Mon 3/31 — no holidays.
test('last 5 working days of 2025-Q1 are 03-25..03-31 (skipping the weekend 3/29–3/30)', () => {
  assert.deepEqual(cal.lastWorkdaysOf('2025-01-01', '2025-03-31', 5), ['2025-03-25', '2025-03-26', '2025-03-27', '2025-03-28', '2025-03-31']);
});

test('a range with too few working days is refused: 2024-10-01..10-07 has none', () => {
  assert.throws(() => cal.lastWorkdaysOf('2024-10-01', '2024-10-07', 1), (e: unknown) => e instanceof AppError && /只有 0 个工作日/.test(e.message));
});

test('nth working day of a month: October 2024 starts working on 10-08, February 2025 on 02-05', () => {
  assert.equal(cal.nthWorkdayOfMonth('2024-10', 1), '2024-10-08');
  assert.equal(cal.nthWorkdayOfMonth('2025-02', 1), '2025-02-05');
  assert.equal(cal.nthWorkdayOfMonth('2025-02', 4), '2025-02-08'); // Saturday 2/8 is a 调休 working day
  assert.deepEqual(cal.firstWorkdaysOf('2025-02-01', '2025-02-28', 2), ['2025-02-05', '2025-02-06']);
  assert.throws(() => cal.nthWorkdayOfMonth('2025-Q1', 1), AppError);
});

// Override: the bureau declares Tuesday 2024-10-08 a local holiday. Every count after 9/27 past
// 10/8 slides one working day: 20 → 2024-10-31 instead of 10-30.
test('an override turning 2024-10-08 into a holiday moves the 20-working-day deadline to 2024-10-31', () => {
  const local = createCalendar([{ date: '2024-10-08', kind: 'holiday', reason: '地方防汛放假' }]);
  assert.equal(local.isWorkday('2024-10-08'), false);
  assert.equal(local.addWorkdays('2024-09-27', 20), '2024-10-31');
  assert.deepEqual(local.dayInfo('2024-10-08'), { date: '2024-10-08', workday: false, reason: '地方防汛放假', source: 'override' });
});

test('overrides win over chinese-days: un-working the 调休 Sunday 2024-09-29 moves the deadline too', () => {
  const local = createCalendar([{ date: '2024-09-29', kind: 'holiday', reason: '本局不调休' }]);
  assert.equal(local.isWorkday('2024-09-29'), false);
  assert.equal(local.addWorkdays('2024-09-27', 20), '2024-10-31');
  const saturday = createCalendar([{ date: '2025-03-15', kind: 'workday', reason: '集中执法日' }]);
  assert.equal(saturday.addWorkdays('2025-03-14', 1), '2025-03-15');
});

test('an unknown year raises a Chinese VALIDATION error instead of treating its holidays as workdays', () => {
  const last = Math.max(...cal.knownYears());
  const unknown = `${last + 4}-01-02`;
  assert.throws(
    () => cal.isWorkday(unknown),
    (e: unknown) => e instanceof AppError && e.code === 'VALIDATION' && new RegExp(`${last + 4} 年的节假日和调休安排尚未录入`).test(e.message),
  );
  // A deadline that walks into the unknown year fails too, rather than guessing.
  assert.throws(() => cal.addWorkdays(`${last}-12-20`, 20), AppError);
});

test('knownYears: chinese-days covers 2004 through at least 2025; an override year becomes known', () => {
  const years = cal.knownYears();
  assert.equal(years[0], 2004);
  assert.ok(years.includes(2024) && years.includes(2025));
  const later = createCalendar([{ date: '2040-10-01', kind: 'holiday', reason: '国庆节（国办发〔2039〕号）' }]);
  assert.ok(later.knownYears().includes(2040));
  assert.equal(later.isWorkday('2040-10-01'), false);
  assert.equal(later.isWorkday('2040-10-02'), true); // only what the table says: the bureau must enter the whole year
});

test('a bad override table is refused with every problem listed by row', () => {
  assert.throws(
    () =>
      createCalendar([
        { date: '2025-02-30', kind: 'holiday', reason: 'x' },
        { date: '2025-03-03', kind: 'holiday', reason: ' ' },
        { date: '2025-03-03', kind: 'workday', reason: '重复' },
      ]),
    (e: unknown) => e instanceof AppError && e.issues.length === 3 && e.issues[2]!.row === 3 && /重复/.test(e.issues[2]!.reason),
  );
});

test('n must be a positive whole number of working days', () => {
  assert.throws(() => cal.addWorkdays('2025-03-14', 0), AppError);
  assert.throws(() => cal.addWorkdays('2025-03-14', 1.5), AppError);
});
