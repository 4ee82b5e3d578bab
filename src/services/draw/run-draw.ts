/**
 * 执行抽取 (draw, DRAW-PROTOCOL.md § Phases 2) and 公开 (reveal, § Phases 3): the public value typed in
 * at the meeting, the witnesses and minutes; the seed, selection and assignment computed by the pure
 * protocol; the tasks (dispatched to the organisation owning each target) and the result hash stored
 * in one transaction. An infeasible assignment stores nothing. Abandoning a frozen draw keeps its
 * number visible with the reason.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { periodRange } from '../../domain/calendar/dates.ts';
import { toHex } from '../../domain/draw/encoding.ts';
import { resultHash, runDrawWithSeed } from '../../domain/draw/protocol.ts';
import type { Manifest, RosterEntry } from '../../domain/draw/types.ts';
import { inTransaction } from '../../storage/database.ts';
import {
  getDraw, getDrawInputs, getDrawSecret, insertDrawTasks, markAbandoned, markDrawn, markRevealed, type DrawRow, type NewTask,
} from '../../storage/repos/draws.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { assertDrawInScope, assertDrawOfficer, inspectorIdOf } from './access.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { portalChanged } from '../publication/portal-cache.ts';
import type pg from 'pg';

export interface DrawInput {
  publicValue: string;
  witnesses: string[];
  minutes: string;
}

function checkDrawInput(input: DrawInput): DrawInput {
  const issues = [];
  const publicValue = input.publicValue?.trim() ?? '';
  if (!publicValue) issues.push({ field: 'publicValue', reason: '请输入公开随机值（如见证人现场掷出的骰子点数）' });
  const witnesses = (input.witnesses ?? []).map((w) => w.trim()).filter(Boolean);
  if (witnesses.length === 0) issues.push({ field: 'witnesses', reason: '请填写至少一名见证人姓名' });
  if (issues.length) throw new AppError(ErrorCode.VALIDATION, `执行抽取的参数有误：${issues.map((i) => i.reason).join('；')}`, issues);
  return { publicValue, witnesses, minutes: input.minutes?.trim() ?? '' };
}

/** Resolves the result's target ids (identifiers) to target rows of the drawing organisation's subtree. */
async function targetRows(client: pg.PoolClient, orgPath: string, keys: string[], refs: Record<string, number>): Promise<Map<string, { id: number; orgId: number }>> {
  const rows = (await client.query(
    `SELECT t.id, t.org_id AS "orgId", t.identifier FROM targets t JOIN organizations o ON o.id = t.org_id
     WHERE t.identifier = ANY($1::text[]) AND o.path LIKE $2 || '%'`,
    [keys, orgPath],
  )).rows as { id: number; orgId: number; identifier: string }[];
  const map = new Map<string, { id: number; orgId: number }>();
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.identifier, (counts.get(r.identifier) ?? 0) + 1);
  for (const r of rows) {
    // An id several targets carry resolves to the target pooled at the freeze (draw_inputs.target_refs).
    if (counts.get(r.identifier)! > 1 && refs[r.identifier] !== r.id) {
      if (refs[r.identifier] === undefined) throw new AppError(ErrorCode.CONFLICT, `检查对象标识「${r.identifier}」对应多个对象，无法确定派发给哪一个`);
      continue;
    }
    map.set(r.identifier, { id: r.id, orgId: r.orgId });
  }
  return map;
}

