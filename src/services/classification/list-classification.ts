/**
 * What the 分类结果 page shows: the runs of a scope (newest first, with their summaries), a page of a
 * run's targets with category, strata and reasons, and what changed since the previous run
 * ("重点监管对象 → 特殊监管对象").
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { allows } from '../../domain/orgs.ts';
import type { Profile } from '../../domain/policy/schema.ts';
import type { ClassificationOverviewDto, ClassificationResultDto, ClassificationResultsDto, ClassificationRunDto } from '../../http/contract.ts';
import * as repo from '../../storage/repos/classification.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';

const TRIGGER_LABEL: Record<string, string> = { manual: '手动运行', import: '导入后自动运行', event: '事件变更后自动运行' };
const STATUS_LABEL: Record<string, string> = { running: '运行中', done: '已完成', failed: '失败' };

async function profileOf(ctx: Ctx, key: string, version: number): Promise<Profile | undefined> {
  try {
    return (await resolveProfile(ctx.database.pool, key, { version })).profile;
  } catch {
    return undefined; // a failed run may name a profile that no longer resolves
  }
}

function runDto(r: repo.RunRow, profile: Profile | undefined): ClassificationRunDto {
  return {
    id: r.id, orgId: r.orgId, orgName: r.orgName, profileKey: r.profileKey, profileName: profile?.name ?? r.profileKey, profileVersion: r.profileVersion,
    period: r.period, asOf: r.asOf, trigger: r.trigger, triggerLabel: TRIGGER_LABEL[r.trigger] ?? r.trigger, status: r.status,
    statusLabel: STATUS_LABEL[r.status] ?? r.status, targetCount: r.targetCount, changedCount: r.changedCount,
    summary: r.status === 'done' ? r.summary as ClassificationRunDto['summary'] : null, message: r.message,
    createdBy: r.createdByName, createdAt: r.createdAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** The runs of an organisation, profile and period, newest first. */
export async function listClassificationRuns(ctx: Ctx, opts: { profileKey: string; period: string; orgId?: number }): Promise<ClassificationOverviewDto> {
  assertAllowed(ctx, 'read');
  const org = await orgInScope(ctx, opts.orgId);
  const rows = await repo.listRuns(ctx.database.pool, { orgId: org.id, profileKey: opts.profileKey, period: opts.period });
  const profiles = new Map<number, Profile | undefined>();
  const runs: ClassificationRunDto[] = [];
  for (const r of rows) {
    if (!profiles.has(r.profileVersion)) profiles.set(r.profileVersion, await profileOf(ctx, r.profileKey, r.profileVersion));
    runs.push(runDto(r, profiles.get(r.profileVersion)));
  }
  return { runs, canRun: allows(ctx.actor.role, 'write') };
}

/** One run's targets, filtered and paged, with the change since the previous run. */
export async function listClassificationResults(ctx: Ctx, runId: number, f: { category?: string; stratum?: string; changedOnly?: boolean; page: number; pageSize: number }): Promise<ClassificationResultsDto> {
  assertAllowed(ctx, 'read');
  const run = await repo.getRun(ctx.database.pool, runId);
  if (!run) throw new AppError(ErrorCode.NOT_FOUND, `分类运行记录不存在（ID ${runId}）`);
  await orgInScope(ctx, run.orgId);
  const profile = await profileOf(ctx, run.profileKey, run.profileVersion);
  const dto = runDto(run, profile);
  if (run.status !== 'done') return { run: dto, rows: [], total: 0, page: f.page, pageSize: f.pageSize, dropped: [] };
  const catLabel = (k: string | null) => (k === null ? '未分类' : profile?.categories.find((c) => c.key === k)?.label ?? k);
  const stratumLabel = (k: string) => profile?.strata.find((s) => s.key === k)?.label ?? k;
  if (f.category !== undefined && f.category !== '' && profile && !profile.categories.some((c) => c.key === f.category)) {
    throw new AppError(ErrorCode.VALIDATION, `「category」${f.category} 不是方案「${profile.name}」的监管类别`, [{ field: 'category', reason: '类别不存在' }]);
  }
  const previous = dto.summary?.previousRunId ?? null;
  const { rows, total } = await repo.listResults(ctx.database.pool, run.id, previous, {
    ...(f.category ? { category: f.category } : {}), ...(f.stratum ? { stratum: f.stratum } : {}), changedOnly: f.changedOnly,
    limit: f.pageSize, offset: (f.page - 1) * f.pageSize,
  });
  const results = rows.map((r): ClassificationResultDto => ({
    targetId: r.targetId, name: r.name, identifier: r.identifier, category: r.category, categoryLabel: catLabel(r.category),
    excluded: r.excluded, mode: r.mode, strata: r.strata.map((k) => ({ key: k, label: stratumLabel(k) })), reasons: r.reasons,
    changed: r.changed, change: !r.changed ? null : r.before === null ? '新增对象' : describeChange(r.before, r, catLabel, stratumLabel),
  }));
  const dropped = previous === null ? [] : (await repo.listDropped(ctx.database.pool, run.id, previous)).map((d) => ({ targetId: d.targetId, name: d.name, categoryLabel: catLabel(d.category) }));
  return { run: dto, rows: results, total, page: f.page, pageSize: f.pageSize, dropped };
}

type Side = { category: string | null; excluded: string | null; mode: string | null; strata: string[] };

/** '重点监管对象 → 特殊监管对象；不纳入抽取 → 纳入；分层：+特殊 −重点'. */
export function describeChange(before: Side, after: Side, catLabel: (k: string | null) => string, stratumLabel: (k: string) => string): string {
  const parts: string[] = [];
  if (before.category !== after.category) parts.push(`${catLabel(before.category)} → ${catLabel(after.category)}`);
  if ((before.excluded === null) !== (after.excluded === null) || before.excluded !== after.excluded) {
    parts.push(`${before.excluded ? '不纳入抽取' : '纳入抽取'} → ${after.excluded ? `不纳入抽取（${after.excluded}）` : '纳入抽取'}`);
  }
  if (before.mode !== after.mode) parts.push(`检查方式 ${before.mode ?? '—'} → ${after.mode ?? '—'}`);
  const added = after.strata.filter((s) => !before.strata.includes(s)).map((s) => `+${stratumLabel(s)}`);
  const removed = before.strata.filter((s) => !after.strata.includes(s)).map((s) => `−${stratumLabel(s)}`);
  if (added.length + removed.length > 0) parts.push(`分层：${[...added, ...removed].join(' ')}`);
  return parts.join('；');
}
