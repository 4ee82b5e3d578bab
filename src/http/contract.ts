/**
 * The HTTP contract: zod schemas the server validates with and the web client takes its types from
 * (web/src/api.ts imports the types only). Field-level rules of the directories come from the field
 * catalogues in src/domain, so a directory record is a loose object checked by those rules.
 */
import { z } from 'zod';
import { ROLE_KEYS, ORG_LEVELS, DEPARTMENT_KINDS } from '../domain/orgs.ts';
import { TARGET_EVENT_KINDS } from '../domain/targets.ts';

export const ENTITIES = ['targets', 'inspectors', 'items'] as const;
export type Entity = (typeof ENTITIES)[number];

const id = z.coerce.number().int().positive();
const name = (label: string, max = 100) => z.string().trim().min(1, `${label}不能为空`).max(max, `${label}不能超过 ${max} 个字符`);

export const loginBody = z.object({ username: name('用户名', 50), password: z.string().min(1, '密码不能为空').max(200) });
export const orgBody = z.object({
  code: z.string().trim().regex(/^[A-Za-z0-9_-]{2,40}$/, '机构编码应为 2–40 位字母、数字、下划线或连字符'),
  name: name('机构名称'),
  level: z.enum(ORG_LEVELS, { error: `层级应为 ${ORG_LEVELS.join('、')} 之一` }),
  parentId: id.nullable().optional(),
  regionCode: z.string().trim().regex(/^\d{6}$/, '行政区划码应为 6 位数字').optional(),
});
export const orgPatch = orgBody.pick({ name: true, level: true, regionCode: true }).partial().extend({ active: z.boolean().optional() });
export const departmentBody = z.object({ name: name('部门名称'), kind: z.enum(DEPARTMENT_KINDS, { error: `部门类型应为 ${DEPARTMENT_KINDS.join('、')} 之一` }) });
export const departmentPatch = departmentBody.partial().extend({ active: z.boolean().optional() });
export const squadBody = z.object({ name: name('分队名称'), departmentId: id.nullable().optional() });
export const squadPatch = squadBody.partial().extend({ active: z.boolean().optional() });
const password = z.string().min(8, '密码至少 8 位').max(200);
export const userBody = z.object({
  orgId: id,
  username: z.string().trim().regex(/^[A-Za-z0-9_.-]{3,50}$/, '用户名应为 3–50 位字母、数字或 _ . -'),
  displayName: name('姓名', 50),
  role: z.enum(ROLE_KEYS as [string, ...string[]], { error: '角色不存在' }),
  password,
  /** The 检查人员名录库 record this account acts as (an inspector sees that record's tasks); null = none. */
  inspectorId: id.nullable().optional(),
});
export const userPatch = userBody.pick({ displayName: true, role: true, inspectorId: true }).partial().extend({ active: z.boolean().optional(), password: password.optional() });

export const listQuery = z.object({
  q: z.string().trim().max(100).optional(),
  orgId: id.optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z.enum(['name', '-name', 'updatedAt', '-updatedAt']).default('name'),
}).catchall(z.string().max(100));
/** A parsed list query: paging, sort, search, and any directory filters by API key. */
export type ListQuery = { q?: string; orgId?: number; page: number; pageSize: number; sort: 'name' | '-name' | 'updatedAt' | '-updatedAt' } & Record<string, unknown>;

export const recordBody = z.record(z.string(), z.unknown());
export const eventBody = z.object({
  kind: z.enum(TARGET_EVENT_KINDS, { error: `事件类型应为 ${TARGET_EVENT_KINDS.join('、')} 之一` }),
  occurredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'),
  reference: z.string().trim().max(100).optional(),
  outlet: z.string().trim().max(50).optional(),
  detail: z.string().trim().max(2000).optional(),
});
export const reasonBody = z.object({ reason: name('原因', 500) });
export const conflictBody = z.object({ targetId: id, reason: name('回避原因', 500) });
export const importQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false'), orgId: id.optional() });
export const fileFormatQuery = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') });

/* ---- responses (types shared with the web client) ---- */

