/**
 * Organisations, their departments and squads, and user accounts — all within the actor's subtree.
 */
import type { z } from 'zod';
import type { departmentBody, departmentPatch, orgBody, orgPatch, squadBody, squadPatch, userBody, userPatch, DepartmentDto, OrgDto, SquadDto, UserDto } from '../http/contract.ts';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { ROLES, type Role } from '../domain/orgs.ts';
import * as repo from '../storage/repos/orgs.ts';
import { assertAllowed, orgInScope, type Ctx } from './context.ts';
import { hashPassword } from './passwords.ts';
import { inTransaction } from '../storage/database.ts';
import { appendAudit, auditEntry } from './audit/append-audit.ts';

/** The organisations the actor can see. */
export async function listScopeOrgs(ctx: Ctx): Promise<OrgDto[]> {
  return repo.listOrgs(ctx.database.pool, ctx.actor.orgPath);
}

/** Creates an organisation below one in scope. */
export async function createOrg(ctx: Ctx, body: z.infer<typeof orgBody>): Promise<OrgDto> {
  assertAllowed(ctx, 'manageOrgs');
  const parent = await orgInScope(ctx, body.parentId ?? ctx.actor.orgId);
  if (await repo.getOrg(ctx.database.pool, { code: body.code })) {
    throw new AppError(ErrorCode.CONFLICT, `机构编码「${body.code}」已被使用`, [{ field: 'code', reason: '已被使用' }]);
  }
  return inTransaction(ctx.database.pool, async (c) => {
    const org = await repo.insertOrg(c, { ...body, parentId: parent.id });
    await appendAudit(c, auditEntry(ctx, 'org.create', { type: 'organization', id: org.id }, `在「${parent.name}」下新增机构「${org.name}」（${org.code}）`, { ...body, parentId: parent.id }));
    return org;
  });
}

/** Edits an organisation in scope. */
export async function updateOrg(ctx: Ctx, id: number, body: z.infer<typeof orgPatch>): Promise<OrgDto> {
  assertAllowed(ctx, 'manageOrgs');
  const before = await orgInScope(ctx, id);
  await inTransaction(ctx.database.pool, async (c) => {
    await repo.updateOrg(c, id, body);
    await appendAudit(c, auditEntry(ctx, 'org.update', { type: 'organization', id }, `修改机构「${before.name}」（${before.code}）`, { changes: body }));
  });
  return (await repo.getOrg(ctx.database.pool, { id }))!;
}

/** Departments of an organisation in scope. */
export async function listOrgDepartments(ctx: Ctx, orgId: number): Promise<DepartmentDto[]> {
  await orgInScope(ctx, orgId);
  return repo.listDepartments(ctx.database.pool, orgId);
}

/** Squads of an organisation in scope. */
export async function listOrgSquads(ctx: Ctx, orgId: number): Promise<SquadDto[]> {
  await orgInScope(ctx, orgId);
  return repo.listSquadsOf(ctx.database.pool, [orgId]);
}

function duplicateName(e: unknown, what: string, name?: string): never {
  if ((e as { code?: string }).code === '23505') throw new AppError(ErrorCode.CONFLICT, `${what}「${name}」已存在`, [{ field: 'name', reason: '已存在' }]);
  throw e;
}

/** Adds a department. */
export async function createDepartment(ctx: Ctx, orgId: number, body: z.infer<typeof departmentBody>): Promise<DepartmentDto> {
  assertAllowed(ctx, 'manageOrgs');
  await orgInScope(ctx, orgId);
  return inTransaction(ctx.database.pool, async (c) => {
    const d = await repo.insertDepartment(c, orgId, body);
    await appendAudit(c, auditEntry(ctx, 'department.create', { type: 'department', id: d.id }, `新增部门「${body.name}」（机构 ID ${orgId}）`, { orgId, ...body }));
    return d;
  }).catch((e) => duplicateName(e, '部门', body.name));
}

/** Edits a department. */
export async function updateDepartment(ctx: Ctx, id: number, body: z.infer<typeof departmentPatch>): Promise<DepartmentDto> {
  assertAllowed(ctx, 'manageOrgs');
  const d = await repo.getDepartment(ctx.database.pool, id);
  if (!d) throw new AppError(ErrorCode.NOT_FOUND, `部门不存在（ID ${id}）`);
  await orgInScope(ctx, d.orgId);
  return inTransaction(ctx.database.pool, async (c) => {
    const updated = await repo.updateDepartment(c, id, body);
    await appendAudit(c, auditEntry(ctx, 'department.update', { type: 'department', id }, `修改部门「${d.name}」`, { changes: body }));
    return updated;
  }).catch((e) => duplicateName(e, '部门', body.name));
}

async function checkSquadDepartment(ctx: Ctx, orgId: number, departmentId: number | null | undefined) {
  if (departmentId == null) return;
  const d = await repo.getDepartment(ctx.database.pool, departmentId);
  if (!d || d.orgId !== orgId) throw new AppError(ErrorCode.VALIDATION, '所属部门不属于该机构', [{ field: 'departmentId', reason: '部门不属于该机构' }]);
}

