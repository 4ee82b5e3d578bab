/**
 * Builds the Fastify server: JSON API under /api (zod-validated, OpenAPI at /api/docs) and the admin
 * web app (web/dist) for every other path. Handlers only translate HTTP ↔ use case.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import staticFiles from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Database } from '../storage/database.ts';
import { handleError } from './errors.ts';
import { requireSession } from './auth.ts';
import { drawRoutes, publicDrawRoutes } from './routes/draws.ts';
import { authRoutes } from './routes/auth.ts';
import { orgRoutes } from './routes/orgs.ts';
import { directoryRoutes } from './routes/directories.ts';
import { importRoutes } from './routes/imports.ts';
import { policyRoutes } from './routes/policy.ts';
import { planRoutes } from './routes/plans.ts';
import { classificationRoutes } from './routes/classification.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { auditRoutes } from './routes/audit.ts';
import { inspectionRoutes, publicRectifyRoutes } from './routes/inspections.ts';
import { enterpriseCheckRoutes, publicInspectionCodeRoutes } from './routes/enterprise-checks.ts';
import { publicationRoutes } from './routes/publications.ts';
import { supervisionRoutes } from './routes/supervision.ts';
import { portalRoutes } from './routes/portal.ts';
import { LoginLimiter, registerSecurity } from './security.ts';

z.config(z.locales.zhCN());

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
export const MAX_UPLOAD_BYTES = 300 * 1024 * 1024;

export interface AppOptions {
  database: Database;
  now?: () => Date;
  logger?: boolean | object;
  /** Called for every route as it is registered (the authorization matrix test lists them). */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
  /** Failed logins allowed per client IP (default 20 per 15 minutes). */
  loginLimiter?: LoginLimiter;
  /** Folder for uploaded import files while they are processed. */
  uploadDir: string;
}

/** The HTTP application, not yet listening. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const now = opts.now ?? (() => new Date());
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 2 * 1024 * 1024,
    trustProxy: true,
    // Malformed URLs and over-long path parameters are refused by the router before any hook: answer them in Chinese too.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  registerSecurity(app);
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
  await app.register(swagger, {
    openapi: { info: { title: '双随机、一公开监管平台 API', version: '0.1.0', description: '所有接口（登录除外）需要登录会话 Cookie。' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const session = requireSession(opts.database, now);
  await app.register(authRoutes({ database: opts.database, now, session, limiter: opts.loginLimiter ?? new LoginLimiter() }), { prefix: '/api' });
  await app.register(publicDrawRoutes(opts.database), { prefix: '/api' });
  await app.register(publicRectifyRoutes({ database: opts.database, filesDir: join(dirname(opts.uploadDir), 'files'), now }), { prefix: '/api' });
  await app.register(publicInspectionCodeRoutes({ database: opts.database, now }), { prefix: '/api' });
  // The public portal and open data (no login, server-rendered): /public, /public/data.
  await app.register(portalRoutes(opts.database));
  await app.register(async (api) => {
    api.addHook('preHandler', session);
    await api.register(orgRoutes);
    await api.register(directoryRoutes);
    await api.register(importRoutes({ uploadDir: opts.uploadDir }));
    await api.register(policyRoutes);
    await api.register(planRoutes);
    await api.register(classificationRoutes);
    await api.register(calendarRoutes);
    await api.register(auditRoutes);
    await api.register(drawRoutes);
    await api.register(enterpriseCheckRoutes);
    await api.register(publicationRoutes);
    await api.register(supervisionRoutes);
    await api.register(inspectionRoutes({ filesDir: join(dirname(opts.uploadDir), 'files') }));
  }, { prefix: '/api' });

  if (existsSync(WEB_DIST)) {
    await app.register(staticFiles, { root: WEB_DIST, wildcard: false });
    // The admin app routes on the client: unknown non-API paths get its index page.
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/')) return reply.status(404).send({ code: 'NOT_FOUND', message: '接口不存在' });
      return reply.type('text/html').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler((request, reply) => reply.status(404).send({ code: 'NOT_FOUND', message: request.url.startsWith('/api/') ? '接口不存在' : '管理页面尚未构建：请先运行 npm run build' }));
  }
  return app;
}
