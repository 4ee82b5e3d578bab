/**
 * Builders for rows of 武隆's 随机抽查事项清单 (the annex of 武环发〔2024〕3号): each row is an item
 * (发起部门, 事项名称, 检查内容) and one stratum per 检查对象 with its 抽查频次, 抽查比例 and 抽取对象数量
 * exactly as printed, plus the rule they make.
 */
import type { Amount, Condition, Item, Stratum } from '../schema.ts';
import { citer } from './dsl.ts';

const W = citer('wulong');

/** Citation of annex row `no`. */
export const annexCite = (no: string, text: string, note?: string) => W(`附件 序号${no}`, text, note);

/** An item row: who initiates (and cooperates), what it is called, what is checked. */
export function item(no: string, department: string, cooperating: string[], name: string, checklist: string[]): Item {
  // 专长 is not demanded by the annex; 三、（三） only allows matching it ("可以"), so none is required here.
  return { no, department, cooperating, name, checklist, expertise: [], cite: annexCite(no, name) };
}

/** What the annex prints for one 检查对象: 抽查频次, 抽查比例, 抽取对象数量. */
export type Printed = [frequency: string, ratio: string, count: string];

/**
 * One 检查对象 of row `no`. `timesPerYear` defaults to the printed "N次/年" so a ratio drawn at the wrong
 * cadence is refused at load; pass null where the row's frequency does not apply to this object.
 */
export function object(
  no: string, key: string, label: string, pool: Condition, printed: Printed,
  amount: Amount, per: Stratum['rules'][number]['per'],
  opts: { note?: string; timesPerYear?: number | null } = {},
): Stratum {
  const [frequency, ratio, count] = printed;
  const parsed = /^(\d+)次\/年$/.exec(frequency);
  const times = opts.timesPerYear === undefined ? (parsed ? Number(parsed[1]) : undefined) : opts.timesPerYear ?? undefined;
  return {
    key, label, item: no, pool,
    annex: { frequency, ratio, count },
    rules: [{ amount, per, ...(times !== undefined ? { timesPerYear: times } : {}), cite: annexCite(no, `${label}：${frequency}，${ratio}，${count}`, opts.note) }],
  };
}
