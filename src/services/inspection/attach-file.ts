/**
 * Photos, video, audio, documents and signatures of a record (and rectification evidence of a
 * follow-up): stored content-addressed under the data folder, the type sniffed from the bytes, a size
 * limit per type, the capture time from a JPEG's EXIF DateTimeOriginal (else the upload time).
 * Signatures are PNGs drawn on screen by each inspector of the team and the enterprise's
 * representative; the latest one of a signer counts. Nothing can be attached once submitted.
 */
import type { Readable } from 'node:stream';
import { rm } from 'node:fs/promises';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { KIND_LABELS, SIZE_LIMITS, exifDateTimeOriginal, sniffMedia } from '../../domain/media.ts';
import { storeBlob } from '../../files/blob-store.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { getInspection } from '../../storage/repos/inspections.ts';
import type { Ctx } from '../context.ts';
import { assertCheckApproved, assertMayRecord } from './access.ts';

export interface AttachmentDto {
  id: number;
  recordId: number | null;
  followupId: number | null;
  kind: string;
  mime: string;
  size: number;
  fileName: string;
  capturedAt: Date;
  captureSource: 'exif' | 'upload';
  signerInspectorId: number | null;
  signerName: string | null;
  createdAt: Date;
}

export interface UploadInput {
  stream: Readable;
  fileName: string;
  /** A signature: of this inspector of the team, or of the enterprise's representative. */
  signer?: { inspectorId: number } | { enterprise: string };
  /** The client's idempotency key: an upload retried after a lost response returns the row stored the first time. */
  clientKey?: string;
}

const COLUMNS = `id, record_id AS "recordId", followup_id AS "followupId", kind, mime, size, file_name AS "fileName",
  captured_at AS "capturedAt", capture_source AS "captureSource", signer_inspector_id AS "signerInspectorId",
  signer_name AS "signerName", created_at AS "createdAt"`;

/** Attachments of a record or follow-up in upload order. */
export async function listAttachments(q: Queryable, by: { recordId?: number; followupId?: number }): Promise<(AttachmentDto & { sha256: string })[]> {
  const [col, v] = by.recordId !== undefined ? ['record_id', by.recordId] : ['followup_id', by.followupId];
  return (await q.query(`SELECT ${COLUMNS}, sha256 FROM inspection_attachments WHERE ${col} = $1 ORDER BY id`, [v])).rows;
}

/** The latest signature of each signer of a record: inspector id → attachment, and the enterprise's. */
export function currentSignatures<A extends { kind: string; signerInspectorId: number | null }>(all: A[]): { inspectors: Map<number, A>; enterprise: A | null } {
  const inspectors = new Map<number, A>();
  let enterprise: A | null = null;
  for (const a of all) {
    if (a.kind !== 'signature') continue;
    if (a.signerInspectorId === null) enterprise = a;
    else inspectors.set(a.signerInspectorId, a);
  }
  return { inspectors, enterprise };
}

/**
 * Stores an upload and returns its row fields (or throws a Chinese VALIDATION error, leaving no file
 * behind that no row refers to).
 */
export async function storeUpload(q: Queryable, filesDir: string, input: UploadInput, now: Date) {
  const isSignature = input.signer !== undefined;
  const stored = await storeBlob(filesDir, input.stream, isSignature ? SIZE_LIMITS.signature : Math.max(...Object.values(SIZE_LIMITS)));
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  if ('tooLarge' in stored) {
    throw new AppError(ErrorCode.VALIDATION, isSignature ? `签名图片过大（上限 ${mb(SIZE_LIMITS.signature)}）` : `文件「${input.fileName}」过大（视频上限 ${mb(SIZE_LIMITS.video)}）`, [{ field: 'file', reason: '文件过大' }]);
  }
  const refuse = async (message: string): Promise<never> => {
    const used = (await q.query(`SELECT 1 FROM inspection_attachments WHERE sha256 = $1 LIMIT 1`, [stored.sha256])).rows.length > 0;
    if (!used) await rm(stored.path, { force: true });
    throw new AppError(ErrorCode.VALIDATION, message, [{ field: 'file', reason: message }]);
  };
  const sniffed = sniffMedia(stored.head);
  if (!sniffed) return refuse(`无法识别文件「${input.fileName}」的类型：只接受照片（JPEG、PNG、WebP、HEIC）、视频（MP4、MOV、WebM）、录音（MP3、M4A、WAV、OGG、AMR）和文档（PDF、Office）`);
  if (isSignature && sniffed.mime !== 'image/png') return refuse('签名应为在屏幕上手写生成的 PNG 图片');
  const kind = isSignature ? 'signature' as const : sniffed.kind;
  if (stored.size > SIZE_LIMITS[kind]) return refuse(`${KIND_LABELS[kind]}「${input.fileName}」过大：${mb(stored.size)}，上限 ${mb(SIZE_LIMITS[kind])}`);
  const exif = sniffed.mime === 'image/jpeg' ? exifDateTimeOriginal(stored.head) : null;
  return {
    kind, mime: sniffed.mime, size: stored.size, sha256: stored.sha256,
    fileName: input.fileName.replace(/[\\/\0]/g, '_').slice(0, 200) || '未命名',
    capturedAt: exif ? new Date(exif) : now, captureSource: exif ? 'exif' as const : 'upload' as const,
  };
}

