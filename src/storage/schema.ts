/**
 * The database schema (drizzle). One schema for PostgreSQL 15 and the embedded PGlite; migrations in
 * ./migrations are generated from it by drizzle-kit and are forward-only.
 */
import { sql } from 'drizzle-orm';
import {
  boolean, check, customType, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

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

// ── Policy (#3) ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A bureau's own profile: a copy of a built-in one (or of another own profile), edited in the admin
 * UI. The rules live in its versions; the profile row only names it. `code` is the profile id used
 * by plans, runs and draws, and never collides with a built-in id.
 */
export const policyProfiles = pgTable('policy_profiles', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** The built-in (or own) profile id it was copied from. */
  baseProfile: text('base_profile').notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
});

/**
 * Every version of an own profile, append-only: the validated definition (profileSchema JSON), the
 * date it takes effect and its SHA-256 over the JCS encoding (plans and draws record that hash).
 */
export const policyProfileVersions = pgTable('policy_profile_versions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  profileId: integer('profile_id').notNull().references(() => policyProfiles.id),
  version: integer('version').notNull(),
  effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
  definition: jsonb('definition').notNull(),
  hash: text('hash').notNull(),
  note: text('note'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('policy_profile_versions_uq').on(t.profileId, t.version)]);

/**
 * The administrator's working-day overrides (a local holiday, or a year chinese-days does not know
 * yet, e.g. 2027 once the State Council publishes it). Withdrawn, never deleted.
 */
export const calendarOverrides = pgTable('calendar_overrides', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  day: date('day', { mode: 'string' }).notNull(),
  /** 'workday' | 'holiday' */
  kind: text('kind').notNull(),
  reason: text('reason').notNull(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  revokedBy: integer('revoked_by').references(() => users.id),
  /** Why it was withdrawn (migration 0017; rows withdrawn before it read 「撤销原因未记录」). */
  revokeReason: text('revoke_reason'),
}, (t) => [
  uniqueIndex('calendar_overrides_day_uq').on(t.day).where(sql`revoked_at IS NULL`),
  check('calendar_overrides_revoke_reason', sql`revoked_at IS NULL OR length(btrim(coalesce(revoke_reason, ''))) > 0`),
]);

