/**
 * Saving and submitting an inspection record. The client names the record by an idempotency key it
 * generated (a UUID kept with its offline draft): the first save creates the draft, later saves
 * rewrite it, and a save or submission arriving after the record was submitted (a retried request,
 * an offline queue replaying) returns the submitted record unchanged — never a second record.
 * Submission makes the record final (the database refuses any later change) and moves the task on.
 */
import { AppError, ErrorCode, type FieldIssue } from '../../domain/errors.ts';
import {
  DEFAULT_CHECKLIST, buildChecklist, submitProblems,
  type ChecklistLine, type InspectionKind, type InspectionMode, type ResultCategory, type Verdict,
} from '../../domain/inspections.ts';
import { inTransaction } from '../../storage/database.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import {
  getInspection, getTaskContext, insertInspection, markSubmitted, setTaskStatus, updateDraft, type RecordFields, type RecordRow,
} from '../../storage/repos/inspections.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { approvalOf, assertCheckApproved, assertMayRecord } from './access.ts';
import { taskChecklist } from './checklist.ts';
import { signatureProblems } from './attach-file.ts';

export interface LineInput { position: number; item?: string; content?: string; verdict?: Verdict | null; finding?: string | null }

export interface SaveInspectionInput {
  /** The client's idempotency key (UUID) of this record. */
  clientKey: string;
  /**
   * A drawn task; a targeted check is created by its request (enterprise-checks/request-targeted-check.ts)
   * and saved here under the request's clientKey once approved (`targetId`/`kind` only name it).
   */
  taskId?: number;
  targetId?: number;
  kind?: InspectionKind;
  /** Targeted checks: the inspectors of the team, within the approved team (a task's team is the drawn one). */
  team?: number[];
  mode: InspectionMode;
  inspectedOn: string;
  resultCategory?: ResultCategory | null;
  summary?: string | null;
  enterpriseRepresentative?: string | null;
  lines?: LineInput[];
  submit?: boolean;
}

export interface SaveResult { record: RecordRow; created: boolean; alreadySubmitted: boolean }

/** Status of a task once its record is submitted. */
export const TASK_INSPECTED = '已检查';

function mergeLines(base: ChecklistLine[], input: LineInput[] | undefined): ChecklistLine[] {
  const lines = base.map((l) => ({ ...l }));
  const issues: FieldIssue[] = [];
  for (const [i, l] of (input ?? []).entries()) {
    const line = lines.find((x) => x.position === l.position);
    if (!line) { issues.push({ field: `lines.${i}.position`, reason: `检查内容第 ${l.position} 项不存在（共 ${lines.length} 项）` }); continue; }
    if (l.verdict !== undefined) line.verdict = l.verdict;
    if (l.finding !== undefined) line.finding = l.finding?.trim() || null;
  }
  if (issues.length) throw new AppError(ErrorCode.VALIDATION, issues.map((i) => i.reason).join('；'), issues);
  return lines;
}

/** Lines of a targeted check as the client listed them (the default checklist when none). */
export function targetedLines(input: LineInput[] | undefined): ChecklistLine[] {
  if (!input?.length) return buildChecklist([{ item: '检查内容', checklist: DEFAULT_CHECKLIST }]);
  const issues: FieldIssue[] = [];
  const lines = input.map((l, i) => {
    if (!l.content?.trim()) issues.push({ field: `lines.${i}.content`, reason: `第 ${i + 1} 项的检查内容不能为空` });
    return { position: i + 1, item: l.item?.trim() || '检查内容', content: l.content?.trim() ?? '', verdict: l.verdict ?? null, finding: l.finding?.trim() || null };
  });
  if (issues.length) throw new AppError(ErrorCode.VALIDATION, issues.map((i) => i.reason).join('；'), issues);
  return lines;
}

/** The record's own fields from a save. */
export function fields(input: SaveInspectionInput, team: number[]): RecordFields {
  return {
    mode: input.mode, inspectedOn: input.inspectedOn, team,
    resultCategory: input.resultCategory ?? null, summary: input.summary?.trim() || null,
    enterpriseRepresentative: input.enterpriseRepresentative?.trim() || null,
  };
}

/** Throws unless every inspector of `team` is in the directory of the organisation at `orgPath` or below. */
export async function checkTeam(q: Queryable, team: number[], orgPath: string): Promise<void> {
  if (team.length === 0) throw new AppError(ErrorCode.VALIDATION, '请选择检查组成员', [{ field: 'team', reason: '不能为空' }]);
  const found = (await q.query(
    `SELECT i.id FROM inspectors i JOIN organizations o ON o.id = i.org_id WHERE i.id = ANY($1::int[]) AND o.path LIKE $2 || '%'`, [team, orgPath],
  )).rows.map((r) => r.id as number);
  const missing = team.filter((t) => !found.includes(t));
  if (missing.length) throw new AppError(ErrorCode.VALIDATION, `检查组成员不在本单位检查人员名录中（ID ${missing.join('、')}）`, [{ field: 'team', reason: '检查人员不存在' }]);
}

