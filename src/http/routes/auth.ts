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

const ACTIONS: Action[] = ['read', 'write', 'import', 'manageOrgs', 'manageUsers', 'audit'];

async function sessionUserDto(database: Database, user: UserRow): Promise<SessionUserDto> {
  const org = (await getOrg(database.pool, { id: user.orgId }))!;
  return { ...userDto(user), org, permissions: ACTIONS.filter((a) => allows(user.role as Role, a)) };
}

/** Routes under /api/auth. */
export function authRoutes(deps: { database: Database; now: () => Date; session: preHandlerHookHandler }): FastifyPluginAsync {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post('/auth/login', { schema: { body: loginBody, tags: ['登录'] } }, async (request, reply) => {
      const { token, user } = await login(deps.database, request.body.username, request.body.password, deps.now(), { ip: request.ip });
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
