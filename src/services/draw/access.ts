/**
 * Who may do what with a draw (issue #4 § Confidentiality): the drawing organisation's coordinators,
 * leaders and administrators run it and see its list before the reveal; an assigned inspector sees
 * its own tasks; after the reveal everyone within scope sees everything. Every read of a list is
 * logged (draw_access_log); a read before the reveal, while the list is confidential, also goes into
 * the audit chain.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { logDrawAccess, type DrawRow } from '../../storage/repos/draws.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import type { Ctx } from '../context.ts';

const OFFICERS = new Set(['admin', 'leader', 'coordinator']);

/** Whether the actor is a coordinator, leader or administrator of the drawing organisation (an administrator above it too). */
export function isDrawOfficer(ctx: Ctx, draw: Pick<DrawRow, 'orgId' | 'orgPath'>): boolean {
  if (!OFFICERS.has(ctx.actor.role)) return false;
  if (ctx.actor.role === 'admin') return draw.orgPath.startsWith(ctx.actor.orgPath);
  return ctx.actor.orgId === draw.orgId;
}

/** Throws FORBIDDEN unless the actor may run the organisation's draws. */
export function assertDrawOfficer(ctx: Ctx, draw: Pick<DrawRow, 'orgId' | 'orgPath'>, what: string): void {
  if (!isDrawOfficer(ctx, draw)) {
    throw new AppError(ErrorCode.FORBIDDEN, `只有抽取单位的承办人、领导或系统管理员可以${what}`, [], { role: ctx.actor.role });
  }
}

/** Throws NOT_FOUND for a draw outside the actor's organisation subtree (the draw is not even confirmed to exist). */
export function assertDrawInScope(ctx: Ctx, draw: DrawRow | undefined, ref: string | number): asserts draw is DrawRow {
  if (!draw || !draw.orgPath.startsWith(ctx.actor.orgPath)) {
    // An inspector of a branch may hold a task of an upper level's draw: checked by the caller.
    throw new AppError(ErrorCode.NOT_FOUND, `抽取不存在或不在您的管辖范围内（${ref}）`);
  }
}

/** The inspector record the actor's user account is linked to, if any. */
export async function actorInspectorId(q: Queryable, ctx: Ctx): Promise<number | null> {
  if (ctx.actor.id === null) return null;
  return (await q.query(`SELECT inspector_id AS "inspectorId" FROM users WHERE id = $1`, [ctx.actor.id])).rows[0]?.inspectorId ?? null;
}

/** Protocol id of an inspector (roster `id`): 'I' + the inspector's record id. */
export function rosterId(inspectorId: number): string {
  return `I${inspectorId}`;
}

/** The record id behind a roster id. */
export function inspectorIdOf(rosterIdValue: string): number {
  const n = Number(rosterIdValue.slice(1));
  if (!rosterIdValue.startsWith('I') || !Number.isInteger(n)) throw new AppError(ErrorCode.INTERNAL, `名单中的检查人员编号无效：${rosterIdValue}`);
  return n;
}

const READ_LABELS: Record<string, string> = { list: '名单', 'own-tasks': '本人任务', record: '抽取记录' };

/** Logs a read of a draw's list; before the reveal it is also appended to the audit chain. */
export async function recordListRead(ctx: Ctx, draw: Pick<DrawRow, 'id' | 'drawNo' | 'status'>, what: string): Promise<void> {
  await logDrawAccess(ctx.database.pool, draw.id, ctx.actor.id, what, ctx.now());
  if (draw.status === 'revealed') return;
  await appendAudit(ctx.database.pool, auditEntry(ctx, 'draw.read', { type: 'draw', id: draw.drawNo },
    `查看未公开抽取 ${draw.drawNo} 的${READ_LABELS[what] ?? what}`, { drawNo: draw.drawNo, what }));
}
