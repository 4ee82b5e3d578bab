/**
 * Field catalogues: one declaration per directory field drives the Excel/CSV template headers, the
 * import parser, the API schema and the admin table columns, so the three can never drift apart.
 */
import type { FieldIssue } from './errors.ts';

export type FieldType = 'text' | 'enum' | 'bool' | 'date' | 'int' | 'list' | 'lines';

export interface FieldSpec {
  /** Property name in the API and the database layer. */
  key: string;
  /** Chinese header in templates and imports; also the column label in the UI. */
  label: string;
  type: FieldType;
  required?: boolean;
  /** Allowed values for `enum` (and for each element of `list` when given). */
  values?: readonly string[];
  /** Maximum length of a text value. */
  max?: number;
  /** Explanation printed in the template's second sheet. */
  hint?: string;
  /** Value of an empty cell (for booleans; otherwise empty means null or []). */
  default?: boolean;
}

export type FieldValue = string | number | boolean | string[] | null;
export type ParsedRecord = Record<string, FieldValue>;

const TRUE_WORDS = new Set(['是', 'Y', 'y', 'yes', 'true', '1', '√', '✓']);
const FALSE_WORDS = new Set(['否', 'N', 'n', 'no', 'false', '0', '']);
const LIST_SEPARATORS = /[；;、，,\n]+/;
const LINE_SEPARATORS = /[；;\n]+/;

/** Splits a list cell on Chinese and ASCII separators, trimming and dropping empty parts. */
export function splitList(text: string, separators: RegExp = LIST_SEPARATORS): string[] {
  return text
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Normalises a date cell written as 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日 to 'YYYY-MM-DD'. */
export function parseDateText(text: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Parses one cell according to its field; returns the value or a Chinese reason. */
export function parseCell(spec: FieldSpec, raw: string): { value: FieldValue } | { reason: string } {
  const text = raw.trim();
  if (text === '') {
    if (spec.required) return { reason: '必填项为空' };
    if (spec.type === 'list' || spec.type === 'lines') return { value: [] };
    if (spec.type === 'bool') return { value: spec.default ?? false };
    return { value: null };
  }
  switch (spec.type) {
    case 'text':
      if (spec.max && text.length > spec.max) return { reason: `长度不能超过 ${spec.max} 个字符（实际 ${text.length}）` };
      return { value: text };
    case 'enum':
      if (!spec.values!.includes(text)) return { reason: `「${text}」不是可选值（可选：${spec.values!.join('、')}）` };
      return { value: text };
    case 'bool':
      if (TRUE_WORDS.has(text)) return { value: true };
      if (FALSE_WORDS.has(text)) return { value: false };
      return { reason: `「${text}」应填写“是”或“否”` };
    case 'date': {
      const d = parseDateText(text);
      return d ? { value: d } : { reason: `「${text}」不是有效日期（格式如 2024-03-05）` };
    }
    case 'int': {
      if (!/^\d{1,6}$/.test(text)) return { reason: `「${text}」应为非负整数` };
      return { value: Number(text) };
    }
    case 'list':
    case 'lines': {
      const parts = splitList(text, spec.type === 'lines' ? LINE_SEPARATORS : LIST_SEPARATORS);
      if (spec.values) {
        const bad = parts.find((p) => !spec.values!.includes(p));
        if (bad) return { reason: `「${bad}」不是可选值（可选：${spec.values.join('、')}）` };
      }
      const long = parts.find((p) => p.length > (spec.max ?? 500));
      if (long) return { reason: `单项长度不能超过 ${spec.max ?? 500} 个字符` };
      return { value: parts };
    }
  }
}

/** Parses a row keyed by Chinese header into a record keyed by field; collects every problem. */
export function parseRow(
  fields: readonly FieldSpec[],
  cells: Record<string, string>,
  row: number,
): { record: ParsedRecord; issues: FieldIssue[] } {
  const record: ParsedRecord = {};
  const issues: FieldIssue[] = [];
  for (const spec of fields) {
    const result = parseCell(spec, cells[spec.label] ?? '');
    if ('reason' in result) issues.push({ row, column: spec.label, field: spec.key, reason: result.reason });
    else record[spec.key] = result.value;
  }
  return { record, issues };
}

/** Formats a stored value back into a cell: lists joined with '；', booleans as 是/否. */
export function formatCell(spec: FieldSpec, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (spec.type === 'bool') return value ? '是' : '否';
  if (Array.isArray(value)) return value.join(spec.type === 'lines' ? '\n' : '；');
  return String(value);
}
