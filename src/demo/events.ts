/**
 * Event history of demo targets over three years: penalties, complaints, online-monitoring
 * exceedances, 挂牌督办, red/black cards, credit changes and unrectified problems. Rates are tuned so
 * every special-category rule of the five documents has targets to fire on: ≥10 complaints in a
 * quarter (N), ≥5 exceedances at one outlet in a quarter (B), ≥2 penalties in a year (L) …
 */
import { dayNumber, dayString } from './common.ts';
import type { Rng } from './prng.ts';
import type { DemoEvent } from './types.ts';
import { AIR_POLLUTANTS, COMPLAINTS, UNRECTIFIED, VIOLATIONS, WATER_POLLUTANTS } from './words.ts';

/** The days of the history window and where each calendar quarter starts in it. */
export interface History { days: string[]; quarterStarts: number[]; lastYear: number }

/** The three years ending on `end` (YYYY-MM-DD). */
export function makeHistory(end: string): History {
  const last = dayNumber(end);
  if (!Number.isFinite(last)) throw new RangeError(`historyEnd「${end}」不是有效日期`);
  const [y, m, d] = end.split('-').map(Number) as [number, number, number];
  const first = dayNumber(`${y - 3}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`) + 1;
  const days: string[] = [];
  const quarterStarts: number[] = [];
  for (let day = first; day <= last; day++) {
    const s = dayString(day);
    if (days.length === 0 || /-(01|04|07|10)-01$/.test(s)) quarterStarts.push(days.length);
    days.push(s);
  }
  return { days, quarterStarts, lastYear: y };
}

/** What a target is exposed to; `risk` scales all rates (heavy emitters are watched and complained about more). */
export interface Exposure { enterprise: boolean; online: 'DA' | 'DW' | null; risk: number; issuer: string }

/** Per-issuer, per-year running numbers of documents (处罚决定书, 督办通知), so references are unique. */
export type Counters = Map<string, number>;

function docNo(counters: Counters, key: string): number {
  const n = (counters.get(key) ?? 0) + 1;
  counters.set(key, n);
  return n;
}

function ev(kind: string, occurredOn: string, reference: string | null = null, outlet: string | null = null, detail: string | null = null): DemoEvent {
  return { kind, occurredOn, reference, outlet, detail };
}

/** Days [from, to) of a random quarter of the history. */
function quarter(rng: Rng, h: History): [number, number] {
  const q = rng.int(h.quarterStarts.length);
  return [h.quarterStarts[q]!, h.quarterStarts[q + 1] ?? h.days.length];
}

function exceedance(rng: Rng, outlet: string): string {
  const list: readonly (readonly [string, string, number])[] = outlet.startsWith('DA') ? AIR_POLLUTANTS : WATER_POLLUTANTS;
  const [name, unit, limit] = rng.pick(list);
  const value = (limit * (1.1 + rng.next() * 1.9)).toFixed(limit < 1 ? 2 : 1);
  return `${name}${outlet.startsWith('DA') ? '小时' : '日'}均值${value}${unit}，超过排放限值${limit}${unit}`;
}

