/**
 * The HTTP contract of inspections (#5): request bodies and queries, validated by the server and
 * typed for the web client. Kept beside contract.ts (same conventions) so the inspection screens
 * import one small module.
 */
import { z } from 'zod';
import { INSPECTION_KINDS, INSPECTION_MODES, RESULT_CATEGORIES, VERDICTS } from '../domain/inspections.ts';

const id = z.coerce.number().int().positive();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const text = (label: string, max: number) => z.string().max(max, `${label}不能超过 ${max} 个字符`);

export const inspectionIdParam = z.object({ id });
export const inspectionLineInput = z.object({
  position: z.number().int().positive('序号应为正整数'),
  item: text('事项', 200).optional(),
  content: text('检查内容', 1000).optional(),
  verdict: z.enum(VERDICTS, { error: `检查结论应为 ${VERDICTS.join('、')} 之一` }).nullable().optional(),
  finding: text('发现的问题', 4000).nullable().optional(),
});
export const inspectionSaveBody = z.object({
  clientKey: z.string().regex(/^[A-Za-z0-9-]{16,64}$/, '客户端记录标识应为 16–64 位字母、数字或连字符（UUID）'),
  taskId: id.optional(),
  targetId: id.optional(),
  kind: z.enum(INSPECTION_KINDS, { error: `检查类型应为 ${INSPECTION_KINDS.join('、')} 之一` }).optional(),
  team: z.array(id).max(20).optional(),
  mode: z.enum(INSPECTION_MODES, { error: `检查方式应为 ${INSPECTION_MODES.join('、')} 之一` }),
  inspectedOn: day,
  resultCategory: z.enum(RESULT_CATEGORIES, { error: `检查结果应为 ${RESULT_CATEGORIES.join('、')} 之一` }).nullable().optional(),
  summary: text('情况说明', 4000).nullable().optional(),
  enterpriseRepresentative: text('企业代表', 50).nullable().optional(),
  lines: z.array(inspectionLineInput).max(500).optional(),
  submit: z.boolean().optional(),
});
export type InspectionSaveBody = z.infer<typeof inspectionSaveBody>;
export const inspectionListQuery = z.object({
  orgId: id.optional(),
  status: z.enum(['draft', 'submitted'], { error: '状态应为 draft（草稿）或 submitted（已提交）' }).optional(),
  /** A year (2025), a quarter (2025-Q2) or a month (2025-04) of the inspection day. */
  period: z.string().regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, '期间应为年份（2025）、季度（2025-Q2）或月份（2025-04）').optional(),
  resultCategory: z.enum(RESULT_CATEGORIES, { error: `检查结果应为 ${RESULT_CATEGORIES.join('、')} 之一` }).optional(),
  kind: z.enum(INSPECTION_KINDS, { error: `检查类型应为 ${INSPECTION_KINDS.join('、')} 之一` }).optional(),
  openFollowup: z.enum(['true', 'false'], { error: '是否有未完结的后续处理应为 true 或 false' }).optional(),
});
export const inspectionCountsQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100), orgId: id.optional() });
export const amendmentBody = z.object({
  reason: text('更正原因', 1000),
  changes: z.object({
    lines: z.array(z.object({
      position: z.number().int().positive(),
      verdict: z.enum(VERDICTS).optional(),
      finding: text('发现的问题', 4000).nullable().optional(),
    })).max(500).optional(),
    resultCategory: z.enum(RESULT_CATEGORIES).optional(),
    summary: text('情况说明', 4000).optional(),
  }),
});
export const amendmentDecisionBody = z.object({ approve: z.boolean(), note: text('审批意见', 1000).nullable().optional() });
/** A signature's signer (an inspector of the team, or the enterprise's representative by name); absent for other files. */
export const attachmentQuery = z.object({
  signerInspectorId: id.optional(), enterpriseSigner: text('企业代表姓名', 50).optional(),
  /** The client's idempotency key of this upload: a retry with the same key returns the stored row. */
  clientKey: z.string().regex(/^[A-Za-z0-9_-]{8,80}$/, '附件的客户端标识应为 8–80 位字母、数字、下划线或连字符').optional(),
});
export const followupBody = z.object({
  kind: z.enum(['责令整改', '立案', '移送公安机关', '移送司法机关', '移交'], { error: '处理方式应为 责令整改、立案、移送公安机关、移送司法机关、移交 之一' }),
  linePosition: z.number().int().positive().nullable().optional(),
  requirement: text('整改要求', 2000),
  deadline: day.nullable().optional(),
  caseNo: text('案件编号', 100).nullable().optional(),
  receiver: text('接收机关或部门', 200).nullable().optional(),
});
export const followupLinkBody = z.object({ days: z.number().int().min(1, '有效期至少 1 天').max(90, '有效期最多 90 天').optional() });
export const followupVerifyBody = z.object({ accept: z.boolean(), verification: text('核查意见', 2000) });
export const rectifyTokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, '链接无效') });
export const rectifyQuery = z.object({ note: text('整改说明', 1000).optional() });