/** Runs a frozen draw with the public value; returns the drawn draw. */
export async function executeDraw(ctx: Ctx, drawId: number, raw: DrawInput): Promise<DrawRow> {
  assertAllowed(ctx, 'write');
  const input = checkDrawInput(raw);
  return inTransaction(ctx.database.pool, async (client) => {
    const draw = await getDraw(client, { id: drawId }, true);
    assertDrawInScope(ctx, draw, drawId);
    assertDrawOfficer(ctx, draw, '执行抽取');
    if (draw.status !== 'frozen') {
      throw new AppError(ErrorCode.CONFLICT, `抽取 ${draw.drawNo} 已${draw.status === 'abandoned' ? '作废' : '完成抽取'}，不能重新抽取（抽取结果一经确定不得变更）`);
    }
    const inputs = await getDrawInputs(client, draw.id);
    const secret = await getDrawSecret(client, draw.id);
    const manifest = draw.manifest as Manifest;
    // The pure protocol; an infeasible assignment throws here and the transaction stores nothing.
    const { seed, result } = runDrawWithSeed(manifest, inputs.pools, inputs.roster as RosterEntry[], input.publicValue, secret);
    const rows = await targetRows(client, draw.orgPath, result.tasks.map((t) => t.targetId), inputs.targetRefs ?? {});
    const deadline = periodRange(draw.period).end;
    const tasks: NewTask[] = result.tasks.map((t, position) => {
      const target = rows.get(t.targetId);
      if (!target) throw new AppError(ErrorCode.CONFLICT, `抽中的检查对象「${t.targetId}」已不在名录中，无法派发任务`);
      return {
        position, targetId: target.id, targetKey: t.targetId, items: t.items, drawnInspectors: t.inspectors,
        team: t.inspectors.map(inspectorIdOf), dispatchedOrgId: target.orgId, deadline,
      };
    });
    await insertDrawTasks(client, draw.id, tasks);
    await markDrawn(client, draw.id, {
      publicValue: input.publicValue, seed: toHex(seed), witnesses: input.witnesses, minutes: input.minutes,
      resultHash: resultHash(result), taskCount: tasks.length, drawnBy: ctx.actor.id, drawnAt: ctx.now(),
    });
    const hash = resultHash(result);
    await appendAudit(client, auditEntry(ctx, 'draw.draw', { type: 'draw', id: draw.drawNo },
      `执行抽取 ${draw.drawNo}：公开随机值「${input.publicValue}」，见证人 ${input.witnesses.join('、')}，${tasks.length} 项任务，结果哈希 ${hash}`,
      { drawNo: draw.drawNo, publicValue: input.publicValue, witnesses: input.witnesses, taskCount: tasks.length, resultHash: hash }));
    return (await getDraw(client, { id: draw.id }))!;
  });
}

/** Publishes a drawn draw's bundle (公开). */
export async function revealDraw(ctx: Ctx, drawId: number): Promise<DrawRow> {
  assertAllowed(ctx, 'write');
  return inTransaction(ctx.database.pool, async (client) => {
    const draw = await getDraw(client, { id: drawId }, true);
    assertDrawInScope(ctx, draw, drawId);
    assertDrawOfficer(ctx, draw, '公开抽取结果');
    if (draw.status === 'revealed') throw new AppError(ErrorCode.CONFLICT, `抽取 ${draw.drawNo} 已经公开`);
    if (draw.status !== 'drawn') throw new AppError(ErrorCode.CONFLICT, `抽取 ${draw.drawNo} 尚未执行抽取，不能公开`);
    await markRevealed(client, draw.id, ctx.actor.id, ctx.now());
    await appendAudit(client, auditEntry(ctx, 'draw.reveal', { type: 'draw', id: draw.drawNo }, `公开抽取 ${draw.drawNo} 的证据包`, { drawNo: draw.drawNo, resultHash: draw.resultHash }));
    return (await getDraw(client, { id: draw.id }))!;
  }).finally(portalChanged);
}

/** Abandons a frozen draw with a reason (作废); its number stays used and visible. */
export async function abandonDraw(ctx: Ctx, drawId: number, reason: string): Promise<DrawRow> {
  assertAllowed(ctx, 'write');
  if (!reason?.trim()) throw new AppError(ErrorCode.VALIDATION, '请填写作废原因', [{ field: 'reason', reason: '不能为空' }]);
  return inTransaction(ctx.database.pool, async (client) => {
    const draw = await getDraw(client, { id: drawId }, true);
    assertDrawInScope(ctx, draw, drawId);
    assertDrawOfficer(ctx, draw, '作废抽取');
    if (draw.status !== 'frozen') throw new AppError(ErrorCode.CONFLICT, `抽取 ${draw.drawNo} 已执行，不能作废`);
    await markAbandoned(client, draw.id, reason.trim());
    await appendAudit(client, auditEntry(ctx, 'draw.abandon', { type: 'draw', id: draw.drawNo }, `作废抽取 ${draw.drawNo}：${reason.trim()}`, { drawNo: draw.drawNo, reason: reason.trim() }));
    return (await getDraw(client, { id: draw.id }))!;
  });
}
