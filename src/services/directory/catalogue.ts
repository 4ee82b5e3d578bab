/**
 * Per-directory knowledge the use cases share: field catalogue, cross-field checks, how a parsed
 * record becomes a storage row (pinyin keys, department names → ids) and how stored rows come back.
 */
import type { Entity } from '../../http/contract.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import { formatCell, parseRow, type FieldSpec, type ParsedRecord } from '../../domain/fields.ts';
import { checkTarget, targetFields } from '../../domain/targets.ts';
import { checkInspector, inspectorFields } from '../../domain/inspectors.ts';
import { checkItem, itemFields } from '../../domain/items.ts';
import { nameSortKey } from '../../domain/sort-key.ts';
import { DIRECTORIES, type DirectoryDef } from '../../storage/directories.ts';
import type { Queryable, Row } from '../../storage/repos/directory.ts';
import { listDepartmentsOf, listSquadsOf } from '../../storage/repos/orgs.ts';

export interface Catalogue {
  def: DirectoryDef;
  fields: readonly FieldSpec[];
  check: (record: ParsedRecord, row?: number) => FieldIssue[];
  /** Natural key of a parsed record, as the values of def.keyColumns. */
  key: (record: ParsedRecord) => string[];
  /** The field a duplicate key is reported on. */
  keyField: string;
}

export const CATALOGUES: Record<Entity, Catalogue> = {
  targets: { def: DIRECTORIES.targets, fields: targetFields, check: checkTarget, key: (r) => [String(r.kind), String(r.identifier)], keyField: 'identifier' },
  inspectors: { def: DIRECTORIES.inspectors, fields: inspectorFields, check: checkInspector, key: (r) => [String(r.certNo)], keyField: 'certNo' },
  items: { def: DIRECTORIES.items, fields: itemFields, check: checkItem, key: (r) => [String(r.code)], keyField: 'code' },
};

/** Extra column of import files and exports: the organisation a row belongs to. */
export const ORG_COLUMN = '管辖机构编码';

/** Parses and checks a row given as cells keyed by Chinese label. */
export function parseRecord(cat: Catalogue, cells: Record<string, string>, row?: number): { record: ParsedRecord; issues: FieldIssue[] } {
  const { record, issues } = parseRow(cat.fields, cells, row ?? 0);
  if (row === undefined) for (const i of issues) delete i.row;
  if (issues.length === 0) issues.push(...cat.check(record, row));
  return { record, issues };
}

/** Turns API JSON values into cells, so API input goes through exactly the same rules as an import. */
export function cellsFromJson(fields: readonly FieldSpec[], body: Record<string, unknown>, base?: Record<string, unknown>): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const f of fields) {
    const value = f.key in body ? body[f.key] : base?.[f.key];
    cells[f.label] = typeof value === 'number' ? String(value) : formatCell(f, value);
  }
  return cells;
}

/** Name → id of departments and squads per organisation, to resolve inspectors' text columns. */
export interface OrgUnits { departments: Map<string, number>; squads: Map<string, number> }

/** Loads the departments and squads of the given organisations. */
export async function loadOrgUnits(q: Queryable, orgIds: number[]): Promise<Map<number, OrgUnits>> {
  const units = new Map<number, OrgUnits>();
  for (const id of orgIds) units.set(id, { departments: new Map(), squads: new Map() });
  for (const d of await listDepartmentsOf(q, orgIds)) units.get(d.orgId)?.departments.set(d.name, d.id);
  for (const s of await listSquadsOf(q, orgIds)) units.get(s.orgId)?.squads.set(s.name, s.id);
  return units;
}

/**
 * The storage row for a parsed record: derived columns added, names resolved. Returns issues when a
 * department or squad named in the record does not exist in the record's organisation.
 */
export function toStorageRow(cat: Catalogue, record: ParsedRecord, orgId: number, units: Map<number, OrgUnits> | undefined, row?: number, withSortKey = true): { row: Row; issues: FieldIssue[] } {
  // The pinyin key is the costly part of a row; validation passes skip it.
  const out: Row = { ...record, nameKey: withSortKey ? nameSortKey(String(record.name ?? '')) : '' };
  const issues: FieldIssue[] = [];
  if (cat.def.entity === 'inspectors') {
    const u = units?.get(orgId);
    for (const [field, label, idKey, map] of [
      ['department', '部门', 'departmentId', u?.departments], ['squad', '执法分队', 'squadId', u?.squads],
    ] as const) {
      const name = record[field] as string | null;
      if (!name) { out[idKey] = null; continue; }
      const id = map?.get(name);
      if (id === undefined) issues.push({ row, column: label, field, reason: `「${name}」不是本机构已建立的${label}（请先在“机构与部门”中添加）` });
      out[idKey] = id ?? null;
    }
  }
  return { row: out, issues };
}

/** A stored row as the API shows it: drops internal columns. */
export function toDto(row: Row): Row {
  const { nameKey: _k, __key: _p, ...rest } = row;
  return rest;
}