/** One classification of an organisation's targets under a profile for a period. */
export const classificationRuns = pgTable('classification_runs', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  profileKey: text('profile_key').notNull(),
  /** 0 for a built-in profile as shipped. */
  profileVersion: integer('profile_version').notNull().default(0),
  profileHash: text('profile_hash').notNull(),
  period: text('period').notNull(),
  asOf: date('as_of', { mode: 'string' }).notNull(),
  /** 'manual' | 'import' | 'event' */
  trigger: text('trigger').notNull(),
  /** 'running' | 'done' | 'failed' */
  status: text('status').notNull(),
  targetCount: integer('target_count').notNull().default(0),
  changedCount: integer('changed_count').notNull().default(0),
  /** Counts per category, exclusion reason, mode and stratum. */
  summary: jsonb('summary').notNull().default(sql`'{}'::jsonb`),
  message: text('message'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [index('classification_runs_scope_idx').on(t.orgId, t.profileKey, t.period, t.id)]);

/** Each target's result in a run: category, exclusion, mode, strata and the Chinese reasons. */
export const targetClassifications = pgTable('target_classifications', {
  runId: integer('run_id').notNull().references(() => classificationRuns.id),
  targetId: integer('target_id').notNull().references(() => targets.id),
  category: text('category'),
  excluded: text('excluded'),
  mode: text('mode'),
  strata: text('strata').array().notNull().default(sql`'{}'::text[]`),
  reasons: jsonb('reasons').notNull().default(sql`'[]'::jsonb`),
}, (t) => [primaryKey({ columns: [t.runId, t.targetId] })]);

/** One line of an annual plan: a stratum's required count in one period, with its formula. */
export interface PlanLine {
  stratum: string;
  label: string;
  item: string | null;
  /** '2025-Q1', '2025-H1', '2025-M03', '2025' */
  period: string;
  pool: number;
  count: number;
  formula: string;
  drawnBy: string | null;
}

/**
 * 年度抽查计划: an organisation's required counts per stratum and period for a year under a profile.
 * A revision is drafted, approved by a leader (then it never changes), and replaced by a newer
 * revision when the plan is revised (the older one becomes 'superseded').
 */
export const annualPlans = pgTable('annual_plans', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  profileKey: text('profile_key').notNull(),
  profileVersion: integer('profile_version').notNull().default(0),
  profileHash: text('profile_hash').notNull(),
  year: integer('year').notNull(),
  /** 'city' | 'county' */
  level: text('level').notNull(),
  revision: integer('revision').notNull(),
  /** 'draft' | 'approved' | 'rejected' | 'superseded' */
  status: text('status').notNull(),
  /** Pool sizes, inspector and squad counts the lines were computed from. */
  inputs: jsonb('inputs').notNull(),
  lines: jsonb('lines').$type<PlanLine[]>().notNull(),
  note: text('note'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
  decidedBy: integer('decided_by').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
  /** Marked for publication on the portal (保定, 武隆 publish their plans). */
  publishedAt: timestamp('published_at', { withTimezone: true }),
}, (t) => [uniqueIndex('annual_plans_revision_uq').on(t.orgId, t.profileKey, t.year, t.revision)]);

// ── Draws (#4, SSJ-DRAW/1) ──────────────────────────────────────────────────────────────────────────

/**
 * One draw (抽取) of an organisation: sequential `seq` per organisation (a skipped or abandoned draw
 * stays visible), the frozen manifest and its hash, the commitment, then the public value, seed,
 * witnesses, minutes and result hash once drawn, and the reveal. Status only moves forward
 * ('frozen' → 'drawn' → 'revealed', or 'frozen' → 'abandoned'); the trigger shuangsui_draw_guard
 * refuses every other change, so a frozen manifest or a result can never be edited or redrawn.
 * The pools, roster and exclusions live in draw_inputs, the secret in draw_secrets, the result in draw_tasks.
 */
export const draws = pgTable('draws', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  seq: integer('seq').notNull(),
  /** The protocol's drawId, e.g. 'city-0007'. */
  drawNo: text('draw_no').notNull().unique(),
  planId: integer('plan_id').references(() => annualPlans.id),
  profileKey: text('profile_key').notNull(),
  profileVersion: integer('profile_version').notNull().default(0),
  profileHash: text('profile_hash').notNull(),
  period: text('period').notNull(),
  drawDate: date('draw_date', { mode: 'string' }).notNull(),
  /** '不定向' (whole pool) | '定向' (pool narrowed for a 专项 campaign) */
  kind: text('kind').notNull(),
  /** The 定向 narrowing (tags, industries, regions, target kinds) and the campaign name. */
  filter: jsonb('filter').notNull().default(sql`'{}'::jsonb`),
  /** 'frozen' | 'drawn' | 'revealed' | 'abandoned' */
  status: text('status').notNull(),
  manifest: jsonb('manifest').notNull(),
  manifestHash: text('manifest_hash').notNull(),
  commitment: text('commitment').notNull(),
  publicValueSource: text('public_value_source').notNull(),
  /** Counts per exclusion reason (the full list is in draw_inputs). */
  exclusionSummary: jsonb('exclusion_summary').notNull().default(sql`'[]'::jsonb`),
  /**
   * 跨部门联合检查: the other administrative bodies taking part (市场监管局 …). Set at freeze, never changed
   * (the draw guard, migration 0020); outside the hashed manifest. Non-empty = the draw's tasks are cross-department.
   */
  jointPartners: text('joint_partners').array().notNull().default(sql`'{}'::text[]`),
  frozenBy: integer('frozen_by').references(() => users.id),
  frozenAt: timestamp('frozen_at', { withTimezone: true }).notNull(),
  publicValue: text('public_value'),
  seed: text('seed'),
  /** Names of the witnesses present at the draw meeting. */
  witnesses: text('witnesses').array(),
  minutes: text('minutes'),
  resultHash: text('result_hash'),
  taskCount: integer('task_count'),
  drawnBy: integer('drawn_by').references(() => users.id),
  drawnAt: timestamp('drawn_at', { withTimezone: true }),
  revealedBy: integer('revealed_by').references(() => users.id),
  revealedAt: timestamp('revealed_at', { withTimezone: true }),
  abandonReason: text('abandon_reason'),
}, (t) => [
  uniqueIndex('draws_org_seq_uq').on(t.orgId, t.seq),
  index('draws_org_period_idx').on(t.orgId, t.period),
]);

/**
 * The frozen inputs of a draw (insert-only): pools per stratum label, the roster, and every excluded
 * target with its reason. Pools and exclusions are stored as jsonb (draws frozen before migration
 * 0018) or as the same JSON gzip-compressed (since: a million ids are 21 MB of jsonb, seconds to
 * store and read on the embedded database, 4 MB compressed); exactly one of each pair is set.
 */
