/**
 * SQL for organisations, departments, squads, users and sessions.
 */
import type { Queryable } from './directory.ts';
import type { DepartmentDto, OrgDto, SquadDto } from '../../http/contract.ts';

const ORG_COLUMNS = `id, code, name, level, parent_id AS "parentId", path, region_code AS "regionCode", active`;

/** Every organisation whose path starts with `scopePath`, parents before children. */
export async function listOrgs(q: Queryable, scopePath: string): Promise<OrgDto[]> {
  const res = await q.query(`SELECT ${ORG_COLUMNS} FROM organizations WHERE path LIKE $1 || '%' ORDER BY length(path), code`, [scopePath]);
  return res.rows;
}

/** One organisation by id or code. */
export async function getOrg(q: Queryable, by: { id?: number; code?: string }): Promise<OrgDto | undefined> {
  const res = by.id !== undefined
    ? await q.query(`SELECT ${ORG_COLUMNS} FROM organizations WHERE id = $1`, [by.id])
    : await q.query(`SELECT ${ORG_COLUMNS} FROM organizations WHERE code = $1`, [by.code]);
  return res.rows[0];
}

/** The root organisations (no parent). */
export async function listRootOrgs(q: Queryable): Promise<OrgDto[]> {
  return (await q.query(`SELECT ${ORG_COLUMNS} FROM organizations WHERE parent_id IS NULL ORDER BY id`)).rows;
}

/** Inserts an organisation and sets its path from its parent's. */
export async function insertOrg(q: Queryable, org: { code: string; name: string; level: string; parentId: number | null; regionCode?: string | null }): Promise<OrgDto> {
  const res = await q.query(
    `INSERT INTO organizations (code, name, level, parent_id, region_code) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [org.code, org.name, org.level, org.parentId, org.regionCode ?? null],
  );
  const id = res.rows[0].id as number;
  await q.query(
    `UPDATE organizations SET path = COALESCE((SELECT p.path FROM organizations p WHERE p.id = $2), '/') || $1 || '/' WHERE id = $1`,
    [id, org.parentId],
  );
  return (await getOrg(q, { id }))!;
}

/** Updates name, level, region code or active flag. */
export async function updateOrg(q: Queryable, id: number, patch: { name?: string; level?: string; regionCode?: string; active?: boolean }): Promise<void> {
  await q.query(
    `UPDATE organizations SET name = COALESCE($2, name), level = COALESCE($3, level), region_code = COALESCE($4, region_code), active = COALESCE($5, active) WHERE id = $1`,
    [id, patch.name ?? null, patch.level ?? null, patch.regionCode ?? null, patch.active ?? null],
  );
}

const DEPT_COLUMNS = `id, org_id AS "orgId", name, kind, active`;
/** Departments of one organisation. */
export async function listDepartments(q: Queryable, orgId: number): Promise<DepartmentDto[]> {
  return (await q.query(`SELECT ${DEPT_COLUMNS} FROM departments WHERE org_id = $1 ORDER BY id`, [orgId])).rows;
}
/** Departments of several organisations (import name resolution). */
export async function listDepartmentsOf(q: Queryable, orgIds: number[]): Promise<DepartmentDto[]> {
  return (await q.query(`SELECT ${DEPT_COLUMNS} FROM departments WHERE org_id = ANY($1::int[])`, [orgIds])).rows;
}
/** One department by id. */
export async function getDepartment(q: Queryable, id: number): Promise<DepartmentDto | undefined> {
  return (await q.query(`SELECT ${DEPT_COLUMNS} FROM departments WHERE id = $1`, [id])).rows[0];
}
/** Inserts a department. */
export async function insertDepartment(q: Queryable, orgId: number, d: { name: string; kind: string }): Promise<DepartmentDto> {
  return (await q.query(`INSERT INTO departments (org_id, name, kind) VALUES ($1, $2, $3) RETURNING ${DEPT_COLUMNS}`, [orgId, d.name, d.kind])).rows[0];
}
/** Updates a department. */
export async function updateDepartment(q: Queryable, id: number, p: { name?: string; kind?: string; active?: boolean }): Promise<DepartmentDto> {
  return (await q.query(
    `UPDATE departments SET name = COALESCE($2, name), kind = COALESCE($3, kind), active = COALESCE($4, active) WHERE id = $1 RETURNING ${DEPT_COLUMNS}`,
    [id, p.name ?? null, p.kind ?? null, p.active ?? null],
  )).rows[0];
}

const SQUAD_SELECT = `SELECT s.id, s.org_id AS "orgId", s.department_id AS "departmentId", d.name AS "departmentName", s.name, s.active
  FROM squads s LEFT JOIN departments d ON d.id = s.department_id`;
/** Squads of several organisations. */
export async function listSquadsOf(q: Queryable, orgIds: number[]): Promise<SquadDto[]> {
  return (await q.query(`${SQUAD_SELECT} WHERE s.org_id = ANY($1::int[]) ORDER BY s.id`, [orgIds])).rows;
}
/** One squad by id. */
export async function getSquad(q: Queryable, id: number): Promise<SquadDto | undefined> {
  return (await q.query(`${SQUAD_SELECT} WHERE s.id = $1`, [id])).rows[0];
}
/** Inserts a squad. */
export async function insertSquad(q: Queryable, orgId: number, s: { name: string; departmentId?: number | null }): Promise<SquadDto> {
  const id = (await q.query(`INSERT INTO squads (org_id, name, department_id) VALUES ($1, $2, $3) RETURNING id`, [orgId, s.name, s.departmentId ?? null])).rows[0].id;
  return (await getSquad(q, id))!;
}
/** Updates a squad. */
export async function updateSquad(q: Queryable, id: number, p: { name?: string; departmentId?: number | null; active?: boolean }): Promise<SquadDto> {
  await q.query(
    `UPDATE squads SET name = COALESCE($2, name), department_id = CASE WHEN $3::boolean THEN $4 ELSE department_id END, active = COALESCE($5, active) WHERE id = $1`,
    [id, p.name ?? null, p.departmentId !== undefined, p.departmentId ?? null, p.active ?? null],
  );
  return (await getSquad(q, id))!;
}

export interface UserRow {
  id: number; orgId: number; orgName: string; orgPath: string; username: string; displayName: string; role: string;
  active: boolean; passwordHash: string; failedLogins: number; lockedUntil: Date | null;
  /** The linked 检查人员 record and its name with certificate number, or null. */
  inspectorId: number | null; inspectorName: string | null;
}
const USER_SELECT = `SELECT u.id, u.org_id AS "orgId", o.name AS "orgName", o.path AS "orgPath", u.username, u.display_name AS "displayName",
  u.role, u.active, u.password_hash AS "passwordHash", u.failed_logins AS "failedLogins", u.locked_until AS "lockedUntil",
  u.inspector_id AS "inspectorId", CASE WHEN li.id IS NULL THEN NULL ELSE li.name || '（' || li.cert_no || '）' END AS "inspectorName"
  FROM users u JOIN organizations o ON o.id = u.org_id LEFT JOIN inspectors li ON li.id = u.inspector_id`;
/** One user by id or username. */
export async function getUser(q: Queryable, by: { id?: number; username?: string }): Promise<UserRow | undefined> {
  const res = by.id !== undefined ? await q.query(`${USER_SELECT} WHERE u.id = $1`, [by.id]) : await q.query(`${USER_SELECT} WHERE u.username = $1`, [by.username]);
  return res.rows[0];
}
/** Users in organisations whose path starts with `scopePath`. */
export async function listUsers(q: Queryable, scopePath: string): Promise<UserRow[]> {
  return (await q.query(`${USER_SELECT} WHERE o.path LIKE $1 || '%' ORDER BY o.path, u.username`, [scopePath])).rows;
}
/** Inserts a user. */
export async function insertUser(q: Queryable, u: { orgId: number; username: string; displayName: string; role: string; passwordHash: string; inspectorId?: number | null }): Promise<number> {
  return (await q.query(
    `INSERT INTO users (org_id, username, display_name, role, password_hash, inspector_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [u.orgId, u.username, u.displayName, u.role, u.passwordHash, u.inspectorId ?? null],
  )).rows[0].id;
}
/** Updates a user's editable fields. */
export async function updateUser(q: Queryable, id: number, p: { displayName?: string; role?: string; active?: boolean; passwordHash?: string; inspectorId?: number | null }): Promise<void> {
  // inspectorId: undefined keeps the link, null removes it.
  await q.query(
    `UPDATE users SET display_name = COALESCE($2, display_name), role = COALESCE($3, role), active = COALESCE($4, active),
       password_hash = COALESCE($5, password_hash), inspector_id = CASE WHEN $6 THEN $7::int ELSE inspector_id END WHERE id = $1`,
    [id, p.displayName ?? null, p.role ?? null, p.active ?? null, p.passwordHash ?? null, p.inspectorId !== undefined, p.inspectorId ?? null],
  );
}

