/**
 * The one place that does arithmetic on calendar dates. A date is a 'YYYY-MM-DD' string; arithmetic
 * goes through integer day numbers (days since 1970-01-01, proleptic Gregorian) and never through
 * `Date`, so a server in UTC and a browser in Asia/Shanghai cannot disagree about which day it is.
 * Strings in this format sort chronologically, so `a < b` compares dates.
 */
import { AppError, ErrorCode } from '../errors.ts';

/**
 * The calendar day in China (UTC+8, no daylight saving) of an instant — the bureaus' day, whatever
 * the server's time zone. The one conversion from an instant to a date.
 */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** An instant as China time to the minute, 'YYYY-MM-DD HH:MM' (printed records and forms). */
export function chinaMinute(at: Date | string): string {
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 16);
}

/** A calendar period the rules count by: month '2025-03', quarter '2025-Q2', half '2025-H1', year '2025'. */
export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

/** An inclusive range of dates. */
export interface DateRange {
  start: string;
  end: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when the year has 29 February. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Splits a date into numbers, or returns null when it is not a real 'YYYY-MM-DD' day. */
function parts(date: string): { y: number; m: number; d: number } | null {
  const match = DATE_RE.exec(date);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

/** True when `date` is a real day written as 'YYYY-MM-DD' (zero-padded). */
export function isValidDate(date: string): boolean {
  return parts(date) !== null;
}

/** Returns `date` unchanged, or throws a VALIDATION error in Chinese when it is not a real 'YYYY-MM-DD' day. */
export function assertDate(date: string, field = 'date'): string {
  if (!isValidDate(date)) {
    throw new AppError(ErrorCode.VALIDATION, `日期「${date}」无效：应为真实存在的日期，格式为 YYYY-MM-DD（如 2025-03-31）`, [
      { field, reason: '日期格式应为 YYYY-MM-DD' },
    ]);
  }
  return date;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact integer conversions, valid for any year.
function toDayNumber(date: string): number {
  const p = parts(assertDate(date))!;
  const y = p.m <= 2 ? p.y - 1 : p.y;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (p.m + (p.m > 2 ? -3 : 9)) + 2) / 5) + p.d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDayNumber(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return ymd(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const ymd = (year: number, month: number, day: number): string => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;

/** The date `n` calendar days after `date` (before it when n is negative). */
export function addDays(date: string, n: number): string {
  return fromDayNumber(toDayNumber(date) + n);
}

/** Calendar days from `from` to `to`: positive when `to` is later, 0 on the same day. */
export function diffDays(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  // Day 0 (1970-01-01) was a Thursday, ISO weekday 4.
  return ((((toDayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** The year of a valid date. */
export function yearOf(date: string): number {
  return parts(assertDate(date))!.y;
}

/** First day of the date's month. */
export function startOfMonth(date: string): string {
  return `${assertDate(date).slice(0, 7)}-01`;
}

/** Last day of the date's month (29 February in a leap year). */
export function endOfMonth(date: string): string {
  const p = parts(assertDate(date))!;
  return ymd(p.y, p.m, daysInMonth(p.y, p.m));
}

/** The quarter a date falls in: q = 1 for January–March … 4 for October–December. */
export function quarterOf(date: string): { year: number; q: 1 | 2 | 3 | 4 } {
  const p = parts(assertDate(date))!;
  return { year: p.y, q: (Math.floor((p.m - 1) / 3) + 1) as 1 | 2 | 3 | 4 };
}

/** First day of the date's quarter. */
export function quarterStart(date: string): string {
  const { year, q } = quarterOf(date);
  return ymd(year, q * 3 - 2, 1);
}

/** Last day of the date's quarter. */
export function quarterEnd(date: string): string {
  const { year, q } = quarterOf(date);
  return endOfMonth(ymd(year, q * 3, 1));
}

/** First day of the date's half-year (1 January or 1 July). */
export function halfYearStart(date: string): string {
  const p = parts(assertDate(date))!;
  return ymd(p.y, p.m <= 6 ? 1 : 7, 1);
}

/** Last day of the date's half-year (30 June or 31 December). */
export function halfYearEnd(date: string): string {
  const p = parts(assertDate(date))!;
  return p.m <= 6 ? ymd(p.y, 6, 30) : ymd(p.y, 12, 31);
}

/** 1 January of the date's year. */
export function yearStart(date: string): string {
  return ymd(yearOf(date), 1, 1);
}

/** 31 December of the date's year. */
export function yearEnd(date: string): string {
  return ymd(yearOf(date), 12, 31);
}

/** The id of the period containing `date`: '2025-03', '2025-Q2', '2025-H1' or '2025'. */
export function periodOf(date: string, kind: PeriodKind): string {
  const p = parts(assertDate(date))!;
  if (kind === 'month') return date.slice(0, 7);
  if (kind === 'quarter') return `${pad(p.y, 4)}-Q${quarterOf(date).q}`;
  if (kind === 'half') return `${pad(p.y, 4)}-H${p.m <= 6 ? 1 : 2}`;
  return pad(p.y, 4);
}

const PERIOD_RE = /^(\d{4})(?:-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/;

/** The kind and first month of a period id, or a Chinese VALIDATION error for ids like '2025-Q5'. */
function parsePeriod(id: string): { kind: PeriodKind; year: number; month: number } {
  const match = PERIOD_RE.exec(id);
  if (!match) {
    throw new AppError(ErrorCode.VALIDATION, `期间「${id}」无效：应为 2025（年）、2025-H1（半年）、2025-Q2（季度）或 2025-03（月）`, [
      { field: 'period', reason: '期间格式无效' },
    ]);
  }
  const [year, tail] = [Number(match[1]), match[2]];
  if (tail === undefined) return { kind: 'year', year, month: 1 };
  if (tail[0] === 'Q') return { kind: 'quarter', year, month: Number(tail[1]) * 3 - 2 };
  if (tail[0] === 'H') return { kind: 'half', year, month: tail[1] === '1' ? 1 : 7 };
  return { kind: 'month', year, month: Number(tail) };
}

/** What kind of period an id names ('2025-Q2' → 'quarter'); throws on an invalid id. */
export function periodKind(id: string): PeriodKind {
  return parsePeriod(id).kind;
}

/** First and last day of a period id: '2024-Q4' → 2024-10-01..2024-12-31. */
export function periodRange(id: string): DateRange {
  const { kind, year, month } = parsePeriod(id);
  const start = ymd(year, month, 1);
  const endOf = { month: endOfMonth, quarter: quarterEnd, half: halfYearEnd, year: yearEnd }[kind];
  return { start, end: endOf(start) };
}

/** The period `delta` steps away of the same kind: shiftPeriod('2024-Q4', 1) → '2025-Q1'. */
export function shiftPeriod(id: string, delta: number): string {
  const kind = periodKind(id);
  const { start } = periodRange(id);
  const p = parts(start)!;
  const index = p.y * 12 + (p.m - 1) + { month: 1, quarter: 3, half: 6, year: 12 }[kind] * delta;
  return periodOf(ymd(Math.floor(index / 12), (index % 12) + 1, 1), kind);
}

/** Ascending years as runs: [2004, 2005, …, 2026, 2030] → '2004–2026、2030' ('' for none). */
export function describeYearRuns(years: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < years.length; ) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    runs.push(i === j ? `${years[i]}` : `${years[i]}–${years[j]}`);
    i = j + 1;
  }
  return runs.join('、');
}
