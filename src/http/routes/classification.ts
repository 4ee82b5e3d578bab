/**
 * 分类结果: run a classification on demand, list the runs of a scope, page through a run's targets.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { classificationQuery, classificationResultsQuery, classificationRunBody } from '../contract.ts';
import { listClassificationResults, listClassificationRuns } from '../../services/classification/list-classification.ts';
import { runClassification } from '../../services/classification/run-classification.ts';
import { ctxOf } from '../auth.ts';

const runId = z.object({ id: z.coerce.number().int().positive() });

/** Routes under /api/classification. */
export const classificationRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['分类结果'];
  r.get('/classification/runs', { schema: { tags, querystring: classificationQuery } }, async (req) =>
    listClassificationRuns(ctxOf(req), { profileKey: req.query.profile, period: req.query.period, orgId: req.query.orgId }));
  r.post('/classification/runs', { schema: { tags, body: classificationRunBody } }, async (req, reply) => {
    const ctx = ctxOf(req);
    const id = await runClassification(ctx, { profileKey: req.body.profile, period: req.body.period, orgId: req.body.orgId, trigger: 'manual' });
    return reply.status(201).send(await listClassificationResults(ctx, id, { page: 1, pageSize: 50 }));
  });
  r.get('/classification/runs/:id/results', { schema: { tags, params: runId, querystring: classificationResultsQuery } }, async (req) =>
    listClassificationResults(ctxOf(req), req.params.id, {
      category: req.query.category, stratum: req.query.stratum, changedOnly: req.query.changedOnly === 'true', page: req.query.page, pageSize: req.query.pageSize,
    }));
};
