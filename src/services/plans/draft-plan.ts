/**
 * Drafts a revision of an organisation's 年度抽查计划: the plan computed from its directories as of
 * 1 January under the profile in effect that day, stored as the next revision with status 'draft'.
 * Drafting again is how a plan is revised: the new revision replaces any open draft, and once a
 * leader approves it, it replaces the approved one (decide-plan.ts).
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import type { PolicyLevel } from '../../domain/policy/schema.ts';
import type { PlanDto } from '../../http/contract.ts';
import { inTransaction } from '../../storage/database.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { insertPlanRevision, supersedeDrafts } from '../../storage/repos/plans.ts';
import type { PlanLine } from '../../storage/schema.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { computeOrgPlan } from '../policy/compute-org-plan.ts';
import { resolveVisibleProfile } from '../policy/list-profiles.ts';
import { toPlanDto } from './plan-dto.ts';

export interface DraftPlanOptions {
  profileKey: string;
  year: number;
  orgId?: number;
  level?: PolicyLevel;
  planned?: Record<string, number>;
  note?: string;
  source?: 'directories' | 'latestRun';
}

/** Computes and stores the next revision as a draft. */
export async function draftPlan(ctx: Ctx, opts: DraftPlanOptions): Promise<PlanDto> {
  assertAllowed(ctx, 'write');
  const { profile } = await resolveVisibleProfile(ctx, opts.profileKey, { day: `${opts.year}-01-01` });
  const keys = new Set(profile.strata.map((s) => s.key));
  for (const k of Object.keys(opts.planned ?? {})) {
    if (!keys.has(k)) throw new AppError(ErrorCode.VALIDATION, `「planned.${k}」不是方案「${profile.name}」的抽查分层`, [{ field: `planned.${k}`, reason: '不是本方案的抽查分层' }]);
  }
  const r = await computeOrgPlan(ctx, { profileKey: opts.profileKey, year: opts.year, orgId: opts.orgId, level: opts.level, planned: opts.planned, source: opts.source });
  if (r.plan.undetermined.length > 0) {
    const labels = r.plan.strata.filter((s) => s.countPerYear === null).map((s) => `「${s.label}」`).join('、');
    throw new AppError(ErrorCode.VALIDATION, `${labels}按年度监管工作方案执行，请填写每次抽查的数量后再生成计划`,
      r.plan.undetermined.map((k) => ({ field: `planned.${k}`, reason: '请填写每次抽查的数量' })));
  }
  const lines = r.plan.lines as PlanLine[];
  try {
    const row = await inTransaction(ctx.database.pool, async (client) => {
      const inserted = await insertPlanRevision(client, {
        orgId: r.org.id, profileKey: r.resolved.key, profileVersion: r.resolved.version, profileHash: r.resolved.hash,
        year: opts.year, level: r.plan.level, inputs: r.inputs, lines, note: opts.note || null, createdBy: ctx.actor.id,
      });
      await supersedeDrafts(client, inserted);
      await appendAudit(client, auditEntry(ctx, 'plan.draft', { type: 'annual_plan', id: inserted.id },
        `拟定${r.org.name} ${opts.year} 年度抽查计划第 ${inserted.revision} 版（方案 ${r.resolved.key} 第 ${r.resolved.version} 版）`,
        { orgId: r.org.id, year: opts.year, revision: inserted.revision, profileKey: r.resolved.key, profileVersion: r.resolved.version, lines: lines.length }));
      return inserted;
    });
    return toPlanDto(row, r.resolved.profile);
  } catch (e) {
    if ((e as { code?: string }).code === '23505') throw new AppError(ErrorCode.CONFLICT, '同一计划刚刚生成了新版本，请刷新后重试');
    throw e;
  }
}
