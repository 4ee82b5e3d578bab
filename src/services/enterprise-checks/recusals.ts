/**
 * 申请回避 (#9): from the code's page the enterprise asks that one inspector of its task withdraw,
 * with a reason; the request goes to the leaders of the drawing organisation (the page 涉企检查 →
 * 回避申请), who decide once with a note. Approving replaces the inspector in the same transaction by
 * the draw's replacement rule (replace-inspector.ts), so the new team and the decision commit together.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { inTransaction, type Database } from '../../storage/database.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { actorInspectorId } from '../draw/access.ts';
import { replaceWithin } from '../draw/replace-inspector.ts';
import { codeKey, publicEntry, subjectOfValidCode } from './inspection-codes.ts';

export interface RecusalInput { inspectorId: number; reason: string; applicant: string; contact?: string | null }

/** Files a request through a valid code (no login); returns its id. */
export async function fileRecusal(deps: { database: Database; now: () => Date }, code: string, input: RecusalInput): Promise<number> {
  const reason = input.reason?.trim();
  const applicant = input.applicant?.trim();
  const issues = [];
  if (!reason) issues.push({ field: 'reason', reason: '请填写申请回避的理由' });
  if (!applicant) issues.push({ field: 'applicant', reason: '请填写申请人（姓名及职务）' });
  if (issues.length) throw new AppError(ErrorCode.VALIDATION, issues.map((i) => i.reason).join('；'), issues);
  await codeKey(deps.database);
  return inTransaction(deps.database.pool, async (c) => {
    const subject = await subjectOfValidCode(deps.database, c, code, deps.now());
    const col = subject.kind === 'task' ? 'task_id' : 'record_id';
    const state = (subject.kind === 'task'
      ? await c.query(`SELECT t.team, EXISTS (SELECT 1 FROM inspection_records r WHERE r.task_id = t.id AND r.status = 'submitted') AS done FROM draw_tasks t WHERE t.id = $1`, [subject.id])
      : await c.query(`SELECT team, status = 'submitted' AS done FROM inspection_records WHERE id = $1`, [subject.id])).rows[0] as { team: number[]; done: boolean };
    if (state.done) throw new AppError(ErrorCode.CONFLICT, '本次检查已完成并提交记录，不能再申请回避；如有异议可向检查机关投诉');
    if (!state.team.includes(input.inspectorId)) throw new AppError(ErrorCode.VALIDATION, '请选择本次检查的检查人员', [{ field: 'inspectorId', reason: '不是本次检查的检查人员' }]);
    const pending = (await c.query(`SELECT id FROM recusal_requests WHERE ${col} = $1 AND inspector_id = $2 AND status = 'pending'`, [subject.id, input.inspectorId])).rows[0];
    if (pending) throw new AppError(ErrorCode.CONFLICT, `已对该检查人员提出回避申请（编号 ${pending.id}），正在等待局领导决定`);
    const id = (await c.query(
      `INSERT INTO recusal_requests (${col}, inspector_id, reason, applicant, contact, requested_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [subject.id, input.inspectorId, reason!.slice(0, 1000), applicant!.slice(0, 100), input.contact?.trim().slice(0, 100) || null, deps.now()],
    )).rows[0].id as number;
    await appendAudit(c, publicEntry(deps.now(), 'enterprise.recusal', subject, `被检查企业申请检查人员回避（申请 #${id}，申请人 ${applicant}）`, { requestId: id, inspectorId: input.inspectorId }));
    return id;
  });
}

export interface RecusalDto {
  id: number; taskId: number | null; recordId: number | null; drawNo: string; targetName: string; items: string[];
  inspectorId: number; inspectorName: string; certNo: string; reason: string; applicant: string; contact: string | null;
  requestedAt: Date; status: 'pending' | 'approved' | 'rejected'; decidedByName: string | null; decidedAt: Date | null; decisionNote: string | null;
  replacementSeq: number | null; team: { id: number; name: string }[]; mayDecide: boolean;
  /** The request is about the actor's own inspector record: another leader decides it. */
  aboutMe: boolean;
}

/** Requests on tasks of draws of the actor's subtree, or dispatched into it (newest first). */
export async function listRecusals(ctx: Ctx, opts: { status?: string } = {}): Promise<RecusalDto[]> {
  assertAllowed(ctx, 'read');
  const rows = (await ctx.database.pool.query(
    `SELECT r.id, r.task_id AS "taskId", r.record_id AS "recordId", coalesce(d.draw_no, '计划外检查 #' || ir.id) AS "drawNo", tg.name AS "targetName",
            coalesce(t.items, ARRAY[ir.kind]) AS items, r.inspector_id AS "inspectorId",
            i.name AS "inspectorName", i.cert_no AS "certNo", r.reason, r.applicant, r.contact, r.requested_at AS "requestedAt", r.status,
            u.display_name AS "decidedByName", r.decided_at AS "decidedAt", r.decision_note AS "decisionNote", r.replacement_seq AS "replacementSeq",
            coalesce(t.team, ir.team) AS team, dor.id AS "drawOrgId", dor.path AS "drawOrgPath"
       FROM recusal_requests r LEFT JOIN draw_tasks t ON t.id = r.task_id LEFT JOIN draws d ON d.id = t.draw_id
       LEFT JOIN inspection_records ir ON ir.id = r.record_id
       JOIN organizations dor ON dor.id = coalesce(d.org_id, ir.org_id) JOIN organizations xo ON xo.id = coalesce(t.dispatched_org_id, ir.org_id)
       JOIN targets tg ON tg.id = coalesce(t.target_id, ir.target_id) JOIN inspectors i ON i.id = r.inspector_id LEFT JOIN users u ON u.id = r.decided_by
      WHERE (dor.path LIKE $1 || '%' OR xo.path LIKE $1 || '%') AND ($2::text IS NULL OR r.status = $2)
      ORDER BY r.status = 'pending' DESC, r.id DESC LIMIT 500`, [ctx.actor.orgPath, opts.status ?? null],
  )).rows;
  const ids = [...new Set(rows.flatMap((r) => r.team as number[]))];
  const names = new Map(((await ctx.database.pool.query(`SELECT id, name FROM inspectors WHERE id = ANY($1::int[])`, [ids])).rows as { id: number; name: string }[]).map((r) => [r.id, r.name]));
  const me = await actorInspectorId(ctx.database.pool, ctx);
  return rows.map(({ drawOrgId, drawOrgPath, team, ...r }) => ({
    ...r, team: (team as number[]).map((id) => ({ id, name: names.get(id) ?? String(id) })),
    mayDecide: r.status === 'pending' && ctx.actor.role === 'leader' && ctx.actor.orgId === drawOrgId && Boolean(drawOrgPath) && r.inspectorId !== me,
    aboutMe: r.inspectorId === me,
  }));
}

/** A leader of the drawing organisation decides once; approving replaces the inspector. */
export async function decideRecusal(ctx: Ctx, id: number, input: { approve: boolean; note: string }): Promise<{ replacement: string | null }> {
  assertAllowed(ctx, 'write');
  if (ctx.actor.role !== 'leader' || ctx.actor.id === null) throw new AppError(ErrorCode.FORBIDDEN, '回避申请须由局领导（分管负责同志）决定');
  const note = input.note?.trim();
  if (!note) throw new AppError(ErrorCode.VALIDATION, '请填写决定意见', [{ field: 'note', reason: '不能为空' }]);
  return inTransaction(ctx.database.pool, async (c) => {
    const r = (await c.query(
      `SELECT r.id, r.task_id AS "taskId", r.record_id AS "recordId", r.inspector_id AS "inspectorId", r.reason, r.status,
              coalesce(d.org_id, ir.org_id) AS "drawOrgId", o.path AS "drawOrgPath", xo.path AS "dispatchedPath", ir.team AS "recordTeam", ir.status AS "recordStatus"
         FROM recusal_requests r LEFT JOIN draw_tasks t ON t.id = r.task_id LEFT JOIN draws d ON d.id = t.draw_id
         LEFT JOIN inspection_records ir ON ir.id = r.record_id
         JOIN organizations o ON o.id = coalesce(d.org_id, ir.org_id) JOIN organizations xo ON xo.id = coalesce(t.dispatched_org_id, ir.org_id)
        WHERE r.id = $1 FOR UPDATE OF r`, [id],
    )).rows[0];
    if (!r || !(r.drawOrgPath.startsWith(ctx.actor.orgPath) || r.dispatchedPath.startsWith(ctx.actor.orgPath))) {
      throw new AppError(ErrorCode.NOT_FOUND, `回避申请不存在或不在您的管辖范围内（${id}）`);
    }
    if (r.drawOrgId !== ctx.actor.orgId) {
      throw new AppError(ErrorCode.FORBIDDEN, r.taskId ? '回避申请由抽取单位的局领导决定（更换人员须按抽取时的规则进行）' : '回避申请由实施检查单位的局领导决定');
    }
    if (r.status !== 'pending') throw new AppError(ErrorCode.CONFLICT, `回避申请 #${id} 已决定，不能再改`);
    // Segregation of duties: the inspector whose recusal is asked for does not decide it.
    if (r.inspectorId === await actorInspectorId(c, ctx)) {
      throw new AppError(ErrorCode.FORBIDDEN, '该回避申请针对的是您本人，不能由本人决定，请由其他领导决定', [], { requestId: id });
    }
    let replacement: string | null = null;
    let seq: number | null = null;
    if (input.approve && r.taskId !== null) {
      const done = (await c.query(`SELECT 1 FROM inspection_records WHERE task_id = $1 AND status = 'submitted'`, [r.taskId])).rows.length > 0;
      if (done) throw new AppError(ErrorCode.CONFLICT, '该任务的检查记录已提交，不能再更换检查人员');
      const result = await replaceWithin(c, ctx, r.taskId, { inspectorId: r.inspectorId, reason: `被检查企业申请回避（申请 #${id}）：${r.reason}；${note}` });
      replacement = result.replacement;
      seq = result.seq;
    } else if (input.approve) {
      // A targeted check: the inspector leaves the draft's team; someone must remain.
      if (r.recordStatus === 'submitted') throw new AppError(ErrorCode.CONFLICT, '该检查记录已提交，不能再更换检查人员');
      const team = (r.recordTeam as number[]).filter((x) => x !== r.inspectorId);
      if (team.length === 0) throw new AppError(ErrorCode.CONFLICT, '检查组只剩该检查人员：请先在检查记录中补充检查人员，再批准回避');
      await c.query(`UPDATE inspection_records SET team = $2, updated_at = $3 WHERE id = $1 AND status = 'draft'`, [r.recordId, team, ctx.now()]);
    }
    await c.query(`UPDATE recusal_requests SET status = $2, decided_by = $3, decided_at = $4, decision_note = $5, replacement_seq = $6 WHERE id = $1`,
      [id, input.approve ? 'approved' : 'rejected', ctx.actor.id, ctx.now(), note, seq]);
    await appendAudit(c, auditEntry(ctx, 'enterprise.recusal-decide', r.taskId ? { type: 'draw_task', id: r.taskId } : { type: 'inspection', id: r.recordId },
      `${input.approve ? '批准' : '不予批准'}回避申请 #${id}${replacement ? `，检查人员已更换为 ${replacement}` : input.approve ? '，该检查人员已退出检查组' : ''}：${note}`, { requestId: id, approve: input.approve, replacementSeq: seq }));
    return { replacement };
  });
}
