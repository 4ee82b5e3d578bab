/**
 * An organisation's calendar of due dates for a year under its profile (RULES §6): draw windows,
 * the monthly milestones (南山 30/60/100 %), joint-inspection deadlines and every report the profile
 * requires (枣庄 统计表 by the 5th, 保定 directory updates 3/20 6/20 9/20 12/20, 南山 special-target
 * lists by the 17th …), each with the day its reminder fires. Pure: the calendar is a parameter.
 */
import type { Calendar } from './calendar/calendar.ts';
import { addDays, shiftPeriod } from './calendar/dates.ts';
import { MONTHS, PERIOD_LABEL } from './policy/counting.ts';
import { reportCalendar } from './policy/reports.ts';
import type { PeriodKind } from './calendar/dates.ts';
import type { Profile } from './policy/schema.ts';
import { drawWindow, monthlyMilestones } from './policy/windows.ts';

/** Natural days before a due date its reminder fires (a report needs a few days' preparation). */
export const REMIND_DAYS_BEFORE = 5;

export interface DueDate {
  /** Stable within an organisation: re-materialising the calendar never duplicates a reminder. */
  key: string;
  kind: 'draw' | 'report' | 'milestone' | 'joint';
  title: string;
  detail: string;
  due: string;
  remindOn: string;
}

function periodsOf(year: string, kind: PeriodKind): string[] {
  const first = { month: `${year}-01`, quarter: `${year}-Q1`, half: `${year}-H1`, year }[kind];
  return Array.from({ length: 12 / MONTHS[kind] }, (_, k) => shiftPeriod(first, k));
}

const before = (due: string, days = REMIND_DAYS_BEFORE) => addDays(due, -days);

/** Every due date of `year` for an organisation under `profile`, sorted by due date. */
export function dueDates(profile: Profile, year: string, cal: Calendar): DueDate[] {
  const out: DueDate[] = [];
  for (const r of reportCalendar(profile, year)) {
    out.push({ key: `report:${r.what}:${r.covers}:${r.due}`, kind: 'report', title: `报送：${r.what}（${r.covers}）`, detail: r.cite.text ?? r.cite.article, due: r.due, remindOn: before(r.due) });
  }
  const cadences = new Set(profile.drawWindows.filter((w) => !w.strata).map((w) => w.cadence));
  for (const cadence of cadences) {
    for (const period of periodsOf(year, cadence)) {
      const w = drawWindow(profile, period, cal);
      if (!w) continue;
      out.push({ key: `draw:${period}`, kind: 'draw', title: `${period} 抽取窗口：${w.start} 至 ${w.end}`, detail: w.description, due: w.end, remindOn: w.start < w.end ? w.start : before(w.end, 1) });
    }
  }
  if (profile.milestones) {
    for (const period of periodsOf(year, profile.milestones.per)) {
      for (const m of monthlyMilestones(profile, period)) {
        out.push({ key: `milestone:${period}:${m.month}`, kind: 'milestone', title: `${period} 任务累计完成 ${m.percent}%（${m.month} 月底前）`, detail: `${PERIOD_LABEL[profile.milestones.per]}内各月完成率`, due: m.due, remindOn: before(m.due) });
      }
    }
  }
  for (const j of profile.joint) {
    if (!j.by) continue;
    const due = `${year}-${String(j.by.month).padStart(2, '0')}-${String(j.by.day).padStart(2, '0')}`;
    out.push({ key: `joint:${j.kind}:${year}`, kind: 'joint', title: `${year} 年${j.kind}抽查任务完成期限`, detail: j.kind, due, remindOn: before(due, 30) });
  }
  return out.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.key < b.key ? -1 : 1));
}
