/**
 * Reading draws under the confidentiality rule (issue #4 § Confidentiality): everyone in scope sees
 * a draw's status, hashes and manifest summary; the list (tasks and teams) and the seed only the
 * drawing organisation's coordinators, leaders and administrators before the reveal, and an assigned
 * inspector its own tasks. Every read of a list is logged. After the reveal the bundle is public.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import type { Bundle, Manifest, RosterEntry } from '../../domain/draw/types.ts';
import {
  drawnResult, getDraw, getDrawInputs, getDrawRoster, getDrawSecret, listDrawAccess, listDrawTasks, listDraws, listReplacements, logDrawAccess,
  type DrawRow,
} from '../../storage/repos/draws.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { getOrg, listOrgs } from '../../storage/repos/orgs.ts';
import {
  DRAW_STATUS_LABELS, type DrawAccessDto, type DrawDetailDto, type DrawSummaryDto, type DrawTaskDto, type PublicDrawDto,
} from '../../http/contract-draw.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { actorInspectorId, assertDrawOfficer, isDrawOfficer, recordListRead } from './access.ts';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function drawSummary(d: DrawRow): DrawSummaryDto {
  return {
    id: d.id, drawNo: d.drawNo, orgId: d.orgId, orgName: d.orgName, seq: d.seq, period: d.period, drawDate: d.drawDate,
    kind: d.kind, campaign: d.filter?.campaign ?? null, jointPartners: d.jointPartners ?? [], status: d.status, statusLabel: DRAW_STATUS_LABELS[d.status], profileKey: d.profileKey,
    manifestHash: d.manifestHash, commitment: d.commitment, publicValueSource: d.publicValueSource, resultHash: d.resultHash,
    taskCount: d.taskCount, frozenAt: iso(d.frozenAt)!, drawnAt: iso(d.drawnAt), revealedAt: iso(d.revealedAt), abandonReason: d.abandonReason,
  };
}

/** The organisation's draws (default the actor's; with its branches), newest first. */
export async function listDrawSummaries(ctx: Ctx, orgId?: number): Promise<DrawSummaryDto[]> {
  assertAllowed(ctx, 'read');
  const org = await orgInScope(ctx, orgId);
  const orgIds = (await listOrgs(ctx.database.pool, org.path)).map((o) => o.id);
  return (await listDraws(ctx.database.pool, orgIds)).map(drawSummary);
}

/**
 * A draw the actor may look at: within its scope, or (an inspector of a branch) one of whose tasks
 * it is assigned to. Otherwise NOT_FOUND, so existence is not confirmed either.
 */
async function readableDraw(ctx: Ctx, id: number): Promise<{ draw: DrawRow; inspectorId: number | null }> {
  const q = ctx.database.pool;
  const draw = await getDraw(q, { id });
  const inspectorId = await actorInspectorId(q, ctx);
  if (draw && draw.orgPath.startsWith(ctx.actor.orgPath)) return { draw, inspectorId };
  if (draw && inspectorId !== null && (await listDrawTasks(q, draw.id, { inspectorId })).length > 0) return { draw, inspectorId };
  throw new AppError(ErrorCode.NOT_FOUND, `抽取不存在或不在您的管辖范围内（ID ${id}）`);
}

function taskDto(t: Awaited<ReturnType<typeof listDrawTasks>>[number]): DrawTaskDto {
  return {
    id: t.id, position: t.position, targetId: t.targetId, targetKey: t.targetKey, targetName: t.targetName, items: t.items,
    drawnInspectors: t.drawnInspectors, team: t.team.map((id, i) => ({ id, name: t.teamNames[i] ?? `#${id}` })),
    dispatchedOrgId: t.dispatchedOrgId, dispatchedOrgName: t.dispatchedOrgName, deadline: t.deadline, status: t.status,
  };
}

