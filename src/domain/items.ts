/**
 * 随机抽查事项清单: the item list (RULES.md §1; columns of 枣庄's list and 武隆's 20-row annex).
 */
import type { FieldIssue } from './errors.ts';
import type { FieldSpec, ParsedRecord } from './fields.ts';
import { TARGET_KINDS } from './targets.ts';
import { EXPERTISE_TAGS } from './inspectors.ts';

export const ITEM_CATEGORIES = ['重点检查事项', '一般检查事项'] as const;
export const INSPECTION_METHODS = ['现场检查', '非现场检查', '现场检查、非现场检查', '书面检查', '网络监测'] as const;
export const ITEM_LEVELS = ['省级', '市级', '县级', '市级、县级'] as const;

export const itemFields: readonly FieldSpec[] = [
  { key: 'code', label: '事项编码', type: 'text', required: true, max: 40, hint: '本机构内唯一，重新导入时据此更新' },
  { key: 'name', label: '事项名称', type: 'text', required: true, max: 200 },
  { key: 'leadDepartment', label: '发起部门', type: 'text', required: true, max: 100 },
  { key: 'cooperatingDepartments', label: '配合部门', type: 'list', max: 100 },
  { key: 'targetKind', label: '检查对象', type: 'enum', required: true, values: TARGET_KINDS },
  { key: 'category', label: '事项类别', type: 'enum', values: ITEM_CATEGORIES },
  { key: 'method', label: '检查方式', type: 'enum', values: INSPECTION_METHODS },
  { key: 'frequency', label: '抽查频次', type: 'text', max: 100, hint: '如 每季度1次、4次/年' },
  { key: 'ratio', label: '抽查比例', type: 'text', max: 100, hint: '如 每季度100%、不低于10%' },
  { key: 'checklist', label: '检查内容', type: 'lines', required: true, max: 1000, hint: '每条检查内容一行（或用“；”分隔）' },
  { key: 'basis', label: '检查依据', type: 'text', max: 2000 },
  { key: 'level', label: '实施层级', type: 'enum', values: ITEM_LEVELS },
  { key: 'requiredExpertise', label: '所需专长', type: 'list', values: EXPERTISE_TAGS },
  { key: 'powerListCode', label: '对应权责清单事项', type: 'text', max: 200 },
  { key: 'internetSupervisionCode', label: '对应互联网+监管事项', type: 'text', max: 200 },
];

/** Cross-field rules: the lead department is not also a cooperating department. */
export function checkItem(record: ParsedRecord, row?: number): FieldIssue[] {
  const lead = record.leadDepartment as string | null;
  const coop = (record.cooperatingDepartments as string[] | null) ?? [];
  if (lead && coop.includes(lead)) {
    return [{ row, column: '配合部门', field: 'cooperatingDepartments', reason: `发起部门「${lead}」不应同时列为配合部门` }];
  }
  return [];
}
