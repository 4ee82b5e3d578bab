/**
 * `shuangsui workdays add DATE N` and `shuangsui workdays between A B`: working-day arithmetic with
 * the calendar in force (chinese-days plus the overrides table of the database), the same one
 * deadlines and draw windows use.
 */
import { AppError, ErrorCode } from '../domain/errors.ts';
import { assertDate } from '../domain/calendar/dates.ts';
import type { Database } from '../storage/database.ts';
import { loadCalendar } from '../services/calendar/load-calendar.ts';

/** Usage lines for USAGE in commands.ts. */
export const WORKDAYS_USAGE = [
  '  workdays add DATE N                     DATE 之后第 N 个工作日（DATE 当天不计），按法定节假日、调休和日历调整表',
  '  workdays between A B                    A 之后至 B（含 B）的工作日天数',
].join('\n');

const USAGE_ERROR = '用法：shuangsui workdays add 2025-01-24 20  或  shuangsui workdays between 2025-01-24 2025-02-27';

/** Runs one workdays subcommand and returns the line to print. */
export async function runWorkdays(database: Database, args: string[]): Promise<string> {
  const [sub, a, b, ...extra] = args;
  if ((sub !== 'add' && sub !== 'between') || a === undefined || b === undefined || extra.length > 0) {
    throw new AppError(ErrorCode.VALIDATION, USAGE_ERROR);
  }
  const calendar = await loadCalendar(database.pool);
  if (sub === 'add') {
    const n = /^\d+$/.test(b) ? Number(b) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw new AppError(ErrorCode.VALIDATION, `工作日天数 N 应为正整数，收到「${b}」`);
    return `${calendar.addWorkdays(assertDate(a, 'DATE'), n)}\n`;
  }
  return `${calendar.workdaysBetween(assertDate(a, 'A'), assertDate(b, 'B'))}\n`;
}