/**
 * Why `inspectorId` cannot be linked to a user of the organisation at `orgPath` (null when it can): the
 * record must exist in that organisation's subtree and not be linked to another active account.
 */
export async function inspectorLinkProblem(q: Queryable, inspectorId: number, orgPath: string, exceptUserId: number | null): Promise<string | null> {
  const i = (await q.query(`SELECT i.name, o.path FROM inspectors i JOIN organizations o ON o.id = i.org_id WHERE i.id = $1`, [inspectorId])).rows[0] as { name: string; path: string } | undefined;
  if (!i) return `检查人员不存在（ID ${inspectorId}）`;
  if (!i.path.startsWith(orgPath)) return `检查人员「${i.name}」不属于该用户所在机构或其下级机构`;
  const other = (await q.query(`SELECT username FROM users WHERE inspector_id = $1 AND active AND id <> $2`, [inspectorId, exceptUserId ?? 0])).rows[0] as { username: string } | undefined;
  return other ? `检查人员「${i.name}」已关联用户「${other.username}」，一名检查人员只能关联一个启用的账号` : null;
}
/** Records a failed or successful login attempt (lockout bookkeeping). */
export async function recordLoginAttempt(q: Queryable, id: number, ok: boolean, lockUntil: Date | null): Promise<void> {
  if (ok) await q.query(`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1`, [id]);
  else await q.query(`UPDATE users SET failed_logins = failed_logins + 1, locked_until = COALESCE($2, locked_until) WHERE id = $1`, [id, lockUntil]);
}

/** Stores a session (token hash only). */
export async function insertSession(q: Queryable, tokenHash: string, userId: number, expiresAt: Date): Promise<void> {
  await q.query(`INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)`, [tokenHash, userId, expiresAt]);
}
/** The user of a live session. */
export async function getSessionUser(q: Queryable, tokenHash: string, now: Date): Promise<UserRow | undefined> {
  return (await q.query(`${USER_SELECT} JOIN sessions s ON s.user_id = u.id WHERE s.token_hash = $1 AND s.expires_at > $2`, [tokenHash, now])).rows[0];
}
/** Ends a session by making it expire now (sessions are kept for the audit trail). */
export async function endSession(q: Queryable, tokenHash: string, now: Date): Promise<void> {
  await q.query(`UPDATE sessions SET expires_at = $2 WHERE token_hash = $1`, [tokenHash, now]);
}
