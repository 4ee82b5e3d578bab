/**
 * 2024–2026 as the State Council published them (国务院办公厅关于 2024/2025/2026 年部分节假日安排的通知):
 * every holiday weekday is off, every 调休 weekend day is worked, and the year's working-day total
 * follows by hand:  weekdays − holidays falling on weekdays + 调休 days.
 *   2024: 262 − 19 + 8 = 251    2025: 261 − 18 + 5 = 248    2026: 261 − 19 + 6 = 248
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCalendar } from './calendar.ts';

const cal = createCalendar();

const YEARS = {
  2024: {
    holidaysOnWeekdays: ['01-01', '02-12', '02-13', '02-14', '02-15', '02-16', '04-04', '04-05', '05-01', '05-02', '05-03', '06-10', '09-16', '09-17', '10-01', '10-02', '10-03', '10-04', '10-07'],
    swapped: { '02-04': '春节', '02-18': '春节', '04-07': '清明', '04-28': '劳动节', '05-11': '劳动节', '09-14': '中秋', '09-29': '国庆节', '10-12': '国庆节' },
    total: 251,
  },
  2025: {
    holidaysOnWeekdays: ['01-01', '01-28', '01-29', '01-30', '01-31', '02-03', '02-04', '04-04', '05-01', '05-02', '05-05', '06-02', '10-01', '10-02', '10-03', '10-06', '10-07', '10-08'],
    swapped: { '01-26': '春节', '02-08': '春节', '04-27': '劳动节', '09-28': '国庆节', '10-11': '国庆节' },
    total: 248,
  },
  2026: {
    holidaysOnWeekdays: ['01-01', '01-02', '02-16', '02-17', '02-18', '02-19', '02-20', '02-23', '04-06', '05-01', '05-04', '05-05', '06-19', '09-25', '10-01', '10-02', '10-05', '10-06', '10-07'],
    swapped: { '01-04': '元旦', '02-14': '春节', '02-28': '春节', '05-09': '劳动节', '09-20': '国庆节', '10-10': '国庆节' },
    total: 248,
  },
} as const;

for (const [year, y] of Object.entries(YEARS)) {
  test(`${year}: ${y.holidaysOnWeekdays.length} holiday weekdays are off, ${Object.keys(y.swapped).length} 调休 weekend days are worked, ${y.total} working days in all`, () => {
    for (const md of y.holidaysOnWeekdays) {
      const info = cal.dayInfo(`${year}-${md}`);
      assert.equal(info.workday, false, `${year}-${md} is a holiday`);
      assert.equal(info.source, 'chinese-days');
    }
    for (const [md, name] of Object.entries(y.swapped)) {
      assert.deepEqual(cal.dayInfo(`${year}-${md}`), { date: `${year}-${md}`, workday: true, reason: `${name}调休上班`, source: 'chinese-days' });
    }
    assert.equal(cal.workdaysBetween(`${Number(year) - 1}-12-31`, `${year}-12-31`), y.total);
  });
}

// 2026 Spring Festival: 2/15 (Sun) – 2/23 (Mon) off; Saturdays 2/14 and 2/28 worked.
//        Mon  Tue  Wed  Thu  Fri  Sat  Sun
//   Feb    9   10   11   12  [13] *14* (15)     [13] day 0
//   Feb  (16) (17) (18) (19) (20) (21) (22)
//   Feb  (23)  24   25   26   27  *28*   1
test('2026 Spring Festival: after Fri 02-13 come Sat 02-14 (调休), then Tue 02-24; + 5 = Sat 02-28', () => {
  assert.equal(cal.addWorkdays('2026-02-13', 1), '2026-02-14');
  assert.equal(cal.addWorkdays('2026-02-13', 2), '2026-02-24');
  assert.equal(cal.addWorkdays('2026-02-13', 6), '2026-02-28');
  assert.equal(cal.workdaysBetween('2026-02-13', '2026-02-28'), 6);
  assert.equal(cal.dayInfo('2026-02-17').reason, '春节');
});

test('2026-Q3 ends with 中秋 (9/25) off and Sunday 9/20 worked: its last 5 working days are 9/23–9/30 without 9/25–27', () => {
  assert.deepEqual(cal.lastWorkdaysOf('2026-07-01', '2026-09-30', 5), ['2026-09-23', '2026-09-24', '2026-09-28', '2026-09-29', '2026-09-30']);
  assert.equal(cal.dayInfo('2026-09-25').reason, '中秋');
});

test('2027 has no data yet: refused with the known years named', () => {
  assert.throws(() => cal.addWorkdays('2026-12-30', 5), /2027 年的节假日和调休安排尚未录入（已知年份：2004–2026）/);
  assert.ok(!cal.knownYears().includes(2027));
});
