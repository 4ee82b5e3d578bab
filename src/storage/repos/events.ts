/**
 * SQL for targets' event history and inspectors' declared conflicts (回避). Rows are never deleted:
 * events are voided, conflicts revoked.
 */
import type { Queryable } from './directory.ts';
import type { ConflictDto, EventDto } from '../../http/contract.ts';

const EVENT_COLUMNS = `id, kind, occurred_on AS "occurredOn", reference, outlet, detail, voided_at AS "voidedAt", void_reason AS "voidReason"`;

/** Events of a target, newest first. */
export async function listEvents(q: Queryable, targetId: number): Promise<EventDto[]> {
  return (await q.query(`SELECT ${EVENT_COLUMNS} FROM target_events WHERE target_id = $1 ORDER BY occurred_on DESC, id DESC`, [targetId])).rows;
}

/** One event with its target id. */
export async function getEvent(q: Queryable, id: number): Promise<(EventDto & { targetId: number }) | undefined> {
  return (await q.query(`SELECT ${EVENT_COLUMNS}, target_id AS "targetId" FROM target_events WHERE id = $1`, [id])).rows[0];
}

/** Inserts an event. */
export async function insertEvent(q: Queryable, targetId: number, e: { kind: string; occurredOn: string; reference?: string; outlet?: string; detail?: string }, userId: number | null): Promise<EventDto> {
  return (await q.query(
    `INSERT INTO target_events (target_id, kind, occurred_on, reference, outlet, detail, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${EVENT_COLUMNS}`,
    [targetId, e.kind, e.occurredOn, e.reference ?? null, e.outlet ?? null, e.detail ?? null, userId],
  )).rows[0];
}

/** Marks an event void with a reason. */
export async function voidEvent(q: Queryable, id: number, at: Date, reason: string): Promise<EventDto> {
  return (await q.query(`UPDATE target_events SET voided_at = $2, void_reason = $3 WHERE id = $1 RETURNING ${EVENT_COLUMNS}`, [id, at, reason])).rows[0];
}

const CONFLICT_SELECT = `SELECT c.id, c.inspector_id AS "inspectorId", c.target_id AS "targetId", t.name AS "targetName", t.identifier AS "targetIdentifier",
  c.reason, c.declared_on AS "declaredOn", c.revoked_at AS "revokedAt" FROM inspector_conflicts c JOIN targets t ON t.id = c.target_id`;

/** Conflicts declared by an inspector, newest first. */
export async function listConflicts(q: Queryable, inspectorId: number): Promise<ConflictDto[]> {
  return (await q.query(`${CONFLICT_SELECT} WHERE c.inspector_id = $1 ORDER BY c.id DESC`, [inspectorId])).rows;
}

/** One conflict with its inspector id. */
export async function getConflict(q: Queryable, id: number): Promise<(ConflictDto & { inspectorId: number }) | undefined> {
  return (await q.query(`${CONFLICT_SELECT} WHERE c.id = $1`, [id])).rows[0];
}

/** Whether a live (not revoked) conflict exists for the pair. */
export async function hasLiveConflict(q: Queryable, inspectorId: number, targetId: number): Promise<boolean> {
  return ((await q.query(`SELECT 1 FROM inspector_conflicts WHERE inspector_id = $1 AND target_id = $2 AND revoked_at IS NULL`, [inspectorId, targetId])).rowCount ?? 0) > 0;
}

/** Inserts a conflict. */
export async function insertConflict(q: Queryable, c: { inspectorId: number; targetId: number; reason: string; declaredOn: string }, userId: number | null): Promise<number> {
  return (await q.query(
    `INSERT INTO inspector_conflicts (inspector_id, target_id, reason, declared_on, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [c.inspectorId, c.targetId, c.reason, c.declaredOn, userId],
  )).rows[0].id;
}

/** Revokes a conflict (once). */
export async function revokeConflict(q: Queryable, id: number, at: Date): Promise<void> {
  await q.query(`UPDATE inspector_conflicts SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [id, at]);
}

/** The events of many targets at once (classification runs), oldest first. */
export async function listEventsOfTargets(q: Queryable, targetIds: number[]): Promise<{ targetId: number; kind: string; occurredOn: string; reference: string | null; outlet: string | null; voided: boolean }[]> {
  if (targetIds.length === 0) return [];
  return (await q.query(
    `SELECT target_id AS "targetId", kind, occurred_on AS "occurredOn", reference, outlet, voided_at IS NOT NULL AS voided
     FROM target_events WHERE target_id = ANY($1::int[]) ORDER BY occurred_on, id`,
    [targetIds],
  )).rows;
}
