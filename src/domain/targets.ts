/**
 * 检查对象名录库: target kinds, attributes and event history (RULES.md §1).
 */
import { creditCodeProblem } from './credit-code.ts';
import type { FieldIssue } from './errors.ts';
import type { FieldSpec, ParsedRecord } from './fields.ts';

/** Target kinds seen in the documents (南山, 武隆 lists; 保定: 个体工商户, projects). */
export const TARGET_KINDS = [
  '排污单位', '建设项目', '污水处理厂', '饮用水水源地', '入海排污口', '社会生态环境监测机构',
  '柴油车用车大户', '机动车排放检验机构', '加油站', '储油库', '农村生活污水处理设施',
  '土壤污染重点监管单位', '危险废物经营单位', '自然保护地', '辐射安全许可持证单位',
  '环评报告编制单位', '碳排放单位', '个体工商户', '其他',
] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Kinds identified by a place or facility code rather than an enterprise's 统一社会信用代码. */
export const NON_ENTERPRISE_KINDS: readonly string[] = ['建设项目', '饮用水水源地', '入海排污口', '农村生活污水处理设施', '自然保护地', '其他'];

export const PERMIT_CLASSES = ['重点管理', '简化管理', '登记管理'] as const;
export const CREDIT_RATINGS = ['诚信', '良好', '警示', '不良'] as const;
export const VOCS_GRADES = ['A', 'B', 'C'] as const;
export const WEATHER_GRADES = ['A', 'B', 'B-', 'C', 'D', '引领性'] as const;
export const TARGET_STATUSES = ['正常', '停产', '关闭', '注销'] as const;
export const TARGET_EVENT_KINDS = [
  '行政处罚', '信访投诉', '在线监测超标', '挂牌督办', '红牌', '黑牌', '信用变更', '问题未整改',
] as const;
export type TargetEventKind = (typeof TARGET_EVENT_KINDS)[number];

export const targetFields: readonly FieldSpec[] = [
  { key: 'kind', label: '对象类型', type: 'enum', required: true, values: TARGET_KINDS },
  { key: 'identifier', label: '统一社会信用代码/编码', type: 'text', required: true, max: 64,
    hint: '企业填写 18 位统一社会信用代码；建设项目、水源地、排污口等填写其编码' },
  { key: 'name', label: '名称', type: 'text', required: true, max: 200 },
  { key: 'address', label: '地址', type: 'text', max: 300 },
  { key: 'region', label: '所在区域', type: 'text', max: 100, hint: '乡镇/街道或园区' },
  { key: 'industryCode', label: '行业代码', type: 'text', max: 8, hint: 'GB/T 4754 行业代码，如 C2614' },
  { key: 'industryName', label: '行业名称', type: 'text', max: 100 },
  { key: 'permitNo', label: '排污许可证号', type: 'text', max: 64 },
  { key: 'permitClass', label: '排污许可管理类别', type: 'enum', values: PERMIT_CLASSES },
  { key: 'keyUnit', label: '重点排污单位名录', type: 'bool', hint: '是/否' },
  { key: 'positiveList', label: '正面清单', type: 'bool', hint: '是/否' },
  { key: 'creditRating', label: '环保信用等级', type: 'enum', values: CREDIT_RATINGS },
  { key: 'vocsGrade', label: 'VOCs分级', type: 'enum', values: VOCS_GRADES },
  { key: 'weatherGrade', label: '重污染天气绩效分级', type: 'enum', values: WEATHER_GRADES },
  { key: 'status', label: '状态', type: 'enum', values: TARGET_STATUSES, hint: '空白视为“正常”' },
  { key: 'contact', label: '联系人', type: 'text', max: 50 },
  { key: 'phone', label: '联系电话', type: 'text', max: 30 },
  { key: 'tags', label: '标签', type: 'list', max: 50, hint: '多个标签用“；”分隔，如 涉气；化工园区' },
];

/** GB/T 4754-2017 code: a section letter followed by 0, 2, 3 or 4 digits (C, C26, C261, C2614). */
const INDUSTRY_CODE = /^[A-T](\d{2}|\d{3}|\d{4})?$/;

/** Rules across fields of a parsed target: the identifier's format depends on the kind. */
export function checkTarget(record: ParsedRecord, row?: number): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const kind = record.kind as string | null;
  const identifier = record.identifier as string | null;
  if (kind && identifier && !NON_ENTERPRISE_KINDS.includes(kind)) {
    const problem = creditCodeProblem(identifier);
    if (problem) issues.push({ row, column: '统一社会信用代码/编码', field: 'identifier', reason: `统一社会信用代码${problem}` });
  }
  const industry = record.industryCode as string | null;
  if (industry && !INDUSTRY_CODE.test(industry)) {
    issues.push({ row, column: '行业代码', field: 'industryCode', reason: `「${industry}」不是 GB/T 4754 行业代码（如 C2614）` });
  }
  if (!record.status) record.status = '正常';
  return issues;
}

/** Stable key of a target for re-import: kind plus identifier. */
export function targetKey(kind: string, identifier: string): string {
  return `${kind}\u0000${identifier}`;
}
