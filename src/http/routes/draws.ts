/**
 * Draws (SSJ-DRAW/1): freeze → draw → reveal, the list under the confidentiality rule, replacements,
 * the bundle, plan compliance (/api/draws…), and the public portal's view without login
 * (/api/public/draws…): ids and hashes at freeze, the result hash at draw, the bundle after the reveal.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  drawAbandonBody, drawComplianceQuery, drawFreezeBody, drawIdParam, drawListQuery, drawReplaceBody, drawRunBody,
} from '../contract.ts';
import type { Database } from '../../storage/database.ts';
import { freezeDraw } from '../../services/draw/freeze-draw.ts';
import { abandonDraw, executeDraw, revealDraw } from '../../services/draw/run-draw.ts';
import { drawSummary, exportBundle, getDrawAccessLog, getDrawDetail, getPublicDraw, listDrawSummaries, listPublicDraws } from '../../services/draw/read-draw.ts';
import { replaceInspector } from '../../services/draw/replace-inspector.ts';
import { planCompliance } from '../../services/draw/plan-compliance.ts';
import { drawRecordPdf } from '../../services/draw/draw-record.ts';
import { ctxOf } from '../auth.ts';

const tags = ['抽取'];

function attachment(name: string): string {
  return `attachment; filename="draw${name.slice(name.lastIndexOf('.'))}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Routes under /api/draws (signed in). */
export const drawRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/draws', { schema: { tags, querystring: drawListQuery } }, async (req) => ({ draws: await listDrawSummaries(ctxOf(req), req.query.orgId) }));
  r.get('/draws/compliance', { schema: { tags, querystring: drawComplianceQuery } }, async (req) => ({
    compliance: await planCompliance(ctxOf(req), req.query),
  }));
  r.post('/draws', { schema: { tags, body: drawFreezeBody } }, async (req) => ({
    draw: drawSummary(await freezeDraw(ctxOf(req), req.body)),
  }));
  r.get('/draws/:id', { schema: { tags, params: drawIdParam } }, async (req) => ({ draw: await getDrawDetail(ctxOf(req), req.params.id) }));
  r.get('/draws/:id/access-log', { schema: { tags, params: drawIdParam } }, async (req) => ({ entries: await getDrawAccessLog(ctxOf(req), req.params.id) }));
  r.post('/draws/:id/draw', { schema: { tags, params: drawIdParam, body: drawRunBody } }, async (req) => ({
    draw: drawSummary(await executeDraw(ctxOf(req), req.params.id, req.body)),
  }));
  r.post('/draws/:id/reveal', { schema: { tags, params: drawIdParam } }, async (req) => ({ draw: drawSummary(await revealDraw(ctxOf(req), req.params.id)) }));
  r.post('/draws/:id/abandon', { schema: { tags, params: drawIdParam, body: drawAbandonBody } }, async (req) => ({
    draw: drawSummary(await abandonDraw(ctxOf(req), req.params.id, req.body.reason)),
  }));
  r.get('/draws/:id/bundle', { schema: { tags, params: drawIdParam } }, async (req, reply) => {
    const bundle = await exportBundle(ctxOf(req), req.params.id);
    reply.header('Content-Disposition', attachment(`${bundle.manifest.drawId}.json`));
    return bundle;
  });
  r.get('/draws/:id/record.pdf', { schema: { tags, params: drawIdParam } }, async (req, reply) => {
    const { pdf, fileName } = await drawRecordPdf(ctxOf(req), req.params.id);
    return reply.header('Content-Type', 'application/pdf').header('Content-Disposition', attachment(fileName)).send(pdf);
  });
  r.post('/draw-tasks/:id/replace', { schema: { tags, params: drawIdParam, body: drawReplaceBody } }, async (req) => ({
    replacement: await replaceInspector(ctxOf(req), req.params.id, req.body),
  }));
};

/** Routes under /api/public (no login). */
export function publicDrawRoutes(database: Database): FastifyPluginAsync {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/public/draws', { schema: { tags, querystring: z.object({ org: z.string().min(1, '请指定机构代码') }) } }, async (req) => ({
      draws: await listPublicDraws(database.pool, req.query.org),
    }));
    r.get('/public/draws/:drawNo', { schema: { tags, params: z.object({ drawNo: z.string().min(1) }) } }, async (req) => ({
      draw: await getPublicDraw(database.pool, req.params.drawNo),
    }));
  };
}