export interface OrgDto { id: number; code: string; name: string; level: string; parentId: number | null; path: string; regionCode: string | null; active: boolean }
export interface UserDto { id: number; orgId: number; orgName: string; username: string; displayName: string; role: string; roleLabel: string; active: boolean; inspectorId: number | null; inspectorName: string | null }
export interface SessionUserDto extends UserDto { org: OrgDto; permissions: string[] }
export interface DepartmentDto { id: number; orgId: number; name: string; kind: string; active: boolean }
export interface SquadDto { id: number; orgId: number; departmentId: number | null; departmentName: string | null; name: string; active: boolean }
export type DirectoryRecord = { id: number; orgId: number; orgName: string; version: number; createdAt: string; updatedAt: string } & Record<string, unknown>;
/** `totalCapped`: more matches than the exact-count limit; `total` is then the database's estimate. */
export interface ListResult { rows: DirectoryRecord[]; total: number; totalCapped: boolean; page: number; pageSize: number }
export interface FieldChange { field: string; label: string; from: unknown; to: unknown }
export interface VersionDto { version: number; action: string; changedAt: string; changedBy: string | null; changes: FieldChange[] }
export interface EventDto { id: number; kind: string; occurredOn: string; reference: string | null; outlet: string | null; detail: string | null; voidedAt: string | null; voidReason: string | null }
export interface ConflictDto { id: number; targetId: number; targetName: string; targetIdentifier: string; reason: string; declaredOn: string; revokedAt: string | null }
export interface IssueDto { row?: number; column?: string; field?: string; reason: string }
export interface ImportJobDto {
  id: number; entity: Entity; fileName: string; dryRun: boolean;
  status: 'running' | 'validated' | 'rejected' | 'imported' | 'failed' | 'interrupted';
  phase: 'validate' | 'write' | 'done'; processed: number; totalRows: number; inserted: number; updated: number;
  issues: IssueDto[]; issueCount: number; message: string | null;
}
export interface ErrorDto { code: string; message: string; issues?: IssueDto[] }

export const planPreviewQuery = z.object({
  profile: z.string().trim().min(1, '请选择监管方案'),
  period: z.string().trim().regex(/^\d{4}(-Q[1-4]|-H[12]|-(0[1-9]|1[0-2]))?$/, '期间格式应为 2025、2025-H1、2025-Q2 或 2025-03'),
  orgId: z.coerce.number().int().positive().optional(),
  level: z.enum(['city', 'county']).optional(),
});
export interface ProfileSummaryDto {
  id: string; name: string; document: string; levels: string[]; categories: { key: string; label: string }[]; strata: { key: string; label: string }[];
  /** Own profiles: the owning organisation, what it was copied from, and the version in effect today (null before the first takes effect). */
  builtIn?: boolean; orgId?: number | null; orgName?: string | null; baseProfile?: string | null; version?: number | null; effectiveFrom?: string | null;
}
export interface PlanPreviewDto {
  profile: { id: string; name: string; document: string };
  period: string;
  org: { id: number; name: string };
  level: string;
  targetCount: number;
  inspectorCount: number;
  squadCount: number;
  categories: { key: string; label: string; count: number }[];
  excluded: { reason: string; count: number }[];
  modes: { mode: string; count: number }[];
  strata: { key: string; label: string; item: string | null; pool: number; quota: number | null; formula: string; period: string; drawnBy: string | null }[];
  drawWindow: { start: string; end: string; description: string } | null;
}

// ── Working-day calendar (日历维护) ──
const isoDay = z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD（如 2025-10-08）');
export const calendarDaysQuery = z.object({ from: isoDay, to: isoDay });
export const calendarOverrideBody = z.object({
  date: isoDay,
  kind: z.enum(['workday', 'holiday'], { error: '调整类型应为「上班」或「休息」' }),
  reason: name('调整原因', 200),
});
export const calendarWithdrawBody = z.object({ reason: z.string({ error: '请填写撤销原因' }) });
export const calendarBatchBody = z.object({
  rows: z.array(z.object({ date: z.string(), kind: z.enum(['workday', 'holiday'], { error: '调整类型应为「上班」或「休息」' }), reason: z.string() }))
    .min(1, '没有要录入的调整').max(400, '一次最多录入 400 天'),
});
export interface CalendarOverrideDto { id: number; day: string; kind: 'workday' | 'holiday'; reason: string; createdBy: string | null; createdAt: string; revokedAt: string | null; revokedBy: string | null; revokeReason: string | null }
export interface CalendarOverviewDto { knownYears: number[]; overrides: CalendarOverrideDto[]; canEdit: boolean }
export interface CalendarDayDto { date: string; workday: boolean; reason: string; source: 'override' | 'chinese-days' | 'weekday' }

