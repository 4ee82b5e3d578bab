/**
 * Short builders so a profile file reads like its document: `events('行政处罚', 'previousQuarter', 1)`
 * instead of object literals. They only build plain data; loadProfile validates it.
 */
import type { Amount, Category, Citation, Condition, DocId, EventWindow, Exclusion, Stratum } from '../schema.ts';
import type { CREDIT_RATINGS, PERMIT_CLASSES, TARGET_STATUSES, TargetEventKind, TargetKind, VOCS_GRADES } from '../../targets.ts';

/** A citation builder for one document: `Z('二、（四）2（1）', '…不低于 25%')`. */
export function citer(doc: DocId): (article: string, text?: string, note?: string) => Citation {
  return (article, text, note) => ({ doc, article, ...(text ? { text } : {}), ...(note ? { note } : {}) });
}

/** Matches every target (the lowest-priority category). */
export const otherwise: Condition = { otherwise: true };
/** 排污许可管理类别 is one of these. */
export const permit = (...v: (typeof PERMIT_CLASSES)[number][]): Condition => ({ attr: 'permitClass', in: v });
/** 环保信用等级 is one of these. */
export const credit = (...v: (typeof CREDIT_RATINGS)[number][]): Condition => ({ attr: 'creditRating', in: v });
/** VOCs 分级 is one of these. */
export const vocs = (...v: (typeof VOCS_GRADES)[number][]): Condition => ({ attr: 'vocsGrade', in: v });
/** 对象类型 is one of these. */
export const kind = (...v: TargetKind[]): Condition => ({ attr: 'kind', in: v });
/** 状态 is one of these (blank counts as 正常). */
export const status = (...v: (typeof TARGET_STATUSES)[number][]): Condition => ({ attr: 'status', in: v });
/** On the published 重点排污单位名录. */
export const keyUnit: Condition = { flag: 'keyUnit' };
/** On the 监督执法正面清单. */
export const positiveList: Condition = { flag: 'positiveList' };
/** Carries this tag (标识化管理). */
export const tag = (t: string): Condition => ({ tag: t });
/** Industry code starts with one of these GB/T 4754 prefixes. */
export const industry = (...prefixes: string[]): Condition => ({ industry: prefixes });
/** At least one of these holds. */
export const anyOf = (...c: Condition[]): Condition => ({ anyOf: c });
/** All of these hold. */
export const allOf = (...c: Condition[]): Condition => ({ allOf: c });
/** This does not hold. */
export const not = (c: Condition): Condition => ({ not: c });
/** Classified into one of these categories. */
export const inCategory = (...keys: string[]): Condition => ({ category: keys });
/** At least `min` events of these kinds in the window. */
export const events = (event: TargetEventKind | TargetEventKind[], window: EventWindow, min: number, sameOutlet?: true): Condition =>
  ({ event, window, min, ...(sameOutlet ? { sameOutlet } : {}) });

/** ⌈p % × pool⌉. */
export const percent = (p: number): Amount => ({ percent: p });
/** ⌈m × inspectors⌉ ("1:5", "2.5 倍"). */
export const perInspector = (m: number): Amount => ({ perInspector: m });
/** ⌈m × squads⌉ ("1:10 执法分队数量：监管对象数量"). */
export const perSquad = (m: number): Amount => ({ perSquad: m });
/** Every target in the pool once ("全覆盖"). */
export const coverAll: Amount = { coverAll: true };
/** The number written in the annual plan ("按年度监管工作方案执行"). */
export const asPlanned: Amount = { asPlanned: true };

/** A stratum whose pool is exactly one category, drawn under these rules. */
export function categoryStratum(c: Pick<Category, 'key' | 'label'>, rules: Stratum['rules']): Stratum {
  return { key: c.key, label: c.label, pool: inCategory(c.key), rules };
}

/** 停产、关闭、注销 units are no longer sources to inspect; every profile takes them out. */
export function outOfBusiness(cite: Citation): Exclusion {
  return { reason: '已停产、关闭或注销', when: status('停产', '关闭', '注销'), cite };
}
