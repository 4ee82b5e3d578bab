/**
 * Evaluates a Condition on one target and says why in Chinese, so a classification can be audited:
 * "上一季度（2025-01-01 至 2025-03-31）受到行政处罚 1 次（2025-02-03 罚字〔2025〕12号）".
 */
import type { Condition } from './condition-schema.ts';
import { describeCondition, EVENT_VERB, windowRange } from './describe.ts';

/** The attributes of a target a condition may read (a row of the 检查对象名录库). */
export interface TargetFacts {
  kind: string;
  permitClass?: string | null;
  creditRating?: string | null;
  vocsGrade?: string | null;
  weatherGrade?: string | null;
  /** Blank means 正常, as on import. */
  status?: string | null;
  region?: string | null;
  industryCode?: string | null;
  keyUnit?: boolean;
  positiveList?: boolean;
  tags?: readonly string[];
}

/** One entry of a target's event history (target_events); voided events never count. */
export interface TargetEvent {
  kind: string;
  occurredOn: string;
  reference?: string | null;
  outlet?: string | null;
  voided?: boolean;
}

/** One earlier random inspection of the target, by this organisation or an upper level. */
export interface InspectionRecord {
  date: string;
  by: 'self' | 'upper';
  problemsFound: boolean;
}

/** Everything a condition may look at; `category` is set once the target is classified. */
export interface Facts {
  target: TargetFacts;
  events: readonly TargetEvent[];
  inspections: readonly InspectionRecord[];
  period: string;
  /** Events and inspections after this day are ignored (classification "as of a date"). */
  asOf?: string;
  category?: string | null;
  /** The category's label, for reasons ("属于「正面清单对象」"). */
  categoryLabel?: string;
}

/** Whether a condition holds, and the Chinese sentences that make it hold. */
export interface Verdict {
  ok: boolean;
  reasons: string[];
}

const no: Verdict = { ok: false, reasons: [] };
const yes = (...reasons: string[]): Verdict => ({ ok: true, reasons });

/** Evaluates `c` on the facts; reasons are given for what holds (for `not`, what does not). */
export function evaluate(c: Condition, f: Facts): Verdict {
  if ('otherwise' in c) return yes();
  if ('attr' in c) {
    const value = c.attr === 'status' ? f.target.status || '正常' : f.target[c.attr];
    return value && c.in.includes(value) ? yes(describeCondition({ attr: c.attr, in: [value] })) : no;
  }
  if ('flag' in c) return f.target[c.flag] ? yes(describeCondition(c)) : no;
  if ('tag' in c) return f.target.tags?.includes(c.tag) ? yes(describeCondition(c)) : no;
  if ('industry' in c) {
    const code = f.target.industryCode ?? '';
    const prefix = c.industry.find((p) => code.startsWith(p));
    return prefix ? yes(`行业代码 ${code} 属于 ${prefix}`) : no;
  }
  if ('event' in c) return countEvents(c, f);
  if ('inspected' in c) return findInspection(c, f);
  if ('category' in c) return f.category && c.category.includes(f.category) ? yes(`属于「${f.categoryLabel ?? f.category}」`) : no;
  if ('anyOf' in c) {
    const held = c.anyOf.map((x) => evaluate(x, f)).filter((v) => v.ok);
    return held.length > 0 ? yes(...held.flatMap((v) => v.reasons)) : no;
  }
  if ('allOf' in c) {
    const all = c.allOf.map((x) => evaluate(x, f));
    return all.every((v) => v.ok) ? yes(...all.flatMap((v) => v.reasons)) : no;
  }
  return evaluate(c.not, f).ok ? no : yes(`不满足「${describeCondition(c.not)}」`);
}

type EventCondition = Extract<Condition, { event: unknown }>;

function countEvents(c: EventCondition, f: Facts): Verdict {
  const kinds: readonly string[] = Array.isArray(c.event) ? c.event : [c.event];
  const range = windowRange(c.window, f.period, f.asOf);
  const inWindow = f.events
    .filter((e) => !e.voided && kinds.includes(e.kind) && e.occurredOn >= range.start && e.occurredOn <= range.end)
    .sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0));
  let counted = inWindow;
  let where = '';
  if (c.sameOutlet) {
    // Exceedances without an outlet cannot be attributed to one 排口, so they do not count here.
    const byOutlet = new Map<string, TargetEvent[]>();
    for (const e of inWindow) if (e.outlet) byOutlet.set(e.outlet, [...(byOutlet.get(e.outlet) ?? []), e]);
    const [outlet, list] = [...byOutlet].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
    counted = list;
    where = `同一排口（${outlet}）`;
  }
  if (counted.length < c.min) return no;
  const verb = kinds.map((k) => EVENT_VERB[k] ?? k).join('、');
  const shown = counted.slice(0, 5).map((e) => (e.reference ? `${e.occurredOn} ${e.reference}` : e.occurredOn));
  const more = counted.length > shown.length ? ' 等' : '';
  return yes(`${range.label}${where}${verb} ${counted.length} 次（${shown.join('；')}${more}）`);
}

type InspectedCondition = Extract<Condition, { inspected: unknown }>;

function findInspection(c: InspectedCondition, f: Facts): Verdict {
  const range = windowRange(c.inspected, f.period, f.asOf);
  const hit = f.inspections.find(
    (i) => (c.by === 'any' || i.by === c.by) && i.problemsFound === c.problemsFound && i.date >= range.start && i.date <= range.end,
  );
  if (!hit) return no;
  const by = hit.by === 'self' ? '本级' : '上级';
  return yes(`${range.label}已被${by}随机抽查（${hit.date}），${hit.problemsFound ? '发现问题' : '未发现问题'}`);
}
