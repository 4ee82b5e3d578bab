/**
 * Contradictions inside numeric rules: ratios outside (0, 100 %], windows that do not fit in their
 * period, milestones that go backwards. Each message names the rule by its stratum and citation.
 */
import { daysInMonth } from '../calendar/dates.ts';
import type { FieldIssue } from '../errors.ts';
import { citeText } from './cite.ts';
import { hasAllowedDecimals, MONTHS, num, PERIOD_LABEL } from './counting.ts';
import type { Amount, Citation, MonthDay, Profile } from './schema.ts';

const LEVEL_LABEL = { city: '市级', county: '县级' } as const;

/** A share must be a real share: more than 0, at most 100 %, to two decimals. */
function percentIssue(percent: number, rule: string): string | null {
  if (!hasAllowedDecimals(percent)) return `${rule}：抽查比例 ${percent}% 最多保留两位小数`;
  if (percent > 100) return `${rule}：抽查比例 ${num(percent)}% 超过 100%`;
  if (percent <= 0) return `${rule}：抽查比例 ${num(percent)}% 应大于 0`;
  return null;
}

function amountIssue(a: Amount, rule: string): string | null {
  if ('percent' in a) return percentIssue(a.percent, rule);
  const multiple = 'perInspector' in a ? a.perInspector : 'perSquad' in a ? a.perSquad : undefined;
  if (multiple !== undefined) {
    if (!hasAllowedDecimals(multiple)) return `${rule}：倍数 ${multiple} 最多保留两位小数`;
    if (multiple <= 0) return `${rule}：倍数 ${num(multiple)} 应大于 0`;
  }
  if ('fixed' in a && a.fixed < 1) return `${rule}：固定抽查数量 ${a.fixed} 应不少于 1`;
  return null;
}

/** Amounts, periods, frequencies and levels of every stratum's rules. */
export function quotaRuleIssues(p: Profile): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const s of p.strata) {
    const cadences = new Set<string>();
    s.rules.forEach((r, i) => {
      const field = `strata.${s.key}.rules.${i}`;
      const rule = `分层「${s.label}」的抽查规则（${citeText(r.cite)}）`;
      const add = (reason: string | null): void => void (reason && issues.push({ field, reason }));
      add(amountIssue(r.amount, rule));
      const every = r.drawEvery ?? r.per;
      cadences.add(every);
      if (MONTHS[every] > MONTHS[r.per]) {
        add(`${rule}：抽取周期「每${PERIOD_LABEL[every]}」长于配额周期「每${PERIOD_LABEL[r.per]}」，超出其周期`);
      }
      if (r.timesPerYear !== undefined && r.timesPerYear !== 12 / MONTHS[every]) {
        add(`${rule}：抽查频次 ${r.timesPerYear}次/年 与抽取周期「每${PERIOD_LABEL[every]}」不一致`);
      }
      for (const level of r.levels ?? []) {
        if (!p.levels.includes(level)) add(`${rule}：适用层级「${LEVEL_LABEL[level]}」不在本方案的适用层级内`);
      }
    });
    if (cadences.size > 1) {
      issues.push({ field: `strata.${s.key}`, reason: `分层「${s.label}」的各条规则抽取周期不一致（${[...cadences].map((k) => `每${PERIOD_LABEL[k as keyof typeof MONTHS]}`).join('、')}）` });
    }
  }
  return issues;
}

// Bounds that keep a window inside one period: the shortest month, quarter, half and year, and
// working days a period of that kind surely has even with the Spring Festival in it.
const MIN_DAYS = { month: 28, quarter: 90, half: 181, year: 365 } as const;
const MAX_WORKDAYS = { month: 15, quarter: 45, half: 100, year: 200 } as const;

/** True when month/day exists in every year (29 February does not). */
function isRealMonthDay(d: MonthDay | { month: number; day: number | 'end' }): boolean {
  return d.month >= 1 && d.month <= 12 && (d.day === 'end' || (d.day >= 1 && d.day <= daysInMonth(2023, d.month)));
}

