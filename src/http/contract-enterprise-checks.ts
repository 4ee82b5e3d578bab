/**
 * Request schemas of the 涉企行政检查 routes (#9): inspection codes, the public code page, recusal
 * requests, the cap warning list and approvals, the figures.
 */
import { z } from 'zod';
import { INSPECTION_KINDS, INSPECTION_MODES } from '../domain/inspections.ts';
import { JOINT_PARTNERS_LABEL, MAX_JOINT_PARTNER_LENGTH, MAX_JOINT_PARTNERS } from '../domain/joint-partners.ts';

const id = z.coerce.number().int().positive();
const year = z.coerce.number().int().min(2000).max(2100);

export const taskIdParam = z.object({ id });
/** A code as printed: `<taskId>.<YYYYMMDD>.<mac>`; anything else is answered by the service as forged. */
export const codeParam = z.object({ code: z.string().max(500) });
export const recusalBody = z.object({
  inspectorId: z.number().int().positive(),
  reason: z.string().max(1000),
  applicant: z.string().max(100),
  contact: z.string().max(100).nullish(),
});
export const recusalListQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() });
export const recusalDecisionBody = z.object({ approve: z.boolean(), note: z.string().max(1000) });
export const orgYearQuery = z.object({ year, orgId: id.optional() });
export const capExceptionBody = z.object({ targetId: z.number().int().positive(), year: z.number().int().min(2000).max(2100), reason: z.string().max(1000), orgId: z.number().int().positive().optional() });

/** 跨部门联合检查: the partner bodies (the service trims, deduplicates and checks again: domain/joint-partners.ts). */
export const jointPartnersField = z.array(z.string({ error: `${JOINT_PARTNERS_LABEL}应为文字` }).max(MAX_JOINT_PARTNER_LENGTH, `${JOINT_PARTNERS_LABEL}每项不能超过 ${MAX_JOINT_PARTNER_LENGTH} 字`),
  { error: `${JOINT_PARTNERS_LABEL}应为列表` }).max(MAX_JOINT_PARTNERS, `${JOINT_PARTNERS_LABEL}最多 ${MAX_JOINT_PARTNERS} 个`).optional();

// 凡检查必审批: a targeted check's request and its decision.
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
export const targetedCheckRequestBody = z.object({
  clientKey: z.string().regex(/^[A-Za-z0-9-]{16,64}$/, '客户端记录标识应为 16–64 位字母、数字或连字符（UUID）'),
  kind: z.enum(INSPECTION_KINDS.slice(1) as [string, ...string[]], { error: `检查类型应为 ${INSPECTION_KINDS.slice(1).join('、')} 之一` }),
  targetId: z.number({ error: '请选择检查对象' }).int().positive(),
  basis: z.string({ error: '请填写检查依据' }).max(2000, '检查依据不能超过 2000 字'),
  basisRef: z.string().max(200, '文号或编号不能超过 200 字').nullish(),
  plannedFrom: day,
  plannedTo: day,
  team: z.array(z.number().int().positive()).max(20).optional(),
  mode: z.enum(INSPECTION_MODES, { error: `检查方式应为 ${INSPECTION_MODES.join('、')} 之一` }),
  lines: z.array(z.object({ position: z.number().int().positive(), item: z.string().max(200).optional(), content: z.string().max(2000).optional() })).max(200).optional(),
  jointPartners: jointPartnersField,
});
export const targetedCheckListQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']).optional(), orgId: id.optional() });
export const targetedCheckDecisionBody = z.object({
  approve: z.boolean(),
  opinion: z.string().max(2000, '审批意见不能超过 2000 字'),
  approveBeyondCap: z.boolean().optional(),
});
export const targetedCheckWithdrawalBody = z.object({
  reason: z.string({ error: '请填写撤回理由' }).trim().min(2, '撤回理由不能少于 2 字').max(200, '撤回理由不能超过 200 字'),
});