/** The event history of one target, oldest first. */
export function eventsFor(rng: Rng, h: History, x: Exposure, counters: Counters): DemoEvent[] {
  const out: DemoEvent[] = [];
  const n = h.days.length;
  const anyDay = () => h.days[rng.int(n)]!;
  if (!x.enterprise) {
    // Places and projects: a rare complaint, an unrectified problem, or (projects) a penalty.
    if (rng.chance(0.02)) out.push(ev('信访投诉', anyDay(), null, null, rng.pick(COMPLAINTS)));
    if (rng.chance(0.01)) out.push(ev('问题未整改', anyDay(), null, null, `检查发现${rng.pick(UNRECTIFIED)}，逾期未整改`));
    return out;
  }
  // 信访 numbers carry the day they were filed.
  const complaint = (day: string, topic: string) => ev('信访投诉', day, `XF${day.replaceAll('-', '')}${rng.digits(4)}`, null, topic);
  const penalise = (day: string) => {
    const year = day.slice(0, 4);
    let [what, law] = rng.pick(VIOLATIONS);
    // Only units with automatic monitoring can tamper with it.
    while (!x.online && what.includes('自动监测')) [what, law] = rng.pick(VIOLATIONS);
    const no = docNo(counters, `罚${x.issuer}${year}`);
    // Fines are skewed: most a few 万元, a few near the 100 万元 ceiling of the common articles.
    const fine = Math.round((1 + 99 * rng.next() ** 3) * 10) / 10;
    out.push(ev('行政处罚', day, `示环${x.issuer}罚〔${year}〕${no}号`, null, `${what}，违反${law}，罚款${fine.toFixed(1)}万元`));
  };
  if (rng.chance(0.08 * x.risk)) {
    const count = rng.chance(0.7) ? 1 : rng.chance(0.75) ? 2 : 3;
    // Half the repeat offenders are punished twice within one year (陵川's 特殊监管对象).
    const sameYear = count > 1 && rng.chance(0.5);
    const yearStart = sameYear ? Math.max(0, n - 365 * (1 + rng.int(3))) : 0;
    for (let i = 0; i < count; i++) penalise(h.days[sameYear ? Math.min(n - 1, yearStart + rng.int(365)) : rng.int(n)]!);
  }
  if (rng.chance(0.06 * x.risk)) {
    const count = 1 + rng.int(3);
    for (let i = 0; i < count; i++) out.push(complaint(anyDay(), rng.pick(COMPLAINTS)));
  }
  if (rng.chance(0.003)) {
    // A complaint wave: ≥10 in one quarter (南山's 特殊监管对象).
    const [from, to] = quarter(rng, h);
    const topic = rng.pick(COMPLAINTS);
    const count = 10 + rng.int(7);
    for (let i = 0; i < count; i++) {
      out.push(complaint(h.days[from + rng.int(to - from)]!, topic));
    }
  }
  if (x.online) {
    const outlet = () => `${x.online}00${1 + rng.int(3)}`;
    if (rng.chance(0.12)) {
      const count = 1 + rng.int(4);
      for (let i = 0; i < count; i++) { const o = outlet(); out.push(ev('在线监测超标', anyDay(), null, o, exceedance(rng, o))); }
    }
    if (rng.chance(0.03)) {
      // ≥5 exceedances at the same outlet within a quarter (保定's 特殊监管对象).
      const [from, to] = quarter(rng, h);
      const o = outlet();
      const count = 5 + rng.int(5);
      for (let i = 0; i < count; i++) out.push(ev('在线监测超标', h.days[from + rng.int(to - from)]!, null, o, exceedance(rng, o)));
    }
  }
  if (rng.chance(0.003 * x.risk)) {
    const day = anyDay();
    const year = day.slice(0, 4);
    out.push(ev('挂牌督办', day, `示环${x.issuer}督〔${year}〕${docNo(counters, `督${x.issuer}${year}`)}号`, null, `${rng.pick(VIOLATIONS)[0]}问题列入挂牌督办`));
  }
  if (rng.chance(0.002 * x.risk)) {
    const count = rng.chance(0.5) ? 2 : 1;
    for (let i = 0; i < count; i++) out.push(ev('红牌', anyDay(), null, null, '环境违法行为整改不到位，挂红牌警示'));
  }
  if (rng.chance(0.001 * x.risk)) out.push(ev('黑牌', anyDay(), null, null, '多次违法且拒不整改，挂黑牌'));
  if (rng.chance(0.01 * x.risk)) out.push(ev('问题未整改', anyDay(), null, null, `检查发现${rng.pick(UNRECTIFIED)}，逾期未整改`));
  return out;
}

/** A 信用变更 event explaining the target's current rating, dated after its latest penalty. */
export function creditChange(rng: Rng, h: History, events: readonly DemoEvent[], from: string, to: string): DemoEvent {
  const lastPenalty = events.reduce((m, e) => (e.kind === '行政处罚' && e.occurredOn > m ? e.occurredOn : m), '');
  const start = lastPenalty ? Math.max(0, h.days.indexOf(lastPenalty)) : h.days.length - 365;
  const day = h.days[Math.min(h.days.length - 1, start + 15 + rng.int(60))]!;
  return ev('信用变更', day, null, null, `环保信用等级由${from}调整为${to}`);
}

/** Sorts events by date (stable), as a history is read. */
export function byDate(events: DemoEvent[]): DemoEvent[] {
  return events.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0));
}