export const drawInputs = pgTable('draw_inputs', {
  drawId: integer('draw_id').primaryKey().references(() => draws.id),
  pools: jsonb('pools'),
  poolsGzip: bytea('pools_gzip'),
  roster: jsonb('roster').notNull(),
  /** [{ targetId, name, reason, strata? }] */
  exclusions: jsonb('exclusions'),
  exclusionsGzip: bytea('exclusions_gzip'),
  /**
   * Protocol id → target record id, only for ids that more than one target of the subtree carries
   * (the same credit code as 排污单位 and as 建设项目): the draw dispatches the one that was pooled.
   */
  targetRefs: jsonb('target_refs').notNull().default(sql`'{}'::jsonb`),
}, () => [
  check('draw_inputs_pools_once', sql`(pools IS NULL) <> (pools_gzip IS NULL)`),
  check('draw_inputs_exclusions_once', sql`(exclusions IS NULL) <> (exclusions_gzip IS NULL)`),
]);

/** The 32-byte secret (hex) behind a draw's commitment, kept server-side until the reveal (insert-only). */
export const drawSecrets = pgTable('draw_secrets', {
  drawId: integer('draw_id').primaryKey().references(() => draws.id),
  secret: text('secret').notNull(),
});

/**
 * One task of a draw (the result, one row per selected target, in protocol order `position`): the
 * drawn content (target, strata, inspectors) never changes; replacements are appended to
 * draw_task_replacements and `team` is the current team. Inspections (#5) build on this table.
 */
export const drawTasks = pgTable('draw_tasks', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  drawId: integer('draw_id').notNull().references(() => draws.id),
  /** 0-based index in result.tasks (ascending taskKey). */
  position: integer('position').notNull(),
  targetId: integer('target_id').notNull().references(() => targets.id),
  /** The protocol id of the target (its identifier). */
  targetKey: text('target_key').notNull(),
  /** Stratum labels in manifest order (result.tasks[].items). */
  items: text('items').array().notNull(),
  /** Protocol ids of the drawn inspectors in pick order (result.tasks[].inspectors). */
  drawnInspectors: text('drawn_inspectors').array().notNull(),
  /** The current team (inspectors.id), = the drawn one until a replacement is approved. */
  team: integer('team').array().notNull(),
  /** The organisation that carries the task out (a city dispatches to its branches). */
  dispatchedOrgId: integer('dispatched_org_id').notNull().references(() => organizations.id),
  deadline: date('deadline', { mode: 'string' }),
  /** '待检查' until inspections (#5) move it on. */
  status: text('status').notNull().default('待检查'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('draw_tasks_draw_position_uq').on(t.drawId, t.position),
  index('draw_tasks_target_idx').on(t.targetId),
  index('draw_tasks_dispatched_idx').on(t.dispatchedOrgId, t.status),
  index('draw_tasks_team_idx').using('gin', t.team),
]);

/**
 * An approved replacement of one inspector of a task (append-only): `seq` counts the draw's
 * replacements from 1; the replacement was chosen by the rule in src/domain/draw/replace.ts with a
 * ticket derived from the seed and `seq`.
 */
export const drawTaskReplacements = pgTable('draw_task_replacements', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  drawId: integer('draw_id').notNull().references(() => draws.id),
  taskId: integer('task_id').notNull().references(() => drawTasks.id),
  seq: integer('seq').notNull(),
  replacedInspector: text('replaced_inspector').notNull(),
  replacement: text('replacement').notNull(),
  ticket: text('ticket').notNull(),
  reason: text('reason').notNull(),
  approvedBy: integer('approved_by').notNull().references(() => users.id),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('draw_task_replacements_seq_uq').on(t.drawId, t.seq)]);

/** Every read of a draw's list before (and after) the reveal: who, when, which draw, what (append-only). */
export const drawAccessLog = pgTable('draw_access_log', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  drawId: integer('draw_id').notNull().references(() => draws.id),
  userId: integer('user_id').references(() => users.id),
  /** 'list' | 'own-tasks' | 'bundle' | 'record' */
  what: text('what').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('draw_access_log_draw_idx').on(t.drawId, t.at)]);

// ── Inspections (#5) ────────────────────────────────────────────────────────────────────────────────

/**
 * One inspection (检查记录) of a target: either the record of a drawn task (one record for all the
 * task's items — an internal joint inspection is one visit), or a targeted check outside the scheme
 * (投诉举报, 上级转办, 专项, 监测发现线索) which counts as an inspection of the target but not towards
 * quotas. A draft is saved under the client's idempotency key (`client_key`), so a resubmission finds
 * the same row; once 'submitted' the trigger shuangsui_inspection_guard refuses every change.
 */
