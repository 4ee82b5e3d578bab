/**
 * Loading a profile: structure first (zod, Chinese messages), then contradictions between rules —
 * a profile that cannot be obeyed is refused whole, naming the rule, rather than half-applied.
 */
import { z } from 'zod';
import { AppError, ErrorCode, type FieldIssue } from '../errors.ts';
import { CREDIT_RATINGS, PERMIT_CLASSES, TARGET_KINDS, TARGET_STATUSES, VOCS_GRADES, WEATHER_GRADES } from '../targets.ts';
import { citeText } from './cite.ts';
import type { Condition, TargetAttr } from './condition-schema.ts';
import { profileSchema, type Profile } from './schema.ts';
import { calendarRuleIssues, quotaRuleIssues } from './validate-rules.ts';

const zhCN = z.locales.zhCN();

/** Parses and checks a profile; throws a VALIDATION AppError listing every problem, the first in the message. */
export function loadProfile(raw: unknown): Profile {
  const name = typeof raw === 'object' && raw !== null && 'name' in raw ? String(raw.name) : '（未命名）';
  const parsed = profileSchema.safeParse(raw, { error: zhCN.localeError });
  const issues: FieldIssue[] = parsed.success
    ? findContradictions(parsed.data)
    : parsed.error.issues.map((i) => ({ field: i.path.join('.'), reason: `${i.path.join('.') || '方案'}：${i.message}` }));
  if (issues.length > 0 || !parsed.success) {
    const more = issues.length > 1 ? `（另有 ${issues.length - 1} 处问题）` : '';
    throw new AppError(ErrorCode.VALIDATION, `方案「${name}」不能使用：${issues[0]?.reason ?? '格式有误'}${more}`, issues, { profile: name });
  }
  return deepFreeze(parsed.data);
}

/** Profiles are shared by every caller; freezing them makes an accidental edit fail loudly instead of leaking. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Every contradiction in a structurally valid profile, as Chinese sentences naming the rule. */
export function findContradictions(p: Profile): FieldIssue[] {
  return [...categoryIssues(p), ...referenceIssues(p), ...quotaRuleIssues(p), ...calendarRuleIssues(p)];
}

/** Calls `visit` on every condition nested in `c`, `c` included. */
export function walkCondition(c: Condition, visit: (c: Condition) => void): void {
  visit(c);
  if ('anyOf' in c) c.anyOf.forEach((x) => walkCondition(x, visit));
  if ('allOf' in c) c.allOf.forEach((x) => walkCondition(x, visit));
  if ('not' in c) walkCondition(c.not, visit);
}

/** Keys listed twice, as issues. */
function duplicates(keys: string[], field: string, what: string): FieldIssue[] {
  const seen = new Set<string>();
  return keys.flatMap((k) => (seen.has(k) ? [{ field, reason: `${what}「${k}」重复定义` }] : (seen.add(k), [])));
}

function categoryIssues(p: Profile): FieldIssue[] {
  const issues = duplicates(p.categories.map((c) => c.key), 'categories', '监管类别');
  const byPriority = new Map<number, string>();
  for (const c of p.categories) {
    const other = byPriority.get(c.priority);
    if (other !== undefined) {
      issues.push({ field: 'categories', reason: `「${other}」与「${c.label}」优先级相同（${c.priority}），同时符合时无法决定归入哪一类` });
    }
    byPriority.set(c.priority, c.label);
    walkCondition(c.when, (x) => {
      if ('category' in x) issues.push({ field: `categories.${c.key}`, reason: `「${c.label}」的归类条件不能引用其他类别（${citeText(c.cite)}）` });
    });
  }
  return issues;
}

const ALLOWED: Partial<Record<TargetAttr, readonly string[]>> = {
  kind: TARGET_KINDS,
  permitClass: PERMIT_CLASSES,
  creditRating: CREDIT_RATINGS,
  vocsGrade: VOCS_GRADES,
  weatherGrade: WEATHER_GRADES,
  status: TARGET_STATUSES,
};
const ATTR_NAME: Record<TargetAttr, string> = {
  kind: '对象类型', permitClass: '排污许可管理类别', creditRating: '环保信用等级', vocsGrade: 'VOCs分级',
  weatherGrade: '重污染天气绩效分级', status: '状态', region: '所在区域',
};

/** Unknown categories, strata or items referenced anywhere; attribute values no target can have. */
function referenceIssues(p: Profile): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const categories = new Set(p.categories.map((c) => c.key));
  const strata = new Set(p.strata.map((s) => s.key));
  const items = new Set(p.items.map((i) => i.no));
  const unknownCategory = (key: string, where: string, field: string): void => {
    if (!categories.has(key)) issues.push({ field, reason: `${where}引用了未定义的监管类别「${key}」` });
  };
  const checkCondition = (c: Condition, where: string, field: string): void =>
    walkCondition(c, (x) => {
      if ('category' in x) x.category.forEach((k) => unknownCategory(k, where, field));
      if ('attr' in x) {
        const allowed = ALLOWED[x.attr];
        for (const v of x.in) if (allowed && !allowed.includes(v)) issues.push({ field, reason: `${where}：${ATTR_NAME[x.attr]}没有取值「${v}」` });
      }
      if ('event' in x && x.min < 1) issues.push({ field, reason: `${where}：事件次数下限应不少于 1，现为 ${x.min}` });
    });

  p.categories.forEach((c) => checkCondition(c.when, `「${c.label}」的归类条件（${citeText(c.cite)}）`, `categories.${c.key}`));
  issues.push(...duplicates(p.strata.map((s) => s.key), 'strata', '抽查分层'));
  issues.push(...duplicates(p.items.map((i) => i.no), 'items', '抽查事项序号'));
  for (const s of p.strata) {
    checkCondition(s.pool, `分层「${s.label}」的对象范围`, `strata.${s.key}`);
    if (s.item !== undefined && !items.has(s.item)) issues.push({ field: `strata.${s.key}`, reason: `分层「${s.label}」引用了未定义的抽查事项「${s.item}」` });
  }
  p.exclusions.forEach((e, i) => {
    const where = `排除规则「${e.reason}」（${citeText(e.cite)}）`;
    checkCondition(e.when, where, `exclusions.${i}`);
    e.categories?.forEach((k) => unknownCategory(k, where, `exclusions.${i}`));
  });
  p.modes.forEach((m, i) => checkCondition(m.when, `检查方式「${m.mode}」的条件（${citeText(m.cite)}）`, `modes.${i}`));
  p.floors.forEach((f, i) => f.categories.forEach((k) => unknownCategory(k, `频次下限（${citeText(f.cite)}）`, `floors.${i}`)));
  p.drawWindows.forEach((w, i) =>
    w.strata?.forEach((k) => {
      if (!strata.has(k)) issues.push({ field: `drawWindows.${i}`, reason: `抽取时间规则（${citeText(w.cite)}）引用了未定义的抽查分层「${k}」` });
    }),
  );
  p.joint.forEach((j, i) => {
    if ('percentOfStratum' in j.amount && !strata.has(j.amount.percentOfStratum)) {
      issues.push({ field: `joint.${i}`, reason: `${j.kind}抽查比例（${citeText(j.cite)}）引用了未定义的抽查分层「${j.amount.percentOfStratum}」` });
    }
  });
  return issues;
}
