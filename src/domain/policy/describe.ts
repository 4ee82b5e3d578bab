/**
 * Chinese wording of conditions and event windows, shared by reasons, the profile view and errors.
 */
import { addDays, periodOf, periodRange, shiftPeriod, type DateRange, type PeriodKind } from '../calendar/dates.ts';
import type { Condition, EventWindow, TargetAttr } from './condition-schema.ts';

const ATTR_LABEL: Record<TargetAttr, string> = {
  kind: '对象类型',
  permitClass: '排污许可管理类别',
  creditRating: '环保信用等级',
  vocsGrade: 'VOCs分级',
  weatherGrade: '重污染天气绩效分级',
  status: '状态',
  region: '所在区域',
};

/** How each event kind reads after a window: "上一季度受到行政处罚 2 次". */
export const EVENT_VERB: Record<string, string> = {
  行政处罚: '受到行政处罚',
  信访投诉: '被信访投诉',
  在线监测超标: '在线监测超标',
  挂牌督办: '被挂牌督办',
  红牌: '被挂红牌',
  黑牌: '被挂黑牌',
  信用变更: '信用等级变更',
  问题未整改: '存在问题尚未整改到位',
};

/** Chinese name of each event window. */
export const WINDOW_LABEL: Record<EventWindow, string> = {
  previousMonth: '上月',
  currentMonth: '本月',
  previousQuarter: '上一季度',
  currentQuarter: '本季度',
  previousHalf: '上一个半年',
  currentHalf: '本半年',
  previousYear: '上年度',
  currentYear: '本年度',
  past12Months: '前 12 个月',
  anyTime: '',
};

const RELATIVE: Partial<Record<EventWindow, [PeriodKind, number]>> = {
  previousMonth: ['month', -1],
  currentMonth: ['month', 0],
  previousQuarter: ['quarter', -1],
  currentQuarter: ['quarter', 0],
  previousHalf: ['half', -1],
  currentHalf: ['half', 0],
  previousYear: ['year', -1],
  currentYear: ['year', 0],
};

/** At most this many window ranges are kept (a classification run asks for a handful: windows × one period × one day). */
const WINDOW_CACHE_MAX = 512;
const windowCache = new Map<string, Readonly<DateRange & { label: string }>>();

/**
 * The dates a window covers for `period`, cut at `asOf`, with a label naming them. Pure, so results are
 * cached (frozen, shared) by their arguments — the date arithmetic cost ~2.5 µs a call, several calls per
 * target with events; a malformed period still throws every time (errors are not cached).
 */
export function windowRange(window: EventWindow, period: string, asOf?: string): Readonly<DateRange & { label: string }> {
  const key = `${window}\u0000${period}\u0000${asOf === undefined ? '' : `=${asOf}`}`;
  let hit = windowCache.get(key);
  if (!hit) {
    hit = Object.freeze(computeWindowRange(window, period, asOf));
    if (windowCache.size >= WINDOW_CACHE_MAX) windowCache.delete(windowCache.keys().next().value!);
    windowCache.set(key, hit);
  }
  return hit;
}

/** windowRange without the cache (its definition; exported for the test that the cache changes nothing). */
export function computeWindowRange(window: EventWindow, period: string, asOf?: string): DateRange & { label: string } {
  const { start: first, end: last } = periodRange(period);
  let range: DateRange;
  const relative = RELATIVE[window];
  if (relative) range = periodRange(shiftPeriod(periodOf(first, relative[0]), relative[1]));
  else if (window === 'past12Months') range = { start: periodRange(shiftPeriod(periodOf(first, 'month'), -12)).start, end: addDays(first, -1) };
  else range = { start: '0001-01-01', end: last };
  const end = asOf !== undefined && asOf < range.end ? asOf : range.end;
  if (window === 'anyTime') return { start: range.start, end, label: asOf !== undefined ? `截至 ${end}` : '' };
  return { start: range.start, end, label: `${WINDOW_LABEL[window]}（${range.start} 至 ${end}）` };
}

/** One Chinese phrase for a condition, e.g. "上一季度受到行政处罚 1 次及以上，或列入正面清单". */
export function describeCondition(c: Condition): string {
  if ('otherwise' in c) return '其他对象';
  if ('attr' in c) return `${ATTR_LABEL[c.attr]}为${c.in.map((v) => `「${v}」`).join('或')}`;
  if ('flag' in c) return c.flag === 'keyUnit' ? '列入重点排污单位名录' : '列入正面清单';
  if ('tag' in c) return `标记为「${c.tag}」`;
  if ('industry' in c) return `行业代码属于 ${c.industry.join('、')}`;
  if ('event' in c) {
    const kinds = Array.isArray(c.event) ? c.event : [c.event];
    const verb = kinds.map((k) => EVENT_VERB[k] ?? k).join('、');
    return `${WINDOW_LABEL[c.window]}${c.sameOutlet ? '同一排口' : ''}${verb} ${c.min} 次及以上`;
  }
  if ('inspected' in c) {
    const by = { self: '本级', upper: '上级', any: '本级或上级' }[c.by];
    return `${WINDOW_LABEL[c.inspected]}已被${by}随机抽查且${c.problemsFound ? '发现问题' : '未发现问题'}`;
  }
  if ('category' in c) return `属于${c.category.map((k) => `「${k}」`).join('或')}`;
  if ('anyOf' in c) return c.anyOf.map(describeCondition).join('，或');
  if ('allOf' in c) return c.allOf.map(describeCondition).join('，且');
  return `不满足「${describeCondition(c.not)}」`;
}