export const inspectionRecords = pgTable('inspection_records', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  taskId: integer('task_id').references(() => drawTasks.id),
  targetId: integer('target_id').notNull().references(() => targets.id),
  /** '双随机抽查' | '投诉举报' | '上级转办' | '专项' | '监测发现线索' */
  kind: text('kind').notNull(),
  /** Only '双随机抽查' records count towards quotas. */
  countsToQuota: boolean('counts_to_quota').notNull(),
  /** '现场' | '在线监测' | '分表计电' | '远程' | '视频' | '无人机' */
  mode: text('mode').notNull(),
  inspectedOn: date('inspected_on', { mode: 'string' }).notNull(),
  /** inspectors.id of the team that inspected. */
  team: integer('team').array().notNull(),
  /** 跨部门联合检查: the other administrative bodies taking part in this targeted check (市场监管局 …). */
  jointPartners: text('joint_partners').array().notNull().default(sql`'{}'::text[]`),
  /** '未发现问题' | '发现问题' … (src/domain/inspections.ts RESULT_CATEGORIES) */
  resultCategory: text('result_category'),
  summary: text('summary'),
  enterpriseRepresentative: text('enterprise_representative'),
  /** 'draft' | 'submitted' */
  status: text('status').notNull(),
  clientKey: text('client_key').notNull().unique(),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  submittedBy: integer('submitted_by').references(() => users.id),
  submittedAt: timestamp('submitted_at', { withTimezone: true }),
}, (t) => [
  uniqueIndex('inspection_records_task_uq').on(t.taskId).where(sql`task_id IS NOT NULL`),
  index('inspection_records_target_idx').on(t.targetId, t.inspectedOn),
  index('inspection_records_org_idx').on(t.orgId, t.status),
  // Supervision (#7): a subtree's records of a year.
  index('inspection_records_org_day_idx').on(t.orgId, t.inspectedOn).where(sql`status = 'submitted'`),
  index('inspection_records_team_idx').using('gin', t.team),
]);

/** One checklist line of a record: the item, its 检查内容, the verdict and the finding. */
export const inspectionLines = pgTable('inspection_lines', {
  recordId: integer('record_id').notNull().references(() => inspectionRecords.id),
  position: integer('position').notNull(),
  item: text('item').notNull(),
  content: text('content').notNull(),
  /** '符合' | '不符合' | '不涉及' | null while not yet checked */
  verdict: text('verdict'),
  finding: text('finding'),
}, (t) => [primaryKey({ columns: [t.recordId, t.position] })]);

/**
 * A correction of a submitted record (append-only apart from its single decision): the corrected
 * lines and result with a reason; shown beside the original once a leader approved it.
 */
export const inspectionAmendments = pgTable('inspection_amendments', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  recordId: integer('record_id').notNull().references(() => inspectionRecords.id),
  seq: integer('seq').notNull(),
  reason: text('reason').notNull(),
  /** { lines?: [{position, verdict, finding}], resultCategory?, summary? } */
  changes: jsonb('changes').notNull(),
  requestedBy: integer('requested_by').references(() => users.id),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  /** 'pending' | 'approved' | 'rejected' */
  status: text('status').notNull().default('pending'),
  decidedBy: integer('decided_by').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
}, (t) => [uniqueIndex('inspection_amendments_seq_uq').on(t.recordId, t.seq)]);

/**
 * A file of a record or of a follow-up's rectification evidence, stored content-addressed under the
 * data folder (`sha256`); the type is sniffed from the bytes. Signatures are PNG attachments naming
 * their signer. Append-only; frozen with a submitted record.
 */
export const inspectionAttachments = pgTable('inspection_attachments', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  recordId: integer('record_id').references(() => inspectionRecords.id),
  followupId: integer('followup_id'),
  /** 'photo' | 'video' | 'audio' | 'document' | 'signature' */
  kind: text('kind').notNull(),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  fileName: text('file_name').notNull(),
  capturedAt: timestamp('captured_at', { withTimezone: true }).notNull(),
  /** 'exif' | 'upload' */
  captureSource: text('capture_source').notNull(),
  /** Signatures: the inspector who signed, or null for the enterprise's representative. */
  signerInspectorId: integer('signer_inspector_id').references(() => inspectors.id),
  signerName: text('signer_name'),
  uploadedBy: integer('uploaded_by').references(() => users.id),
  /** The client's idempotency key of the upload (a retried upload whose response was lost adds no second row). */
  clientKey: text('client_key'),
  createdAt: createdAt(),
}, (t) => [
  index('inspection_attachments_record_idx').on(t.recordId), index('inspection_attachments_followup_idx').on(t.followupId),
  uniqueIndex('inspection_attachments_client_key_uq').on(t.recordId, t.clientKey).where(sql`client_key IS NOT NULL`),
]);

