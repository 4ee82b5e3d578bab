/**
 * Per-directory configuration for the one generic table and record view: which catalogue fields are
 * columns and filters. Labels and types come from GET /api/meta, so only keys are listed here.
 */
import type { Entity } from './api.ts';

export interface EntityConfig {
  entity: Entity;
  /** Menu and page title (the server's meta label is preferred when loaded). */
  title: string;
  /** Field keys shown as table columns, in order. 'name' is always sortable. */
  columns: string[];
  /** Field keys offered as filters (enum → its values, bool → 是/否). */
  filters: string[];
  /** What the search box matches on the server (name by substring, the rest exactly). */
  searchPlaceholder: string;
  /** Minimum column widths where the type-based default is too narrow (an 18-character credit code). */
  widths?: Record<string, number>;
}

export const ENTITY_CONFIGS: Record<Entity, EntityConfig> = {
  targets: {
    entity: 'targets',
    title: '检查对象名录库',
    columns: ['name', 'identifier', 'kind', 'region', 'industryName', 'permitClass', 'creditRating', 'keyUnit', 'status'],
    filters: ['kind', 'status', 'permitClass', 'creditRating', 'keyUnit', 'positiveList'],
    searchPlaceholder: '名称、信用代码或许可证号',
    widths: { identifier: 190, industryName: 150, permitClass: 140, creditRating: 120, keyUnit: 130 },
  },
  inspectors: {
    entity: 'inspectors',
    title: '检查人员名录库',
    columns: ['name', 'kind', 'certNo', 'department', 'squad', 'expertise', 'certValidTo', 'onDuty'],
    filters: ['kind', 'onDuty'],
    searchPlaceholder: '姓名或执法证号',
    widths: { name: 120, certNo: 160, expertise: 160, certValidTo: 140 },
  },
  items: {
    entity: 'items',
    title: '随机抽查事项清单',
    columns: ['code', 'name', 'targetKind', 'category', 'method', 'leadDepartment', 'frequency', 'ratio'],
    filters: ['targetKind', 'category'],
    searchPlaceholder: '事项名称或编码',
    widths: { code: 120, name: 260, targetKind: 140 },
  },
};

export const ENTITY_KEYS = Object.keys(ENTITY_CONFIGS) as Entity[];

export function isEntity(value: unknown): value is Entity {
  return typeof value === 'string' && value in ENTITY_CONFIGS;
}
