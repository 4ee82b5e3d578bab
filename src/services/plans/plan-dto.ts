/**
 * Presenters of annual plans: stored revisions and computed plans as the DTOs of http/contract.ts,
 * each stratum summarised from its lines with the year's formula and the citations of its rules.
 */
import { summariseStratum, type AnnualPlanLine } from '../../domain/policy/annual-plan.ts';
import { citeText } from '../../domain/policy/cite.ts';
import type { PolicyLevel, Profile } from '../../domain/policy/schema.ts';
import type { PlanComputationDto, PlanDto, PlanInputsDto, PlanStratumDto } from '../../http/contract.ts';
import type { PlanRow } from '../../storage/repos/plans.ts';
import type { OrgPlan } from '../policy/compute-org-plan.ts';

export const PLAN_STATUS_LABEL: Record<PlanRow['status'], string> = { draft: '待审批', approved: '已批准', rejected: '已退回', superseded: '已被新版本取代' };

/** Citations of the stratum's rules at the level ('武隆方案 附件 序号4'). */
function citationsOf(profile: Profile | undefined, key: string, level: PolicyLevel): string[] {
  const s = profile?.strata.find((x) => x.key === key);
  return s ? [...new Set(s.rules.filter((r) => !r.levels || r.levels.includes(level)).map((r) => citeText(r.cite)))] : [];
}

/** Lines grouped per stratum (first appearance order) and summarised. */
export function strataOf(lines: readonly AnnualPlanLine[], profile: Profile | undefined, level: PolicyLevel): PlanStratumDto[] {
  const groups = new Map<string, AnnualPlanLine[]>();
  for (const l of lines) (groups.get(l.stratum) ?? groups.set(l.stratum, []).get(l.stratum)!).push(l);
  return [...groups.values()].map((ls) => {
    const s = summariseStratum(ls);
    return {
      key: s.key, label: s.label, item: s.item, cadence: s.cadence, cadenceLabel: s.cadenceLabel, pool: s.pool,
      countPerPeriod: s.countPerPeriod, countPerYear: s.countPerYear, formula: s.formula, drawnBy: s.drawnBy,
      citations: citationsOf(profile, s.key, level),
      periods: s.lines.map((l) => ({ period: l.period, count: l.count, formula: l.formula })),
    };
  });
}

/** A stored revision as a DTO. `profile` is the version it was computed with (for citations). */
export function toPlanDto(row: PlanRow, profile: Profile | undefined): PlanDto {
  const strata = strataOf(row.lines, profile, row.level);
  return {
    id: row.id, orgId: row.orgId, orgName: row.orgName, profileKey: row.profileKey, profileName: profile?.name ?? row.profileKey,
    profileVersion: row.profileVersion, profileHash: row.profileHash, year: row.year, level: row.level, revision: row.revision,
    status: row.status, statusLabel: PLAN_STATUS_LABEL[row.status], inputs: row.inputs as PlanInputsDto,
    strata, total: strata.reduce((n, s) => n + (s.countPerYear ?? 0), 0), note: row.note,
    createdBy: row.createdByName, createdById: row.createdBy, createdAt: row.createdAt.toISOString(),
    decidedBy: row.decidedByName, decidedAt: row.decidedAt?.toISOString() ?? null, decisionNote: row.decisionNote,
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}

/** A computed (unsaved) plan as a DTO. */
export function toComputationDto(r: OrgPlan): PlanComputationDto {
  return {
    org: r.org, profile: { key: r.resolved.key, name: r.resolved.profile.name, version: r.resolved.version }, year: r.plan.year, level: r.plan.level,
    inputs: r.inputs, strata: strataOf(r.plan.lines, r.resolved.profile, r.plan.level), total: r.plan.total, undetermined: r.plan.undetermined,
  };
}
