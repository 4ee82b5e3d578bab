/**
 * What every use case receives: the database, the acting user and the clock. Keeping the clock here
 * lets tests fix "now" without touching Date.
 */
import type { Database } from '../storage/database.ts';
import type { Role } from '../domain/orgs.ts';
import { allows, type Action } from '../domain/orgs.ts';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { getOrg, listOrgs } from '../storage/repos/orgs.ts';

export interface Actor {
  id: number | null;
  orgId: number;
  orgPath: string;
  role: Role;
  displayName: string;
}

export interface Ctx {
  database: Database;
  actor: Actor;
  now: () => Date;
}

/** The system itself acting (CLI commands run by the operator of the server) within one organisation. */
export function systemActor(org: { id: number; path: string }): Actor {
  return { id: null, orgId: org.id, orgPath: org.path, role: 'admin', displayName: '系统' };
}

/** Throws FORBIDDEN unless the actor's role allows the action. */
export function assertAllowed(ctx: Ctx, action: Action): void {
  if (!allows(ctx.actor.role, action)) {
    throw new AppError(ErrorCode.FORBIDDEN, '当前角色无权执行此操作', [], { role: ctx.actor.role, action });
  }
}

/** The organisation `orgId` if it lies within the actor's subtree (default: the actor's own). */
export async function orgInScope(ctx: Ctx, orgId?: number) {
  const org = await getOrg(ctx.database.pool, { id: orgId ?? ctx.actor.orgId });
  if (!org || !org.path.startsWith(ctx.actor.orgPath)) {
    throw new AppError(ErrorCode.NOT_FOUND, `机构不存在或不在您的管辖范围内（ID ${orgId}）`);
  }
  return org;
}

/** Ids of the organisation `orgId` (default the actor's) and everything below it. */
export async function scopeOrgIds(ctx: Ctx, orgId?: number): Promise<number[]> {
  const org = await orgInScope(ctx, orgId);
  return (await listOrgs(ctx.database.pool, org.path)).map((o) => o.id);
}
