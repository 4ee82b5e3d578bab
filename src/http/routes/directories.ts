/**
 * The three directories: list/search, read, create, edit, history; target events; inspector conflicts.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ENTITIES, conflictBody, eventBody, listQuery, reasonBody, recordBody } from '../contract.ts';
import { getDirectoryRecord, listDirectory } from '../../services/directory/list-records.ts';
import { createDirectoryRecord, updateDirectoryRecord } from '../../services/directory/save-record.ts';
import { recordHistory } from '../../services/directory/record-history.ts';
import * as events from '../../services/target-events.ts';
import { ctxOf } from '../auth.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** Routes under /api/{targets|inspectors|items}. */
export const directoryRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const entity of ENTITIES) {
    const tags = [entity];
    r.get(`/${entity}`, { schema: { tags, querystring: listQuery } }, async (req) => listDirectory(ctxOf(req), entity, req.query));
    r.get(`/${entity}/:id`, { schema: { tags, params: idParams } }, async (req) => ({ record: await getDirectoryRecord(ctxOf(req), entity, req.params.id) }));
    r.post(`/${entity}`, { schema: { tags, body: recordBody } }, async (req, reply) => {
      reply.status(201);
      return { record: await createDirectoryRecord(ctxOf(req), entity, req.body) };
    });
    r.patch(`/${entity}/:id`, { schema: { tags, params: idParams, body: recordBody } }, async (req) => ({ record: await updateDirectoryRecord(ctxOf(req), entity, req.params.id, req.body) }));
    r.get(`/${entity}/:id/history`, { schema: { tags, params: idParams } }, async (req) => ({ versions: await recordHistory(ctxOf(req), entity, req.params.id) }));
  }
  r.get('/targets/:id/events', { schema: { tags: ['targets'], params: idParams } }, async (req) => ({ events: await events.listTargetEvents(ctxOf(req), req.params.id) }));
  r.post('/targets/:id/events', { schema: { tags: ['targets'], params: idParams, body: eventBody } }, async (req, reply) => {
    reply.status(201);
    return { event: await events.addTargetEvent(ctxOf(req), req.params.id, req.body) };
  });
  r.post('/target-events/:id/void', { schema: { tags: ['targets'], params: idParams, body: reasonBody } }, async (req) => ({ event: await events.voidTargetEvent(ctxOf(req), req.params.id, req.body.reason) }));
  r.get('/inspectors/:id/conflicts', { schema: { tags: ['inspectors'], params: idParams } }, async (req) => ({ conflicts: await events.listConflicts(ctxOf(req), req.params.id) }));
  r.post('/inspectors/:id/conflicts', { schema: { tags: ['inspectors'], params: idParams, body: conflictBody } }, async (req, reply) => {
    reply.status(201);
    return { conflict: await events.declareConflict(ctxOf(req), req.params.id, req.body) };
  });
  r.post('/inspector-conflicts/:id/revoke', { schema: { tags: ['inspectors'], params: idParams } }, async (req) => ({ conflict: await events.revokeConflict(ctxOf(req), req.params.id) }));
};
