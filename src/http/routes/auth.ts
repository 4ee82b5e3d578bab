/**
 * Login, logout and the current user.
 */
import type { FastifyPluginAsync, preHandlerHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { loginBody, type SessionUserDto } from '../contract.ts';
import type { Database } from '../../storage/database.ts';
import { login, logout, SESSION_HOURS } from '../../services/auth.ts';
import { userDto } from '../../services/manage-orgs.ts';
import { getOrg, type UserRow } from '../../storage/repos/orgs.ts';
import { allows, type Action, type Role } from '../../domain/orgs.ts';
import { ctxOf, forgetSession, SESSION_COOKIE } from '../auth.ts';
import { getUser } from '../../storage/repos/orgs.ts';
import type { LoginLimiter } from '../security.ts';
import { AppError } from '../../domain/errors.ts';
import { appendAudit } from '../../services/audit/append-audit.ts';

const ACTIONS: Action[] = ['read', 'write', 'import', 'manageOrgs', 'manageUsers', 'audit'];

async function sessionUserDto(database: Database, user: UserRow): Promise<SessionUserDto> {
  const org = (await getOrg(database.pool, { id: user.orgId }))!;
  return { ...userDto(user), org, permissions: ACTIONS.filter((a) => allows(user.role as Role, a)) };
}

/** Routes under /api/auth. */
export function authRoutes(deps: { database: Database; now: () => Date; session: preHandlerHookHandler; limiter: LoginLimiter }): FastifyPluginAsync {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post('/auth/login', { schema: { body: loginBody, tags: ['登录'] } }, async (request, reply) => {
      deps.limiter.check(request.ip, deps.now());
      let session;
      try {
        session = await login(deps.database, request.body.username, request.body.password, deps.now(), { ip: request.ip });
      } catch (e) {
        if (e instanceof AppError && (e.code === 'UNAUTHENTICATED' || e.code === 'RATE_LIMITED') && deps.limiter.fail(request.ip, deps.now())) {
          await appendAudit(deps.database.pool, {
            actor: { id: null, orgId: null, displayName: '（未登录）' }, at: deps.now(), action: 'auth.ip_limited', object: { type: 'ip', id: request.ip },
            summary: `来自 ${request.ip} 的登录失败次数过多，暂停该地址登录 ${Math.round(deps.limiter.windowMs / 60_000)} 分钟`, detail: { ip: request.ip, failures: deps.limiter.max },
          });
        }
        throw e;
      }
      const { token, user } = session;
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/', httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge: SESSION_HOURS * 3600,
      });
      return { user: await sessionUserDto(deps.database, user) };
    });
    r.post('/auth/logout', { schema: { tags: ['登录'] } }, async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        await logout(deps.database, token, deps.now());
        forgetSession(token);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    });
    r.get('/auth/me', { preHandler: deps.session, schema: { tags: ['登录'] } }, async (request) => {
      const user = (await getUser(deps.database.pool, { id: ctxOf(request).actor.id! }))!;
      return { user: await sessionUserDto(deps.database, user) };
    });
  };
}