/**
 * Follow-up of a record's findings (a closed loop): 责令整改 with a deadline and verification, 立案
 * with a case number, 移送公安机关 / 移送司法机关, 移交 another department. Open until closed.
 */
export const inspectionFollowups = pgTable('inspection_followups', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  recordId: integer('record_id').notNull().references(() => inspectionRecords.id),
  /** '责令整改' | '立案' | '移送公安机关' | '移送司法机关' | '移交' */
  kind: text('kind').notNull(),
  /** The checklist line the follow-up comes from, if any. */
  linePosition: integer('line_position'),
  requirement: text('requirement').notNull(),
  deadline: date('deadline', { mode: 'string' }),
  caseNo: text('case_no'),
  receiver: text('receiver'),
  /** 'open' | 'evidence' (evidence uploaded, awaiting verification) | 'closed' */
  status: text('status').notNull().default('open'),
  verification: text('verification'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
  closedBy: integer('closed_by').references(() => users.id),
  closedAt: timestamp('closed_at', { withTimezone: true }),
}, (t) => [index('inspection_followups_record_idx').on(t.recordId, t.status)]);

/** A one-time link for the enterprise to upload rectification evidence: only the token's SHA-256 is stored. */
export const followupLinks = pgTable('followup_links', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  followupId: integer('followup_id').notNull().references(() => inspectionFollowups.id),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  note: text('note'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
});

// ── Audit log (#8) ──────────────────────────────────────────────────────────────────────────────────

/**
 * The tamper-evident audit log: one row per state change, appended in the transaction of the change.
 * `hash` = SHA-256 of the JCS encoding of the row's fields and `prev_hash` (domain/audit.ts), so the
 * rows form one chain; triggers refuse UPDATE, DELETE and TRUNCATE. No foreign keys: the log names
 * the actor and object as they were, and survives whatever happens to them.
 */
