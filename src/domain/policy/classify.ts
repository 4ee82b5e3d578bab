/**
 * A target's category, exclusion, inspection mode and strata for a period, with every reason in
 * Chinese and its citation, e.g. "特殊监管对象：上一季度（…）受到行政处罚 1 次（…）（依据：保定 …）".
 */
import { periodRange } from '../calendar/dates.ts';
import { withCite } from './cite.ts';
import { evaluate, type Facts, type InspectionRecord, type TargetEvent, type TargetFacts } from './conditions.ts';
import type { Citation, Mode, Profile } from './schema.ts';

/** What the classification found; `strata` is empty for an excluded target. */
export interface Classification {
  category: string | null;
  label: string | null;
  reasons: string[];
  excluded?: { reason: string; cite: Citation };
  mode: Mode;
  strata: string[];
}

/** Inputs beyond the target's own events. */
export interface ClassifyOptions {
  /** Earlier random inspections (for "已抽取且未发现问题" exclusions). */
  inspections?: readonly InspectionRecord[];
  /** Ignore events and inspections after this day. */
  asOf?: string;
}

/** Classifies one target for `period` (the period drawn, e.g. '2025-Q2'); pure. */
export function classifyTarget(
  profile: Profile,
  target: TargetFacts,
  events: readonly TargetEvent[],
  period: string,
  options: ClassifyOptions = {},
): Classification {
  periodRange(period); // refuses a malformed period id with a Chinese message
  const facts: Facts = { target, events, inspections: options.inspections ?? [], period, ...(options.asOf ? { asOf: options.asOf } : {}) };
  const ordered = [...profile.categories].sort((a, b) => b.priority - a.priority);
  const verdicts = ordered.map((c) => ({ c, v: evaluate(c.when, facts) }));
  const winnerIndex = verdicts.findIndex((x) => x.v.ok);
  const winner = verdicts[winnerIndex];
  const reasons: string[] = [];
  if (!winner) {
    reasons.push('不属于本方案的任何监管类别');
  } else {
    const { c, v } = winner;
    const because = v.reasons.length > 0 ? v.reasons : [`不属于${ordered.slice(0, winnerIndex).map((x) => `「${x.label}」`).join('、')}`];
    reasons.push(...because.map((r) => withCite(`${c.label}：${r}`, c.cite)));
    for (const other of verdicts.slice(winnerIndex + 1)) {
      // Naming the lower categories that also held shows why priority mattered; 'otherwise' always holds.
      if (other.v.ok && other.v.reasons.length > 0) reasons.push(`同时符合「${other.c.label}」的条件，按优先级列为「${c.label}」`);
    }
  }
  const category = winner?.c.key ?? null;
  const classified: Facts = { ...facts, category, ...(winner ? { categoryLabel: winner.c.label } : {}) };

  let excluded: Classification['excluded'];
  for (const e of profile.exclusions) {
    if (e.categories && (category === null || !e.categories.includes(category))) continue;
    const v = evaluate(e.when, classified);
    if (!v.ok) continue;
    excluded = { reason: withCite(`${e.reason}：${v.reasons.join('；')}`, e.cite), cite: e.cite };
    reasons.push(`不纳入抽取：${excluded.reason}`);
    break;
  }

  let mode = profile.defaultMode;
  for (const m of profile.modes) {
    const v = evaluate(m.when, classified);
    if (!v.ok) continue;
    mode = m.mode;
    reasons.push(withCite(`检查方式为「${m.mode}」：${v.reasons.join('；')}`, m.cite));
    break;
  }

  const strata = excluded ? [] : profile.strata.filter((s) => evaluate(s.pool, classified).ok).map((s) => s.key);
  return { category, label: winner?.c.label ?? null, reasons, ...(excluded ? { excluded } : {}), mode, strata };
}

/**
 * The fields of TargetFacts, in a fixed order: every attribute a condition may read. A target's
 * classification depends on these, its events and inspections, the profile, the period and asOf —
 * never on its id, identifier or name — so targets equal on these fields classify equally.
 */
const FACT_KEYS = [
  'kind', 'permitClass', 'creditRating', 'vocsGrade', 'weatherGrade', 'status', 'region', 'industryCode', 'keyUnit', 'positiveList', 'tags',
] as const satisfies readonly (keyof TargetFacts)[];
// A field added to TargetFacts without adding it to FACT_KEYS fails to compile here.
const everyFactKeyed: Exclude<keyof TargetFacts, (typeof FACT_KEYS)[number]> extends never ? true : never = true;
void everyFactKeyed;

/** One fact in an injective form: strings length-prefixed, so no value can run into the next. */
function factPart(v: unknown): string {
  if (v === undefined) return 'u';
  if (v === null) return 'n';
  if (typeof v === 'string') return `s${v.length}:${v}`;
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (Array.isArray(v)) {
    let out = `a${v.length}[`;
    for (const x of v) out += factPart(x);
    return out;
  }
  return `j${JSON.stringify(v)}|`; // not a type TargetFacts allows; still kept apart
}

/** An injective key of a target's facts (undefined and null kept apart). */
function factsKey(t: TargetFacts): string {
  let key = '';
  for (const k of FACT_KEYS) key += factPart(t[k]);
  return key;
}

/**
 * classifyTarget for many targets of one profile and period (building pools over a million targets):
 * a target without events is classified once per distinct set of facts and the frozen result reused,
 * which gives exactly what classifyTarget gives for it; a target with events is classified alone.
 */
export function targetClassifier(profile: Profile, period: string, options: ClassifyOptions = {}): (target: TargetFacts, events: readonly TargetEvent[]) => Readonly<Classification> {
  periodRange(period);
  const memo = new Map<string, Readonly<Classification>>();
  return (target, events) => {
    if (events.length > 0) return classifyTarget(profile, target, events, period, options);
    const key = factsKey(target);
    let c = memo.get(key);
    if (!c) {
      const fresh = classifyTarget(profile, target, events, period, options);
      Object.freeze(fresh.reasons);
      Object.freeze(fresh.strata);
      if (fresh.excluded) Object.freeze(fresh.excluded);
      c = Object.freeze(fresh);
      memo.set(key, c);
    }
    return c;
  };
}
