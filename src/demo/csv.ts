/**
 * CSV cells of demo records in the import templates' column order: the catalogue labels as headers,
 * values through formatCell, plus the organisation column the importer reads (管辖机构编码).
 */
import { formatCell, type FieldSpec } from '../domain/fields.ts';
import { inspectorFields } from '../domain/inspectors.ts';
import { itemFields } from '../domain/items.ts';
import { targetFields } from '../domain/targets.ts';
import type { DemoInspector, DemoItem, DemoTarget } from './types.ts';

/** Header of the organisation column, as the import/export services name it. */
export const ORG_CODE_LABEL = '管辖机构编码';

function header(fields: readonly FieldSpec[], withOrgCode: boolean): string[] {
  const labels = fields.map((f) => f.label);
  return withOrgCode ? [...labels, ORG_CODE_LABEL] : labels;
}

function row(fields: readonly FieldSpec[], rec: Record<string, unknown> & { orgCode: string }, withOrgCode: boolean): string[] {
  const cells = fields.map((f) => {
    const v = rec[f.key];
    return typeof v === 'number' ? String(v) : formatCell(f, v);
  });
  if (withOrgCode) cells.push(rec.orgCode);
  return cells;
}

/** Target CSV header: targetFields labels, then 管辖机构编码 unless `withOrgCode` is false. */
export function targetCsvHeader(withOrgCode = true): string[] {
  return header(targetFields, withOrgCode);
}

/** One target as CSV cells matching targetCsvHeader(withOrgCode). Events are not part of the row. */
export function targetCsvRow(t: DemoTarget, withOrgCode = true): string[] {
  return row(targetFields, t, withOrgCode);
}

/** Inspector CSV header: inspectorFields labels, then 管辖机构编码 unless `withOrgCode` is false. */
export function inspectorCsvHeader(withOrgCode = true): string[] {
  return header(inspectorFields, withOrgCode);
}

/** One inspector as CSV cells matching inspectorCsvHeader(withOrgCode). */
export function inspectorCsvRow(i: DemoInspector, withOrgCode = true): string[] {
  return row(inspectorFields, i, withOrgCode);
}

/** Item CSV header: itemFields labels, then 管辖机构编码 unless `withOrgCode` is false. */
export function itemCsvHeader(withOrgCode = true): string[] {
  return header(itemFields, withOrgCode);
}

/** One item as CSV cells matching itemCsvHeader(withOrgCode); checklist lines are joined by newlines. */
export function itemCsvRow(i: DemoItem, withOrgCode = true): string[] {
  return row(itemFields, i, withOrgCode);
}

/** One RFC 4180 line (with CRLF): cells quoted when they hold a comma, quote or line break. */
export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',') + '\r\n';
}
