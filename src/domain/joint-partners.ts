/**
 * 跨部门联合检查: the other administrative bodies taking part in an inspection (市场监管局, 应急管理局 …),
 * named on a targeted check or on a 定向 draw. A non-empty list makes the inspection cross-department
 * (supervision counters, 联合检查率). The one rule for the list's shape, used by the HTTP contract
 * and the use cases alike.
 */
import { AppError, ErrorCode, type FieldIssue } from './errors.ts';

/** The label the user sees for the field (in every error about it). */
export const JOINT_PARTNERS_LABEL = '联合检查部门';
/** At most this many partner bodies per inspection. */
export const MAX_JOINT_PARTNERS = 10;
/** A partner's name is 1–50 characters (after trimming). */
export const MAX_JOINT_PARTNER_LENGTH = 50;

/**
 * The partners as stored — trimmed, duplicates dropped, in the order given — and the problems with
 * them (empty when valid), each naming the field `field`.
 */
export function normalizeJointPartners(value: readonly string[] | null | undefined, field = 'jointPartners'): { partners: string[]; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const partners: string[] = [];
  for (const [i, raw] of (value ?? []).entries()) {
    const name = typeof raw === 'string' ? raw.trim() : '';
    if (!name) issues.push({ field, reason: `${JOINT_PARTNERS_LABEL}第 ${i + 1} 项不能为空` });
    else if ([...name].length > MAX_JOINT_PARTNER_LENGTH) issues.push({ field, reason: `${JOINT_PARTNERS_LABEL}「${name.slice(0, 10)}…」超过 ${MAX_JOINT_PARTNER_LENGTH} 字` });
    else if (!partners.includes(name)) partners.push(name);
  }
  if (partners.length > MAX_JOINT_PARTNERS) issues.push({ field, reason: `${JOINT_PARTNERS_LABEL}最多 ${MAX_JOINT_PARTNERS} 个（现有 ${partners.length} 个）` });
  return { partners, issues };
}

/** The partners as stored, or a VALIDATION error listing every problem (for inputs with no other checks to merge). */
export function assertJointPartners(value: readonly string[] | null | undefined, field = 'jointPartners'): string[] {
  const { partners, issues } = normalizeJointPartners(value, field);
  if (issues.length) throw new AppError(ErrorCode.VALIDATION, issues.map((i) => i.reason).join('；'), issues);
  return partners;
}

/** The partners as written in a form, an audit entry or a disclosure: 市场监管局、应急管理局. */
export function jointPartnersText(partners: readonly string[]): string {
  return partners.join('、');
}

/** How a published result (公示) names a joint inspection: 联合检查（与市场监管局、应急管理局）; '' for the bureau's own. */
export function jointInspectionWording(partners: readonly string[]): string {
  return partners.length ? `联合检查（与${jointPartnersText(partners)}）` : '';
}

/**
 * The partners a published 任务名称 names (what jointInspectionWording appended: 「…，联合检查（与市场监管局、应急管理局）」),
 * [] for the bureau's own inspection. Reads only the public text, so a list can mark joint results without other data.
 */
export function jointPartnersOfTaskName(taskName: string): string[] {
  const m = /联合检查（与(.+)）$/.exec(taskName);
  return m ? m[1]!.split('、').filter(Boolean) : [];
}