export const auditLog = pgTable('audit_log', {
  seq: integer('seq').primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name').notNull(),
  actorOrgId: integer('actor_org_id'),
  action: text('action').notNull(),
  objectType: text('object_type').notNull(),
  objectId: text('object_id'),
  summary: text('summary').notNull(),
  detail: jsonb('detail').notNull(),
  prevHash: text('prev_hash').notNull().unique(),
  hash: text('hash').notNull().unique(),
}, (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_action_idx').on(t.action, t.seq)]);

/**
 * The chain's head (one row, created by the first append): appends lock it (SELECT … FOR UPDATE) so
 * concurrent writers take turns and the chain never forks; the verifier also compares it with the
 * last row, which reveals rows deleted from or added to the end.
 */
export const auditHead = pgTable('audit_head', {
  singleton: integer('singleton').primaryKey(),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
});

// ── Publication (#6, 一公开) ───────────────────────────────────────────────────────────────────────

/**
 * One publication (公示) per submitted inspection record — a drawn task's record or a targeted check.
 * The fields of the national 公示 format are copied from the record when it is submitted/queued
 * (plan, task, 抽查类型, 检查机关, enterprise, dates, 检查内容, the standard phrase); wording may be
 * changed with a leader's approval; a redaction (国家秘密 / 商业秘密 / 个人隐私, with its reason) names
 * the fields withheld. The portal and the open data read ONLY the `pub_*` columns, which are filled
 * when the publication is published (redacted fields hold the placeholder) — the raw columns never
 * leave the server. `due_on` is the profile's deadline counted with the working-day calendar.
 * Rows are never deleted (trigger shuangsui_publication_guard); a published row stays published.
 */
export const publications = pgTable('publications', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  /** The organisation that inspected and publishes (谁检查、谁公开). */
  orgId: integer('org_id').notNull().references(() => organizations.id),
  recordId: integer('record_id').notNull().references(() => inspectionRecords.id),
  taskId: integer('task_id').references(() => drawTasks.id),
  drawId: integer('draw_id').references(() => draws.id),
  targetId: integer('target_id').notNull().references(() => targets.id),
  profileKey: text('profile_key'),
  /** The period of the draw (or of the inspection date for a targeted check), e.g. '2025-Q1'. */
  period: text('period').notNull(),
  planNo: text('plan_no'),
  planName: text('plan_name'),
  taskNo: text('task_no').notNull(),
  taskName: text('task_name').notNull(),
  /** '不定向' | '定向' */
  checkType: text('check_type').notNull(),
  /** 检查机关 */
  authority: text('authority').notNull(),
  enterpriseName: text('enterprise_name').notNull(),
  creditCode: text('credit_code').notNull(),
  inspectedOn: date('inspected_on', { mode: 'string' }).notNull(),
  completedOn: date('completed_on', { mode: 'string' }).notNull(),
  /** 检查内容: the record's items. */
  content: text('content').notNull(),
  /** 「未发现问题」「发现问题已责令整改」「发现违法行为已立案调查」… derived from the record. */
  standardPhrase: text('standard_phrase').notNull(),
  /** Approved wording replacing the standard phrase (null: the standard phrase is published). */
  wording: text('wording'),
  /** 'none' | 'pending' | 'approved' | 'rejected' */
  wordingStatus: text('wording_status').notNull().default('none'),
  proposedWording: text('proposed_wording'),
  proposedReason: text('proposed_reason'),
  proposedBy: integer('proposed_by').references(() => users.id),
  proposedAt: timestamp('proposed_at', { withTimezone: true }),
  wordingDecidedBy: integer('wording_decided_by').references(() => users.id),
  wordingDecidedAt: timestamp('wording_decided_at', { withTimezone: true }),
  wordingNote: text('wording_note'),
  /** 备注 */
  remark: text('remark'),
  /** '国家秘密' | '商业秘密' | '个人隐私' | null */
  redactionBasis: text('redaction_basis'),
  redactionReason: text('redaction_reason'),
  /** Withheld fields: 'enterpriseName' | 'creditCode' | 'content' | 'result' | 'remark'. */
  redactedFields: text('redacted_fields').array().notNull().default(sql`'{}'::text[]`),
  redactedBy: integer('redacted_by').references(() => users.id),
  redactedAt: timestamp('redacted_at', { withTimezone: true }),
  /** Last day to publish (the profile's disclosure rule), null when the profile gives none. */
  dueOn: date('due_on', { mode: 'string' }),
  /** Which rule gave `due_on` (Chinese, with the citation). */
  dueRule: text('due_rule'),
  /** 'pending' | 'published' */
  status: text('status').notNull().default('pending'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  publishedBy: integer('published_by').references(() => users.id),
  // What the public sees (filled on publish, refreshed on a later redaction).
  pubEnterpriseName: text('pub_enterprise_name'),
  pubCreditCode: text('pub_credit_code'),
  pubContent: text('pub_content'),
  pubResult: text('pub_result'),
  pubRemark: text('pub_remark'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('publications_record_uq').on(t.recordId),
  // Supervision (#7): a year's draws' publications.
  index('publications_draw_idx').on(t.drawId),
  index('publications_queue_idx').on(t.orgId, t.status, t.dueOn),
  index('publications_org_completed_idx').on(t.orgId, t.completedOn),
  // The portal: newest first, by credit code, by name (trigram), each only over published rows.
  index('publications_pub_recent_idx').on(t.completedOn, t.id).where(sql`status = 'published'`),
  index('publications_pub_published_idx').on(t.publishedAt, t.id).where(sql`status = 'published'`),
  index('publications_pub_code_idx').on(t.pubCreditCode, t.completedOn).where(sql`status = 'published'`),
  index('publications_pub_org_idx').on(t.orgId, t.completedOn, t.id).where(sql`status = 'published'`),
  index('publications_pub_name_trgm_idx').using('gin', sql`${t.pubEnterpriseName} gin_trgm_ops`).where(sql`status = 'published'`),
]);

// ── 涉企行政检查 (#9): inspection codes, recusal, cap exceptions ─────────────────────────────────────

/**
 * Server-side keys created on first use and never changed (insert-only): 'inspection-code' signs the
 * 亮码入企 codes (HMAC-SHA256). Kept in the database so every process of the installation, its backup
 * and its restore share it; it is never sent to a client.
 */
export const serverKeys = pgTable('server_keys', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

/**
 * One scan of an inspection code by the enterprise (扫码入企): the arrival time (append-only). The code
 * is a drawn task's, or a targeted check's (`record_id`, migration 0010).
 */
export const inspectionCodeScans = pgTable('inspection_code_scans', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  taskId: integer('task_id').references(() => drawTasks.id),
  recordId: integer('record_id').references(() => inspectionRecords.id),
  scannedAt: timestamp('scanned_at', { withTimezone: true }).notNull(),
  /** The scanning browser's user agent, truncated (evidence of the visit, no personal data). */
  client: text('client'),
}, (t) => [index('inspection_code_scans_task_idx').on(t.taskId, t.scannedAt), index('inspection_code_scans_record_idx').on(t.recordId, t.scannedAt)]);

/**
 * An enterprise's request that an inspector of its task withdraw (申请回避), filed from the code page;
 * a leader of the drawing organisation decides once; an approved request replaces the inspector by the
 * draw's replacement rule (draw_task_replacements.seq = replacement_seq). Never deleted.
 */
export const recusalRequests = pgTable('recusal_requests', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  /** A drawn task's (replacement by the draw's rule), or a targeted check's draft (`record_id`: the inspector leaves its team). */
  taskId: integer('task_id').references(() => drawTasks.id),
  recordId: integer('record_id').references(() => inspectionRecords.id),
  inspectorId: integer('inspector_id').notNull().references(() => inspectors.id),
  reason: text('reason').notNull(),
  /** Who asks, and how to reach them (as the enterprise wrote it). */
  applicant: text('applicant').notNull(),
  contact: text('contact'),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  /** 'pending' | 'approved' | 'rejected' */
  status: text('status').notNull().default('pending'),
  decidedBy: integer('decided_by').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  decisionNote: text('decision_note'),
  replacementSeq: integer('replacement_seq'),
}, (t) => [index('recusal_requests_task_idx').on(t.taskId, t.status), index('recusal_requests_record_idx').on(t.recordId, t.status)]);

/**
 * A leader's approval of one inspection of an enterprise beyond the annual cap (超出年度检查频次上限),
 * with the reason; used by the targeted check it was granted for (`record_id` set once). Never deleted.
 */
export const capExceptions = pgTable('cap_exceptions', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  targetId: integer('target_id').notNull().references(() => targets.id),
  year: integer('year').notNull(),
  reason: text('reason').notNull(),
  approvedBy: integer('approved_by').notNull().references(() => users.id),
  approvedAt: timestamp('approved_at', { withTimezone: true }).notNull(),
  recordId: integer('record_id').references(() => inspectionRecords.id),
}, (t) => [index('cap_exceptions_target_idx').on(t.targetId, t.year)]);

/**
 * 凡检查必审批 (#9, 国办发〔2024〕54号): the approval of one targeted check (投诉举报 / 上级转办 / 专项 /
 * 监测发现线索 — a record without a task) before it happens: the basis (the clue, the complaint or
 * transfer number), the planned window and the team as requested; a leader of the organisation or
 * above, not the requester, decides once with a written opinion (migration 0016: the trigger freezes
 * the decision, refuses deletes, and refuses submitting a targeted record unless approved and within
 * the window). A decision beyond the annual cap also writes the cap exception it implies.
 */
export const inspectionApprovals = pgTable('inspection_approvals', {
  recordId: integer('record_id').primaryKey().references(() => inspectionRecords.id),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  /** Why the check is needed (the clue as the requester wrote it). */
  basis: text('basis').notNull(),
  /** 投诉举报编号, 转办文号, 专项文件号 … */
  basisRef: text('basis_ref'),
  plannedFrom: date('planned_from', { mode: 'string' }).notNull(),
  plannedTo: date('planned_to', { mode: 'string' }).notNull(),
  /** The team as approved (a recusal may take members off the record's team, never add). */
  team: integer('team').array().notNull(),
  requestedBy: integer('requested_by').references(() => users.id),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  /** 'pending' | 'approved' | 'rejected' | 'withdrawn' (migration 0021: withdrawn by the requester or a coordinator while pending) */
  status: text('status').notNull().default('pending'),
  decidedBy: integer('decided_by').references(() => users.id),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  opinion: text('opinion'),
  /** 撤回: who withdrew the pending request, when, and why (2–200 字). */
  withdrawnBy: integer('withdrawn_by').references(() => users.id),
  withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  withdrawalReason: text('withdrawal_reason'),
}, (t) => [index('inspection_approvals_org_idx').on(t.orgId, t.status)]);

// ── Supervision (#7): reminders, notifications and the scheduler's persisted runs ─────────────────────

/**
 * One due date of an organisation's calendar (a draw window opening, a report, a directory update, a
 * publication deadline), materialised ahead by the scheduler: `key` identifies it within the
 * organisation so re-materialising never duplicates it. It fires once on `remind_on`: the scheduler
 * sets `fired_at` and inserts its notification in one transaction, so a reminder due while the server
 * was stopped fires exactly once after the restart. Never deleted.
 */
export const reminders = pgTable('reminders', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  key: text('key').notNull(),
  /** 'draw' | 'report' | 'publication' | 'milestone' */
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  detail: text('detail'),
  due: date('due', { mode: 'string' }).notNull(),
  remindOn: date('remind_on', { mode: 'string' }).notNull(),
  firedAt: timestamp('fired_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('reminders_org_key_uq').on(t.orgId, t.key),
  index('reminders_pending_idx').on(t.remindOn).where(sql`fired_at IS NULL`),
]);

/** An in-app notification of an organisation (a fired reminder or the daily digest); read marks are per user. */
export const notifications = pgTable('notifications', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  orgId: integer('org_id').notNull().references(() => organizations.id),
  /** 'reminder' | 'digest' | 'approval' (a targeted check's request waiting for, or given, a leader's decision) */
  kind: text('kind').notNull(),
  reminderId: integer('reminder_id').references(() => reminders.id),
  title: text('title').notNull(),
  body: text('body').notNull(),
  due: date('due', { mode: 'string' }),
  createdAt: createdAt(),
}, (t) => [
  index('notifications_org_idx').on(t.orgId, t.createdAt),
  uniqueIndex('notifications_reminder_uq').on(t.reminderId).where(sql`reminder_id IS NOT NULL`),
]);

