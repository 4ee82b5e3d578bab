/**
 * Joint-inspection minimums for a year: 保定's internal joint inspections (≥ 5 % of key units, at least
 * one every quarter) and 南山's cross-department tasks (≥ 15 % of all random tasks, by end of October).
 */
import { periodKind } from '../calendar/dates.ts';
import { AppError, ErrorCode } from '../errors.ts';
import { ceilPercent, num, PERIOD_LABEL } from './counting.ts';
import { resolveLevel } from './quota.ts';
import type { Citation, JointRule, PolicyLevel, Profile } from './schema.ts';

/** What the year's joint-inspection minimum needs. */
export interface JointInput {
  year: string;
  orgLevel?: PolicyLevel;
  /** Pool sizes by stratum key (保定: the 重点 stratum). */
  pools?: Record<string, number>;
  /** All random tasks of the year (南山: 双随机任务总数). */
  totalTasks?: number;
}

/** One joint-inspection minimum: a count, its formula, and its deadline when the document sets one. */
export interface JointQuota {
  kind: JointRule['kind'];
  quota: number;
  formula: string;
  atLeastOneEvery?: JointRule['atLeastOneEvery'];
  due?: string;
  cite: Citation;
}

/** The joint-inspection minimums of a profile for a year at a level. */
export function computeJointQuotas(profile: Profile, input: JointInput): JointQuota[] {
  if (periodKind(input.year) !== 'year') throw new AppError(ErrorCode.VALIDATION, `「${input.year}」不是年份，应为 2025 这样的格式`);
  const level = resolveLevel(profile, input.orgLevel);
  return profile.joint
    .filter((j) => !j.levels || j.levels.includes(level))
    .map((j) => {
      const [percent, base, what] = 'percentOfStratum' in j.amount
        ? [j.amount.percent, input.pools?.[j.amount.percentOfStratum], `「${j.amount.percentOfStratum}」对象数`]
        : [j.amount.percentOfTasks, input.totalTasks, '双随机任务总数'];
      if (base === undefined || !Number.isInteger(base) || base < 0) {
        throw new AppError(ErrorCode.VALIDATION, `计算${j.kind}抽查数量需要${what}（非负整数）`);
      }
      const quota = ceilPercent(percent, base);
      const every = j.atLeastOneEvery ? `；且每${PERIOD_LABEL[j.atLeastOneEvery]}至少 1 次` : '';
      const due = j.by ? `${input.year}-${String(j.by.month).padStart(2, '0')}-${String(j.by.day).padStart(2, '0')}` : undefined;
      return {
        kind: j.kind,
        quota,
        formula: `ceil(${num(percent)}% × ${base}) = ${quota}${every}`,
        ...(j.atLeastOneEvery ? { atLeastOneEvery: j.atLeastOneEvery } : {}),
        ...(due ? { due } : {}),
        cite: j.cite,
      };
    });
}
