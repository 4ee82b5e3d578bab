/**
 * 涉企行政检查 (#9): a task's inspection code (JSON with the QR as SVG, and a printable PDF), the
 * standard forms (行政检查审批表, 现场检查笔录), recusal requests and their decision, the cap warning
 * list with the leader's approval beyond the cap, targeted checks' requests and their approval (凡检查必审批),
 * and the figures; plus the public code page's API
 * (no login) under /api/public/inspection-codes.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  capExceptionBody, codeParam, orgYearQuery, recusalBody, recusalDecisionBody, recusalListQuery, targetedCheckDecisionBody, targetedCheckWithdrawalBody, targetedCheckListQuery,
  targetedCheckRequestBody, taskIdParam,
} from '../contract-enterprise-checks.ts';
import type { InspectionKind } from '../../domain/inspections.ts';
import { requestTargetedCheck } from '../../services/enterprise-checks/request-targeted-check.ts';
import { decideTargetedCheck } from '../../services/enterprise-checks/decide-targeted-check.ts';
import { listTargetedChecks } from '../../services/enterprise-checks/list-targeted-checks.ts';
import { withdrawTargetedCheck } from '../../services/enterprise-checks/withdraw-targeted-check.ts';
import { ctxOf } from '../auth.ts';
import type { Database } from '../../storage/database.ts';
import { codePdf, recordCode, scanCode, taskCode } from '../../services/enterprise-checks/inspection-codes.ts';
import { decideRecusal, fileRecusal, listRecusals } from '../../services/enterprise-checks/recusals.ts';
import { approveCapException, listCapWarnings } from '../../services/enterprise-checks/cap-warnings.ts';
import { enterpriseCheckFigures } from '../../services/enterprise-checks/figures.ts';
import { recordApprovalFormPdf, siteRecordFormPdf, taskApprovalFormPdf } from '../../services/enterprise-checks/forms-pdf.ts';

const tags = ['涉企检查'];

function sendPdf(reply: FastifyReply, f: { pdf: Buffer; fileName: string }) {
  return reply.header('Content-Type', 'application/pdf')
    .header('Content-Disposition', `attachment; filename="form.pdf"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`).send(f.pdf);
}

export const enterpriseCheckRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/draw-tasks/:id/inspection-code', { schema: { tags, params: taskIdParam } }, async (req) => ({ code: await taskCode(ctxOf(req), req.params.id) }));
  r.get('/draw-tasks/:id/inspection-code.pdf', { schema: { tags, params: taskIdParam } }, async (req, reply) =>
    sendPdf(reply, await codePdf(ctxOf(req), { kind: 'task', id: req.params.id }, `${req.protocol}://${req.host}`)));
  r.get('/inspections/:id/inspection-code', { schema: { tags, params: taskIdParam } }, async (req) => ({ code: await recordCode(ctxOf(req), req.params.id) }));
  r.get('/inspections/:id/inspection-code.pdf', { schema: { tags, params: taskIdParam } }, async (req, reply) =>
    sendPdf(reply, await codePdf(ctxOf(req), { kind: 'record', id: req.params.id }, `${req.protocol}://${req.host}`)));
  r.get('/draw-tasks/:id/approval-form.pdf', { schema: { tags, params: taskIdParam } }, async (req, reply) => sendPdf(reply, await taskApprovalFormPdf(ctxOf(req), req.params.id)));
  r.get('/inspections/:id/approval-form.pdf', { schema: { tags, params: taskIdParam } }, async (req, reply) => sendPdf(reply, await recordApprovalFormPdf(ctxOf(req), req.params.id)));
  r.get('/inspections/:id/site-record.pdf', { schema: { tags, params: taskIdParam } }, async (req, reply) => sendPdf(reply, await siteRecordFormPdf(ctxOf(req), req.params.id)));
  r.get('/recusal-requests', { schema: { tags, querystring: recusalListQuery } }, async (req) => ({ requests: await listRecusals(ctxOf(req), req.query) }));
  r.post('/recusal-requests/:id/decision', { schema: { tags, params: taskIdParam, body: recusalDecisionBody } }, async (req) => decideRecusal(ctxOf(req), req.params.id, req.body));
  r.get('/enterprise-checks/warnings', { schema: { tags, querystring: orgYearQuery } }, async (req) => listCapWarnings(ctxOf(req), req.query));
  r.post('/enterprise-checks/cap-exceptions', { schema: { tags, body: capExceptionBody } }, async (req) => ({ id: await approveCapException(ctxOf(req), req.body) }));
  r.post('/targeted-checks', { schema: { tags, body: targetedCheckRequestBody } }, async (req) => requestTargetedCheck(ctxOf(req), { ...req.body, kind: req.body.kind as InspectionKind }));
  r.get('/targeted-checks', { schema: { tags, querystring: targetedCheckListQuery } }, async (req) => ({ requests: await listTargetedChecks(ctxOf(req), req.query) }));
  r.post('/targeted-checks/:id/decision', { schema: { tags, params: taskIdParam, body: targetedCheckDecisionBody } }, async (req) => decideTargetedCheck(ctxOf(req), req.params.id, req.body));
  r.post('/targeted-checks/:id/withdrawal', { schema: { tags, params: taskIdParam, body: targetedCheckWithdrawalBody } }, async (req) => withdrawTargetedCheck(ctxOf(req), req.params.id, req.body));
  r.get('/enterprise-checks/figures', { schema: { tags, querystring: orgYearQuery } }, async (req) => ({ figures: await enterpriseCheckFigures(ctxOf(req), req.query) }));
};

/** The enterprise's page behind a scanned code (no login): the scan records the arrival; a recusal request. */
export function publicInspectionCodeRoutes(deps: { database: Database; now: () => Date }): FastifyPluginAsync {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post('/public/inspection-codes/:code/scan', { schema: { tags, params: codeParam } }, async (req) => ({
      inspection: await scanCode(deps, req.params.code, req.headers['user-agent']),
    }));
    r.post('/public/inspection-codes/:code/recusal', { schema: { tags, params: codeParam, body: recusalBody } }, async (req) => ({
      id: await fileRecusal(deps, req.params.code, req.body),
    }));
  };
}
