/**
 * Inspection records (#5): an inspector's tasks, saving a draft / submitting under the client's
 * idempotency key (PUT, so a replayed request is harmless), a record with its amendments, amendments
 * and their approval, and the counters by year.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  amendmentBody, amendmentDecisionBody, attachmentQuery, followupBody, followupLinkBody, followupVerifyBody, rectifyQuery, rectifyTokenParam, inspectionCountsQuery, inspectionIdParam, inspectionListQuery, inspectionSaveBody,
} from '../contract-inspections.ts';
import { saveInspection } from '../../services/inspection/save-inspection.ts';
import { countInspections, getInspectionDetail, listInspectionRecords, listMyTasks } from '../../services/inspection/read-inspection.ts';
import { decideOnAmendment, requestAmendment } from '../../services/inspection/amend-inspection.ts';
import { ctxOf } from '../auth.ts';
import { attachToRecord } from '../../services/inspection/attach-file.ts';
import { getAttachmentFile } from '../../services/inspection/read-inspection.ts';
import { readBlob } from '../../files/blob-store.ts';
import { evidenceLinkInfo, issueEvidenceLink, openFollowup, uploadEvidence, verifyFollowup } from '../../services/inspection/followups.ts';
import type { Database } from '../../storage/database.ts';
import { inspectionRecordPdf } from '../../services/inspection/inspection-record-pdf.ts';
import { SIZE_LIMITS } from '../../domain/media.ts';
import { AppError, ErrorCode } from '../../domain/errors.ts';

const tags = ['现场检查'];

/** Routes under /api/inspections and /api/inspection-tasks (signed in); files live under `filesDir`. */
export function inspectionRoutes(deps: { filesDir: string }): FastifyPluginAsync {
  return async (app) => {
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
  r.post('/inspections/:id/attachments', {
    schema: { tags, params: inspectionIdParam, querystring: attachmentQuery, consumes: ['multipart/form-data'] },
  }, async (req) => {
    const ctx = ctxOf(req);
    const file = await req.file({ limits: { fileSize: SIZE_LIMITS.video + 1 } });
    if (!file) throw new AppError(ErrorCode.VALIDATION, '请选择要上传的文件', [{ field: 'file', reason: '未上传文件' }]);
    const { signerInspectorId, enterpriseSigner, clientKey } = req.query;
    const signer = signerInspectorId !== undefined ? { inspectorId: signerInspectorId } : enterpriseSigner !== undefined ? { enterprise: enterpriseSigner } : undefined;
    return { attachment: await attachToRecord(ctx, deps.filesDir, req.params.id, { stream: file.file, fileName: file.filename, ...(signer ? { signer } : {}), ...(clientKey ? { clientKey } : {}) }) };
  });
  r.post('/inspections/:id/followups', { schema: { tags, params: inspectionIdParam, body: followupBody } }, async (req) => ({
    followup: await openFollowup(ctxOf(req), req.params.id, req.body),
  }));
  r.post('/inspection-followups/:id/links', { schema: { tags, params: inspectionIdParam, body: followupLinkBody } }, async (req) => ({
    link: await issueEvidenceLink(ctxOf(req), req.params.id, req.body.days),
  }));
  r.post('/inspection-followups/:id/verify', { schema: { tags, params: inspectionIdParam, body: followupVerifyBody } }, async (req) => ({
    followup: await verifyFollowup(ctxOf(req), req.params.id, req.body),
  }));
  r.get('/inspections/:id/record.pdf', { schema: { tags, params: inspectionIdParam } }, async (req, reply) => {
    const { pdf, fileName } = await inspectionRecordPdf(ctxOf(req), deps.filesDir, req.params.id);
    return reply.header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `attachment; filename="inspection.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}`).send(pdf);
  });
  r.get('/inspection-attachments/:id/file', { schema: { tags, params: inspectionIdParam } }, async (req, reply) => {
    const f = await getAttachmentFile(ctxOf(req), req.params.id);
    return reply.header('Content-Type', f.mime).header('Cache-Control', 'private, max-age=31536000, immutable')
      .header('Content-Disposition', `inline; filename="file"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
      .send(readBlob(deps.filesDir, f.sha256));
  });
  };
}

/** The enterprise's public page behind a one-time link (no login): what to rectify, and one upload. */
export function publicRectifyRoutes(deps: { database: Database; filesDir: string; now: () => Date }): FastifyPluginAsync {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/public/rectify/:token', { schema: { tags, params: rectifyTokenParam } }, async (req) => ({
      rectification: await evidenceLinkInfo(deps.database.pool, req.params.token, deps.now()),
    }));
    r.post('/public/rectify/:token', { schema: { tags, params: rectifyTokenParam, querystring: rectifyQuery, consumes: ['multipart/form-data'] } }, async (req) => {
      const file = await req.file({ limits: { fileSize: SIZE_LIMITS.video + 1 } });
      if (!file) throw new AppError(ErrorCode.VALIDATION, '请选择整改材料文件', [{ field: 'file', reason: '未上传文件' }]);
      return { evidence: await uploadEvidence({ database: deps.database, now: deps.now }, deps.filesDir, req.params.token, { stream: file.file, fileName: file.filename, ...(req.query.note ? { note: req.query.note } : {}) }) };
    });
  };
}