export const notificationReads = pgTable('notification_reads', {
  notificationId: integer('notification_id').notNull().references(() => notifications.id),
  userId: integer('user_id').notNull().references(() => users.id),
  readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.notificationId, t.userId] })]);

/** A scheduler job's run for one day ('digest', 'materialise'): the primary key makes each run happen once. */
export const schedulerRuns = pgTable('scheduler_runs', {
  job: text('job').notNull(),
  runOn: date('run_on', { mode: 'string' }).notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  detail: jsonb('detail').notNull().default(sql`'{}'::jsonb`),
}, (t) => [primaryKey({ columns: [t.job, t.runOn] })]);

/*
 * Supervision counters (#7, migration 0012): kept current by triggers on draws, draw_tasks,
 * inspection_records, inspection_followups, publications and organizations (see the migration), read
 * by storage/repos/supervision.ts instead of scanning the year's rows. Never written by the application.
 */

/** Tasks of drawn/revealed draws per drawing organisation, draw period and month of the task's submitted record ('' = none). */
export const svTaskCounts = pgTable('sv_task_counts', {
  orgId: integer('org_id').notNull(),
  period: text('period').notNull(),
  month: text('month').notNull(),
  tasks: integer('tasks').notNull().default(0),
  completed: integer('completed').notNull().default(0),
  joint: integer('joint').notNull().default(0),
  crossDept: integer('cross_dept').notNull().default(0),
  jointDone: integer('joint_done').notNull().default(0),
  crossDeptDone: integer('cross_dept_done').notNull().default(0),
  records: integer('records').notNull().default(0),
  problems: integer('problems').notNull().default(0),
  cases: integer('cases').notNull().default(0),
  transfers: integer('transfers').notNull().default(0),
  rectifications: integer('rectifications').notNull().default(0),
  rectified: integer('rectified').notNull().default(0),
  caseFollowups: integer('case_followups').notNull().default(0),
  extraCases: integer('extra_cases').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.orgId, t.period, t.month] })]);

