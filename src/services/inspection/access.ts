/**
 * Who may do what with an inspection record: the members of its team (their user accounts are linked
 * to the inspector records) fill and submit it; coordinators, leaders and administrators of the
 * organisation (or above) may too; everyone of the organisation's line reads it; leaders approve
 * amendments.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import type { Ctx } from '../context.ts';
import { actorInspectorId } from '../draw/access.ts';

const OFFICERS = new Set(['admin', 'leader', 'coordinator']);

/** Whether the actor is an officer (coordinator, leader, administrator) of the organisation at `orgPath` or above it. */
export function isOfficerOver(ctx: Ctx, orgPath: string): boolean {
  return OFFICERS.has(ctx.actor.role) && orgPath.startsWith(ctx.actor.orgPath);
}

/** Throws unless the actor is on `team` or an officer over `orgPath`; returns the actor's inspector id (if any). */
export async function assertMayRecord(q: Queryable, ctx: Ctx, team: number[], orgPath: string): Promise<number | null> {
  const inspectorId = await actorInspectorId(q, ctx);
  if (inspectorId !== null && team.includes(inspectorId)) return inspectorId;
  if (isOfficerOver(ctx, orgPath)) return inspectorId;
  // Someone who may not even read the record is not told it exists.
  if (!orgPath.startsWith(ctx.actor.orgPath)) throw new AppError(ErrorCode.NOT_FOUND, '检查记录或任务不存在，或不在您的管辖范围内');
  throw new AppError(ErrorCode.FORBIDDEN, '只有检查组成员或本单位承办人、领导可以填写该检查记录');
}

/** Throws NOT_FOUND unless the actor is on `team` or belongs to the organisation's line (the record is not confirmed to exist). */
export async function assertMayRead(q: Queryable, ctx: Ctx, team: number[], orgPath: string, ref: string | number): Promise<void> {
  if (orgPath.startsWith(ctx.actor.orgPath)) return;
  const inspectorId = await actorInspectorId(q, ctx);
  if (inspectorId !== null && team.includes(inspectorId)) return;
  throw new AppError(ErrorCode.NOT_FOUND, `检查记录不存在或不在您的管辖范围内（${ref}）`);
}

/** A targeted record's approval, locked with the record (null: none — a task's record). */
export async function approvalOf(q: Queryable, recordId: number): Promise<{ status: string; opinion: string | null; withdrawalReason: string | null; team: number[]; plannedFrom: string; plannedTo: string } | null> {
  return (await q.query(
    `SELECT status, opinion, withdrawal_reason AS "withdrawalReason", team, planned_from::text AS "plannedFrom", planned_to::text AS "plannedTo" FROM inspection_approvals WHERE record_id = $1 FOR SHARE`, [recordId],
  )).rows[0] ?? null;
}

/**
 * 凡检查必审批: a targeted record (no task) is filled, given attachments and submitted only once its
 * request is approved, by (part of) the approved team; `team` defaults to the approved one.
 */
export async function assertCheckApproved(q: Queryable, recordId: number, team?: number[]): Promise<void> {
  const approval = await approvalOf(q, recordId);
  if (!approval) return;
  team ??= approval.team;
  if (approval.status === 'pending') throw new AppError(ErrorCode.CONFLICT, '该检查尚未经领导审批，审批通过后才能检查和填写记录（凡检查必审批）', [{ field: 'approval', reason: '待审批' }]);
  if (approval.status === 'withdrawn') throw new AppError(ErrorCode.CONFLICT, `该检查申请已撤回，不能检查：${approval.withdrawalReason ?? ''}`, [{ field: 'approval', reason: '已撤回' }]);
  if (approval.status === 'rejected') throw new AppError(ErrorCode.CONFLICT, `该检查申请已被驳回，不能检查：${approval.opinion ?? ''}`, [{ field: 'approval', reason: '已驳回' }]);
  const extra = team.filter((t) => !approval.team.includes(t));
  if (extra.length) throw new AppError(ErrorCode.VALIDATION, `检查组成员须为批准的检查人员（ID ${extra.join('、')} 不在审批表中）`, [{ field: 'team', reason: '不在批准的检查人员中' }]);
}
