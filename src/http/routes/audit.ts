/**
 * The audit log, read-only: GET /api/audit (filters: action, user, date range; newest first) and
 * POST /api/audit/verify (recomputes the hash chain). Administrators and 监督 only.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ctxOf } from '../auth.ts';
import { listAudit, verifyAuditFor } from '../../services/audit/read-audit.ts';
import { AUDIT_ACTIONS } from '../../services/audit/append-audit.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');
export const auditQuery = z.object({
  action: z.string().trim().max(60).optional(),
  userId: z.coerce.number().int().positive().optional(),
  from: day.optional(),
  to: day.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Beijing-time day boundaries. */
const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);

/** Routes under /api/audit. */
export const auditRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['审计日志'];
  r.get('/audit', { schema: { tags, querystring: auditQuery } }, async (req) => {
    const q = req.query;
    const page = await listAudit(ctxOf(req), {
      action: q.action || undefined, actorId: q.userId,
      since: q.from ? dayStart(q.from) : undefined,
      until: q.to ? new Date(dayStart(q.to).getTime() + 86_400_000) : undefined,
      limit: q.limit, offset: q.offset,
    });
    return { ...page, actions: AUDIT_ACTIONS };
  });
  r.post('/audit/verify', { schema: { tags } }, async (req) => {
    const v = await verifyAuditFor(ctxOf(req));
    return { ok: v.ok, rows: v.rows, lastSeq: v.lastSeq, lastHash: v.lastHash, first: v.first ?? null, problems: v.problems.slice(0, 50) };
  });
};
