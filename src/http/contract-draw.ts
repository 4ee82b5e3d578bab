/**
 * The draw API's request schemas and DTOs (SSJ-DRAW/1, issue #4), re-exported by contract.ts so the
 * web imports everything from one place.
 */
import { z } from 'zod';
import { jointPartnersField } from './contract-enterprise-checks.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');
const words = (what: string) => z.array(z.string().trim().min(1, `${what}不能为空`).max(100, `${what}不能超过 100 个字符`)).max(200).optional();

export const drawFreezeBody = z.object({
  orgId: z.number().int().positive().optional(),
  profileKey: z.string().trim().min(1, '请选择监管方案'),
  period: z.string().trim().regex(/^\d{4}(-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$/, '期间应为 2025、2025-H1、2025-Q2 或 2025-03'),
  drawDate: day,
  publicValueSource: z.string().trim().min(1, '请写明公开随机值的来源（如：抽取会议现场掷骰）').max(200, '公开随机值来源不能超过 200 个字符'),
  strata: z.array(z.string().min(1)).optional(),
  teamSize: z.number().int('每组人数应为整数').min(2, '每组检查人员不少于 2 人').max(20, '每组检查人员不超过 20 人').optional(),
  kind: z.enum(['不定向', '定向'], { error: '抽取方式应为「不定向」或「定向」' }),
  filter: z.object({
    campaign: z.string().trim().max(100, '专项名称不能超过 100 个字符').optional(),
    tags: words('标签'), industryCodes: words('行业代码'), regions: words('区域'), kinds: words('对象类型'),
  }).optional(),
  avoidRepeat: z.boolean().optional(),
  jointPartners: jointPartnersField,
});
export const drawRunBody = z.object({
  publicValue: z.string().trim().min(1, '请输入公开随机值（如见证人现场掷出的骰子点数）').max(200, '公开随机值不能超过 200 个字符'),
  witnesses: z.array(z.string().trim().min(1, '见证人姓名不能为空').max(50, '见证人姓名不能超过 50 个字符')).min(1, '请填写至少一名见证人').max(20),
  minutes: z.string().max(5000, '会议记录不能超过 5000 个字符').default(''),
});
export const drawAbandonBody = z.object({ reason: z.string().trim().min(1, '请填写作废原因').max(500, '作废原因不能超过 500 个字符') });
export const drawReplaceBody = z.object({
  inspectorId: z.number().int().positive(),
  reason: z.string().trim().min(1, '请填写更换原因').max(500, '更换原因不能超过 500 个字符'),
});
export const drawListQuery = z.object({ orgId: z.coerce.number().int().positive().optional() });
export const drawIdParam = z.object({ id: z.coerce.number().int().positive() });
export const drawComplianceQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  profileKey: z.string().trim().min(1, '请选择监管方案'),
  year: z.coerce.number().int().min(2000, '年度无效').max(2100, '年度无效'),
});

export type DrawStatusDto = 'frozen' | 'drawn' | 'revealed' | 'abandoned';
export const DRAW_STATUS_LABELS: Record<DrawStatusDto, string> = { frozen: '已冻结待抽取', drawn: '已抽取待公开', revealed: '已公开', abandoned: '已作废' };

export interface DrawSummaryDto {
  id: number; drawNo: string; orgId: number; orgName: string; seq: number; period: string; drawDate: string;
  kind: '不定向' | '定向'; campaign: string | null; jointPartners: string[]; status: DrawStatusDto; statusLabel: string; profileKey: string;
  manifestHash: string; commitment: string; publicValueSource: string; resultHash: string | null; taskCount: number | null;
  frozenAt: string; drawnAt: string | null; revealedAt: string | null; abandonReason: string | null;
}
export interface DrawStratumDto {
  label: string; item: string; quota: number; formula: string; poolSize: number; poolHash: string; department: string | null; expertise: string[];
}
export interface DrawTaskDto {
  id: number; position: number; targetId: number; targetKey: string; targetName: string; items: string[];
  drawnInspectors: string[]; team: { id: number; name: string }[]; dispatchedOrgId: number; dispatchedOrgName: string;
  deadline: string | null; status: string;
}
export interface DrawReplacementDto { seq: number; taskId: number; replacedInspector: string; replacement: string; reason: string; approvedBy: string | null; at: string }
export interface DrawDetailDto extends DrawSummaryDto {
  manifest: Record<string, unknown>;
  strata: DrawStratumDto[];
  teamSize: number;
  rosterSize: number | null;
  exclusionSummary: { reason: string; count: number }[];
  filter: Record<string, unknown>;
  publicValue: string | null;
  witnesses: string[];
  minutes: string | null;
  /** Only for the drawing organisation's officers, or after the reveal. */
  seed: string | null;
  /** 'all': the whole list; 'own': the actor's tasks as an assigned inspector; 'none': not visible before the reveal. */
  visibility: 'all' | 'own' | 'none';
  tasks: DrawTaskDto[];
  replacements: DrawReplacementDto[];
  canRun: boolean;
  canReplace: boolean;
}
export interface DrawAccessDto { userName: string | null; what: string; at: string }
/** What the public portal shows: ids and hashes at freeze, the result hash at draw, the bundle after the reveal. */
export interface PublicDrawDto {
  drawNo: string; org: string; period: string; drawDate: string; status: DrawStatusDto; statusLabel: string;
  manifestHash: string; commitment: string; publicValueSource: string; resultHash: string | null;
  revealedAt: string | null; bundle: unknown | null;
}
export interface ComplianceLineDto {
  stratum: string; label: string; period: string; required: number; drawn: number;
  /** Drawn tasks already inspected (no longer 待检查). */
  completed: number; shortfall: number;
  state: '达标' | '未达标' | '进行中' | '未开始'; draws: string[];
}
export interface ComplianceDto {
  org: { id: number; name: string }; profileKey: string; year: number; planRevision: number | null;
  lines: ComplianceLineDto[]; shortfalls: ComplianceLineDto[]; message: string | null;
}
