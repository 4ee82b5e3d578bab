/**
 * `shuangsui plan --profile ID --year YYYY [--scenario FILE | --org CODE] [--level city|county] [--json]`:
 * the annual plan of a profile, per stratum the count of each draw and of the year with its formula.
 * With a scenario file it needs no data at all for a built-in profile; without one it plans from the
 * organisation's directories (services/policy/compute-org-plan.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { computeAnnualPlan, type AnnualPlan } from '../domain/policy/annual-plan.ts';
import { citeText } from '../domain/policy/cite.ts';
import { parseScenario } from '../domain/policy/plan-scenario.ts';
import { PROFILES } from '../domain/policy/profiles/index.ts';
import { POLICY_LEVELS, type PolicyLevel, type Profile } from '../domain/policy/schema.ts';
import type { Ctx } from '../services/context.ts';
import { computeOrgPlan } from '../services/policy/compute-org-plan.ts';
import { resolveProfile } from '../services/policy/resolve-profile.ts';

type Values = Record<string, string | boolean | undefined>;

/** Usage line for USAGE in commands.ts. */
export const PLAN_USAGE = `  plan --profile ID --year YYYY [--scenario FILE | --org CODE] [--level city|county] [--json]
                                          年度抽查计划：按情景文件或数据库中的名录计算各分层每期和全年的抽查数量`;

/** Options of the command (besides --data and --org, added by commands.ts). */
export const PLAN_OPTIONS = {
  profile: { type: 'string' as const },
  year: { type: 'string' as const },
  scenario: { type: 'string' as const },
  level: { type: 'string' as const },
  json: { type: 'boolean' as const },
};

/** Runs `fn` with a context at the --org organisation of an opened database (commands.ts provides it). */
export type WithCtx = <T>(fn: (ctx: Ctx) => Promise<T>) => Promise<T>;

/** The plan as the JSON the command prints: per stratum key, label, period, counts and formula. */
export function planJson(profile: Pick<Profile, 'id' | 'name' | 'document'>, plan: AnnualPlan, extra: Record<string, unknown> = {}) {
  return {
    profile: { id: profile.id, name: profile.name, document: profile.document },
    year: plan.year,
    level: plan.level,
    ...extra,
    strata: plan.strata.map((s) => ({
      key: s.key, label: s.label, item: s.item, period: s.cadence, periodLabel: s.cadenceLabel, pool: s.pool,
      countPerPeriod: s.countPerPeriod, countPerYear: s.countPerYear, formula: s.formula, drawnBy: s.drawnBy,
      periods: s.lines.map((l) => ({ period: l.period, count: l.count, formula: l.formula })),
      citations: [...new Set(s.cites.map(citeText))],
    })),
    total: plan.total,
    undetermined: plan.undetermined,
  };
}

/** Display width in a terminal: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));

/** The plan as a Chinese text table, one row per stratum, formula last. */
export function formatPlanTable(profile: Pick<Profile, 'name'>, plan: AnnualPlan): string {
  const head = ['分层', '检查对象', '周期', '对象数', '每期', '全年', '计算公式'];
  const rows = plan.strata.map((s) => [
    s.key, s.label, s.cadenceLabel, String(s.pool),
    s.countPerPeriod !== null ? String(s.countPerPeriod) : s.countPerYear === null ? '待定' : s.lines.map((l) => l.count).join('/'),
    s.countPerYear === null ? '待定' : String(s.countPerYear), s.formula + (s.drawnBy ? `（由${s.drawnBy}抽取）` : ''),
  ]);
  const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]!))).join('  ').trimEnd();
  const out = [
    `${profile.name} ${plan.year} 年度抽查计划（${plan.level === 'city' ? '市级' : '县级'}）`,
    '',
    line(head),
    ...rows.map(line),
    '',
    `全年合计：${plan.total} 家次${plan.undetermined.length > 0 ? `（另有 ${plan.undetermined.length} 个分层待在年度计划中填写数量：${plan.undetermined.join('、')}）` : ''}`,
  ];
  return out.join('\n') + '\n';
}

function yearArg(value: string | boolean | undefined): number {
  if (typeof value !== 'string' || !/^\d{4}$/.test(value)) throw new AppError(ErrorCode.VALIDATION, `请用 --year 指定四位年度，如 --year 2025${typeof value === 'string' ? `（收到「${value}」）` : ''}`);
  return Number(value);
}

function levelArg(value: string | boolean | undefined): PolicyLevel | undefined {
  if (value === undefined) return undefined;
  if (!(POLICY_LEVELS as readonly unknown[]).includes(value)) throw new AppError(ErrorCode.VALIDATION, `--level 应为 city（市级）或 county（县级），收到「${String(value)}」`);
  return value as PolicyLevel;
}

function readScenario(file: string): unknown {
  if (!existsSync(file)) throw new AppError(ErrorCode.NOT_FOUND, `情景文件不存在：${file}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError(ErrorCode.VALIDATION, `情景文件不是有效的 JSON：${file}（${(e as Error).message}）`);
  }
}

/** The command. `withCtx` opens the database only when it is needed (no scenario, or an own profile). */
export function createPlanCommand(write: (text: string) => void = (t) => void process.stdout.write(t)) {
  return async (values: Values, withCtx: WithCtx): Promise<number> => {
    const key = values.profile;
    if (typeof key !== 'string' || key === '') throw new AppError(ErrorCode.VALIDATION, `请用 --profile 指定方案：${PROFILES.map((p) => p.id).join('、')} 或本单位自定义方案`);
    const year = yearArg(values.year);
    const level = levelArg(values.level);
    const print = (profile: Pick<Profile, 'id' | 'name' | 'document'>, plan: AnnualPlan, extra: Record<string, unknown> = {}) =>
      write(values.json ? JSON.stringify(planJson(profile, plan, extra), null, 2) + '\n' : formatPlanTable(profile, plan));

    if (typeof values.scenario === 'string') {
      const json = readScenario(values.scenario);
      const builtIn = PROFILES.find((p) => p.id === key);
      const profile = builtIn ?? (await withCtx((ctx) => resolveProfile(ctx.database.pool, key, { day: `${year}-01-01` }))).profile;
      const inputs = parseScenario(json, profile);
      if (level && inputs.level && level !== inputs.level) throw new AppError(ErrorCode.VALIDATION, `--level ${level} 与情景文件的 "level": "${inputs.level}" 不一致`);
      let plan: AnnualPlan;
      try {
        plan = computeAnnualPlan(profile, year, { ...inputs, ...(level ? { level } : {}) });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        const field = e.context.missing ? 'pools' : /执法人员/.test(e.message) ? 'inspectors' : /分队/.test(e.message) ? 'squads' : /层级/.test(e.message) ? 'level' : null;
        throw new AppError(e.code, field ? `情景文件「${field}」：${e.message}` : e.message, e.issues, e.context);
      }
      print(profile, plan);
      return 0;
    }
    await withCtx(async (ctx) => {
      const r = await computeOrgPlan(ctx, { profileKey: key, year, ...(level ? { level } : {}) });
      const { planned: _planned, ...inputs } = r.inputs;
      if (!values.json) write(`${r.org.name}：检查对象 ${inputs.targetCount} 个（按 ${inputs.asOf} 分类），执法人员 ${inputs.inspectors} 人，执法分队 ${inputs.squads} 个\n`);
      print(r.resolved.profile, r.plan, { org: r.org, profileVersion: r.resolved.version, inputs });
    });
    return 0;
  };
}
