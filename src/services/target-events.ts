/**
 * A target's dated event history (行政处罚, 信访投诉, 在线监测超标 …) that classification later reads,
 * and inspectors' declared conflicts (回避). Neither is ever deleted: an event is voided with a
 * reason, a conflict is revoked.
 */
import type { z } from 'zod';
import type { conflictBody, eventBody, ConflictDto, EventDto } from '../http/contract.ts';
import { AppError, ErrorCode } from '../domain/errors.ts';
import * as repo from '../storage/repos/events.ts';
import { assertAllowed, type Ctx } from './context.ts';
import { getDirectoryRecord } from './directory/list-records.ts';
import { getOrg } from '../storage/repos/orgs.ts';
import { scheduleReclassification } from './classification/reclassify.ts';
import { inTransaction } from '../storage/database.ts';
import { appendAudit, auditEntry } from './audit/append-audit.ts';

const today = (ctx: Ctx) => ctx.now().toISOString().slice(0, 10);

/** Events of a target, newest first. */
export async function listTargetEvents(ctx: Ctx, targetId: number): Promise<EventDto[]> {
  await getDirectoryRecord(ctx, 'targets', targetId);
  return repo.listEvents(ctx.database.pool, targetId);
}

/** Records an event of a target. */
export async function addTargetEvent(ctx: Ctx, targetId: number, body: z.infer<typeof eventBody>): Promise<EventDto> {
  assertAllowed(ctx, 'write');
  await getDirectoryRecord(ctx, 'targets', targetId);
  if (body.occurredOn > today(ctx)) throw new AppError(ErrorCode.VALIDATION, '事件日期不能晚于今天', [{ field: 'occurredOn', reason: '不能晚于今天' }]);
  if (body.kind === '在线监测超标' && !body.outlet) throw new AppError(ErrorCode.VALIDATION, '在线监测超标须填写排口编号', [{ field: 'outlet', reason: '必填' }]);
  const event = await inTransaction(ctx.database.pool, async (c) => {
    const ev = await repo.insertEvent(c, targetId, body, ctx.actor.id);
    await appendAudit(c, auditEntry(ctx, 'event.add', { type: 'target_event', id: ev.id },
      `为检查对象（ID ${targetId}）添加事件「${body.kind}」（${body.occurredOn}）`, { targetId, kind: body.kind, occurredOn: body.occurredOn, reference: body.reference ?? null }));
    return ev;
  });
  await reclassifyOwner(ctx, targetId);
  return event;
}

/** Voids a mistaken event, keeping it visible with the reason. */
export async function voidTargetEvent(ctx: Ctx, eventId: number, reason: string): Promise<EventDto> {
  assertAllowed(ctx, 'write');
  const ev = await repo.getEvent(ctx.database.pool, eventId);
  if (!ev) throw new AppError(ErrorCode.NOT_FOUND, `事件不存在（ID ${eventId}）`);
  await getDirectoryRecord(ctx, 'targets', ev.targetId);
  if (ev.voidedAt) throw new AppError(ErrorCode.CONFLICT, '该事件已作废');
  const voided = await inTransaction(ctx.database.pool, async (c) => {
    const v = await repo.voidEvent(c, eventId, ctx.now(), reason);
    await appendAudit(c, auditEntry(ctx, 'event.void', { type: 'target_event', id: eventId },
      `作废检查对象（ID ${ev.targetId}）的事件「${ev.kind}」：${reason}`, { targetId: ev.targetId, reason }));
    return v;
  });
  await reclassifyOwner(ctx, ev.targetId);
  return voided;
}

/** Queues the re-classification of the runs covering the target's organisation (events change categories). */
async function reclassifyOwner(ctx: Ctx, targetId: number): Promise<void> {
  try {
    const record = await getDirectoryRecord(ctx, 'targets', targetId);
    const org = await getOrg(ctx.database.pool, { id: record.orgId });
    if (org) await scheduleReclassification(ctx.database, org.path, 'event', ctx.now);
  } catch (e) {
    console.error('automatic classification after an event change could not be queued', e); // the event itself is saved
  }
}

/** Declared conflicts of an inspector. */
export async function listConflicts(ctx: Ctx, inspectorId: number): Promise<ConflictDto[]> {
  await getDirectoryRecord(ctx, 'inspectors', inspectorId);
  return repo.listConflicts(ctx.database.pool, inspectorId);
}

/** Declares that an inspector must not inspect a target (回避). */
export async function declareConflict(ctx: Ctx, inspectorId: number, body: z.infer<typeof conflictBody>): Promise<ConflictDto> {
  assertAllowed(ctx, 'write');
  await getDirectoryRecord(ctx, 'inspectors', inspectorId);
  await getDirectoryRecord(ctx, 'targets', body.targetId);
  if (await repo.hasLiveConflict(ctx.database.pool, inspectorId, body.targetId)) throw new AppError(ErrorCode.CONFLICT, '已申报过对该对象的回避');
  const id = await inTransaction(ctx.database.pool, async (c) => {
    const newId = await repo.insertConflict(c, { inspectorId, targetId: body.targetId, reason: body.reason, declaredOn: today(ctx) }, ctx.actor.id);
    await appendAudit(c, auditEntry(ctx, 'conflict.declare', { type: 'inspector_conflict', id: newId },
      `申报检查人员（ID ${inspectorId}）对检查对象（ID ${body.targetId}）回避`, { inspectorId, targetId: body.targetId, reason: body.reason }));
    return newId;
  });
  return (await repo.getConflict(ctx.database.pool, id))!;
}

/** Revokes a declared conflict. */
export async function revokeConflict(ctx: Ctx, conflictId: number): Promise<ConflictDto> {
  assertAllowed(ctx, 'write');
  const c = await repo.getConflict(ctx.database.pool, conflictId);
  if (!c) throw new AppError(ErrorCode.NOT_FOUND, `回避申报不存在（ID ${conflictId}）`);
  await getDirectoryRecord(ctx, 'inspectors', c.inspectorId);
  await inTransaction(ctx.database.pool, async (q) => {
    await repo.revokeConflict(q, conflictId, ctx.now());
    await appendAudit(q, auditEntry(ctx, 'conflict.revoke', { type: 'inspector_conflict', id: conflictId },
      `撤销检查人员（ID ${c.inspectorId}）对检查对象（ID ${c.targetId}）的回避`, { inspectorId: c.inspectorId, targetId: c.targetId }));
  });
  return (await repo.getConflict(ctx.database.pool, conflictId))!;
}