// ── 年度抽查计划 (annual plans) ──
const planYear = z.coerce.number({ error: '年度应为整数' }).int('年度应为整数').min(2000, '年度不能早于 2000').max(2100, '年度不能晚于 2100');
const planSource = z.enum(['directories', 'latestRun'], { error: '对象数来源应为 directories（名录库）或 latestRun（最近一次分类结果）' });
export const planQuery = z.object({
  profile: z.string().trim().min(1, '请选择监管方案'),
  year: planYear,
  orgId: z.coerce.number().int().positive().optional(),
  level: z.enum(['city', 'county'], { error: '机构层级应为 city（市级）或 county（县级）' }).optional(),
  source: planSource.optional(),
});
export const planDraftBody = z.object({
  profile: z.string().trim().min(1, '请选择监管方案'),
  year: planYear,
  orgId: z.number().int().positive().optional(),
  level: z.enum(['city', 'county'], { error: '机构层级应为 city（市级）或 county（县级）' }).optional(),
  /** Numbers per draw for 按年度监管工作方案执行 strata, by stratum key. */
  planned: z.record(z.string(), z.number({ error: '计划数量应为数字' }).int('计划数量应为整数').min(0, '计划数量不能为负数')).optional(),
  note: z.string().trim().max(500, '说明不能超过 500 个字符').optional(),
  source: planSource.optional(),
});
export const planDecisionBody = z.object({
  decision: z.enum(['approve', 'reject'], { error: '审批结果应为「批准」或「退回」' }),
  note: z.string().trim().max(500, '审批意见不能超过 500 个字符').optional(),
});
export const planExportQuery = z.object({ format: z.enum(['xlsx', 'pdf'], { error: '导出格式应为 xlsx 或 pdf' }).default('xlsx') });
export interface PlanStratumDto {
  key: string; label: string; item: string | null; cadence: string; cadenceLabel: string; pool: number;
  countPerPeriod: number | null; countPerYear: number | null; formula: string; drawnBy: string | null; citations: string[];
  periods: { period: string; count: number | null; formula: string }[];
}
export interface PlanInputsDto {
  level: string; inspectors: number; squads: number; targetCount: number; asOf: string; pools: Record<string, number>; planned: Record<string, number>;
  /** The classification run the pools come from, when not counted from the directories. */
  runId?: number; runPeriod?: string;
}
/** A computed plan not stored yet (the figures a draft would take). */
export interface PlanComputationDto {
  org: { id: number; name: string }; profile: { key: string; name: string; version: number }; year: number; level: string;
  inputs: PlanInputsDto; strata: PlanStratumDto[]; total: number; undetermined: string[];
}
export interface PlanDto {
  id: number; orgId: number; orgName: string; profileKey: string; profileName: string; profileVersion: number; profileHash: string;
  year: number; level: string; revision: number; status: 'draft' | 'approved' | 'rejected' | 'superseded'; statusLabel: string;
  inputs: PlanInputsDto; strata: PlanStratumDto[]; total: number; note: string | null;
  createdBy: string | null; createdAt: string; decidedBy: string | null; decidedAt: string | null; decisionNote: string | null; publishedAt: string | null;
  /** The drafter's user id: the drafter may not approve the revision (segregation of duties). */
  createdById: number | null;
}
export interface PlanListDto { revisions: PlanDto[]; canDraft: boolean; canDecide: boolean }