/** Publications of drawn/revealed draws per drawing organisation, draw period, due day ('9999-12-31' = none) and state (pending, timely, late). */
export const svPublicationCounts = pgTable('sv_publication_counts', {
  orgId: integer('org_id').notNull(),
  period: text('period').notNull(),
  dueOn: date('due_on', { mode: 'string' }).notNull(),
  state: text('state').notNull(),
  n: integer('n').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.orgId, t.period, t.dueOn, t.state] })]);

/** Submitted records per scope organisation (the record's organisation and each ancestor), year of inspection and target. */
export const svTargetYear = pgTable('sv_target_year', {
  scopeOrgId: integer('scope_org_id').notNull(),
  year: integer('year').notNull(),
  targetId: integer('target_id').notNull(),
  random: integer('random').notNull().default(0),
  targeted: integer('targeted').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.scopeOrgId, t.year, t.targetId] }),
  index('sv_target_year_top_idx').on(t.scopeOrgId, t.year, sql`${t.random} DESC`, t.targetId),
]);

/** Totals of sv_target_year per scope organisation and year: targets with a record, records, random records. */
export const svRecordYear = pgTable('sv_record_year', {
  scopeOrgId: integer('scope_org_id').notNull(),
  year: integer('year').notNull(),
  targets: integer('targets').notNull().default(0),
  records: integer('records').notNull().default(0),
  random: integer('random').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.scopeOrgId, t.year] })]);

/** Submitted records per scope organisation, year and inspector on the team (appraisal). */
export const svInspectorYear = pgTable('sv_inspector_year', {
  scopeOrgId: integer('scope_org_id').notNull(),
  year: integer('year').notNull(),
  inspectorId: integer('inspector_id').notNull(),
  inspections: integer('inspections').notNull().default(0),
  random: integer('random').notNull().default(0),
  problems: integer('problems').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.scopeOrgId, t.year, t.inspectorId] })]);
