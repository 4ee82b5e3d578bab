/**
 * The national layer of 2025 (国办发〔2024〕54号《关于严格规范涉企行政检查的意见》 and the provincial rules
 * that followed): the annual cap on inspections of the same enterprise by the same administrative body,
 * the share of joint inspections ("综合查一次") aimed at, and the goals for plan compliance and 亮码率.
 * The five built-in profiles predate 2025 and do not carry these rules; they apply to every profile
 * through `enterpriseCheckRules`, and an own profile may set its region's published numbers.
 */
import { z } from 'zod';
import { citationSchema, type Citation } from './base-schema.ts';

export const enterpriseChecksSchema = z.strictObject({
  /** 同一行政检查主体对同一企业的年度检查次数上限 (every inspection counts, random and targeted). */
  annualCap: z.strictObject({
    perBody: z.number().int().min(1).max(52),
    /** Listed as "接近上限" from this many inspections (default: one below the cap). */
    warnAt: z.number().int().min(1).optional(),
    cite: citationSchema,
  }),
  /** 联合检查占比目标 (% of the year's inspections). */
  jointGoal: z.strictObject({ percent: z.number().min(0).max(100), cite: citationSchema }),
  /** 计划合规率、亮码率 goals (%). */
  goals: z.strictObject({ planCompliance: z.number().min(0).max(100), codeRate: z.number().min(0).max(100), cite: citationSchema }),
});
export type EnterpriseChecks = z.infer<typeof enterpriseChecksSchema>;

const cite = (article: string, text: string, note?: string): Citation => ({ doc: 'gov2025', article, text, ...(note ? { note } : {}) });

/** What applies when a profile sets nothing: the 2025 national rules with typical regional numbers. */
export const NATIONAL_2025: EnterpriseChecks = {
  annualCap: {
    perBody: 2,
    cite: cite('三、（八）', '合理确定年度行政检查频次上限，同一行政机关对同一企业的检查原则上有次数限制', '默认按浙江遂昌 2025 年公布的标准取 2 次/年；请按本地区公布的上限修改'),
  },
  jointGoal: {
    percent: 60,
    cite: cite('三、（九）', '推行“综合查一次”，能合并的合并，能联合的联合', '默认按浙江遂昌 2025 年的目标取 60%；请按本地区目标修改'),
  },
  goals: {
    planCompliance: 100,
    codeRate: 100,
    cite: cite('二、（五）；三、（十一）', '行政检查须按年度检查计划实施；推行“扫码入企”“亮码检查”，实现检查全程留痕', '计划合规率、亮码率目标均为 100%'),
  },
};

/** The rules in force for a profile: its own where it sets them, else the national layer. */
export function enterpriseCheckRules(profile: { enterpriseChecks?: EnterpriseChecks | undefined }): EnterpriseChecks & { source: 'profile' | 'national' } {
  return profile.enterpriseChecks ? { ...profile.enterpriseChecks, source: 'profile' } : { ...NATIONAL_2025, source: 'national' };
}

/** The count from which an enterprise is listed as near its cap. */
export function warnAt(rules: EnterpriseChecks): number {
  return Math.min(rules.annualCap.warnAt ?? Math.max(1, rules.annualCap.perBody - 1), rules.annualCap.perBody);
}

/** The Chinese reason a draw gives for leaving out a target at its cap (the manifest's exclusions). */
export function capExclusionReason(count: number, cap: number): string {
  return `已达年度检查上限：本年度本单位已检查或已安排检查 ${count} 次（上限 ${cap} 次/年，国办发〔2024〕54号）`;
}
