/**
 * 监督统计 (#7): GET /api/supervision/dashboard (figures of an organisation and period, with its
 * children), GET /api/supervision/reports/:kind (统计表 / 明细表 .xlsx, 年度工作报告 PDF),
 * GET /api/supervision/reminders (the reminder calendar), GET /api/notifications and
 * POST /api/notifications/read (the bell).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ctxOf } from '../auth.ts';
import { dashboardQuery, markReadBody, remindersQuery, reportParams, reportQuery } from '../contract-supervision.ts';
import { supervisionFigures } from '../../services/supervision/figures.ts';
import { exportReport } from '../../services/supervision/export-report.ts';
import { markRead, myNotifications, reminderCalendar } from '../../services/supervision/notifications.ts';

function attachment(name: string): string {
  return `attachment; filename="report${name.slice(name.lastIndexOf('.'))}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Routes under /api/supervision and /api/notifications. */
export const supervisionRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['监督统计'];
  r.get('/supervision/dashboard', { schema: { tags, querystring: dashboardQuery } }, async (req) => supervisionFigures(ctxOf(req), req.query));
  r.get('/supervision/reports/:kind', { schema: { tags, params: reportParams, querystring: reportQuery } }, async (req, reply) => {
    const file = await exportReport(ctxOf(req), { kind: req.params.kind, period: req.query.period, orgId: req.query.orgId });
    return reply.header('Content-Type', file.contentType).header('Content-Disposition', attachment(file.fileName)).send(file.body);
  });
  r.get('/supervision/reminders', { schema: { tags, querystring: remindersQuery } }, async (req) => ({ rows: await reminderCalendar(ctxOf(req), req.query) }));
  r.get('/notifications', { schema: { tags } }, async (req) => myNotifications(ctxOf(req)));
  r.post('/notifications/read', { schema: { tags, body: markReadBody } }, async (req) => ({ marked: await markRead(ctxOf(req), req.body.ids ?? null) }));
};
