/**
 * Deadline helpers in the words the documents use. Counting convention, for every helper here:
 * "within N (working) days of X" ends on the N-th (working) day AFTER X — X itself is never counted,
 * even when X is a working day — and the deadline day itself is still on time.
 */
import { AppError, ErrorCode } from '../errors.ts';
import type { Calendar } from './calendar.ts';
import { addDays, assertDate, periodRange, type DateRange } from './dates.ts';

/** Last day for "within n working days of `from`": the n-th working day after `from` (20 → Z, W; 18 → N). */
export function deadlineWorkdays(from: string, n: number, cal: Calendar): string {
  return cal.addWorkdays(from, n);
}

/**
 * Last day for "within n natural days after `from`": `from` + n, e.g. 2025-03-31 + 13 → 2025-04-13.
 * Not moved off weekends or holidays; a profile that wants that must say so explicitly.
 */
export function deadlineNaturalDays(from: string, n: number): string {
  return addDays(assertDate(from), assertDays(n));
}

/** True once `today` is after `deadline`; on the deadline day itself the task is not yet overdue. */
export function isOverdue(deadline: string, today: string): boolean {
  return assertDate(today, 'today') > assertDate(deadline, 'deadline');
}

/**
 * The last n working days of a period ('2024-Q4' → 5 → the draw window for 2025-Q1, B and N).
 * Pass the period the draw happens in, not the period being drawn for.
 */
export function drawWindowLastWorkdays(periodId: string, n: number, cal: Calendar): DateRange {
  const { start, end } = periodRange(periodId);
  const days = cal.lastWorkdaysOf(start, end, n);
  return { start: days[0]!, end: days.at(-1)! };
}

/** The first n natural days of a period ("within the first 10 days of the quarter", L). */
export function drawWindowFirstDays(periodId: string, n: number): DateRange {
  const { start, end } = periodRange(periodId);
  const last = addDays(start, assertDays(n) - 1);
  return { start, end: last < end ? last : end };
}

/** A count of natural days must be a whole number of at least 1. */
function assertDays(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new AppError(ErrorCode.VALIDATION, `天数应为正整数，收到「${n}」`);
  return n;
}
