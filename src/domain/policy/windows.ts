/**
 * Dates a profile sets: when a period's draw happens, when a finished task's result must be public,
 * and how much of a quarter's tasks must be done by the end of each month. Working days come from
 * the Calendar (src/domain/calendar), so holidays and 调休 days are counted as the State Council set them.
 */
import type { Calendar } from '../calendar/calendar.ts';
import { addDays, periodKind, periodOf, periodRange, shiftPeriod } from '../calendar/dates.ts';
import { deadlineNaturalDays, deadlineWorkdays, drawWindowFirstDays, drawWindowLastWorkdays } from '../calendar/deadlines.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { ceilPercent, enclosing, MONTHS, PERIOD_LABEL } from './counting.ts';
import type { Citation, DrawWindowRule, Profile } from './schema.ts';

/** The days within which the draw for `period` must happen. */
export interface DrawWindow {
  /** The period drawn for (the enclosing year for 入海排污口 asked about a quarter). */
  period: string;
  start: string;
  end: string;
  description: string;
  cite: Citation;
}

/** The stratum's draw cadence, from its first rule (validate.ts keeps one cadence per stratum). */
function cadenceOf(profile: Profile, stratum: string) {
  const s = profile.strata.find((x) => x.key === stratum);
  if (!s) throw new AppError(ErrorCode.NOT_FOUND, `方案「${profile.name}」没有抽查分层「${stratum}」`);
  const first = s.rules[0];
  return first ? (first.drawEvery ?? first.per) : undefined;
}

/** The draw window for `period` (of one stratum, when given); null when the document sets none. */
export function drawWindow(profile: Profile, period: string, cal: Calendar, stratum?: string): DrawWindow | null {
  const asked = periodKind(period);
  let rule: DrawWindowRule | undefined;
  if (stratum !== undefined) {
    const cadence = cadenceOf(profile, stratum);
    rule = profile.drawWindows.find((w) => w.strata?.includes(stratum)) ?? profile.drawWindows.find((w) => !w.strata && w.cadence === cadence);
  } else {
    rule = profile.drawWindows.find((w) => !w.strata && w.cadence === asked);
  }
  if (!rule) return null;
  const drawn = MONTHS[asked] < MONTHS[rule.cadence] ? enclosing(period, rule.cadence) : period;
  if (periodKind(drawn) !== rule.cadence) return null;
  const unit = PERIOD_LABEL[rule.cadence];
  const w = rule.window;
  if ('lastWorkdaysOfPrevious' in w) {
    const range = drawWindowLastWorkdays(shiftPeriod(drawn, -1), w.lastWorkdaysOfPrevious, cal);
    return { period: drawn, ...range, description: `上一${unit}最后 ${w.lastWorkdaysOfPrevious} 个工作日`, cite: rule.cite };
  }
  if ('firstDays' in w) {
    return { period: drawn, ...drawWindowFirstDays(drawn, w.firstDays), description: `每${unit}初 ${w.firstDays} 日内`, cite: rule.cite };
  }
  const { start } = periodRange(drawn);
  const limit = `${start.slice(0, 4)}-${String(w.before.month).padStart(2, '0')}-${String(w.before.day).padStart(2, '0')}`;
  return { period: drawn, start, end: addDays(limit, -1), description: `${limit} 之前`, cite: rule.cite };
}

/** One publication deadline; `due` is null when the document says "及时" without a number of days. */
export interface Deadline {
  what: string;
  from: string;
  due: string | null;
  description: string;
  cite: Citation;
}

/** Publication deadlines for a task finished on `completedOn`, counting from the task or its period. */
export function disclosureDeadlines(
  profile: Profile,
  opts: { completedOn: string; cal: Calendar; periodTasksCompletedOn?: string },
): Deadline[] {
  return profile.disclosures.map((d) => {
    const periodEnd = d.period ? periodRange(periodOf(opts.completedOn, d.period)).end : opts.completedOn;
    const from = d.after === 'taskCompleted' ? opts.completedOn : d.after === 'periodEnd' ? periodEnd : (opts.periodTasksCompletedOn ?? periodEnd);
    const start = d.after === 'taskCompleted' ? `检查任务完成（${from}）后` : d.after === 'periodEnd' ? `${PERIOD_LABEL[d.period!]}末（${from}）后` : `本${PERIOD_LABEL[d.period!]}任务全部结束（${from}）后`;
    if (!d.within) return { what: d.what, from, due: null, description: `${start}及时公开（文件未规定天数）`, cite: d.cite };
    const due = 'workdays' in d.within ? deadlineWorkdays(from, d.within.workdays, opts.cal) : deadlineNaturalDays(from, d.within.naturalDays);
    const n = 'workdays' in d.within ? `${d.within.workdays} 个工作日` : `${d.within.naturalDays} 个自然日`;
    return { what: d.what, from, due, description: `${start} ${n}内`, cite: d.cite };
  });
}

/** Cumulative completion due by the end of one month. */
export interface Milestone {
  month: string;
  due: string;
  percent: number;
  /** ⌈percent × totalTasks⌉ when the number of tasks is known. */
  count?: number;
  cite: Citation;
}

/** The monthly milestones of the period containing `period` (南山: 30 % / 60 % / 100 % of a quarter's tasks). */
export function monthlyMilestones(profile: Profile, period: string, totalTasks?: number): Milestone[] {
  const m = profile.milestones;
  if (!m) return [];
  const first = periodOf(periodRange(enclosing(period, m.per)).start, 'month');
  return m.cumulativePercent.map((percent, i) => {
    const month = shiftPeriod(first, i);
    return {
      month,
      due: periodRange(month).end,
      percent,
      ...(totalTasks !== undefined ? { count: ceilPercent(percent, totalTasks) } : {}),
      cite: m.cite,
    };
  });
}