/** Draw windows, disclosure delays, milestones, joint quotas, reports and team size. */
export function calendarRuleIssues(p: Profile): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, cite: Citation, reason: string): void => void issues.push({ field, reason: `${reason}（${citeText(cite)}）` });

  p.drawWindows.forEach((w, i) => {
    const field = `drawWindows.${i}`;
    const unit = PERIOD_LABEL[w.cadence];
    if ('firstDays' in w.window && (w.window.firstDays < 1 || w.window.firstDays > MIN_DAYS[w.cadence])) {
      add(field, w.cite, `抽取时间「每${unit}初 ${w.window.firstDays} 日内」超出其周期（一个${unit}至少 ${MIN_DAYS[w.cadence]} 日）`);
    }
    if ('lastWorkdaysOfPrevious' in w.window) {
      const n = w.window.lastWorkdaysOfPrevious;
      if (n < 1 || n > MAX_WORKDAYS[w.cadence]) add(field, w.cite, `抽取时间「上一${unit}最后 ${n} 个工作日」超出其周期`);
    }
    if ('before' in w.window) {
      const { month, day } = w.window.before;
      if (w.cadence !== 'year') add(field, w.cite, `抽取时间「${month}月${day}日前」只能用于年度抽取，不能用于每${unit}抽取`);
      else if (!isRealMonthDay(w.window.before)) add(field, w.cite, `抽取时间「${month}月${day}日前」不是有效日期，超出其周期`);
    }
  });
  p.disclosures.forEach((d, i) => {
    if (d.after !== 'taskCompleted' && d.period === undefined) add(`disclosures.${i}`, d.cite, `公开「${d.what}」须写明按月、季度还是年度计算`);
    const n = d.within && ('workdays' in d.within ? d.within.workdays : d.within.naturalDays);
    if (n !== undefined && n < 1) add(`disclosures.${i}`, d.cite, `公开「${d.what}」的期限 ${n} 日应为正整数`);
  });
  if (p.milestones) {
    const { per, cumulativePercent: steps, cite } = p.milestones;
    if (steps.length !== MONTHS[per]) {
      add('milestones', cite, `月度进度节点有 ${steps.length} 个，超出其周期（每${PERIOD_LABEL[per]}只有 ${MONTHS[per]} 个月）`);
    }
    steps.forEach((x, i) => {
      if (x <= 0 || x > 100) add('milestones', cite, `月度进度 ${num(x)}% 应在 0% 与 100% 之间`);
      const before = steps[i - 1];
      if (before !== undefined && x < before) add('milestones', cite, `月度进度递减（${num(before)}% → ${num(x)}%），累计完成率不能下降`);
    });
  }
  p.joint.forEach((j, i) => {
    const percent = 'percent' in j.amount ? j.amount.percent : j.amount.percentOfTasks;
    const problem = percentIssue(percent, `${j.kind}抽查比例`);
    if (problem) add(`joint.${i}`, j.cite, problem);
    if (j.by && !isRealMonthDay(j.by)) add(`joint.${i}`, j.cite, `${j.kind}完成时限「${j.by.month}月${j.by.day}日」不是有效日期，超出其周期`);
    if (j.atLeastOneEvery === 'year') add(`joint.${i}`, j.cite, `${j.kind}「每年至少一次」应写为按季度或按月`);
  });
  p.reports.forEach((r, i) => {
    for (const due of r.due) {
      const starts = Array.from({ length: 12 / MONTHS[r.every] }, (_, k) => 1 + k * MONTHS[r.every]);
      const bad = due.monthOffset < 0 || starts.some((m) => !isRealMonthDay({ month: ((m - 1 + due.monthOffset) % 12) + 1, day: due.day }));
      if (bad) add(`reports.${i}`, r.cite, `报送「${r.what}」的日期（第 ${due.monthOffset + 1} 个月 ${due.day} 日）并非每${PERIOD_LABEL[r.every]}都存在`);
    }
  });
  if (p.team.minSize < 2) add('team', p.team.cite, `检查人员不得少于 2 人，现为 ${p.team.minSize} 人`);
  p.floors.forEach((f, i) => {
    if (f.timesPerYear < 1) add(`floors.${i}`, f.cite, `频次下限 ${f.timesPerYear}次/年 应不少于 1`);
  });
  return issues;
}