async function createDraft(q: Queryable, ctx: Ctx, input: SaveInspectionInput): Promise<number> {
  const at = ctx.now();
  if (input.taskId !== undefined) {
    const task = await getTaskContext(q, input.taskId);
    if (!task || (task.drawStatus !== 'drawn' && task.drawStatus !== 'revealed')) throw new AppError(ErrorCode.NOT_FOUND, `抽取任务不存在（ID ${input.taskId}）`);
    await assertMayRecord(q, ctx, task.team, task.dispatchedOrgPath);
    const other = await getInspection(q, { taskId: task.id });
    if (other) throw new AppError(ErrorCode.CONFLICT, `该任务已有检查记录（ID ${other.id}），请打开该记录继续填写`);
    const lines = mergeLines(await taskChecklist(q, task), input.lines);
    return insertInspection(q, {
      ...fields(input, task.team), orgId: task.dispatchedOrgId, taskId: task.id, targetId: task.targetId, kind: '双随机抽查',
      clientKey: input.clientKey, createdBy: ctx.actor.id, at,
    }, lines);
  }
  if (input.targetId !== undefined && input.kind && input.kind !== '双随机抽查') {
    throw new AppError(ErrorCode.CONFLICT, '双随机之外的检查须先登记检查申请（检查依据、对象、事项、时间和检查人员），经领导审批后才能检查和填写记录（凡检查必审批）',
      [{ field: 'kind', reason: '请先登记检查申请并经领导批准' }]);
  }
  throw new AppError(ErrorCode.VALIDATION, '请选择抽取任务；双随机之外的检查（投诉举报、上级转办、专项、监测发现线索）请先登记检查申请并经领导批准', [{ field: 'taskId', reason: '不能为空' }]);
}

/**
 * Saves a draft (creating it on its first save) and, with `submit`, submits it in the same
 * transaction; an incomplete submission keeps the saved draft and answers what is missing.
 */
export async function saveInspection(ctx: Ctx, input: SaveInspectionInput): Promise<SaveResult> {
  assertAllowed(ctx, 'read');
  const saved = await inTransaction(ctx.database.pool, async (c) => {
    // Two requests with one key (a retry racing the original) are serialised here.
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`inspection:${input.clientKey}`]);
    const existing = await getInspection(c, { clientKey: input.clientKey }, true);
    if (existing?.status === 'submitted') {
      await assertMayRecord(c, ctx, existing.team, existing.orgPath);
      return { id: existing.id, created: false, alreadySubmitted: true, problems: [] };
    }
    let id: number;
    if (!existing) id = await createDraft(c, ctx, input);
    else {
      // Scope first: a stranger learns nothing about another organisation's draft.
      await assertMayRecord(c, ctx, existing.team, existing.orgPath);
      if (input.taskId !== undefined && input.taskId !== existing.taskId) throw new AppError(ErrorCode.CONFLICT, '该草稿属于另一项任务，不能改为本任务的记录');
      let team = existing.team;
      if (existing.taskId === null && input.team) {
        team = [...new Set(input.team)];
        await checkTeam(c, team, existing.orgPath);
      }
      if (existing.taskId === null) await assertCheckApproved(c, existing.id, team);
      const lines = existing.taskId === null && input.lines?.some((l) => l.content !== undefined)
        ? targetedLines(input.lines) : mergeLines(existing.lines, input.lines);
      await updateDraft(c, existing.id, fields(input, team), lines, ctx.now());
      id = existing.id;
    }
    const problems = input.submit ? await submitWith(c, ctx, id) : [];
    return { id, created: !existing, alreadySubmitted: false, problems };
  });
  if (saved.problems.length) {
    throw new AppError(ErrorCode.VALIDATION, `草稿已保存，但还不能提交：${saved.problems.join('；')}`, saved.problems.map((p) => ({ reason: p })));
  }
  const record = (await getInspection(ctx.database.pool, { id: saved.id }))!;
  return { record, created: saved.created, alreadySubmitted: saved.alreadySubmitted };
}

/** Submits draft `id` within the caller's transaction unless something is missing (returned instead). */
async function submitWith(c: Queryable, ctx: Ctx, id: number): Promise<string[]> {
  const r = (await getInspection(c, { id }, true))!;
  const problems = [...submitProblems(r), ...await signatureProblems(c, r)];
  const approval = r.taskId === null ? await approvalOf(c, id) : null;
  if (approval && (r.inspectedOn < approval.plannedFrom || r.inspectedOn > approval.plannedTo)) {
    problems.push(`检查日期 ${r.inspectedOn} 不在批准的检查时间 ${approval.plannedFrom} 至 ${approval.plannedTo} 内`);
  }
  if (problems.length) return problems;
  await markSubmitted(c, id, ctx.actor.id, ctx.now());
  if (r.taskId !== null) await setTaskStatus(c, r.taskId, TASK_INSPECTED, ctx.now());
  await appendAudit(c, auditEntry(ctx, 'inspection.submit', { type: 'inspection', id },
    `提交检查记录 #${id}（${r.targetName}，${r.resultCategory ?? ''}）`, { taskId: r.taskId, targetId: r.targetId, result: r.resultCategory }));
  return [];
}
