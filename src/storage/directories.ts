/**
 * How each directory maps onto its table: writable columns with their PostgreSQL types, the natural
 * key a re-import updates by, and which filters a list accepts. The SQL for all three lives in
 * ./repos/directory.ts and is driven by these descriptions.
 */
import type { Entity } from '../http/contract.ts';

export type PgType = 'text' | 'int' | 'bool' | 'date' | 'text[]';

export interface ColumnDef { key: string; column: string; type: PgType }

export interface DirectoryDef {
  entity: Entity;
  table: string;
  label: string;
  /** Columns written from a record (org_id, version and timestamps are handled separately). */
  columns: ColumnDef[];
  /** Natural key within its scope: re-import updates the record with the same key. */
  keyColumns: string[];
  /** 'global': the key is unique in the whole database; 'org': unique within one organisation. */
  keyScope: 'global' | 'org';
  /** Filters accepted by the list query: API key → column and type. */
  filters: Record<string, ColumnDef>;
  /** Text columns matched exactly or by prefix in a search (besides the name). */
  searchColumns: string[];
}

const col = (key: string, column: string, type: PgType = 'text'): ColumnDef => ({ key, column, type });

export const targetsDef: DirectoryDef = {
  entity: 'targets',
  table: 'targets',
  label: '检查对象名录库',
  columns: [
    col('kind', 'kind'), col('identifier', 'identifier'), col('name', 'name'), col('nameKey', 'name_key'),
    col('address', 'address'), col('region', 'region'), col('industryCode', 'industry_code'),
    col('industryName', 'industry_name'), col('permitNo', 'permit_no'), col('permitClass', 'permit_class'),
    col('keyUnit', 'key_unit', 'bool'), col('positiveList', 'positive_list', 'bool'),
    col('creditRating', 'credit_rating'), col('vocsGrade', 'vocs_grade'), col('weatherGrade', 'weather_grade'),
    col('status', 'status'), col('contact', 'contact'), col('phone', 'phone'), col('tags', 'tags', 'text[]'),
  ],
  keyColumns: ['kind', 'identifier'],
  keyScope: 'global',
  filters: {
    kind: col('kind', 'kind'), status: col('status', 'status'), permitClass: col('permitClass', 'permit_class'),
    creditRating: col('creditRating', 'credit_rating'), keyUnit: col('keyUnit', 'key_unit', 'bool'),
    positiveList: col('positiveList', 'positive_list', 'bool'), region: col('region', 'region'),
    vocsGrade: col('vocsGrade', 'vocs_grade'), industryCode: col('industryCode', 'industry_code'),
  },
  searchColumns: ['identifier', 'permit_no'],
};

export const inspectorsDef: DirectoryDef = {
  entity: 'inspectors',
  table: 'inspectors',
  label: '检查人员名录库',
  columns: [
    col('kind', 'kind'), col('certNo', 'cert_no'), col('name', 'name'), col('nameKey', 'name_key'),
    col('gender', 'gender'), col('unit', 'unit'), col('departmentId', 'department_id', 'int'),
    col('squadId', 'squad_id', 'int'), col('position', 'position'), col('region', 'region'),
    col('yearsOfService', 'years_of_service', 'int'), col('expertise', 'expertise', 'text[]'),
    col('certValidFrom', 'cert_valid_from', 'date'), col('certValidTo', 'cert_valid_to', 'date'),
    col('onDuty', 'on_duty', 'bool'), col('phone', 'phone'),
  ],
  keyColumns: ['cert_no'],
  keyScope: 'org',
  filters: {
    kind: col('kind', 'kind'), onDuty: col('onDuty', 'on_duty', 'bool'),
    departmentId: col('departmentId', 'department_id', 'int'), squadId: col('squadId', 'squad_id', 'int'),
    gender: col('gender', 'gender'),
  },
  searchColumns: ['cert_no'],
};

export const itemsDef: DirectoryDef = {
  entity: 'items',
  table: 'items',
  label: '随机抽查事项清单',
  columns: [
    col('code', 'code'), col('name', 'name'), col('nameKey', 'name_key'), col('leadDepartment', 'lead_department'),
    col('cooperatingDepartments', 'cooperating_departments', 'text[]'), col('targetKind', 'target_kind'),
    col('category', 'category'), col('method', 'method'), col('frequency', 'frequency'), col('ratio', 'ratio'),
    col('checklist', 'checklist', 'text[]'), col('basis', 'basis'), col('level', 'level'),
    col('requiredExpertise', 'required_expertise', 'text[]'), col('powerListCode', 'power_list_code'),
    col('internetSupervisionCode', 'internet_supervision_code'),
  ],
  keyColumns: ['code'],
  keyScope: 'org',
  filters: {
    targetKind: col('targetKind', 'target_kind'), category: col('category', 'category'),
    leadDepartment: col('leadDepartment', 'lead_department'),
  },
  searchColumns: ['code'],
};

export const DIRECTORIES: Record<Entity, DirectoryDef> = { targets: targetsDef, inspectors: inspectorsDef, items: itemsDef };