/** Inserts an attachment row; returns it. */
export async function insertAttachment(q: Queryable, a: Awaited<ReturnType<typeof storeUpload>> & {
  recordId: number | null; followupId: number | null; signerInspectorId: number | null; signerName: string | null; uploadedBy: number | null; at: Date;
  clientKey?: string | null;
}): Promise<AttachmentDto> {
  return (await q.query(
    `INSERT INTO inspection_attachments (record_id, followup_id, kind, mime, size, sha256, file_name, captured_at, capture_source,
       signer_inspector_id, signer_name, uploaded_by, created_at, client_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (record_id, client_key) WHERE client_key IS NOT NULL DO NOTHING RETURNING ${COLUMNS}`,
    [a.recordId, a.followupId, a.kind, a.mime, a.size, a.sha256, a.fileName, a.capturedAt, a.captureSource, a.signerInspectorId, a.signerName, a.uploadedBy, a.at, a.clientKey ?? null],
  )).rows[0];
}

/** Attaches a file or a signature to draft record `recordId`. */
export async function attachToRecord(ctx: Ctx, filesDir: string, recordId: number, input: UploadInput): Promise<AttachmentDto> {
  const q = ctx.database.pool;
  const r = await getInspection(q, { id: recordId });
  if (!r) { input.stream.resume(); throw new AppError(ErrorCode.NOT_FOUND, `检查记录不存在（ID ${recordId}）`); }
  try {
    await assertMayRecord(q, ctx, r.team, r.orgPath);
    if (r.status === 'submitted') throw new AppError(ErrorCode.CONFLICT, '检查记录已提交，不能再添加附件或签名');
    if (r.taskId === null) await assertCheckApproved(q, recordId);
    if (input.signer && 'inspectorId' in input.signer && !r.team.includes(input.signer.inspectorId)) {
      throw new AppError(ErrorCode.VALIDATION, '签名人不是本次检查组的成员', [{ field: 'signerInspectorId', reason: '不是检查组成员' }]);
    }
    if (input.signer && 'enterprise' in input.signer && !input.signer.enterprise.trim()) {
      throw new AppError(ErrorCode.VALIDATION, '请填写企业代表姓名', [{ field: 'signer', reason: '不能为空' }]);
    }
  } catch (e) { input.stream.resume(); throw e; }
  const again = input.clientKey === undefined ? undefined : await attachmentByKey(q, recordId, input.clientKey);
  if (again) { input.stream.resume(); return again; }
  const stored = await storeUpload(q, filesDir, input, ctx.now());
  const signer = input.signer;
  const signerName = signer && 'inspectorId' in signer
    ? (await q.query(`SELECT name FROM inspectors WHERE id = $1`, [signer.inspectorId])).rows[0].name as string
    : signer ? signer.enterprise.trim() : null;
  const row = await insertAttachment(q, {
    ...stored, recordId, followupId: null, signerInspectorId: signer && 'inspectorId' in signer ? signer.inspectorId : null,
    signerName, uploadedBy: ctx.actor.id, at: ctx.now(), clientKey: input.clientKey ?? null,
  });
  // Two copies of the same upload racing: the unique (record, key) index kept the first one.
  return row ?? (await attachmentByKey(q, recordId, input.clientKey!))!;
}

async function attachmentByKey(q: Queryable, recordId: number, clientKey: string): Promise<AttachmentDto | undefined> {
  return (await q.query(`SELECT ${COLUMNS} FROM inspection_attachments WHERE record_id = $1 AND client_key = $2`, [recordId, clientKey])).rows[0];
}

/** What is missing among a record's signatures before submission (现场: also the enterprise's). */
export async function signatureProblems(q: Queryable, r: { id: number; team: number[]; mode: string }): Promise<string[]> {
  const sig = currentSignatures(await listAttachments(q, { recordId: r.id }));
  const names = new Map<number, string>((await q.query(`SELECT id, name FROM inspectors WHERE id = ANY($1::int[])`, [r.team])).rows.map((x) => [x.id, x.name]));
  const problems = r.team.filter((i) => !sig.inspectors.has(i)).map((i) => `检查人员${names.get(i) ?? i}尚未签名`);
  if (r.mode === '现场' && !sig.enterprise) problems.push('企业代表尚未签名');
  return problems;
}
