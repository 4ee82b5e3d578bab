/**
 * 凡检查必审批 (#9, 国办发〔2024〕54号): a targeted check (投诉举报, 上级转办, 专项, 监测发现线索) is
 * registered as a request before it happens — its basis (the clue; the complaint or transfer number),
 * target, items, planned window, mode and team — and waits for a leader's decision
 * (decide-targeted-check.ts). The request is a draft record (its checklist is the items) plus its row
 * in `inspection_approvals`; nothing can be filled or submitted, and no inspection code is issued,
 * until it is approved (the database refuses the submission too, migration 0016).
 */
import { AppError, ErrorCode, type FieldIssue } from '../../domain/errors.ts';
import { assertDate, diffDays } from '../../domain/calendar/dates.ts';
import { INSPECTION_KINDS, type InspectionKind, type InspectionMode } from '../../domain/inspections.ts';
import { normalizeJointPartners } from '../../domain/joint-partners.ts';
import { inTransaction } from '../../storage/database.ts';
import { getInspection, insertInspection } from '../../storage/repos/inspections.ts';
import { getOrg } from '../../storage/repos/orgs.ts';
import { insertNotification } from '../../storage/repos/reminders.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { actorInspectorId } from '../draw/access.ts';
import { assertMayRecord } from '../inspection/access.ts';
import { checkTeam, targetedLines, type LineInput } from '../inspection/save-inspection.ts';
import { capText, needsCapException, targetedCapSituation, useCapException } from './annual-cap.ts';

export interface RequestTargetedCheckInput {
  /** The client's idempotency key: a retried request returns the first one. */
  clientKey: string;
  kind: InspectionKind;
  targetId: number;
  /** Why the check is needed: the clue, the complaint's content, the transfer's request. */
  basis: string;
  /** 投诉举报编号, 转办文号, 专项文件号 … */
  basisRef?: string | null;
  plannedFrom: string;
  plannedTo: string;
  team?: number[];
  mode: InspectionMode;
  /** The items to check (检查事项 / 检查内容); the default checklist when none. */
  lines?: LineInput[];
  /** 跨部门联合检查: the other administrative bodies taking part (市场监管局 …); none for our own check. */
  jointPartners?: string[];
}

export interface RequestedCheck { recordId: number; created: boolean; beyondCap: boolean; capNote: string }

/** The longest planned window a request may ask for (a check is a visit, not a campaign). */
export const MAX_WINDOW_DAYS = 92;

/** The request's problems as one VALIDATION error; returns the joint partners as stored. */
function validate(input: RequestTargetedCheckInput): string[] {
  const issues: FieldIssue[] = [];
  const joint = normalizeJointPartners(input.jointPartners);
  issues.push(...joint.issues);
  if (!INSPECTION_KINDS.slice(1).includes(input.kind)) issues.push({ field: 'kind', reason: `检查类型应为 ${INSPECTION_KINDS.slice(1).join('、')} 之一` });
  if (!input.basis?.trim()) issues.push({ field: 'basis', reason: '请填写检查依据（线索、投诉举报内容或转办要求）' });
  assertDate(input.plannedFrom, 'plannedFrom');
  assertDate(input.plannedTo, 'plannedTo');
  const days = diffDays(input.plannedFrom, input.plannedTo);
  if (days < 0) issues.push({ field: 'plannedTo', reason: '拟检查结束日期不能早于开始日期' });
  else if (days >= MAX_WINDOW_DAYS) issues.push({ field: 'plannedTo', reason: `拟检查时间不能超过 ${MAX_WINDOW_DAYS} 天` });
  if (input.plannedFrom.slice(0, 4) !== input.plannedTo.slice(0, 4)) issues.push({ field: 'plannedTo', reason: '拟检查时间不能跨年度（年度检查上限按年计算）' });
  if (issues.length) throw new AppError(ErrorCode.VALIDATION, issues.map((i) => i.reason).join('；'), issues);
  return joint.partners;
}

