/**
 * The database schema (drizzle). One schema for PostgreSQL 15 and the embedded PGlite; migrations in
 * ./migrations are generated from it by drizzle-kit and are forward-only.
 */
import { sql } from 'drizzle-orm';
import {
  boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const organizations = pgTable('organizations', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  level: text('level').notNull(),
  parentId: integer('parent_id').references((): any => organizations.id),
  /** '/1/5/9/': ids from the root down; a subtree is a prefix match. */
  path: text('path').notNull().default(''),
  regionCode: text('region_code'),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
}, (t) => [index('organizations_path_idx').on(t.path)]);

export const departments = pgTable('departments', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('departments_org_name_uq').on(t.orgId, t.name)]);

export const squads = pgTable('squads', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  departmentId: integer('department_id').references(() => departments.id),
  name: text('name').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('squads_org_name_uq').on(t.orgId, t.name)]);

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').notNull(),
  passwordHash: text('password_hash').notNull(),
  inspectorId: integer('inspector_id'),
  active: boolean('active').notNull().default(true),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  createdAt: createdAt(),
});

export const sessions = pgTable('sessions', {
  /** SHA-256 of the cookie token: a leaked table does not leak live sessions. */
  tokenHash: text('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export const targets = pgTable('targets', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  kind: text('kind').notNull(),
  identifier: text('identifier').notNull(),
  name: text('name').notNull(),
  /** Pinyin of the name: Chinese names sort by it without ICU collations. */
  nameKey: text('name_key').notNull(),
  address: text('address'),
  region: text('region'),
  industryCode: text('industry_code'),
  industryName: text('industry_name'),
  permitNo: text('permit_no'),
  permitClass: text('permit_class'),
  keyUnit: boolean('key_unit').notNull().default(false),
  positiveList: boolean('positive_list').notNull().default(false),
  creditRating: text('credit_rating'),
  vocsGrade: text('vocs_grade'),
  weatherGrade: text('weather_grade'),
  status: text('status').notNull().default('正常'),
  contact: text('contact'),
  phone: text('phone'),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // One index serves uniqueness, lookups by code and prefix search (text_pattern_ops); every extra
  // index costs each import (measured), so lists scoped to a county walk the name index and filter.
  uniqueIndex('targets_identifier_kind_uq').on(sql`${t.identifier} text_pattern_ops`, t.kind),
  index('targets_name_key_idx').on(t.nameKey, t.id),
  index('targets_permit_no_idx').on(sql`${t.permitNo} text_pattern_ops`),
  index('targets_updated_idx').on(t.updatedAt, t.id),
  index('targets_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
]);

export const targetEvents = pgTable('target_events', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  targetId: integer('target_id').notNull().references(() => targets.id),
  kind: text('kind').notNull(),
  occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
  /** 处罚决定书文号, 投诉编号 … */
  reference: text('reference'),
  /** 排口编号 for online-monitoring exceedances (B: ≥5 at the same outlet). */
  outlet: text('outlet'),
  detail: text('detail'),
  /** Events are never deleted; a mistaken one is voided with a reason. */
  voidedAt: timestamp('voided_at', { withTimezone: true }),
  voidReason: text('void_reason'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
}, (t) => [index('target_events_target_idx').on(t.targetId, t.occurredOn)]);

export const inspectors = pgTable('inspectors', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  kind: text('kind').notNull(),
  certNo: text('cert_no').notNull(),
  name: text('name').notNull(),
  nameKey: text('name_key').notNull(),
  gender: text('gender'),
  unit: text('unit'),
  departmentId: integer('department_id').references(() => departments.id),
  squadId: integer('squad_id').references(() => squads.id),
  position: text('position'),
  region: text('region'),
  yearsOfService: integer('years_of_service'),
  expertise: text('expertise').array().notNull().default(sql`'{}'::text[]`),
  certValidFrom: date('cert_valid_from', { mode: 'string' }),
  certValidTo: date('cert_valid_to', { mode: 'string' }),
  onDuty: boolean('on_duty').notNull().default(true),
  phone: text('phone'),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('inspectors_org_cert_uq').on(t.orgId, t.certNo),
  index('inspectors_cert_idx').on(sql`${t.certNo} text_pattern_ops`),
  index('inspectors_org_name_idx').on(t.orgId, t.nameKey),
]);

export const inspectorConflicts = pgTable('inspector_conflicts', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  inspectorId: integer('inspector_id').notNull().references(() => inspectors.id),
  targetId: integer('target_id').notNull().references(() => targets.id),
  reason: text('reason').notNull(),
  declaredOn: date('declared_on', { mode: 'string' }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
}, (t) => [index('inspector_conflicts_inspector_idx').on(t.inspectorId)]);

export const items = pgTable('items', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  code: text('code').notNull(),
  name: text('name').notNull(),
  nameKey: text('name_key').notNull(),
  leadDepartment: text('lead_department').notNull(),
  cooperatingDepartments: text('cooperating_departments').array().notNull().default(sql`'{}'::text[]`),
  targetKind: text('target_kind').notNull(),
  category: text('category'),
  method: text('method'),
  frequency: text('frequency'),
  ratio: text('ratio'),
  checklist: text('checklist').array().notNull().default(sql`'{}'::text[]`),
  basis: text('basis'),
  level: text('level'),
  requiredExpertise: text('required_expertise').array().notNull().default(sql`'{}'::text[]`),
  powerListCode: text('power_list_code'),
  internetSupervisionCode: text('internet_supervision_code'),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('items_org_code_uq').on(t.orgId, t.code), index('items_org_name_idx').on(t.orgId, t.nameKey), index('items_code_idx').on(sql`${t.code} text_pattern_ops`)]);

/**
 * Every version of every directory record: a snapshot of the record after the change, who made it
 * and why. Rows are only ever appended.
 */
export const recordVersions = pgTable('record_versions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  entity: text('entity').notNull(),
  recordId: integer('record_id').notNull(),
  version: integer('version').notNull(),
  action: text('action').notNull(),
  data: jsonb('data').notNull(),
  changedBy: integer('changed_by').references(() => users.id),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  importId: integer('import_id'),
}, (t) => [uniqueIndex('record_versions_uq').on(t.entity, t.recordId, t.version)]);

export const importJobs = pgTable('import_jobs', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  entity: text('entity').notNull(),
  fileName: text('file_name').notNull(),
  dryRun: boolean('dry_run').notNull().default(false),
  status: text('status').notNull(),
  totalRows: integer('total_rows').notNull().default(0),
  inserted: integer('inserted').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  issues: jsonb('issues').notNull().default(sql`'[]'::jsonb`),
  issueCount: integer('issue_count').notNull().default(0),
  message: text('message'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
