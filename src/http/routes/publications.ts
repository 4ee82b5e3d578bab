/** 一公开 administration (signed in): the queue, the rate, wording and its approval, redaction, publish. */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { publicationIdParam, publicationQueueQuery, publicationRateQuery, publishBody, redactionBody, wordingBody, wordingDecisionBody } from '../contract-publications.ts';
import { ctxOf } from '../auth.ts';
import { listPublicationQueue, publicationRateTable } from '../../services/publication/list-publications.ts';
import { proposeWording } from '../../services/publication/propose-wording.ts';
import { decideWording } from '../../services/publication/decide-wording.ts';
import { redactPublication } from '../../services/publication/redact-publication.ts';
import { publishPublication } from '../../services/publication/publish-publication.ts';

const tags = ['一公开'];

export const publicationRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/publications', { schema: { tags, querystring: publicationQueueQuery } }, async (req) => listPublicationQueue(ctxOf(req), req.query));
  r.get('/publications/rates', { schema: { tags, querystring: publicationRateQuery } }, async (req) => publicationRateTable(ctxOf(req), req.query));
  r.post('/publications/:id/wording', { schema: { tags, params: publicationIdParam, body: wordingBody } }, async (req) => {
    await proposeWording(ctxOf(req), req.params.id, req.body);
    return { ok: true };
  });
  r.post('/publications/:id/wording/decision', { schema: { tags, params: publicationIdParam, body: wordingDecisionBody } }, async (req) => {
    await decideWording(ctxOf(req), req.params.id, req.body);
    return { ok: true };
  });
  r.post('/publications/:id/redaction', { schema: { tags, params: publicationIdParam, body: redactionBody } }, async (req) => {
    await redactPublication(ctxOf(req), req.params.id, req.body);
    return { ok: true };
  });
  r.post('/publications/:id/publish', { schema: { tags, params: publicationIdParam, body: publishBody } }, async (req) => {
    await publishPublication(ctxOf(req), req.params.id, req.body);
    return { ok: true };
  });
};
