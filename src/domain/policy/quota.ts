/**
 * How many targets each stratum must have drawn in a period, with the formula the draw manifest
 * shows ("ceil(25% × 26) = 7"). Minimums round up; several rules on one stratum take the largest.
 */
import { periodKind } from '../calendar/dates.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { ceilDiv, ceilPercent, ceilTimes, enclosing, MONTHS, num, PERIOD_LABEL, periodsLeft } from './counting.ts';
import type { Amount, Citation, PolicyLevel, Profile, QuotaRule, Stratum } from './schema.ts';

/** What the plan knows: pool sizes per stratum key, staff, and what was already covered in the rule window. */
export interface QuotaInput {
  /** The period planned for: '2025-Q2' for a draw, '2025' for the annual plan. */
  period: string;
  /** Required when the profile serves both levels (枣庄, a combined 保定). */
  orgLevel?: PolicyLevel;
  pools: Record<string, number>;
  inspectorCount?: number;
  squadCount?: number;
  /**
   * Targets of the stratum already covered earlier in the rule's window: distinct targets inspected
   * for 全覆盖 rules, targets drawn so far this year for yearly counts spread over quarters.
   */
  alreadyCovered?: Record<string, number>;
  /** Numbers per draw written in the annual plan for 按年度监管工作方案执行 rows (武隆 附件 12). */
  planned?: Record<string, number>;
}

/** One rule's share of the answer. `quota` is null when the plan has not given its number yet. */
export interface RuleQuota {
  quota: number | null;
  formula: string;
  cite: Citation;
}

/** A stratum's quota for `period` — the period it counts over, which is longer than asked for annual rules. */
export interface StratumQuota {
  stratum: string;
  label: string;
  item?: string;
  period: string;
  quota: number | null;
  formula: string;
  rules: RuleQuota[];
  drawnBy?: string;
}

const LEVEL_LABEL: Record<PolicyLevel, string> = { city: '市级', county: '县级' };

/** The level to plan at: the one asked for, or the profile's only one. */
export function resolveLevel(profile: Profile, asked?: PolicyLevel): PolicyLevel {
  const level = asked ?? (profile.levels.length === 1 ? profile.levels[0] : undefined);
  if (level === undefined) throw new AppError(ErrorCode.VALIDATION, `方案「${profile.name}」适用于市级和县级，请指定机构层级`);
  if (!profile.levels.includes(level)) throw new AppError(ErrorCode.VALIDATION, `方案「${profile.name}」不适用于${LEVEL_LABEL[level]}机构`);
  return level;
}

function assertCount(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new AppError(ErrorCode.VALIDATION, `${what}应为非负整数，收到「${n}」`);
  return n;
}

/** Quotas of every stratum with a rule at this level, keyed by stratum, in profile order. */
export function computeQuotas(profile: Profile, input: QuotaInput): Record<string, StratumQuota> {
  const level = resolveLevel(profile, input.orgLevel);
  const asked = periodKind(input.period);
  const out: Record<string, StratumQuota> = {};
  const missing: string[] = [];
  for (const s of profile.strata) {
    const rules = s.rules.filter((r) => !r.levels || r.levels.includes(level));
    if (rules.length === 0) continue;
    const pool = input.pools[s.key];
    if (pool === undefined) {
      missing.push(`「${s.key}」${s.label}`);
      continue;
    }
    // validate.ts guarantees one cadence per stratum; a period shorter than it plans the enclosing one.
    const cadence = rules[0]!.drawEvery ?? rules[0]!.per;
    const period = MONTHS[asked] < MONTHS[cadence] ? enclosing(input.period, cadence) : input.period;
    const ctx = { s, input, period, pool: assertCount(pool, `「${s.label}」的对象数`), covered: assertCount(input.alreadyCovered?.[s.key] ?? 0, `「${s.label}」的已覆盖数`) };
    const parts = rules.map((r) => ruleQuota(r, ctx));
    const numbers = parts.flatMap((p) => (p.quota === null ? [] : [p.quota]));
    const quota = numbers.length > 0 ? Math.max(...numbers) : null;
    const formula = parts.length === 1 ? parts[0]!.formula : `max(${parts.map((p) => p.formula).join(', ')}) = ${quota ?? '待定'}`;
    const drawnBy = rules.find((r) => r.drawnBy)?.drawnBy;
    out[s.key] = { stratum: s.key, label: s.label, ...(s.item ? { item: s.item } : {}), period, quota, formula, rules: parts, ...(drawnBy ? { drawnBy } : {}) };
  }
  if (missing.length > 0) throw new AppError(ErrorCode.VALIDATION, `缺少以下抽查分层的对象数：${missing.join('、')}`, [], { missing });
  return out;
}

