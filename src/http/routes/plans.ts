/**
 * 年度抽查计划: compute, list, draft, decide (leader), mark for publication, export (.xlsx / PDF).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { planDecisionBody, planDraftBody, planExportQuery, planQuery } from '../contract.ts';
import { decidePlan } from '../../services/plans/decide-plan.ts';
import { draftPlan } from '../../services/plans/draft-plan.ts';
import { exportPlan } from '../../services/plans/export-plan.ts';
import { computePlan, getPlanRevision, listPlans } from '../../services/plans/list-plans.ts';
import { publishPlan } from '../../services/plans/publish-plan.ts';
import { ctxOf } from '../auth.ts';

const planId = z.object({ id: z.coerce.number().int().positive() });

function attachment(name: string): string {
  return `attachment; filename="plan${name.slice(name.lastIndexOf('.'))}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Routes under /api/plans. */
export const planRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['年度抽查计划'];
  r.get('/plans', { schema: { tags, querystring: planQuery } }, async (req) =>
    listPlans(ctxOf(req), { profileKey: req.query.profile, year: req.query.year, orgId: req.query.orgId }));
  r.get('/plans/compute', { schema: { tags, querystring: planQuery } }, async (req) => ({
    computation: await computePlan(ctxOf(req), { profileKey: req.query.profile, year: req.query.year, orgId: req.query.orgId, level: req.query.level, source: req.query.source }),
  }));
  r.post('/plans', { schema: { tags, body: planDraftBody } }, async (req) => ({
    plan: await draftPlan(ctxOf(req), { profileKey: req.body.profile, year: req.body.year, orgId: req.body.orgId, level: req.body.level, planned: req.body.planned, note: req.body.note, source: req.body.source }),
  }));
  r.get('/plans/:id', { schema: { tags, params: planId } }, async (req) => ({ plan: await getPlanRevision(ctxOf(req), req.params.id) }));
  r.post('/plans/:id/decision', { schema: { tags, params: planId, body: planDecisionBody } }, async (req) => ({
    plan: await decidePlan(ctxOf(req), { planId: req.params.id, decision: req.body.decision, note: req.body.note }),
  }));
  r.post('/plans/:id/publish', { schema: { tags, params: planId } }, async (req) => ({ plan: await publishPlan(ctxOf(req), req.params.id) }));
  r.get('/plans/:id/export', { schema: { tags, params: planId, querystring: planExportQuery } }, async (req, reply) => {
    const file = await exportPlan(ctxOf(req), req.params.id, req.query.format);
    return reply.header('Content-Type', file.contentType).header('Content-Disposition', attachment(file.fileName)).send(file.body);
  });
};
