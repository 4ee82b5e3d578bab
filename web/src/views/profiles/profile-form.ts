/**
 * Helpers of the profile editor form: the amount kinds a bureau chooses from, switching a rule's
 * amount between them, and the Chinese wording of windows and deadlines.
 */
import type { Amount, DisclosureRule, DrawWindowRule, QuotaRule } from '../../../../src/domain/policy/schema.ts';

export type AmountKind = 'percent' | 'perInspector' | 'perSquad' | 'fixed' | 'coverAll' | 'asPlanned';

export const AMOUNT_KINDS: { value: AmountKind; label: string; unit: string }[] = [
  { value: 'percent', label: '按比例', unit: '%' },
  { value: 'perInspector', label: '执法人员数 ×', unit: '倍' },
  { value: 'perSquad', label: '执法分队数 ×', unit: '倍' },
  { value: 'fixed', label: '固定数量', unit: '家' },
  { value: 'coverAll', label: '全覆盖', unit: '' },
  { value: 'asPlanned', label: '按年度方案', unit: '' },
];

export const PERIODS = [
  { value: 'month', label: '每月' },
  { value: 'quarter', label: '每季度' },
  { value: 'half', label: '每半年' },
  { value: 'year', label: '每年' },
] as const;

export const LEVELS = [{ value: 'city', label: '市级' }, { value: 'county', label: '县级' }] as const;

/** Which kind an amount is. */
export function amountKind(a: Amount): AmountKind {
  return Object.keys(a)[0] as AmountKind;
}

/** The number of an amount (undefined for 全覆盖 / 按年度方案). */
export function amountValue(a: Amount): number | undefined {
  const v = Object.values(a)[0];
  return typeof v === 'number' ? v : undefined;
}

/** Sets the rule's amount to `kind`, keeping the number when the new kind has one. */
export function setAmountKind(rule: QuotaRule, kind: AmountKind): void {
  const old = amountValue(rule.amount);
  if (kind === 'coverAll') rule.amount = { coverAll: true };
  else if (kind === 'asPlanned') rule.amount = { asPlanned: true };
  else rule.amount = { [kind]: old ?? (kind === 'percent' ? 10 : 1) } as Amount;
}

/** Sets the number of a rule's amount (no-op for kinds without one). */
export function setAmountValue(rule: QuotaRule, value: number | null | undefined): void {
  const kind = amountKind(rule.amount);
  if (kind === 'coverAll' || kind === 'asPlanned') return;
  rule.amount = { [kind]: value ?? 0 } as Amount;
}

/** '每季度初前 10 天' and the like, with the number edited separately. */
export function windowKindLabel(w: DrawWindowRule['window']): string {
  if ('lastWorkdaysOfPrevious' in w) return '上一期最后 N 个工作日内抽取';
  if ('firstDays' in w) return '本期开始后 N 天内抽取';
  return '每年该日期之前抽取';
}

const AFTER_LABEL: Record<DisclosureRule['after'], string> = { taskCompleted: '检查任务完成后', periodEnd: '期末后', periodTasksCompleted: '本期任务全部完成后' };
/** '检查任务完成后' etc. */
export function afterLabel(d: DisclosureRule): string {
  return AFTER_LABEL[d.after];
}

/** JSON with object keys sorted: the database (jsonb) reorders keys, so compare rules by this. */
export function canon(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v);
}
