/**
 * The report calendar: every report a profile requires for the periods of one year, with its due
 * date (枣庄 quarterly 统计表 by the 5th of the next month; 保定 directory updates 3/20 … 12/20).
 */
import { endOfMonth, periodRange, shiftPeriod } from '../calendar/dates.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { MONTHS } from './counting.ts';
import type { Citation, Profile } from './schema.ts';

/** One report due: what, by when, and the period it reports on. */
export interface ReportDue {
  what: string;
  /** The period reported on ('2025-Q1'); the due date may fall after it (or in the next year). */
  covers: string;
  due: string;
  cite: Citation;
}

/** Reports for every period of `year`, sorted by due date. "X日前" is read as due on day X. */
export function reportCalendar(profile: Profile, year: string): ReportDue[] {
  if (!/^\d{4}$/.test(year)) throw new AppError(ErrorCode.VALIDATION, `「${year}」不是年份，应为 2025 这样的格式`);
  const out: ReportDue[] = [];
  for (const r of profile.reports) {
    const count = 12 / MONTHS[r.every];
    const firstId = { month: `${year}-01`, quarter: `${year}-Q1`, half: `${year}-H1`, year }[r.every];
    for (let k = 0; k < count; k++) {
      const covers = shiftPeriod(firstId, k);
      const firstMonth = periodRange(covers).start.slice(0, 7);
      for (const d of r.due) {
        const month = shiftPeriod(firstMonth, d.monthOffset);
        const due = d.day === 'end' ? endOfMonth(`${month}-01`) : `${month}-${String(d.day).padStart(2, '0')}`;
        out.push({ what: r.what, covers, due, cite: r.cite });
      }
    }
  }
  return out.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}
