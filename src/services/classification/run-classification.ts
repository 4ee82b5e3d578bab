/**
 * A classification run: every target of an organisation's subtree classified under a profile for a
 * period (classifyTarget, with the targets' dated events), stored in one transaction — the run, every
 * target's category, exclusion, mode, strata and Chinese reasons (multi-row inserts of 2,000), a
 * summary, and how many targets changed since the previous run of the same scope. A run that fails
 * is rolled back and recorded as a failed run with the reason.
 */
import { periodRange } from '../../domain/calendar/dates.ts';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import type { Profile } from '../../domain/policy/schema.ts';
import { inTransaction } from '../../storage/database.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import * as repo from '../../storage/repos/classification.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { listOrgs } from '../../storage/repos/orgs.ts';
import { classifiedTargets } from '../policy/org-pools.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import type { ResolvedProfile } from '../policy/resolve-profile.ts';
import { resolveVisibleProfile } from '../policy/list-profiles.ts';

export interface RunOptions {
  profileKey: string;
  period: string;
  orgId?: number;
  trigger?: repo.RunTrigger;
  /** Ignore events after this day; default: today, or the period's last day if it is over. */
  asOf?: string;
}

/** Counts of a run, stored as classification_runs.summary. */
export interface RunSummary {
  categories: { key: string | null; label: string; count: number }[];
  excluded: { reason: string; count: number }[];
  modes: { mode: string; count: number }[];
  strata: { key: string; label: string; count: number }[];
  previousRunId: number | null;
}

const BATCH = 2000;

/** Classifies the targets of `orgIds` into run `runId`, batch by batch, and returns the summary counts. */
async function classifyInto(client: Queryable, runId: number, profile: Profile, orgIds: number[], period: string, asOf: string) {
  const categories = new Map<string | null, { key: string | null; label: string; count: number }>(
    profile.categories.map((c) => [c.key, { key: c.key, label: c.label, count: 0 }]),
  );
  const strata = new Map(profile.strata.map((s) => [s.key, { key: s.key, label: s.label, count: 0 }]));
  const excluded = new Map<string, number>();
  const modes = new Map<string, number>();
  let total = 0;
  for await (const batch of classifiedTargets(client, profile, orgIds, period, asOf, BATCH)) {
    const results: repo.TargetResult[] = batch.map(({ row, c }) => {
      const cat = categories.get(c.category) ?? categories.set(c.category, { key: c.category, label: '未分类', count: 0 }).get(c.category)!;
      cat.count++;
      if (c.excluded) excluded.set(c.excluded.reason, (excluded.get(c.excluded.reason) ?? 0) + 1);
      modes.set(c.mode, (modes.get(c.mode) ?? 0) + 1);
      for (const s of c.strata) strata.get(s)!.count++;
      return { targetId: row.id as number, category: c.category, excluded: c.excluded?.reason ?? null, mode: c.mode, strata: c.strata, reasons: c.reasons };
    });
    await repo.insertResults(client, runId, results);
    total += batch.length;
  }
  return {
    total,
    summary: {
      categories: [...categories.values()],
      excluded: [...excluded].map(([reason, count]) => ({ reason, count })),
      modes: [...modes].map(([mode, count]) => ({ mode, count })),
      strata: [...strata.values()],
    },
  };
}

/** Runs the classification for one organisation, profile and period; resolves with the run id. */
export async function runClassification(ctx: Ctx, opts: RunOptions): Promise<number> {
  assertAllowed(ctx, 'write');
  const range = periodRange(opts.period);
  const today = ctx.now().toISOString().slice(0, 10);
  const asOf = opts.asOf ?? (today < range.end ? today : range.end);
  const org = await orgInScope(ctx, opts.orgId);
  const scope = { orgId: org.id, profileKey: opts.profileKey, period: opts.period };
  const started = { ...scope, asOf, trigger: opts.trigger ?? 'manual', createdBy: ctx.actor.id };
  let resolved: ResolvedProfile | undefined;
  try {
    resolved = await resolveVisibleProfile(ctx, opts.profileKey, { day: range.start });
    const { profile, version, hash } = resolved;
    const orgIds = (await listOrgs(ctx.database.pool, org.path)).map((o) => o.id);
    return await inTransaction(ctx.database.pool, async (client) => {
      const runId = await repo.insertRun(client, { ...started, profileVersion: version, profileHash: hash, status: 'running' });
      const { total, summary } = await classifyInto(client, runId, profile, orgIds, opts.period, asOf);
      const previous = await repo.previousRunId(client, { ...scope, before: runId });
      const changed = previous === null ? total : await repo.countChanges(client, runId, previous);
      await repo.finishRun(client, runId, { status: 'done', targetCount: total, changedCount: changed, summary: { ...summary, previousRunId: previous } satisfies RunSummary });
      await appendAudit(client, auditEntry(ctx, 'classification.run', { type: 'classification_run', id: runId },
        `分类计算：${org.name} ${opts.period}（方案 ${opts.profileKey} 第 ${version} 版），${total} 个对象，${changed} 个有变化`,
        { orgId: org.id, profileKey: opts.profileKey, profileVersion: version, period: opts.period, asOf, trigger: started.trigger, targetCount: total, changedCount: changed, status: 'done' }));
      return runId;
    });
  } catch (e) {
    const message = e instanceof AppError ? e.message : '分类失败（服务器内部错误，详情见服务器日志）';
    if (!(e instanceof AppError)) console.error('classification run failed', e);
    const failedId = await inTransaction(ctx.database.pool, async (client) => {
      const id = await repo.insertRun(client, { ...started, profileVersion: resolved?.version ?? 0, profileHash: resolved?.hash ?? '', status: 'failed', message });
      await appendAudit(client, auditEntry(ctx, 'classification.run', { type: 'classification_run', id },
        `分类计算失败：${org.name} ${opts.period}（方案 ${opts.profileKey}）：${message}`,
        { orgId: org.id, profileKey: opts.profileKey, period: opts.period, trigger: started.trigger, status: 'failed' }));
      return id;
    });
    throw new AppError(e instanceof AppError ? e.code : ErrorCode.INTERNAL, `分类未完成（第 ${failedId} 次运行已记录为失败）：${message}`);
  }
}
