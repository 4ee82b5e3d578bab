/**
 * The profile model: a jurisdiction's 实施方案 as data. Every rule carries the citation of the article
 * that demands it, so the admin UI, the plan and the draw manifest can show where a number comes from.
 * Structure is checked here (zod); contradictions between rules are checked in validate.ts.
 */
import { z } from 'zod';
import { conditionSchema } from './condition-schema.ts';
import { citationSchema, periodKindSchema, POLICY_LEVELS } from './base-schema.ts';
import { enterpriseChecksSchema } from './enterprise-checks.ts';
import { disclosureSchema, drawWindowSchema, jointRuleSchema, milestonesSchema, reportSchema } from './schedule-schema.ts';

export { conditionSchema, EVENT_WINDOWS, TARGET_ATTRS } from './condition-schema.ts';
export type { Condition, EventWindow, TargetAttr } from './condition-schema.ts';
export * from './schedule-schema.ts';
export * from './base-schema.ts';

/** How an inspection is carried out (B/N 非现场, L 体检式执法帮扶). */
export const MODES = ['现场', '非现场', '体检式执法帮扶'] as const;
export type Mode = (typeof MODES)[number];

/** A monitoring category (重点/简化/一般/特殊 …); the highest priority whose condition holds wins. */
export const categorySchema = z.strictObject({
  key: z.string().min(1),
  label: z.string().min(1),
  priority: z.number().int(),
  when: conditionSchema,
  cite: citationSchema,
});
export type Category = z.infer<typeof categorySchema>;

/** How many to draw: a share of the pool, a multiple of staff, a fixed number, everyone, or the plan's own number. */
export const amountSchema = z.union([
  z.strictObject({ percent: z.number() }),
  z.strictObject({ perInspector: z.number() }),
  z.strictObject({ perSquad: z.number() }),
  z.strictObject({ fixed: z.number().int() }),
  z.strictObject({ coverAll: z.literal(true) }),
  /** 武隆 附件 12: "按年度监管工作方案执行" — the number is written in the annual plan. */
  z.strictObject({ asPlanned: z.literal(true) }),
]);
export type Amount = z.infer<typeof amountSchema>;

/**
 * One minimum of a stratum. `per` is the period the amount counts over ("每季度 25 %", "年度 1:10",
 * "每半年全覆盖"); `drawEvery` is how often draws happen when that is more often than `per`, in which
 * case what remains of the amount is spread over the remaining draws.
 */
export const quotaRuleSchema = z.strictObject({
  amount: amountSchema,
  per: periodKindSchema,
  drawEvery: periodKindSchema.optional(),
  /** The item list's 抽查频次 ("4次/年"), checked against `per`. */
  timesPerYear: z.number().int().optional(),
  levels: z.array(z.enum(POLICY_LEVELS)).min(1).optional(),
  /** Who draws when it is not the organisation itself (南山 移动源: 执法支队). */
  drawnBy: z.string().min(1).optional(),
  cite: citationSchema,
});
export type QuotaRule = z.infer<typeof quotaRuleSchema>;

/** The item list's own words for a row (武隆 附件: 抽查频次, 抽查比例, 抽取对象数量). */
export const annexSchema = z.strictObject({
  frequency: z.string().min(1),
  ratio: z.string().min(1),
  count: z.string().min(1),
});

/** A pool drawn from with its own quota: usually one category, or one row of an item list. */
export const stratumSchema = z.strictObject({
  key: z.string().min(1),
  label: z.string().min(1),
  /** The item (事项) number this stratum belongs to, when the profile has an item list. */
  item: z.string().min(1).optional(),
  pool: conditionSchema,
  rules: z.array(quotaRuleSchema),
  annex: annexSchema.optional(),
});
export type Stratum = z.infer<typeof stratumSchema>;

/** One row of the 随机抽查事项清单: who initiates, who cooperates, what is checked. */
export const itemSchema = z.strictObject({
  no: z.string().min(1),
  department: z.string().min(1),
  cooperating: z.array(z.string().min(1)),
  name: z.string().min(1),
  checklist: z.array(z.string().min(1)).min(1),
  expertise: z.array(z.string().min(1)),
  cite: citationSchema,
});
export type Item = z.infer<typeof itemSchema>;

/** Targets taken out of the pool, optionally only within some categories. */
export const exclusionSchema = z.strictObject({
  reason: z.string().min(1),
  when: conditionSchema,
  categories: z.array(z.string().min(1)).min(1).optional(),
  cite: citationSchema,
});
export type Exclusion = z.infer<typeof exclusionSchema>;

/** A mode other than the default for targets matching `when` (first match wins). */
export const modeRuleSchema = z.strictObject({ when: conditionSchema, mode: z.enum(MODES), cite: citationSchema });
export type ModeRule = z.infer<typeof modeRuleSchema>;

/** A whole jurisdiction's policy. */
export const profileSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  document: z.string().min(1),
  levels: z.array(z.enum(POLICY_LEVELS)).min(1),
  categories: z.array(categorySchema).min(1),
  strata: z.array(stratumSchema).min(1),
  items: z.array(itemSchema),
  exclusions: z.array(exclusionSchema),
  defaultMode: z.enum(MODES),
  modes: z.array(modeRuleSchema),
  drawWindows: z.array(drawWindowSchema),
  disclosures: z.array(disclosureSchema),
  milestones: milestonesSchema.optional(),
  joint: z.array(jointRuleSchema),
  reports: z.array(reportSchema),
  team: z.strictObject({ minSize: z.number().int(), cite: citationSchema }),
  /** "每年不低于 1 次" floors checked by plan compliance rather than drawn as their own stratum (武隆 三、（五）). */
  floors: z.array(z.strictObject({ categories: z.array(z.string().min(1)).min(1), timesPerYear: z.number().int(), cite: citationSchema })),
  /** What the document says that no number here can carry; shown next to the profile so it is not forgotten. */
  unexpressed: z.array(z.strictObject({ what: z.string().min(1), cite: citationSchema })),
  /** 涉企行政检查 (2025): annual cap, joint-inspection and other goals; absent = the national layer (enterprise-checks.ts). */
  enterpriseChecks: enterpriseChecksSchema.optional(),
});
export type Profile = z.infer<typeof profileSchema>;
/** A profile as written in a profile file, before validation. */
export type ProfileInput = z.input<typeof profileSchema>;
