/**
 * Correcting a submitted record: a member of the team (or an officer) appends an amendment with a
 * reason; a leader of the organisation (or above) approves or rejects it once. The original is never
 * changed; the approved corrections are shown beside it.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import type { AmendmentChanges } from '../../domain/inspections.ts';
import { inTransaction } from '../../storage/database.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { decideAmendment, getAmendmentForUpdate, getInspection, insertAmendment, listAmendments } from '../../storage/repos/inspections.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { assertMayRecord } from './access.ts';

/** Appends an amendment to submitted record `recordId`; returns its id. */
export async function requestAmendment(ctx: Ctx, recordId: number, input: { reason: string; changes: AmendmentChanges }): Promise<number> {
  assertAllowed(ctx, 'read');
  const reason = input.reason?.trim();
  if (!reason) throw new AppError(ErrorCode.VALIDATION, '请填写更正原因', [{ field: 'reason', reason: '不能为空' }]);
  const ch = input.changes;
  if (!ch.lines?.length && ch.resultCategory === undefined && ch.summary === undefined) {
    throw new AppError(ErrorCode.VALIDATION, '更正内容为空：请至少更正一项检查内容、检查结果或情况说明', [{ field: 'changes', reason: '不能为空' }]);
  }
  return inTransaction(ctx.database.pool, async (c) => {
    const r = await getInspection(c, { id: recordId }, true);
    if (!r) throw new AppError(ErrorCode.NOT_FOUND, `检查记录不存在（ID ${recordId}）`);
    await assertMayRecord(c, ctx, r.team, r.orgPath);
    if (r.status !== 'submitted') throw new AppError(ErrorCode.CONFLICT, '草稿可直接修改，提交后才需要更正');
    const bad = (ch.lines ?? []).filter((l) => !r.lines.some((x) => x.position === l.position));
    if (bad.length) {
      throw new AppError(ErrorCode.VALIDATION, `检查内容第 ${bad.map((l) => l.position).join('、')} 项不存在`, bad.map((l) => ({ field: 'changes.lines', reason: `第 ${l.position} 项不存在` })));
    }
    const amendmentId = await insertAmendment(c, { recordId, reason, changes: ch, by: ctx.actor.id, at: ctx.now() });
    await appendAudit(c, auditEntry(ctx, 'inspection.amend', { type: 'inspection', id: recordId }, `申请更正检查记录 #${recordId}：${reason}`, { amendmentId }));
    return amendmentId;
  });
}

/** A leader approves or rejects a pending amendment (never the one who asked for it). */
export async function decideOnAmendment(ctx: Ctx, amendmentId: number, input: { approve: boolean; note?: string | null }): Promise<void> {
  assertAllowed(ctx, 'read');
  if (ctx.actor.role !== 'leader') throw new AppError(ErrorCode.FORBIDDEN, '检查记录的更正须由领导审批');
  await inTransaction(ctx.database.pool, async (c) => {
    const a = await getAmendmentForUpdate(c, amendmentId);
    const r = a && await getInspection(c, { id: a.recordId });
    if (!a || !r || !r.orgPath.startsWith(ctx.actor.orgPath)) throw new AppError(ErrorCode.NOT_FOUND, `更正记录不存在或不在您的管辖范围内（ID ${amendmentId}）`);
    if (a.status !== 'pending') throw new AppError(ErrorCode.CONFLICT, '该更正已审批，不能再次审批');
    const mine = (await listAmendments(c, a.recordId)).find((x) => x.id === a.id)!;
    if (mine.requestedBy === ctx.actor.id) throw new AppError(ErrorCode.FORBIDDEN, '不能审批本人提出的更正');
    await decideAmendment(c, a.id, { approve: input.approve, by: ctx.actor.id, at: ctx.now(), note: input.note?.trim() || null });
    await appendAudit(c, auditEntry(ctx, 'inspection.amendDecide', { type: 'inspection', id: a.recordId },
      `${input.approve ? '批准' : '驳回'}检查记录 #${a.recordId} 的更正`, { amendmentId: a.id, approve: input.approve }));
  });
}
