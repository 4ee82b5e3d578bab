/**
 * Inspections in the field (RULES §4): the kinds of check, the modes (现场 / 非现场), the verdict of a
 * checklist line, the result categories, the default 检查内容 when neither the profile nor the item
 * directory names one, and how approved amendments apply to a submitted record. Pure.
 */

/** A drawn task's record, or a targeted check outside the scheme (counts for the target, not for quotas). */
export const INSPECTION_KINDS = ['双随机抽查', '投诉举报', '上级转办', '专项', '监测发现线索'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
export const TARGETED_KINDS = INSPECTION_KINDS.filter((k) => k !== '双随机抽查');

/** 现场, or 非现场 by one of its means (Z, B, N: 在线监测, 分表计电, 远程执法, 视频, 无人机). */
export const INSPECTION_MODES = ['现场', '在线监测', '分表计电', '远程', '视频', '无人机'] as const;
export type InspectionMode = (typeof INSPECTION_MODES)[number];

export const VERDICTS = ['符合', '不符合', '不涉及'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The outcome of a record; the follow-up (责令整改, 立案, 移送, 移交) is recorded separately. */
export const RESULT_CATEGORIES = ['未发现问题', '发现问题，责令整改', '涉嫌环境违法，立案查处', '涉嫌犯罪，移送司法机关', '属其他部门职责，移交处理'] as const;
export type ResultCategory = (typeof RESULT_CATEGORIES)[number];

/** 检查内容 of a pollution source when no item names its own (RULES §4 "Content", L and W). */
export const DEFAULT_CHECKLIST = [
  '污染防治设施建设及运行情况',
  '污染物排放及自行监测情况（含在线监测设备运行）',
  '环境影响评价审批手续',
  '“三同时”制度执行情况',
  '排污许可证载明事项落实情况',
  '危险废物规范化管理情况',
  '突发环境事件应急预案及落实情况',
] as const;

export interface ChecklistLine {
  position: number;
  item: string;
  content: string;
  verdict: Verdict | null;
  finding: string | null;
}

/** The empty checklist of a task: one line per 检查内容 of each item, numbered from 1. */
export function buildChecklist(items: { item: string; checklist: readonly string[] }[]): ChecklistLine[] {
  const lines: ChecklistLine[] = [];
  for (const it of items) {
    for (const content of it.checklist) lines.push({ position: lines.length + 1, item: it.item, content, verdict: null, finding: null });
  }
  return lines;
}

export interface AmendmentChanges {
  lines?: { position: number; verdict?: Verdict; finding?: string | null }[];
  resultCategory?: ResultCategory;
  summary?: string;
}

/**
 * The record as corrected by its approved amendments, applied in order; the original stays as it is
 * and is shown beside this.
 */
export function applyAmendments<R extends { lines: ChecklistLine[]; resultCategory: string | null; summary: string | null }>(
  original: R, approved: AmendmentChanges[],
): R {
  const out = { ...original, lines: original.lines.map((l) => ({ ...l })) };
  for (const ch of approved) {
    for (const c of ch.lines ?? []) {
      const line = out.lines.find((l) => l.position === c.position);
      if (!line) continue;
      if (c.verdict !== undefined) line.verdict = c.verdict;
      if (c.finding !== undefined) line.finding = c.finding;
    }
    if (ch.resultCategory !== undefined) out.resultCategory = ch.resultCategory;
    if (ch.summary !== undefined) out.summary = ch.summary;
  }
  return out;
}

/** What is missing before a record can be submitted (Chinese, one entry per problem); empty when complete. */
export function submitProblems(r: { lines: ChecklistLine[]; resultCategory: string | null }): string[] {
  const problems: string[] = [];
  for (const l of r.lines) {
    if (!l.verdict) problems.push(`第 ${l.position} 项检查内容「${l.content}」尚未填写检查结论`);
    else if (l.verdict === '不符合' && !l.finding?.trim()) problems.push(`第 ${l.position} 项检查内容「${l.content}」结论为不符合，须填写发现的问题`);
  }
  if (!r.resultCategory) problems.push('尚未选择检查结果类别');
  if (r.lines.length === 0) problems.push('检查记录没有检查内容');
  return problems;
}