interface Ctx {
  s: Stratum;
  input: QuotaInput;
  period: string;
  pool: number;
  covered: number;
}

/** The amount for one whole rule window: its value, its bare expression, and the formula with result. */
function amountFor(a: Amount, ctx: Ctx, covered: number): { value: number; expr: string; text: string } {
  const staff = (count: number | undefined, what: string, unit: string, m: number) => {
    if (count === undefined) throw new AppError(ErrorCode.VALIDATION, `「${ctx.s.label}」按${what}计算，请提供${what}`);
    const value = ceilTimes(assertCount(count, what), m);
    const expr = `${num(m)} × ${count} ${unit}`;
    return { value, expr, text: Number.isInteger(m) ? `${expr} = ${value}` : `ceil(${expr}) = ${value}` };
  };
  if ('percent' in a) {
    const expr = `${num(a.percent)}% × ${ctx.pool}`;
    const value = ceilPercent(a.percent, ctx.pool);
    return { value, expr: `ceil(${expr})`, text: `ceil(${expr}) = ${value}` };
  }
  if ('perInspector' in a) return staff(ctx.input.inspectorCount, '执法人员数量', '人', a.perInspector);
  if ('perSquad' in a) return staff(ctx.input.squadCount, '执法分队数量', '个分队', a.perSquad);
  if ('fixed' in a) return { value: a.fixed, expr: String(a.fixed), text: `固定 ${a.fixed}` };
  // 全覆盖: everyone in the pool not yet covered in this window.
  const value = Math.max(0, ctx.pool - covered);
  return covered > 0
    ? { value, expr: String(ctx.pool), text: `全覆盖 ${ctx.pool} − ${covered} = ${value}` }
    : { value, expr: String(ctx.pool), text: `全覆盖 ${ctx.pool}` };
}

function ruleQuota(r: QuotaRule, ctx: Ctx): RuleQuota {
  const every = r.drawEvery ?? r.per;
  const draws = MONTHS[periodKind(ctx.period)] / MONTHS[every];
  if ('asPlanned' in r.amount) {
    // The plan writes one number per draw (武隆 附件 12: 4次/年, so per quarter).
    const planned = ctx.input.planned?.[ctx.s.key];
    if (planned === undefined) return { quota: null, formula: '按年度监管工作方案执行（请在年度计划中填写数量）', cite: r.cite };
    const n = assertCount(planned, `「${ctx.s.label}」的计划数量`) * draws;
    const times = draws > 1 ? ` / ${PERIOD_LABEL[every]} × ${draws} = ${n}` : '';
    return { quota: n, formula: `按年度监管工作方案执行：${planned}${times}`, cite: r.cite };
  }
  let quota: number;
  let formula: string;
  if (MONTHS[r.per] <= MONTHS[periodKind(ctx.period)]) {
    // The period holds whole rule windows: one window's amount, times the number of windows.
    const windows = MONTHS[periodKind(ctx.period)] / MONTHS[r.per];
    const one = amountFor(r.amount, ctx, windows === 1 ? ctx.covered : 0);
    quota = one.value * windows;
    formula = windows === 1 ? one.text : `${one.text} / ${PERIOD_LABEL[r.per]} × ${windows} = ${quota}`;
  } else {
    // The period is one draw of a longer window (年度 1:10 drawn quarterly, 半年全覆盖 drawn quarterly):
    // what remains of the window's amount is shared evenly over the draws left, rounding up.
    const left = periodsLeft(ctx.period, every, r.per);
    const total = amountFor(r.amount, ctx, 0);
    const remaining = Math.max(0, total.value - ctx.covered);
    quota = ceilDiv(remaining * draws, left);
    const minus = ctx.covered > 0 ? `(${total.expr} − ${ctx.covered})` : total.expr;
    formula = `ceil(${minus}${draws > 1 ? ` × ${draws}` : ''} ÷ ${left}) = ${quota}`;
  }
  // A draw cannot take more targets than the pool holds; the protocol would take the whole pool anyway.
  const cap = ctx.pool * draws;
  if (quota > cap) {
    quota = cap;
    formula += `，对象库仅 ${ctx.pool} 家 → ${cap}`;
  }
  return { quota, formula, cite: r.cite };
}
