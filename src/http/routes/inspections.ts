/**
 * Inspection records (#5): an inspector's tasks, saving a draft / submitting under the client's
 * idempotency key (PUT, so a replayed request is harmless), a record with its amendments, amendments
 * and their approval, and the counters by year.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  amendmentBody, amendmentDecisionBody, inspectionCountsQuery, inspectionIdParam, inspectionListQuery, inspectionSaveBody,
} from '../contract-inspections.ts';
import { saveInspection } from '../../services/inspection/save-inspection.ts';
import { countInspections, getInspectionDetail, listInspectionRecords, listMyTasks } from '../../services/inspection/read-inspection.ts';
import { decideOnAmendment, requestAmendment } from '../../services/inspection/amend-inspection.ts';
import { ctxOf } from '../auth.ts';

const tags = ['现场检查'];

/** Routes under /api/inspections and /api/inspection-tasks (signed in). */
export const inspectionRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/inspection-tasks/mine', { schema: { tags } }, async (req) => ({ tasks: await listMyTasks(ctxOf(req)) }));
  r.get('/inspections', { schema: { tags, querystring: inspectionListQuery } }, async (req) => ({ records: await listInspectionRecords(ctxOf(req), req.query) }));
  r.get('/inspections/counts', { schema: { tags, querystring: inspectionCountsQuery } }, async (req) => ({ counts: await countInspections(ctxOf(req), req.query) }));
  r.put('/inspections', { schema: { tags, body: inspectionSaveBody } }, async (req) => saveInspection(ctxOf(req), req.body));
  r.get('/inspections/:id', { schema: { tags, params: inspectionIdParam } }, async (req) => getInspectionDetail(ctxOf(req), req.params.id));
  r.post('/inspections/:id/amendments', { schema: { tags, params: inspectionIdParam, body: amendmentBody } }, async (req) => ({
    id: await requestAmendment(ctxOf(req), req.params.id, req.body),
  }));
  r.post('/inspection-amendments/:id/decision', { schema: { tags, params: inspectionIdParam, body: amendmentDecisionBody } }, async (req) => {
    await decideOnAmendment(ctxOf(req), req.params.id, req.body);
    return { ok: true };
  });
};
