/**
 * Session authentication for /api: the 'ss_session' cookie (HttpOnly, SameSite=Strict) names a
 * session; its user becomes the request's actor. Sessions are cached briefly in memory so a progress
 * poll does not wait for the database while an embedded import holds its only connection.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../domain/errors.ts';
import type { Database } from '../storage/database.ts';
import type { UserRow } from '../storage/repos/orgs.ts';
import { sessionUser } from '../services/auth.ts';
import type { Actor, Ctx } from '../services/context.ts';
import type { Role } from '../domain/orgs.ts';

export const SESSION_COOKIE = 'ss_session';
const CACHE_MS = 30_000;
const cache = new Map<string, { user: UserRow; until: number }>();

declare module 'fastify' {
  interface FastifyRequest { ctx?: Ctx; sessionToken?: string }
}

/** The actor a user row acts as. */
export function actorOf(user: UserRow): Actor {
  return { id: user.id, orgId: user.orgId, orgPath: user.orgPath, role: user.role as Role, displayName: user.displayName };
}

/** Forgets a cached session (logout, user changes). */
export function forgetSession(token?: string) {
  if (token) cache.delete(token);
  else cache.clear();
}

/** A preHandler that requires a live session and attaches `request.ctx`. */
export function requireSession(database: Database, now: () => Date) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw new AppError(ErrorCode.UNAUTHENTICATED, '请先登录');
    let user = cache.get(token);
    if (!user || user.until < Date.now()) {
      const found = await sessionUser(database, token, now());
      if (!found) {
        cache.delete(token);
        throw new AppError(ErrorCode.UNAUTHENTICATED, '登录已过期，请重新登录');
      }
      user = { user: found, until: Date.now() + CACHE_MS };
      cache.set(token, user);
    }
    request.sessionToken = token;
    request.ctx = { database, actor: actorOf(user.user), now };
  };
}

/** The request's context; routes behind requireSession always have one. */
export function ctxOf(request: FastifyRequest): Ctx {
  if (!request.ctx) throw new AppError(ErrorCode.UNAUTHENTICATED, '请先登录');
  return request.ctx;
}
