/**
 * The working-day calendar: known years, the override table, and which days are worked and why.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarBatchBody, calendarDaysQuery, calendarOverrideBody, calendarWithdrawBody } from '../contract.ts';
import * as cal from '../../services/calendar/manage-calendar.ts';
import { ctxOf } from '../auth.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Routes under /api/calendar. */
export const calendarRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['工作日历'];
  r.get('/calendar', { schema: { tags } }, async (req) => cal.getCalendarOverview(ctxOf(req)));
  r.get('/calendar/days', { schema: { tags, querystring: calendarDaysQuery } }, async (req) => ({
    days: await cal.listCalendarDays(ctxOf(req), req.query.from, req.query.to),
  }));
  r.post('/calendar/overrides', { schema: { tags, body: calendarOverrideBody } }, async (req) => ({
    override: await cal.addCalendarOverride(ctxOf(req), req.body),
  }));
  r.post('/calendar/overrides/batch', { schema: { tags, body: calendarBatchBody } }, async (req) => ({
    added: await cal.addCalendarOverrides(ctxOf(req), req.body.rows),
  }));
  r.post('/calendar/overrides/:id/withdraw', { schema: { tags, params: idParams, body: calendarWithdrawBody } }, async (req) => {
    await cal.withdrawCalendarOverride(ctxOf(req), req.params.id, req.body);
    return { ok: true };
  });
};
