/**
 * Follow-up of a submitted record, a closed loop (RULES §4): 责令整改 with a deadline, verified by the
 * bureau — the enterprise may upload its rectification evidence through a one-time link (枣庄: online
 * verification; the link's random token is stored only as its SHA-256, expires, and works once);
 * 立案 with a case number; 移送公安机关 / 移送司法机关; 移交 another department. While a record has
 * open follow-up its task shows 跟进中; when the last one is closed, 已完结.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { rm } from 'node:fs/promises';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { inTransaction } from '../../storage/database.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { getInspection, setTaskStatus } from '../../storage/repos/inspections.ts';
import { blobPath } from '../../files/blob-store.ts';
import type { Ctx } from '../context.ts';
import { assertMayRecord, isOfficerOver } from './access.ts';
import { insertAttachment, listAttachments, storeUpload, type AttachmentDto } from './attach-file.ts';

export const FOLLOWUP_KINDS = ['责令整改', '立案', '移送公安机关', '移送司法机关', '移交'] as const;
export type FollowupKind = (typeof FOLLOWUP_KINDS)[number];
/** Task statuses while follow-up is open and once all of it is closed. */
export const TASK_FOLLOWING = '跟进中';
export const TASK_CLOSED = '已完结';

export interface FollowupDto {
  id: number; recordId: number; kind: FollowupKind; linePosition: number | null; requirement: string; deadline: string | null;
  caseNo: string | null; receiver: string | null; status: 'open' | 'evidence' | 'closed'; verification: string | null;
  createdAt: Date; closedAt: Date | null; evidence: AttachmentDto[];
}

const COLUMNS = `id, record_id AS "recordId", kind, line_position AS "linePosition", requirement, deadline::text AS deadline,
  case_no AS "caseNo", receiver, status, verification, created_at AS "createdAt", closed_at AS "closedAt"`;

/** The follow-ups of a record with their evidence. */
export async function listFollowups(q: Queryable, recordId: number): Promise<FollowupDto[]> {
  const rows = (await q.query(`SELECT ${COLUMNS} FROM inspection_followups WHERE record_id = $1 ORDER BY id`, [recordId])).rows;
  for (const r of rows) r.evidence = (await listAttachments(q, { followupId: r.id })).map(({ sha256: _, ...a }) => a);
  return rows;
}

async function syncTaskStatus(q: Queryable, recordId: number, at: Date): Promise<void> {
  const r = await getInspection(q, { id: recordId });
  if (!r?.taskId) return;
  const open = (await q.query(`SELECT count(*)::int AS n FROM inspection_followups WHERE record_id = $1 AND status <> 'closed'`, [recordId])).rows[0].n;
  await setTaskStatus(q, r.taskId, open > 0 ? TASK_FOLLOWING : TASK_CLOSED, at);
}

export interface OpenFollowupInput { kind: FollowupKind; linePosition?: number | null; requirement: string; deadline?: string | null; caseNo?: string | null; receiver?: string | null }

