/**
 * 年度抽查计划: the counts a profile demands of each stratum in every draw period of a year, with the
 * formula a leader signs off ("ceil(10% × 26) = 3 / 季度，全年 12"). Built from computeQuotas period by
 * period, assuming every earlier draw of the year takes exactly its planned count — so a yearly
 * minimum drawn quarterly is spread over the quarters, and 全覆盖 within a half-year counts what the
 * half's first quarter already planned.
 */
import { periodKind, type PeriodKind } from '../calendar/dates.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { enclosing, MONTHS, PERIOD_LABEL } from './counting.ts';
import { computeQuotas, resolveLevel } from './quota.ts';
import type { Citation, PolicyLevel, Profile } from './schema.ts';

/** What a plan is computed from: the figures a coordinator can check against the directories. */
export interface PlanInputs {
  level?: PolicyLevel;
  inspectors?: number;
  squads?: number;
  /** Targets in each stratum's pool (key → size). */
  pools: Record<string, number>;
  /** Numbers per draw for 按年度监管工作方案执行 strata (武隆 附件 12). */
  planned?: Record<string, number>;
}

/** One stratum in one draw period — the shape stored in annual_plans.lines (storage/schema.ts PlanLine). */
export interface AnnualPlanLine {
  stratum: string;
  label: string;
  item: string | null;
  period: string;
  pool: number;
  /** null while a 按年度监管工作方案执行 stratum has no planned number yet. */
  count: number | null;
  formula: string;
  drawnBy: string | null;
}

/** A stratum's year: its cadence, the count of each draw and of the year, and the formula with citations. */
export interface PlanStratum {
  key: string;
  label: string;
  item: string | null;
  /** How often it is drawn. */
  cadence: PeriodKind;
  /** '季度', '半年', '年', '月'. */
  cadenceLabel: string;
  pool: number;
  /** The count of every draw when all draws take the same number, otherwise null (see `lines`). */
  countPerPeriod: number | null;
  countPerYear: number | null;
  formula: string;
  drawnBy: string | null;
  cites: Citation[];
  lines: AnnualPlanLine[];
}

export interface AnnualPlan {
  profileId: string;
  year: number;
  level: PolicyLevel;
  strata: PlanStratum[];
  /** Every stratum's lines in profile order, then period order. */
  lines: AnnualPlanLine[];
  /** Sum of the yearly counts that are known, and the strata still waiting for a planned number. */
  total: number;
  undetermined: string[];
}

const ORDER: PeriodKind[] = ['month', 'quarter', 'half', 'year'];

