/**
 * 检查人员名录库: inspectors, auxiliary staff and experts (RULES.md §1, Z/B/W).
 */
import type { FieldIssue } from './errors.ts';
import type { FieldSpec, ParsedRecord } from './fields.ts';

export const INSPECTOR_KINDS = ['执法人员', '辅助检查人员', '专家'] as const;
export const GENDERS = ['男', '女'] as const;
/** Expertise tags used by items and the assignment rule (W: 业务专长). */
export const EXPERTISE_TAGS = ['水', '气', '固废', '危废', '土壤', '噪声', '辐射', '环评', '排污许可', '监测', '自动监控', '海洋', '生态', '化学品', '移动源'] as const;

export const inspectorFields: readonly FieldSpec[] = [
  { key: 'kind', label: '人员类别', type: 'enum', required: true, values: INSPECTOR_KINDS },
  { key: 'certNo', label: '执法证号/人员编号', type: 'text', required: true, max: 40,
    hint: '执法人员填写执法证号；辅助检查人员和专家填写本单位编号。同一机构内唯一' },
  { key: 'name', label: '姓名', type: 'text', required: true, max: 50 },
  { key: 'gender', label: '性别', type: 'enum', values: GENDERS },
  { key: 'unit', label: '单位', type: 'text', max: 100 },
  { key: 'department', label: '部门', type: 'text', max: 100, hint: '须为本机构已建立的部门（科室/支队）' },
  { key: 'squad', label: '执法分队', type: 'text', max: 100, hint: '须为本机构已建立的分队' },
  { key: 'position', label: '职务岗位', type: 'text', max: 50 },
  { key: 'region', label: '行政区域', type: 'text', max: 100 },
  { key: 'yearsOfService', label: '工作年限', type: 'int' },
  { key: 'expertise', label: '业务专长', type: 'list', values: EXPERTISE_TAGS, hint: `多个用“；”分隔，可选：${EXPERTISE_TAGS.join('、')}` },
  { key: 'certValidFrom', label: '执法证有效期起', type: 'date' },
  { key: 'certValidTo', label: '执法证有效期止', type: 'date' },
  { key: 'onDuty', label: '在编在岗', type: 'bool', default: true, hint: '是/否，空白视为“是”' },
  { key: 'phone', label: '联系电话', type: 'text', max: 30 },
];

/** Cross-field rules: validity dates in order; an enforcement officer needs a validity end date. */
export function checkInspector(record: ParsedRecord, row?: number): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const from = record.certValidFrom as string | null;
  const to = record.certValidTo as string | null;
  if (from && to && from > to) {
    issues.push({ row, column: '执法证有效期止', field: 'certValidTo', reason: `有效期止（${to}）早于有效期起（${from}）` });
  }
  if (record.kind === '执法人员' && !to) {
    issues.push({ row, column: '执法证有效期止', field: 'certValidTo', reason: '执法人员须填写执法证有效期' });
  }
  return issues;
}

/** Whether an enforcement certificate is valid on a given day ('YYYY-MM-DD'). */
export function isCertValidOn(inspector: { kind: string; certValidFrom: string | null; certValidTo: string | null }, day: string): boolean {
  if (inspector.kind !== '执法人员') return true;
  if (inspector.certValidFrom && day < inspector.certValidFrom) return false;
  return !!inspector.certValidTo && day <= inspector.certValidTo;
}
