import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors.ts';
import {
  chinaDay, chinaMinute,
  addDays, assertDate, diffDays, endOfMonth, halfYearEnd, halfYearStart, isValidDate, periodOf, periodRange,
  quarterEnd, quarterOf, quarterStart, shiftPeriod, startOfMonth, weekday, yearEnd, yearStart,
} from './dates.ts';

test('addDays agrees with Date.UTC for every day from 1999-12-25 over 60 years (leap days included)', () => {
  // Date is used here only as an independent oracle; the module itself never touches it.
  for (let k = 0; k < 22_000; k += 1) {
    const expected = new Date(Date.UTC(1999, 11, 25 + k)).toISOString().slice(0, 10);
    assert.equal(addDays('1999-12-25', k), expected);
  }
});

test('addDays crosses month, year and leap-day boundaries both ways', () => {
  assert.equal(addDays('2024-02-28', 1), '2024-02-29');
  assert.equal(addDays('2024-02-29', 1), '2024-03-01');
  assert.equal(addDays('2025-02-28', 1), '2025-03-01');
  assert.equal(addDays('2024-12-31', 1), '2025-01-01');
  assert.equal(addDays('2025-01-01', -1), '2024-12-31');
});

test('diffDays is to − from: 2024 has 366 days, 2025 has 365', () => {
  assert.equal(diffDays('2024-01-01', '2025-01-01'), 366);
  assert.equal(diffDays('2025-01-01', '2026-01-01'), 365);
  assert.equal(diffDays('2025-03-31', '2025-04-13'), 13);
  assert.equal(diffDays('2025-04-13', '2025-03-31'), -13);
});

test('weekday is ISO: 1970-01-01 Thursday = 4, 2024-09-29 Sunday = 7, 2025-01-24 Friday = 5', () => {
  assert.equal(weekday('1970-01-01'), 4);
  assert.equal(weekday('2024-09-29'), 7);
  assert.equal(weekday('2024-09-30'), 1);
  assert.equal(weekday('2025-01-24'), 5);
  assert.equal(weekday('1969-12-31'), 3);
});

test('month ends: February has 29 days in 2024 and 2000, 28 in 2025 and 1900', () => {
  assert.equal(endOfMonth('2024-02-10'), '2024-02-29');
  assert.equal(endOfMonth('2000-02-01'), '2000-02-29');
  assert.equal(endOfMonth('2025-02-10'), '2025-02-28');
  assert.equal(endOfMonth('1900-02-10'), '1900-02-28');
  assert.equal(startOfMonth('2024-02-29'), '2024-02-01');
});

test('quarter, half-year and year bounds of 2024-02-29 and 2025-08-15', () => {
  assert.deepEqual(quarterOf('2024-02-29'), { year: 2024, q: 1 });
  assert.equal(quarterStart('2024-02-29'), '2024-01-01');
  assert.equal(quarterEnd('2024-02-29'), '2024-03-31');
  assert.deepEqual(quarterOf('2025-08-15'), { year: 2025, q: 3 });
  assert.equal(quarterEnd('2025-08-15'), '2025-09-30');
  assert.equal(halfYearStart('2025-08-15'), '2025-07-01');
  assert.equal(halfYearEnd('2025-06-30'), '2025-06-30');
  assert.equal(yearStart('2025-08-15'), '2025-01-01');
  assert.equal(yearEnd('2025-08-15'), '2025-12-31');
});

test('period ids: 2024-02-29 is in 2024-02, 2024-Q1, 2024-H1, 2024', () => {
  assert.equal(periodOf('2024-02-29', 'month'), '2024-02');
  assert.equal(periodOf('2024-02-29', 'quarter'), '2024-Q1');
  assert.equal(periodOf('2024-02-29', 'half'), '2024-H1');
  assert.equal(periodOf('2024-02-29', 'year'), '2024');
  assert.equal(periodOf('2024-10-01', 'quarter'), '2024-Q4');
  assert.equal(periodOf('2024-07-01', 'half'), '2024-H2');
});

test('period ranges: 2024-Q4 is 10-01..12-31, 2025-H1 is 01-01..06-30, leap February ends on the 29th', () => {
  assert.deepEqual(periodRange('2024-Q4'), { start: '2024-10-01', end: '2024-12-31' });
  assert.deepEqual(periodRange('2025-Q1'), { start: '2025-01-01', end: '2025-03-31' });
  assert.deepEqual(periodRange('2025-H1'), { start: '2025-01-01', end: '2025-06-30' });
  assert.deepEqual(periodRange('2025-H2'), { start: '2025-07-01', end: '2025-12-31' });
  assert.deepEqual(periodRange('2024-02'), { start: '2024-02-01', end: '2024-02-29' });
  assert.deepEqual(periodRange('2025-02'), { start: '2025-02-01', end: '2025-02-28' });
  assert.deepEqual(periodRange('2025'), { start: '2025-01-01', end: '2025-12-31' });
});

test('every period id round-trips through its range', () => {
  for (const id of ['2025', '2025-H1', '2025-H2', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2025-01', '2025-12']) {
    const { start, end } = periodRange(id);
    const kind = id.length === 4 ? 'year' : id[5] === 'H' ? 'half' : id[5] === 'Q' ? 'quarter' : 'month';
    assert.equal(periodOf(start, kind), id);
    assert.equal(periodOf(end, kind), id);
  }
});

test('shiftPeriod steps over year ends: 2024-Q4 + 1 = 2025-Q1, 2025-01 − 1 = 2024-12', () => {
  assert.equal(shiftPeriod('2024-Q4', 1), '2025-Q1');
  assert.equal(shiftPeriod('2025-Q1', -1), '2024-Q4');
  assert.equal(shiftPeriod('2025-H1', -1), '2024-H2');
  assert.equal(shiftPeriod('2025-01', -1), '2024-12');
  assert.equal(shiftPeriod('2025', 2), '2027');
});

test('invalid dates and period ids are refused with a Chinese VALIDATION error', () => {
  for (const bad of ['2025-02-29', '2025-2-3', '2025-13-01', '2025-04-31', '20250101', '', '2025-03-31T00:00']) {
    assert.equal(isValidDate(bad), false, bad);
    assert.throws(() => assertDate(bad), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION' && /日期「.*」无效/.test(e.message));
  }
  assert.throws(() => addDays('2025-02-30', 1), AppError);
  for (const bad of ['2025-Q5', '2025-H3', '2025-13', '2025-Q0', '25-Q1', '2025Q1']) {
    assert.throws(() => periodRange(bad), (e: unknown) => e instanceof AppError && /期间「.*」无效/.test(e.message));
  }
});

test('chinaDay / chinaMinute: an instant in China time (UTC+8) — 15:59 UTC is still the same day, 16:00 UTC the next', () => {
  assert.equal(chinaDay(new Date('2024-12-31T15:59:59Z')), '2024-12-31');
  assert.equal(chinaDay(new Date('2024-12-31T16:00:00Z')), '2025-01-01');
  assert.equal(chinaMinute('2024-12-31T16:05:30Z'), '2025-01-01 00:05');
  assert.equal(chinaMinute(new Date('2025-04-10T01:30:00Z')), '2025-04-10 09:30');
});
