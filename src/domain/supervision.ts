/**
 * Supervision figures (RULES §6) computed from counts the database aggregated: rates, monthly
 * cumulative progress against a profile's milestones (南山 30/60/100 %), joint-inspection shares
 * against their quotas, and which targets were inspected more often than their category requires
 * (无事不扰). Pure: counts and the profile in, figures out.
 */
import { periodRange } from './calendar/dates.ts';
import { MONTHS } from './policy/counting.ts';
import type { Profile } from './policy/schema.ts';
import { monthlyMilestones } from './policy/windows.ts';

/** n ÷ d as a percentage with one decimal (12.5), or null when there is nothing to divide by. */
export function percent(n: number, d: number): number | null {
  if (d <= 0) return null;
  return Math.round((n * 1000) / d) / 10;
}

/** A rate shown with its numerator and denominator, so a reader can check it by hand. */
export interface Rate { n: number; d: number; percent: number | null }

export function rate(n: number, d: number): Rate {
  return { n, d, percent: percent(n, d) };
}

/** Tasks and completions of one draw period, with the completions per calendar month ('2025-04' → 3). */
export interface PeriodProgressInput {
  period: string;
  tasks: number;
  completedByMonth: Record<string, number>;
}

/** One month of a period: cumulative completions against the milestone due by its end. */
export interface MonthProgress {
  period: string;
  month: string;
  due: string;
  /** The milestone percentage (南山 30/60/100), or null when the profile sets none. */
  milestonePercent: number | null;
  /** ⌈milestone × tasks⌉: the completions due by the end of the month. */
  required: number | null;
  cumulative: number;
  cumulativePercent: number | null;
  /** 'met' | 'behind' (the month is over and short) | 'open' (the month is not over yet). */
  state: 'met' | 'behind' | 'open';
}

/**
 * Monthly cumulative progress of each period's tasks against the profile's milestones. Without
 * milestones the last month of a period still requires 100 % (every drawn task is due in its period).
 */
export function milestoneProgress(profile: Profile, periods: PeriodProgressInput[], today: string): MonthProgress[] {
  const out: MonthProgress[] = [];
  for (const p of periods) {
    const range = periodRange(p.period);
    const months: string[] = [];
    for (let m = range.start.slice(0, 7); m <= range.end.slice(0, 7); m = nextMonth(m)) months.push(m);
    const stones = profile.milestones && MONTHS[profile.milestones.per] === months.length ? monthlyMilestones(profile, p.period, p.tasks) : [];
    let cumulative = 0;
    months.forEach((month, i) => {
      cumulative += p.completedByMonth[month] ?? 0;
      const stone = stones[i];
      const last = i === months.length - 1;
      const milestonePercent = stone ? stone.percent : last ? 100 : null;
      const required = stone ? stone.count ?? null : last ? p.tasks : null;
      const due = endOfMonthOf(month);
      const state = required !== null && cumulative >= required ? 'met' : due < today ? (required === null ? 'met' : 'behind') : 'open';
      out.push({ period: p.period, month, due, milestonePercent, required, cumulative, cumulativePercent: percent(cumulative, p.tasks), state });
    });
  }
  return out;
}

function nextMonth(m: string): string {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

function endOfMonthOf(month: string): string {
  return periodRange(month).end;
}

/**
 * How many random inspections a year a target of this stratum can need: one per draw period of the
 * stratum's cadence (quarterly → 4), or the item list's 抽查频次 when it names one. Unknown labels: null.
 */
export function allowedPerYear(profile: Profile, stratumLabel: string): number | null {
  const s = profile.strata.find((x) => x.label === stratumLabel || x.key === stratumLabel);
  const first = s?.rules[0];
  if (!s || !first) return null;
  if (first.timesPerYear !== undefined) return first.timesPerYear;
  return 12 / MONTHS[first.drawEvery ?? first.per];
}

/** One target's inspections in a year, and the strata its random tasks were drawn in. */
export interface TargetCount {
  targetId: number;
  name: string;
  identifier: string;
  random: number;
  targeted: number;
  strata: string[];
}

export interface TargetCountVerdict extends TargetCount {
  /** The largest allowance of the target's strata, null when none is known. */
  allowed: number | null;
  /** Random inspections beyond what the category requires (无事不扰). */
  excessive: boolean;
}

/**
 * Flags targets inspected at random more often than their category requires. Targeted checks
 * (投诉举报, 上级转办 …) answer a cause and are shown but never flagged.
 */
export function flagOverInspected(profile: Profile, counts: TargetCount[]): TargetCountVerdict[] {
  return counts.map((c) => {
    const allowances = c.strata.map((s) => allowedPerYear(profile, s)).filter((x): x is number => x !== null);
    const allowed = allowances.length ? Math.max(...allowances) : null;
    return { ...c, allowed, excessive: allowed !== null && c.random > allowed };
  });
}

/** A joint-inspection share against its quota. */
export interface JointShare {
  kind: '内部联合' | '跨部门联合';
  done: number;
  quota: number | null;
  /** done ÷ the base the quota is a share of (the 重点 pool or all tasks). */
  share: Rate;
  formula: string | null;
  met: boolean | null;
}
