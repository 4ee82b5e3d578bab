/**
 * The working-day calendar: weekends, the State Council's holidays and 调休 working weekends (from
 * chinese-days), and a bureau's own override table on top. Deadlines counted in working days refuse
 * a year nobody has described, rather than quietly treating its holidays as working days.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { AppError, ErrorCode, type FieldIssue } from '../errors.ts';
import { addDays, assertDate, describeYearRuns, isValidDate, periodKind, periodRange, weekday, yearOf } from './dates.ts';

/** A bureau's local adjustment of one day, e.g. a local holiday, or a year chinese-days does not know yet. */
export interface CalendarOverride {
  date: string;
  kind: 'workday' | 'holiday';
  reason: string;
}

/** Whether a day is worked, and why — shown to users who ask how a deadline was reached. */
export interface DayInfo {
  date: string;
  workday: boolean;
  /** '国庆节', '国庆节调休上班', '周末', '工作日', or the override's reason. */
  reason: string;
  source: 'override' | 'chinese-days' | 'weekday';
}

/** Working-day arithmetic for one set of overrides. Every method throws for a year nobody describes. */
export interface Calendar {
  /** True when `date` is a working day. */
  isWorkday(date: string): boolean;
  /** Whether `date` is worked and the reason (holiday name, 调休, override reason). */
  dayInfo(date: string): DayInfo;
  /** The n-th working day after `date` (n ≥ 1; `date` itself is never counted, worked or not). */
  addWorkdays(date: string, n: number): string;
  /** Working days in (a, b]: a excluded, b included; 0 when b is not after a. */
  workdaysBetween(a: string, b: string): number;
  /** The first n working days in [start, end], ascending. */
  firstWorkdaysOf(start: string, end: string, n: number): string[];
  /** The last n working days in [start, end], ascending ("the last 5 working days of the quarter"). */
  lastWorkdaysOf(start: string, end: string, n: number): string[];
  /** The n-th working day of a month given as '2025-03'. */
  nthWorkdayOfMonth(month: string, n: number): string;
  /** Years whose holidays are known: chinese-days' years plus every year an override falls in. */
  knownYears(): number[];
}

// We read chinese-days' data table rather than call its isWorkday(): that function formats dates in
// the host time zone (under America/Los_Angeles, 2024-10-12 comes back as 2024-10-11) and answers
// for any year, treating a year it does not know as plain Monday–Friday weeks.
const table = chineseDays as { holidays: Record<string, string>; workdays: Record<string, string> };
const NATIONAL_HOLIDAYS = new Map(Object.entries(table.holidays).map(([d, v]) => [d, chineseName(v)]));
const NATIONAL_WORKDAYS = new Map(Object.entries(table.workdays).map(([d, v]) => [d, chineseName(v)]));
// A year is known when chinese-days lists a holiday in it; every year has at least 元旦 and 春节.
const NATIONAL_YEARS = new Set([...NATIONAL_HOLIDAYS.keys()].map((d) => Number(d.slice(0, 4))));

/** chinese-days stores "National Day,国庆节,3"; the Chinese name is the second field. */
function chineseName(value: string): string {
  return value.split(',')[1] ?? value;
}

