/**
 * The dated parts of a profile: draw windows, disclosure deadlines, monthly milestones, joint-inspection
 * minimums and the report calendar. Contradictions (a window longer than its period) are in validate-rules.ts.
 */
import { z } from 'zod';
import { citationSchema, periodKindSchema, POLICY_LEVELS } from './base-schema.ts';

/** A day of the year without the year: 3-01, 10-31. */
export const monthDaySchema = z.strictObject({ month: z.number().int(), day: z.number().int() });
export type MonthDay = z.infer<typeof monthDaySchema>;

/** When the draw for a period of kind `cadence` happens; `strata` limits it to some strata. */
export const drawWindowSchema = z.strictObject({
  cadence: periodKindSchema,
  strata: z.array(z.string().min(1)).min(1).optional(),
  window: z.union([
    /** 保定/南山: the last n working days of the previous period. */
    z.strictObject({ lastWorkdaysOfPrevious: z.number().int() }),
    /** 陵川: the first n natural days of the period itself. */
    z.strictObject({ firstDays: z.number().int() }),
    /** 南山 入海排污口: before a date of the year ("每年 3 月份之前" → before 3-01). */
    z.strictObject({ before: monthDaySchema }),
  ]),
  cite: citationSchema,
});
export type DrawWindowRule = z.infer<typeof drawWindowSchema>;

/** A publication duty: what is published, counted from what, within how long (absent: no number given). */
export const disclosureSchema = z.strictObject({
  what: z.string().min(1),
  after: z.enum(['taskCompleted', 'periodEnd', 'periodTasksCompleted']),
  period: periodKindSchema.optional(),
  within: z.union([z.strictObject({ workdays: z.number().int() }), z.strictObject({ naturalDays: z.number().int() })]).optional(),
  cite: citationSchema,
});
export type DisclosureRule = z.infer<typeof disclosureSchema>;

/** Cumulative completion due at the end of each month of the period (南山 30/60/100 %). */
export const milestonesSchema = z.strictObject({ per: periodKindSchema, cumulativePercent: z.array(z.number()).min(1), cite: citationSchema });

/** Joint inspections: a share of a stratum's targets (保定 内部联合 5 %) or of all tasks (南山 跨部门 15 %). */
export const jointRuleSchema = z.strictObject({
  kind: z.enum(['内部联合', '跨部门联合']),
  amount: z.union([
    z.strictObject({ percentOfStratum: z.string().min(1), percent: z.number() }),
    z.strictObject({ percentOfTasks: z.number() }),
  ]),
  per: z.literal('year'),
  /** 保定: "每季度必须开展内部联合抽查" — at least one in every such period. */
  atLeastOneEvery: periodKindSchema.optional(),
  /** 南山: "10 月底前完成". */
  by: monthDaySchema.optional(),
  levels: z.array(z.enum(POLICY_LEVELS)).min(1).optional(),
  cite: citationSchema,
});
export type JointRule = z.infer<typeof jointRuleSchema>;

/** A report due every period: month `monthOffset` counted from the period's first month (0 = that month). */
export const reportSchema = z.strictObject({
  what: z.string().min(1),
  every: periodKindSchema,
  due: z.array(z.strictObject({ monthOffset: z.number().int(), day: z.union([z.number().int(), z.literal('end')]) })).min(1),
  cite: citationSchema,
});
export type ReportRule = z.infer<typeof reportSchema>;
