/**
 * Quota rules in the documents' own Chinese ("每季度不低于 25%", "每年全覆盖，每季度抽取"), for the
 * profile editor, the version diff and `shuangsui profiles show`.
 */
import { num, PERIOD_LABEL } from './counting.ts';
import type { Amount, QuotaRule } from './schema.ts';

const LEVEL_LABEL = { city: '市级', county: '县级' } as const;

/** The amount alone: '25%', '执法人员数 × 2.5', '固定 3 家', '全覆盖', '按年度方案确定'. */
export function describeAmount(a: Amount): string {
  if ('percent' in a) return `${num(a.percent)}%`;
  if ('perInspector' in a) return `执法人员数 × ${num(a.perInspector)}`;
  if ('perSquad' in a) return `执法分队数 × ${num(a.perSquad)}`;
  if ('fixed' in a) return `固定 ${a.fixed} 家`;
  if ('coverAll' in a) return '全覆盖';
  return '按年度方案确定';
}

/** One rule: '每季度 25%', '每年 全覆盖（每季度抽取）', '每年 10%（市级）', with who draws when not the org itself. */
export function describeRule(r: QuotaRule): string {
  const every = r.drawEvery && r.drawEvery !== r.per ? `（每${PERIOD_LABEL[r.drawEvery]}抽取）` : '';
  const levels = r.levels ? `（${r.levels.map((l) => LEVEL_LABEL[l]).join('、')}）` : '';
  const by = r.drawnBy ? `，由${r.drawnBy}抽取` : '';
  return `每${PERIOD_LABEL[r.per]} ${describeAmount(r.amount)}${every}${levels}${by}`;
}
