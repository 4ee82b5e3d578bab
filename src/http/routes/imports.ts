/**
 * Import (upload → background job → progress polling), export and template downloads.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { PassThrough } from 'node:stream';
import { ENTITIES, fileFormatQuery, importQuery, listQuery } from '../contract.ts';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { runImportJob, getImportJob } from '../../services/directory/import-jobs.ts';
import { directoryTemplate, exportDirectory } from '../../services/directory/export-directory.ts';
import { listFilters } from '../../services/directory/list-records.ts';
import { CATALOGUES } from '../../services/directory/catalogue.ts';
import { assertAllowed, orgInScope } from '../../services/context.ts';
import { ctxOf } from '../auth.ts';
import type { ImportJobDto } from '../contract.ts';

const entityParams = z.object({ entity: z.enum(ENTITIES, { error: '目录类型应为 targets、inspectors 或 items' }) });
const MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8' };

/** RFC 5987 attachment header, so Chinese file names survive every browser. */
function attachment(name: string): string {
  return `attachment; filename="download${extname(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Routes for moving directories in and out as spreadsheets. */
export function importRoutes(deps: { uploadDir: string }): FastifyPluginAsync {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['导入导出'];
    r.post('/imports/:entity', { schema: { tags, params: entityParams, querystring: importQuery, consumes: ['multipart/form-data'] } }, async (req, reply) => {
      const ctx = ctxOf(req);
      assertAllowed(ctx, 'import');
      const file = await req.file();
      if (!file) throw new AppError(ErrorCode.VALIDATION, '请选择要导入的文件', [{ field: 'file', reason: '未上传文件' }]);
      const ext = extname(file.filename).toLowerCase();
      if (ext !== '.xlsx' && ext !== '.csv') {
        file.file.resume();
        throw new AppError(ErrorCode.VALIDATION, `不支持的文件类型「${ext || '无扩展名'}」，请上传 .xlsx 或 .csv 文件`, [{ field: 'file', reason: '文件类型不支持' }]);
      }
      await mkdir(deps.uploadDir, { recursive: true });
      const path = join(deps.uploadDir, `${randomBytes(12).toString('hex')}${ext}`);
      // A broken upload (cut off mid-way) leaves no partial file behind.
      await pipeline(file.file, createWriteStream(path)).catch(async (e) => { await rm(path, { force: true }); throw e; });
      if (file.file.truncated) {
        await rm(path, { force: true });
        throw new AppError(ErrorCode.VALIDATION, '上传文件过大（上限 300 MB）', [{ field: 'file', reason: '文件过大' }]);
      }
      const job = await new Promise<ImportJobDto>((started, failed) => {
        runImportJob(ctx, { entity: req.params.entity, path, fileName: file.filename, orgId: req.query.orgId, dryRun: req.query.dryRun === 'true' }, started)
          .catch(failed)
          .finally(() => rm(path, { force: true }));
      });
      reply.status(202);
      return { job };
    });
    r.get('/imports/:id', { schema: { tags, params: z.object({ id: z.coerce.number().int().positive() }) } }, async (req) => ({ job: await getImportJob(ctxOf(req), req.params.id) }));
    r.get('/exports/:entity', { schema: { tags, params: entityParams, querystring: listQuery.extend(fileFormatQuery.shape) } }, async (req, reply) => {
      const ctx = ctxOf(req);
      const { format, ...query } = req.query;
      // Refuse before the response starts: once streaming, an error can only cut the download.
      assertAllowed(ctx, 'read');
      await orgInScope(ctx, query.orgId);
      listFilters(req.params.entity, query); // an unknown or malformed filter is a 400 here, not a cut download
      const stream = new PassThrough();
      const label = CATALOGUES[req.params.entity].def.label;
      reply.header('Content-Type', MIME[format]).header('Content-Disposition', attachment(`${label}.${format}`));
      exportDirectory(ctx, req.params.entity, format, query, stream).catch((e) => {
        req.log.error({ err: e }, 'export failed');
        stream.destroy(e);
      });
      return reply.send(stream);
    });
    r.get('/templates/:entity', { schema: { tags, params: entityParams, querystring: fileFormatQuery } }, async (req, reply) => {
      const label = CATALOGUES[req.params.entity].def.label;
      const buf = await directoryTemplate(req.params.entity, req.query.format);
      reply.header('Content-Type', MIME[req.query.format]).header('Content-Disposition', attachment(`${label}导入模板.${req.query.format}`));
      return reply.send(buf);
    });
  };
}