/** Builds a calendar; overrides win over chinese-days, and a year with any override counts as known. */
export function createCalendar(overrides: CalendarOverride[] = []): Calendar {
  const byDate = indexOverrides(overrides);
  const years = new Set([...NATIONAL_YEARS, ...[...byDate.keys()].map(yearOf)]);
  const known = [...years].sort((a, b) => a - b);

  const dayInfo = (date: string): DayInfo => {
    const year = yearOf(assertDate(date));
    if (!years.has(year)) throw unknownYear(date, year, known);
    const override = byDate.get(date);
    if (override) return { date, workday: override.kind === 'workday', reason: override.reason, source: 'override' };
    const swapped = NATIONAL_WORKDAYS.get(date);
    if (swapped) return { date, workday: true, reason: `${swapped}调休上班`, source: 'chinese-days' };
    const holiday = NATIONAL_HOLIDAYS.get(date);
    if (holiday) return { date, workday: false, reason: holiday, source: 'chinese-days' };
    const weekend = weekday(date) >= 6;
    return { date, workday: !weekend, reason: weekend ? '周末' : '工作日', source: 'weekday' };
  };
  const isWorkday = (date: string): boolean => dayInfo(date).workday;

  /** Walks from `from` one day at a time in `step` direction, collecting working days until n or `stop`. */
  const collect = (from: string, step: 1 | -1, n: number, stop?: string): string[] => {
    const found: string[] = [];
    for (let d = from; found.length < n; d = addDays(d, step)) {
      if (stop !== undefined && (step === 1 ? d > stop : d < stop)) break;
      if (isWorkday(d)) found.push(d);
    }
    return found;
  };

  const windowOf = (start: string, end: string, n: number, fromEnd: boolean): string[] => {
    assertCount(n);
    assertDate(start, 'start');
    assertDate(end, 'end');
    const days = fromEnd ? collect(end, -1, n, start).reverse() : collect(start, 1, n, end);
    if (days.length < n) {
      throw new AppError(ErrorCode.VALIDATION, `${start} 至 ${end} 只有 ${days.length} 个工作日，不足 ${n} 个`);
    }
    return days;
  };

  return {
    isWorkday,
    dayInfo,
    addWorkdays: (date, n) => {
      assertCount(n);
      return collect(addDays(assertDate(date), 1), 1, n).at(-1)!;
    },
    workdaysBetween: (a, b) => (assertDate(b) > assertDate(a) ? collect(addDays(a, 1), 1, Infinity, b).length : 0),
    firstWorkdaysOf: (start, end, n) => windowOf(start, end, n, false),
    lastWorkdaysOf: (start, end, n) => windowOf(start, end, n, true),
    nthWorkdayOfMonth: (month, n) => {
      if (periodKind(month) !== 'month') throw new AppError(ErrorCode.VALIDATION, `「${month}」不是月份，应为 2025-03 这样的格式`);
      const { start, end } = periodRange(month);
      return windowOf(start, end, n, false).at(-1)!;
    },
    knownYears: () => [...known],
  };
}

/** Validates the override table; a date listed twice is refused rather than letting the last one win silently. */
function indexOverrides(overrides: CalendarOverride[]): Map<string, CalendarOverride> {
  const byDate = new Map<string, CalendarOverride>();
  const issues: FieldIssue[] = [];
  overrides.forEach((o, i) => {
    const row = i + 1;
    if (!isValidDate(o.date)) issues.push({ row, field: 'date', reason: `日期「${o.date}」无效` });
    else if (byDate.has(o.date)) issues.push({ row, field: 'date', reason: `日期 ${o.date} 重复调整` });
    if (o.kind !== 'workday' && o.kind !== 'holiday') issues.push({ row, field: 'kind', reason: '类型应为「工作日」或「休息日」' });
    if (!o.reason?.trim()) issues.push({ row, field: 'reason', reason: '请填写调整原因（如 地方节日、国务院通知文号）' });
    if (!byDate.has(o.date)) byDate.set(o.date, o);
  });
  if (issues.length > 0) throw new AppError(ErrorCode.VALIDATION, '日历调整表有误，请修改后重试', issues);
  return byDate;
}

/** n working days must be a whole number of at least 1; "within 0 working days" has no meaning. */
function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new AppError(ErrorCode.VALIDATION, `工作日天数应为正整数，收到「${n}」`);
  }
}

function unknownYear(date: string, year: number, known: number[]): AppError {
  return new AppError(
    ErrorCode.VALIDATION,
    `${year} 年的节假日和调休安排尚未录入（已知年份：${describeYearRuns(known) || '无'}），无法按工作日计算 ${date}；` +
      `请在日历调整表中录入该年国务院办公厅公布的放假安排，或升级 chinese-days`,
    [{ field: 'date', reason: `${year} 年节假日安排未知` }],
    { date, year, knownYears: known },
  );
}