// ── Own policy profiles (自定义监管方案) ──
const profileCode = z.string().trim().regex(/^[a-z][a-z0-9-]{1,39}$/, '方案编码应为 2–40 位小写字母、数字或连字符，以字母开头（如 my-county-2025）');
const definition = z.record(z.string(), z.unknown(), { error: '方案内容应为 JSON 对象' });
export const profileCopyBody = z.object({
  from: z.string().trim().min(1, '请选择要复制的方案'),
  code: profileCode,
  name: name('方案名称', 200),
  effectiveFrom: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, '生效日期格式应为 YYYY-MM-DD'),
  orgId: z.number().int().positive().optional(),
  note: z.string().trim().max(500, '说明不能超过 500 个字符').optional(),
});
export const profileVersionBody = z.object({
  definition,
  effectiveFrom: z.string().trim().regex(/^\d{4}-\d{2}-\d{2}$/, '生效日期格式应为 YYYY-MM-DD'),
  note: z.string().trim().max(500, '说明不能超过 500 个字符').optional(),
});
export const profileKeyParams = z.object({ key: z.string().trim().min(1) });
export const profileDetailQuery = z.object({ version: z.coerce.number().int().min(0, '版本号应为非负整数').optional() });
export const profileDiffQuery = z.object({
  from: z.coerce.number({ error: '请选择比较的版本' }).int().min(1, '版本号应为正整数'),
  to: z.coerce.number({ error: '请选择比较的版本' }).int().min(1, '版本号应为正整数'),
});
/** POST /api/policy/preview: a saved profile by key, or an unsaved draft definition (live preview in the editor). */
export const planPreviewBody = z.object({
  profile: z.string().trim().min(1).optional(),
  definition: definition.optional(),
  period: planPreviewQuery.shape.period,
  orgId: z.number().int().positive().optional(),
  level: z.enum(['city', 'county']).optional(),
});
export interface ProfileVersionDto { version: number; effectiveFrom: string; hash: string; note: string | null; createdBy: string | null; createdAt: string; inEffect: boolean }
export interface ProfileDetailDto {
  key: string; builtIn: boolean; name: string; orgId: number | null; orgName: string | null; baseProfile: string | null;
  /** The version shown (0 for a built-in); its definition is the profile as stored. */
  version: number; effectiveFrom: string | null; hash: string; definition: Record<string, unknown>;
  versions: ProfileVersionDto[]; canEdit: boolean;
}
export interface ProfileChangeDto { path: string; kind: 'added' | 'removed' | 'changed'; from?: unknown; to?: unknown }

export * from './contract-draw.ts';

// ── 分类结果 (classification runs) ──
const classificationPeriod = z.string().trim().regex(/^\d{4}(-Q[1-4]|-H[12]|-(0[1-9]|1[0-2]))?$/, '期间格式应为 2025、2025-H1、2025-Q2 或 2025-03');
export const classificationQuery = z.object({
  profile: z.string().trim().min(1, '请选择监管方案'),
  period: classificationPeriod,
  orgId: z.coerce.number().int().positive().optional(),
});
export const classificationRunBody = z.object({
  profile: z.string().trim().min(1, '请选择监管方案'),
  period: classificationPeriod,
  orgId: z.number().int().positive().optional(),
});
export const classificationResultsQuery = z.object({
  category: z.string().trim().optional(),
  stratum: z.string().trim().optional(),
  changedOnly: z.enum(['true', 'false']).default('false'),
  page: z.coerce.number().int().min(1, '页码应为正整数').default(1),
  pageSize: z.coerce.number().int().min(1).max(200, '每页最多 200 条').default(50),
});
export interface ClassificationRunDto {
  id: number; orgId: number; orgName: string; profileKey: string; profileName: string; profileVersion: number; period: string; asOf: string;
  trigger: string; triggerLabel: string; status: 'running' | 'done' | 'failed'; statusLabel: string; targetCount: number; changedCount: number;
  summary: {
    categories: { key: string | null; label: string; count: number }[]; excluded: { reason: string; count: number }[];
    modes: { mode: string; count: number }[]; strata: { key: string; label: string; count: number }[]; previousRunId: number | null;
  } | null;
  message: string | null; createdBy: string | null; createdAt: string; finishedAt: string | null;
}
export interface ClassificationOverviewDto { runs: ClassificationRunDto[]; canRun: boolean }
export interface ClassificationResultDto {
  targetId: number; name: string; identifier: string; category: string | null; categoryLabel: string; excluded: string | null; mode: string | null;
  strata: { key: string; label: string }[]; reasons: string[]; changed: boolean;
  /** '重点监管对象 → 特殊监管对象；分层：+特殊' for a changed target, '新增对象' for one not in the previous run. */
  change: string | null;
}
export interface ClassificationResultsDto {
  run: ClassificationRunDto; rows: ClassificationResultDto[]; total: number; page: number; pageSize: number;
  /** Targets of the previous run missing from this one. */
  dropped: { targetId: number; name: string; categoryLabel: string }[];
}
