/**
 * Reading inspection records: one record with its amendments (the original as submitted, and beside
 * it the record as corrected by the approved amendments), the records of an organisation, an
 * inspector's tasks, and the per-target / per-inspector counters by year.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { applyAmendments, type ChecklistLine } from '../../domain/inspections.ts';
import {
  getApproval, getInspection, inspectionCounts, listAmendments, listInspections, listInspectorApprovedChecks, listInspectorTasks,
  type AmendmentRow, type ApprovalRow, type InspectionCounts, type RecordListRow, type RecordRow,
} from '../../storage/repos/inspections.ts';
import { assertAllowed, scopeOrgIds, type Ctx } from '../context.ts';
import { actorInspectorId } from '../draw/access.ts';
import { assertMayRead } from './access.ts';
import { listAttachments, type AttachmentDto } from './attach-file.ts';
import { listFollowups, type FollowupDto } from './followups.ts';

export interface InspectionDetail {
  record: RecordRow;
  amendments: AmendmentRow[];
  /** The record as corrected by its approved amendments (null when none is approved). */
  corrected: { lines: ChecklistLine[]; resultCategory: string | null; summary: string | null } | null;
  inspectors: { id: number; name: string; certNo: string }[];
  /** 跨部门联合检查: the other bodies taking part — a targeted check's own, a task's record its draw's; empty when none. */
  jointPartners: string[];
  attachments: AttachmentDto[];
  followups: FollowupDto[];
  /** A targeted check's request and its decision (凡检查必审批); null for a task's record or one submitted before approvals. */
  approval: ApprovalRow | null;
}

/** One record with its amendments and team. */
export async function getInspectionDetail(ctx: Ctx, id: number): Promise<InspectionDetail> {
  assertAllowed(ctx, 'read');
  const q = ctx.database.pool;
  const record = await getInspection(q, { id });
  if (!record) throw new AppError(ErrorCode.NOT_FOUND, `检查记录不存在或不在您的管辖范围内（${id}）`);
  await assertMayRead(q, ctx, record.team, record.orgPath, id);
  const amendments = await listAmendments(q, id);
  const approved = amendments.filter((a) => a.status === 'approved');
  const corrected = approved.length ? applyAmendments(record, approved.map((a) => a.changes)) : null;
  const inspectors = (await q.query(
    `SELECT id, name, cert_no AS "certNo" FROM inspectors WHERE id = ANY($1::int[])`, [record.team],
  )).rows as InspectionDetail['inspectors'];
  inspectors.sort((a, b) => record.team.indexOf(a.id) - record.team.indexOf(b.id));
  // A task's record has none of its own: the partners were named on its (定向) draw at freeze.
  const jointPartners = record.jointPartners.length || !record.taskId ? record.jointPartners
    : ((await q.query(`SELECT d.joint_partners AS p FROM draw_tasks k JOIN draws d ON d.id = k.draw_id WHERE k.id = $1`, [record.taskId])).rows[0]?.p ?? []) as string[];
  return {
    record, amendments, inspectors, jointPartners,
    attachments: (await listAttachments(q, { recordId: id })).map(({ sha256: _, ...a }) => a),
    followups: await listFollowups(q, id),
    approval: (await getApproval(q, id)) ?? null,
    corrected: corrected && { lines: corrected.lines, resultCategory: corrected.resultCategory, summary: corrected.summary },
  };
}

export interface ListRecordsOptions {
  orgId?: number;
  status?: string;
  /** '2025', '2025-Q2' or '2025-04' (the inspection day). */
  period?: string;
  resultCategory?: string;
  kind?: string;
  openFollowup?: 'true' | 'false' | boolean;
}

/** [from, to) of a year, quarter or month id. */
export function periodRange(period: string): { from: string; to: string } {
  const y = Number(period.slice(0, 4));
  const pad = (n: number) => String(n).padStart(2, '0');
  const q = /^\d{4}-Q([1-4])$/.exec(period);
  const m = /^\d{4}-(\d{2})$/.exec(period);
  const [start, months] = q ? [(Number(q[1]) - 1) * 3 + 1, 3] : m ? [Number(m[1]), 1] : [1, 12];
  const end = start + months;
  return { from: `${y}-${pad(start)}-01`, to: end > 12 ? `${y + 1}-01-01` : `${y}-${pad(end)}-01` };
}