/** A draw with as much of its list as the actor may see; a read of the list is logged. */
export async function getDrawDetail(ctx: Ctx, id: number): Promise<DrawDetailDto> {
  assertAllowed(ctx, 'read');
  const q = ctx.database.pool;
  const { draw, inspectorId } = await readableDraw(ctx, id);
  const officer = isDrawOfficer(ctx, draw);
  const revealed = draw.status === 'revealed';
  const hasResult = draw.status === 'drawn' || revealed;
  let visibility: DrawDetailDto['visibility'] = 'none';
  let tasks: DrawTaskDto[] = [];
  if (hasResult && (officer || (revealed && draw.orgPath.startsWith(ctx.actor.orgPath)))) {
    visibility = 'all';
    tasks = (await listDrawTasks(q, draw.id)).map(taskDto);
    await recordListRead(ctx, draw, 'list');
  } else if (hasResult && inspectorId !== null) {
    visibility = 'own';
    tasks = (await listDrawTasks(q, draw.id, { inspectorId })).map(taskDto);
    await recordListRead(ctx, draw, 'own-tasks');
  }
  const manifest = draw.manifest as Manifest;
  const replacements = visibility === 'all' ? await listReplacements(q, draw.id) : [];
  const rosterSize = officer || revealed ? (await getDrawRoster(q, draw.id)).length : null;
  return {
    ...drawSummary(draw),
    manifest: draw.manifest,
    strata: manifest.strata.map((s) => ({
      label: s.label, item: s.item, quota: s.quota, formula: s.formula, poolSize: s.poolSize, poolHash: s.poolHash,
      department: s.department ?? null, expertise: s.expertise ?? [],
    })),
    teamSize: manifest.teamSize,
    rosterSize,
    exclusionSummary: draw.exclusionSummary,
    filter: draw.filter as Record<string, unknown>,
    publicValue: draw.publicValue,
    witnesses: draw.witnesses ?? [],
    minutes: draw.minutes,
    seed: officer || revealed ? draw.seed : null,
    visibility,
    tasks,
    replacements: replacements.map((r) => ({
      seq: r.seq, taskId: r.taskId, replacedInspector: r.replacedInspector, replacement: r.replacement, reason: r.reason,
      approvedBy: r.approverName, at: new Date(r.createdAt).toISOString(),
    })),
    canRun: officer,
    canReplace: officer && ctx.actor.role === 'leader' && hasResult,
  };
}

/** The access log of a draw, for its officers. */
export async function getDrawAccessLog(ctx: Ctx, id: number): Promise<DrawAccessDto[]> {
  assertAllowed(ctx, 'read');
  const { draw } = await readableDraw(ctx, id);
  assertDrawOfficer(ctx, draw, '查看抽取名单的查阅记录');
  return (await listDrawAccess(ctx.database.pool, draw.id)).map((a) => ({ userName: a.userName, what: a.what, at: new Date(a.at).toISOString() }));
}

/** The complete bundle of a draw (DRAW-PROTOCOL.md § Result and bundle); only when revealed, or for its officers after the draw (CLI export). */
export async function drawBundle(q: Queryable, draw: DrawRow): Promise<Bundle> {
  if (draw.status !== 'drawn' && draw.status !== 'revealed') throw new AppError(ErrorCode.CONFLICT, `抽取 ${draw.drawNo} 尚未执行抽取，没有证据包`);
  const inputs = await getDrawInputs(q, draw.id);
  return {
    manifest: draw.manifest as Manifest,
    pools: inputs.pools,
    roster: inputs.roster as RosterEntry[],
    publicValue: draw.publicValue!,
    secret: await getDrawSecret(q, draw.id),
    result: await drawnResult(q, draw.id),
  };
}

/** The bundle of a revealed draw for a signed-in user (logged). */
export async function exportBundle(ctx: Ctx, id: number): Promise<Bundle> {
  assertAllowed(ctx, 'read');
  const { draw } = await readableDraw(ctx, id);
  if (draw.status !== 'revealed') throw new AppError(ErrorCode.FORBIDDEN, `抽取 ${draw.drawNo} 尚未公开，证据包（含密钥）在公开前不能导出`);
  await logDrawAccess(ctx.database.pool, draw.id, ctx.actor.id, 'bundle', ctx.now());
  return drawBundle(ctx.database.pool, draw);
}

function publicDto(d: DrawRow, bundle: Bundle | null): PublicDrawDto {
  const shown = d.status === 'drawn' || d.status === 'revealed';
  return {
    drawNo: d.drawNo, org: d.orgName, period: d.period, drawDate: d.drawDate, status: d.status, statusLabel: DRAW_STATUS_LABELS[d.status],
    manifestHash: d.manifestHash, commitment: d.commitment, publicValueSource: d.publicValueSource,
    resultHash: shown ? d.resultHash : null, revealedAt: iso(d.revealedAt), bundle,
  };
}

/** Public portal: one draw by its draw id; the bundle only after the reveal. No login. */
export async function getPublicDraw(q: Queryable, drawNo: string): Promise<PublicDrawDto> {
  const draw = await getDraw(q, { drawNo });
  if (!draw) throw new AppError(ErrorCode.NOT_FOUND, `没有编号为「${drawNo}」的抽取`);
  return publicDto(draw, draw.status === 'revealed' ? await drawBundle(q, draw) : null);
}

/** Public portal: the draws of an organisation (by code), without bundles. */
export async function listPublicDraws(q: Queryable, orgCode: string): Promise<PublicDrawDto[]> {
  const org = await getOrg(q, { code: orgCode });
  if (!org) throw new AppError(ErrorCode.NOT_FOUND, `没有机构代码为「${orgCode}」的单位`);
  return (await listDraws(q, [org.id])).map((d) => publicDto(d, null));
}
