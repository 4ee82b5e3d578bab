/**
 * Exact whole-target arithmetic. Counts round UP ("抽查比例不低于"), and 7 % × 100 must be 7, not the
 * 8 that Math.ceil(100 * 0.07) = Math.ceil(7.000000000000001) gives, so ratios are scaled to integers.
 */
import { periodOf, periodRange, type PeriodKind } from '../calendar/dates.ts';

/** Months in a period of each kind. */
export const MONTHS: Record<PeriodKind, number> = { month: 1, quarter: 3, half: 6, year: 12 };

/** Chinese names of period kinds, as the documents write them. */
export const PERIOD_LABEL: Record<PeriodKind, string> = { month: '月', quarter: '季度', half: '半年', year: '年' };

/** Ratios and multiples carry at most this many decimals (12.5 %, 2.5 ×). */
export const DECIMALS = 2;
const SCALE = 10 ** DECIMALS;

/** True when `x` has at most DECIMALS decimals. */
export function hasAllowedDecimals(x: number): boolean {
  return Number.isFinite(x) && Math.abs(Math.round(x * SCALE) - x * SCALE) < 1e-6;
}

/** ⌈a ÷ b⌉ for non-negative integers a and positive integers b. */
export function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}

/** ⌈count × multiple⌉, exact for multiples with at most DECIMALS decimals (2.5 × 7 → 18). */
export function ceilTimes(count: number, multiple: number): number {
  return ceilDiv(count * Math.round(multiple * SCALE), SCALE);
}

/** ⌈percent % × count⌉, exact (25 % × 26 → 7; 7 % × 100 → 7; 12.5 % × 9 → 2). */
export function ceilPercent(percent: number, count: number): number {
  return ceilDiv(count * Math.round(percent * SCALE), 100 * SCALE);
}

/** A number as the documents write it: 25, 12.5, 2.5. */
export function num(x: number): string {
  return String(Math.round(x * SCALE) / SCALE);
}

/** Index of a period's first month since year 0, so periods of different kinds can be compared. */
export function monthIndex(periodId: string): number {
  const start = periodRange(periodId).start;
  return Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7)) - 1;
}

/** The id of the period of `kind` containing the first day of `periodId` ('2025-Q2', 'year' → '2025'). */
export function enclosing(periodId: string, kind: PeriodKind): string {
  return periodOf(periodRange(periodId).start, kind);
}

/** Number of `kind` periods from the start of `periodId` to the end of its enclosing `window` period. */
export function periodsLeft(periodId: string, kind: PeriodKind, window: PeriodKind): number {
  const w = enclosing(periodId, window);
  return (monthIndex(w) + MONTHS[window] - monthIndex(periodId)) / MONTHS[kind];
}