/** The period ids of `kind` in `year`, in order: 2025 quarter → 2025-Q1 … 2025-Q4. */
export function periodsOfYear(year: number, kind: PeriodKind): string[] {
  const y = String(year).padStart(4, '0');
  if (kind === 'year') return [y];
  if (kind === 'half') return [`${y}-H1`, `${y}-H2`];
  if (kind === 'quarter') return [1, 2, 3, 4].map((q) => `${y}-Q${q}`);
  return Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`);
}

/** The yearly plan of every stratum with a rule at the level, in profile order. */
export function computeAnnualPlan(profile: Profile, year: number, inputs: PlanInputs): AnnualPlan {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError(ErrorCode.VALIDATION, `年度应为 2000–2100 之间的整数，收到「${year}」`);
  const level = resolveLevel(profile, inputs.level);
  const base = { orgLevel: level, pools: inputs.pools, inspectorCount: inputs.inspectors, squadCount: inputs.squads, planned: inputs.planned };
  // The whole year first: it fixes which strata exist at this level and reports every missing input at once.
  const yearly = computeQuotas(profile, { ...base, period: String(year) });

  const cadenceOf = new Map<string, PeriodKind>();
  const windowOf = new Map<string, PeriodKind | null>();
  for (const s of profile.strata) {
    if (!(s.key in yearly)) continue;
    const rules = s.rules.filter((r) => !r.levels || r.levels.includes(level));
    const cadence = rules[0]!.drawEvery ?? rules[0]!.per;
    cadenceOf.set(s.key, cadence);
    // The longest window a rule counts over beyond one draw: what earlier draws of it have covered.
    const longer = rules.map((r) => r.per).filter((p) => MONTHS[p] > MONTHS[cadence]).sort((a, b) => MONTHS[b] - MONTHS[a]);
    windowOf.set(s.key, longer[0] ?? null);
  }

  const lines = new Map<string, AnnualPlanLine[]>([...cadenceOf.keys()].map((k) => [k, []]));
  for (const kind of ORDER) {
    const keys = [...cadenceOf].filter(([, c]) => c === kind).map(([k]) => k);
    if (keys.length === 0) continue;
    if (kind === 'year') {
      for (const k of keys) lines.get(k)!.push(lineOf(yearly[k]!, inputs.pools[k]!));
      continue;
    }
    for (const period of periodsOfYear(year, kind)) {
      const alreadyCovered: Record<string, number> = {};
      for (const k of keys) {
        const window = windowOf.get(k);
        if (!window) continue;
        const w = enclosing(period, window);
        alreadyCovered[k] = lines.get(k)!.filter((l) => enclosing(l.period, window) === w).reduce((n, l) => n + (l.count ?? 0), 0);
      }
      const q = computeQuotas(profile, { ...base, period, alreadyCovered });
      for (const k of keys) lines.get(k)!.push(lineOf(q[k]!, inputs.pools[k]!));
    }
  }

  const strata = profile.strata.filter((s) => cadenceOf.has(s.key)).map((s): PlanStratum => ({
    ...summariseStratum(lines.get(s.key)!),
    cites: s.rules.filter((r) => !r.levels || r.levels.includes(level)).map((r) => r.cite),
  }));
  const undetermined = strata.filter((s) => s.countPerYear === null).map((s) => s.key);
  return {
    profileId: profile.id, year, level, strata,
    lines: strata.flatMap((s) => s.lines),
    total: strata.reduce((n, s) => n + (s.countPerYear ?? 0), 0),
    undetermined,
  };
}

/** A stratum's year from its lines (one per draw, in order): cadence, counts and the year's formula. */
export function summariseStratum(ls: AnnualPlanLine[]): Omit<PlanStratum, 'cites'> {
  const first = ls[0]!;
  const cadence = periodKind(first.period);
  const counts = ls.map((l) => l.count);
  const countPerYear = counts.includes(null) ? null : counts.reduce<number>((a, b) => a + b!, 0);
  const sameCount = ls.every((l) => l.count === first.count);
  const sameFormula = ls.every((l) => l.formula === first.formula);
  return {
    key: first.stratum, label: first.label, item: first.item, cadence, cadenceLabel: PERIOD_LABEL[cadence], pool: first.pool,
    countPerPeriod: sameCount ? first.count : null,
    countPerYear,
    formula: yearFormula(ls, cadence, sameFormula, countPerYear),
    drawnBy: first.drawnBy,
    lines: ls,
  };
}

function lineOf(q: ReturnType<typeof computeQuotas>[string], pool: number): AnnualPlanLine {
  return { stratum: q.stratum, label: q.label, item: q.item ?? null, period: q.period, pool, count: q.quota, formula: q.formula, drawnBy: q.drawnBy ?? null };
}

/** "ceil(10% × 26) = 3 / 季度，全年 12", or each draw's formula when the draws differ. */
function yearFormula(ls: AnnualPlanLine[], cadence: PeriodKind, uniform: boolean, perYear: number | null): string {
  const year = perYear === null ? '全年待定' : `全年 ${perYear}`;
  if (cadence === 'year') return ls[0]!.formula;
  if (uniform) return `${ls[0]!.formula} / ${PERIOD_LABEL[cadence]}，${year}`;
  return `${ls.map((l) => `${shortPeriod(l.period)} ${l.formula}`).join('；')}；${year}`;
}

/** '2025-Q2' → 'Q2', '2025-H1' → 'H1', '2025-03' → '3月'. */
function shortPeriod(period: string): string {
  const tail = period.slice(5);
  return periodKind(period) === 'month' ? `${Number(tail)}月` : tail;
}