/** Records of the actor's organisation subtree (an inspector without an officer role: those of its teams), filtered. */
export async function listInspectionRecords(ctx: Ctx, opts: ListRecordsOptions = {}): Promise<RecordListRow[]> {
  assertAllowed(ctx, 'read');
  const orgIds = await scopeOrgIds(ctx, opts.orgId);
  const inspectorId = ctx.actor.role === 'inspector' ? await actorInspectorId(ctx.database.pool, ctx) : null;
  const open = opts.openFollowup === undefined ? undefined : opts.openFollowup === true || opts.openFollowup === 'true';
  return listInspections(ctx.database.pool, orgIds, {
    ...(inspectorId !== null ? { inspectorId } : {}), ...(opts.status ? { status: opts.status } : {}),
    ...(opts.period ? periodRange(opts.period) : {}), ...(opts.resultCategory ? { resultCategory: opts.resultCategory } : {}),
    ...(opts.kind ? { kind: opts.kind } : {}), ...(open !== undefined ? { openFollowup: open } : {}),
  });
}

/**
 * The tasks the actor (as an inspector) is on, with their record's state and open follow-ups, then the
 * approved targeted checks of its teams (凡检查必审批: pending and rejected requests never reach the phone).
 */
export async function listMyTasks(ctx: Ctx) {
  assertAllowed(ctx, 'read');
  const inspectorId = await actorInspectorId(ctx.database.pool, ctx);
  if (inspectorId === null) return [];
  const tasks = (await listInspectorTasks(ctx.database.pool, inspectorId)).map((t) => ({
    id: t.id, kind: '双随机抽查', drawNo: t.drawNo, period: t.period, targetId: t.targetId, targetName: t.targetName, items: t.items,
    deadline: t.deadline, validFrom: null as string | null, status: t.openFollowups > 0 ? '整改跟进中' : t.status,
    recordId: t.recordId as number | null, recordStatus: t.recordStatus, openFollowups: t.openFollowups, clientKey: null as string | null,
  }));
  const checks = (await listInspectorApprovedChecks(ctx.database.pool, inspectorId)).map((c) => ({
    id: c.recordId, kind: c.kind, drawNo: c.basisRef ?? c.kind, period: c.plannedFrom.slice(0, 4), targetId: c.targetId, targetName: c.targetName,
    items: c.items, deadline: c.plannedTo as string | null, validFrom: c.plannedFrom as string | null,
    status: c.openFollowups > 0 ? '整改跟进中' : c.recordStatus === 'submitted' ? '已检查' : '已批准',
    recordId: c.recordId as number | null, recordStatus: c.recordStatus as string | null, openFollowups: c.openFollowups, clientKey: c.clientKey as string | null,
  }));
  return [...tasks, ...checks];
}

/** Submitted inspections per target and per inspector in `year` within the actor's subtree. */
export async function countInspections(ctx: Ctx, opts: { year: number; orgId?: number }): Promise<InspectionCounts> {
  assertAllowed(ctx, 'read');
  return inspectionCounts(ctx.database.pool, await scopeOrgIds(ctx, opts.orgId), opts.year);
}

/** An attachment's stored file, for download (the actor must be able to read its record). */
export async function getAttachmentFile(ctx: Ctx, attachmentId: number): Promise<{ sha256: string; mime: string; fileName: string }> {
  assertAllowed(ctx, 'read');
  const q = ctx.database.pool;
  const a = (await q.query(
    `SELECT a.sha256, a.mime, a.file_name AS "fileName", coalesce(a.record_id, f.record_id) AS "recordId"
     FROM inspection_attachments a LEFT JOIN inspection_followups f ON f.id = a.followup_id WHERE a.id = $1`, [attachmentId],
  )).rows[0];
  const record = a && await getInspection(q, { id: a.recordId });
  if (!record) throw new AppError(ErrorCode.NOT_FOUND, `附件不存在（ID ${attachmentId}）`);
  await assertMayRead(q, ctx, record.team, record.orgPath, `附件 ${attachmentId}`);
  return { sha256: a.sha256, mime: a.mime, fileName: a.fileName };
}