/** Registers a targeted check as 待审批 (pending); the actor's organisation is the inspecting body. */
export async function requestTargetedCheck(ctx: Ctx, input: RequestTargetedCheckInput): Promise<RequestedCheck> {
  assertAllowed(ctx, 'read');
  const jointPartners = validate(input);
  return inTransaction(ctx.database.pool, async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`inspection:${input.clientKey}`]);
    const existing = await getInspection(q, { clientKey: input.clientKey });
    if (existing) {
      await assertMayRecord(q, ctx, existing.team, existing.orgPath);
      return { recordId: existing.id, created: false, beyondCap: false, capNote: '' };
    }
    const org = (await getOrg(q, { id: ctx.actor.orgId }))!;
    const target = (await q.query(
      `SELECT t.id, t.name FROM targets t JOIN organizations o ON o.id = t.org_id WHERE t.id = $1 AND o.path LIKE $2 || '%'`, [input.targetId, org.path],
    )).rows[0] as { id: number; name: string } | undefined;
    if (!target) throw new AppError(ErrorCode.NOT_FOUND, `检查对象不存在或不在您的管辖范围内（ID ${input.targetId}）`, [{ field: 'targetId', reason: '不存在' }]);
    const me = await actorInspectorId(q, ctx);
    const team = [...new Set(input.team ?? (me !== null ? [me] : []))];
    await checkTeam(q, team, org.path);
    await assertMayRecord(q, ctx, team, org.path);
    const lines = targetedLines(input.lines);
    // 涉企检查: beyond the annual cap an unused leader's approval is used up now; without one the
    // leader deciding this request approves the exception with it (shown to them, one decision).
    const cap = await targetedCapSituation(q, org, target.id, input.plannedFrom, undefined, team);
    const at = ctx.now();
    const recordId = await insertInspection(q, {
      mode: input.mode, inspectedOn: input.plannedFrom, team, resultCategory: null, summary: null, enterpriseRepresentative: null,
      orgId: org.id, taskId: null, targetId: target.id, kind: input.kind, clientKey: input.clientKey, createdBy: ctx.actor.id, at, jointPartners,
    }, lines);
    if (cap.exceptionId !== null) await useCapException(q, cap.exceptionId, recordId);
    const basisRef = input.basisRef?.trim() || null;
    await q.query(
      `INSERT INTO inspection_approvals (record_id, org_id, basis, basis_ref, planned_from, planned_to, team, requested_by, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [recordId, org.id, input.basis.trim().slice(0, 2000), basisRef?.slice(0, 200) ?? null, input.plannedFrom, input.plannedTo, team, ctx.actor.id, at],
    );
    const beyondCap = needsCapException(cap);
    // The organisation's bell: its leaders learn that a request waits for them.
    await insertNotification(q, {
      orgId: org.id, kind: 'approval', at, due: input.plannedFrom,
      title: `检查审批：${input.kind}「${target.name}」待领导审批`,
      body: `${input.basis.trim().slice(0, 200)}${basisRef ? `（${basisRef}）` : ''}。拟检查 ${input.plannedFrom} 至 ${input.plannedTo}${beyondCap ? '；超出年度检查上限，须同时批准超限检查' : ''}。请在「涉企检查 → 检查审批」中审批。`,
    });
    await appendAudit(q, auditEntry(ctx, 'inspection.check-request', { type: 'inspection', id: recordId },
      `申请对「${target.name}」进行${input.kind}检查（${input.plannedFrom} 至 ${input.plannedTo}${basisRef ? `，${basisRef}` : ''}${jointPartners.length ? `，会同${jointPartners.join('、')}联合检查` : ''}），待领导审批`,
      { kind: input.kind, targetId: target.id, plannedFrom: input.plannedFrom, plannedTo: input.plannedTo, team, beyondCap, jointPartners }));
    return { recordId, created: true, beyondCap, capNote: cap.count >= cap.cap ? `${capText(cap)}${beyondCap ? '，审批时须同时批准超限检查' : '，已有领导批准的超限检查'}` : '' };
  });
}