/** Opens a follow-up of submitted record `recordId`; returns it. */
export async function openFollowup(ctx: Ctx, recordId: number, input: OpenFollowupInput): Promise<FollowupDto> {
  const requirement = input.requirement?.trim();
  const need = (ok: unknown, field: string, reason: string) => { if (!ok) throw new AppError(ErrorCode.VALIDATION, reason, [{ field, reason }]); };
  need(requirement, 'requirement', '请填写整改要求或处理事由');
  if (input.kind === '责令整改') need(input.deadline, 'deadline', '责令整改须填写整改期限');
  if (input.kind === '立案') need(input.caseNo?.trim(), 'caseNo', '立案须填写案件编号');
  if (input.kind.startsWith('移')) need(input.receiver?.trim(), 'receiver', `${input.kind}须填写接收机关或部门`);
  return inTransaction(ctx.database.pool, async (c) => {
    const r = await getInspection(c, { id: recordId }, true);
    if (!r) throw new AppError(ErrorCode.NOT_FOUND, `检查记录不存在（ID ${recordId}）`);
    await assertMayRecord(c, ctx, r.team, r.orgPath);
    if (r.status !== 'submitted') throw new AppError(ErrorCode.CONFLICT, '检查记录提交后才能开始后续处理');
    if (input.linePosition != null && !r.lines.some((l) => l.position === input.linePosition)) {
      throw new AppError(ErrorCode.VALIDATION, `检查内容第 ${input.linePosition} 项不存在`, [{ field: 'linePosition', reason: '不存在' }]);
    }
    if (input.deadline && input.deadline < r.inspectedOn) throw new AppError(ErrorCode.VALIDATION, `整改期限 ${input.deadline} 早于检查日期 ${r.inspectedOn}`, [{ field: 'deadline', reason: '早于检查日期' }]);
    const id = (await c.query(
      `INSERT INTO inspection_followups (record_id, kind, line_position, requirement, deadline, case_no, receiver, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [recordId, input.kind, input.linePosition ?? null, requirement, input.deadline ?? null, input.caseNo?.trim() || null, input.receiver?.trim() || null, ctx.actor.id, ctx.now()],
    )).rows[0].id;
    await syncTaskStatus(c, recordId, ctx.now());
    await appendAudit(c, auditEntry(ctx, 'followup.open', { type: 'inspection', id: recordId }, `检查记录 #${recordId}：${input.kind}`, { followupId: id, kind: input.kind }));
    return (await listFollowups(c, recordId)).find((f) => f.id === id)!;
  });
}

async function followupForOfficer(q: Queryable, ctx: Ctx, id: number) {
  const f = (await q.query(`SELECT ${COLUMNS} FROM inspection_followups WHERE id = $1 FOR UPDATE`, [id])).rows[0] as FollowupDto | undefined;
  const r = f && await getInspection(q, { id: f.recordId });
  if (!f || !r || !r.orgPath.startsWith(ctx.actor.orgPath)) throw new AppError(ErrorCode.NOT_FOUND, `后续处理不存在或不在您的管辖范围内（ID ${id}）`);
  if (!isOfficerOver(ctx, r.orgPath)) throw new AppError(ErrorCode.FORBIDDEN, '只有本单位承办人、领导可以办理');
  return f;
}

const tokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Issues a one-time evidence link for an open 责令整改 (valid `days` days); only the token's hash is kept. */
export async function issueEvidenceLink(ctx: Ctx, followupId: number, days = 14): Promise<{ token: string; path: string; expiresAt: Date }> {
  if (!Number.isInteger(days) || days < 1 || days > 90) throw new AppError(ErrorCode.VALIDATION, '有效期应为 1–90 天', [{ field: 'days', reason: '超出范围' }]);
  return inTransaction(ctx.database.pool, async (c) => {
    const f = await followupForOfficer(c, ctx, followupId);
    if (f.kind !== '责令整改' || f.status !== 'open') throw new AppError(ErrorCode.CONFLICT, '只有待整改的责令整改事项可以发送整改材料上传链接');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(ctx.now().getTime() + days * 86400_000);
    await c.query(`INSERT INTO followup_links (followup_id, token_hash, expires_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [followupId, tokenHash(token), expiresAt, ctx.actor.id, ctx.now()]);
    await appendAudit(c, auditEntry(ctx, 'followup.link', { type: 'inspection', id: f.recordId }, `发送整改材料上传链接（有效 ${days} 天）`, { followupId, expiresAt: expiresAt.toISOString() }));
    return { token, path: `/rectify/${token}`, expiresAt };
  });
}

const LINK_GONE = '链接无效、已使用或已过期，请联系检查单位重新获取';

/** What the enterprise sees on the public page of a valid link (no login). */
export async function evidenceLinkInfo(q: Queryable, token: string, now: Date): Promise<{ targetName: string; requirement: string; deadline: string | null; finding: string | null; expiresAt: Date }> {
  const row = (await q.query(
    `SELECT t.name AS "targetName", f.requirement, f.deadline::text AS deadline, l.finding, k.expires_at AS "expiresAt"
     FROM followup_links k JOIN inspection_followups f ON f.id = k.followup_id JOIN inspection_records r ON r.id = f.record_id
     JOIN targets t ON t.id = r.target_id LEFT JOIN inspection_lines l ON l.record_id = r.id AND l.position = f.line_position
     WHERE k.token_hash = $1 AND k.used_at IS NULL AND k.expires_at > $2 AND f.status = 'open'`, [tokenHash(token), now],
  )).rows[0];
  if (!row) throw new AppError(ErrorCode.NOT_FOUND, LINK_GONE);
  return row;
}

/** The enterprise uploads its evidence through the link: used up at once; the follow-up awaits verification. */
export async function uploadEvidence(ctx: { database: Ctx['database']; now: () => Date }, filesDir: string, token: string, input: { stream: Readable; fileName: string; note?: string }): Promise<AttachmentDto> {
  const q = ctx.database.pool;
  await evidenceLinkInfo(q, token, ctx.now()).catch((e) => { input.stream.resume(); throw e; });
  const stored = await storeUpload(q, filesDir, input, ctx.now());
  try {
    return await inTransaction(q, async (c) => {
      const link = (await c.query(
        `UPDATE followup_links SET used_at = $2, note = $3 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING followup_id AS "followupId"`,
        [tokenHash(token), ctx.now(), input.note?.trim().slice(0, 1000) || null],
      )).rows[0];
      if (!link) throw new AppError(ErrorCode.NOT_FOUND, LINK_GONE);
      await c.query(`UPDATE inspection_followups SET status = 'evidence' WHERE id = $1 AND status = 'open'`, [link.followupId]);
      return insertAttachment(c, { ...stored, recordId: null, followupId: link.followupId, signerInspectorId: null, signerName: null, uploadedBy: null, at: ctx.now() });
    });
  } catch (e) {
    const used = (await q.query(`SELECT 1 FROM inspection_attachments WHERE sha256 = $1 LIMIT 1`, [stored.sha256])).rows.length > 0;
    if (!used) await rm(blobPath(filesDir, stored.sha256), { force: true });
    throw e;
  }
}

/**
 * The bureau verifies: `accept` closes the follow-up (整改到位 / 案件办结 / 已移送 / 已移交) with the
 * verification note; otherwise a 责令整改 goes back to open (a new link may be sent).
 */
export async function verifyFollowup(ctx: Ctx, followupId: number, input: { accept: boolean; verification: string }): Promise<FollowupDto> {
  const verification = input.verification?.trim();
  if (!verification) throw new AppError(ErrorCode.VALIDATION, '请填写核查意见', [{ field: 'verification', reason: '不能为空' }]);
  return inTransaction(ctx.database.pool, async (c) => {
    const f = await followupForOfficer(c, ctx, followupId);
    if (f.status === 'closed') throw new AppError(ErrorCode.CONFLICT, '该事项已办结');
    if (input.accept) {
      await c.query(`UPDATE inspection_followups SET status = 'closed', verification = $2, closed_by = $3, closed_at = $4 WHERE id = $1`, [f.id, verification, ctx.actor.id, ctx.now()]);
    } else {
      await c.query(`UPDATE inspection_followups SET status = 'open', verification = $2 WHERE id = $1`, [f.id, verification]);
    }
    await syncTaskStatus(c, f.recordId, ctx.now());
    await appendAudit(c, auditEntry(ctx, 'followup.verify', { type: 'inspection', id: f.recordId },
      `${input.accept ? '核查通过并办结' : '核查未通过，重新整改'}：${f.kind}`, { followupId: f.id, accept: input.accept }));
    return (await listFollowups(c, f.recordId)).find((x) => x.id === f.id)!;
  });
}
