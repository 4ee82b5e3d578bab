/**
 * Conditions over a target's attributes and its event history, used by categories, strata pools,
 * exclusions and modes. Event windows are relative to the period being classified for (the period
 * drawn), so "上一季度" of 2025-Q2 is 2025-Q1 whatever day the draw happens on.
 */
import { z } from 'zod';
import { TARGET_EVENT_KINDS, type TargetEventKind } from '../targets.ts';

/** Windows an event count may use, relative to the period's first day. */
export const EVENT_WINDOWS = [
  'previousMonth', 'currentMonth', 'previousQuarter', 'currentQuarter', 'previousHalf', 'currentHalf',
  'previousYear', 'currentYear', 'past12Months', 'anyTime',
] as const;
export type EventWindow = (typeof EVENT_WINDOWS)[number];

/** Target attributes a condition may compare (targets.ts field keys). */
export const TARGET_ATTRS = ['kind', 'permitClass', 'creditRating', 'vocsGrade', 'weatherGrade', 'status', 'region'] as const;
export type TargetAttr = (typeof TARGET_ATTRS)[number];

/** A test on one target; `category` may only be used after classification (pools, exclusions, modes). */
export type Condition =
  | { otherwise: true }
  | { attr: TargetAttr; in: string[] }
  | { flag: 'keyUnit' | 'positiveList' }
  | { tag: string }
  /** GB/T 4754 code prefixes, e.g. ['B06'] for 煤炭开采和洗选业. */
  | { industry: string[] }
  /** At least `min` events of these kinds in the window; `sameOutlet`: all at one 排口 (保定). */
  | { event: TargetEventKind | TargetEventKind[]; window: EventWindow; min: number; sameOutlet?: boolean }
  /** A random inspection in the window by this or an upper level, with or without problems found (枣庄). */
  | { inspected: EventWindow; by: 'self' | 'upper' | 'any'; problemsFound: boolean }
  | { category: string[] }
  | { anyOf: Condition[] }
  | { allOf: Condition[] }
  | { not: Condition };

const eventKind = z.enum(TARGET_EVENT_KINDS);
const window = z.enum(EVENT_WINDOWS);

/** Zod schema of a Condition (recursive). */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ otherwise: z.literal(true) }),
    z.strictObject({ attr: z.enum(TARGET_ATTRS), in: z.array(z.string().min(1)).min(1) }),
    z.strictObject({ flag: z.enum(['keyUnit', 'positiveList']) }),
    z.strictObject({ tag: z.string().min(1) }),
    z.strictObject({ industry: z.array(z.string().regex(/^[A-T]\d{0,4}$/)).min(1) }),
    z.strictObject({
      event: z.union([eventKind, z.array(eventKind).min(1)]),
      window,
      min: z.number().int(),
      sameOutlet: z.boolean().optional(),
    }),
    z.strictObject({ inspected: window, by: z.enum(['self', 'upper', 'any']), problemsFound: z.boolean() }),
    z.strictObject({ category: z.array(z.string().min(1)).min(1) }),
    z.strictObject({ anyOf: z.array(conditionSchema).min(1) }),
    z.strictObject({ allOf: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);