/** Adds a squad (执法分队). */
export async function createSquad(ctx: Ctx, orgId: number, body: z.infer<typeof squadBody>): Promise<SquadDto> {
  assertAllowed(ctx, 'manageOrgs');
  await orgInScope(ctx, orgId);
  await checkSquadDepartment(ctx, orgId, body.departmentId);
  return inTransaction(ctx.database.pool, async (c) => {
    const sq = await repo.insertSquad(c, orgId, body);
    await appendAudit(c, auditEntry(ctx, 'squad.create', { type: 'squad', id: sq.id }, `新增分队「${body.name}」（机构 ID ${orgId}）`, { orgId, ...body }));
    return sq;
  }).catch((e) => duplicateName(e, '分队', body.name));
}

/** Edits a squad. */
export async function updateSquad(ctx: Ctx, id: number, body: z.infer<typeof squadPatch>): Promise<SquadDto> {
  assertAllowed(ctx, 'manageOrgs');
  const s = await repo.getSquad(ctx.database.pool, id);
  if (!s) throw new AppError(ErrorCode.NOT_FOUND, `分队不存在（ID ${id}）`);
  await orgInScope(ctx, s.orgId);
  await checkSquadDepartment(ctx, s.orgId, body.departmentId);
  return inTransaction(ctx.database.pool, async (c) => {
    const updated = await repo.updateSquad(c, id, body);
    await appendAudit(c, auditEntry(ctx, 'squad.update', { type: 'squad', id }, `修改分队「${s.name}」`, { changes: body }));
    return updated;
  }).catch((e) => duplicateName(e, '分队', body.name));
}

/** A user as the API shows it (never the password hash). */
export function userDto(u: repo.UserRow): UserDto {
  return { id: u.id, orgId: u.orgId, orgName: u.orgName, username: u.username, displayName: u.displayName, role: u.role, roleLabel: ROLES[u.role as Role] ?? u.role, active: u.active, inspectorId: u.inspectorId, inspectorName: u.inspectorName };
}

/** Users in scope. */
export async function listScopeUsers(ctx: Ctx): Promise<UserDto[]> {
  assertAllowed(ctx, 'manageUsers');
  return (await repo.listUsers(ctx.database.pool, ctx.actor.orgPath)).map(userDto);
}

/** Creates a user account in an organisation in scope. */
export async function createUser(ctx: Ctx, body: z.infer<typeof userBody>): Promise<UserDto> {
  assertAllowed(ctx, 'manageUsers');
  const org = await orgInScope(ctx, body.orgId);
  if (await repo.getUser(ctx.database.pool, { username: body.username })) {
    throw new AppError(ErrorCode.CONFLICT, `用户名「${body.username}」已被使用`, [{ field: 'username', reason: '已被使用' }]);
  }
  await assertInspectorLink(ctx, body.inspectorId, org.path, null);
  const passwordHash = await hashPassword(body.password);
  const { password: _secret, ...shown } = body;
  const id = await inTransaction(ctx.database.pool, async (c) => {
    const newId = await repo.insertUser(c, { ...body, passwordHash });
    await appendAudit(c, auditEntry(ctx, 'user.create', { type: 'user', id: newId }, `新增用户「${body.displayName}」（${body.username}，${ROLES[body.role as Role] ?? body.role}）`, shown));
    return newId;
  });
  return userDto((await repo.getUser(ctx.database.pool, { id }))!);
}

/** Refuses, naming the field, an inspector record the account may not act as. */
async function assertInspectorLink(ctx: Ctx, inspectorId: number | null | undefined, orgPath: string, userId: number | null): Promise<void> {
  if (!inspectorId) return;
  const problem = await repo.inspectorLinkProblem(ctx.database.pool, inspectorId, orgPath, userId);
  if (problem) throw new AppError(ErrorCode.VALIDATION, problem, [{ field: 'inspectorId', reason: problem }]);
}

/** Edits a user (name, role, active, password, linked inspector). */
export async function updateUser(ctx: Ctx, id: number, body: z.infer<typeof userPatch>): Promise<UserDto> {
  assertAllowed(ctx, 'manageUsers');
  const u = await repo.getUser(ctx.database.pool, { id });
  if (!u || !u.orgPath.startsWith(ctx.actor.orgPath)) throw new AppError(ErrorCode.NOT_FOUND, `用户不存在（ID ${id}）`);
  if (id === ctx.actor.id && (body.active === false || (body.role && body.role !== 'admin'))) {
    throw new AppError(ErrorCode.VALIDATION, '不能停用自己的账号或取消自己的管理员角色');
  }
  const { password, ...rest } = body;
  if (rest.inspectorId) await assertInspectorLink(ctx, rest.inspectorId, u.orgPath, id);
  const passwordHash = password ? await hashPassword(password) : undefined;
  await inTransaction(ctx.database.pool, async (c) => {
    await repo.updateUser(c, id, { ...rest, passwordHash });
    await appendAudit(c, auditEntry(ctx, 'user.update', { type: 'user', id },
      `修改用户「${u.displayName}」（${u.username}）${password ? '，重设了登录口令' : ''}`, { changes: rest, credentialReset: Boolean(password) }));
  });
  return userDto((await repo.getUser(ctx.database.pool, { id }))!);
}
