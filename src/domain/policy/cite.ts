/**
 * The source documents by id, and how a citation reads in a reason or a formula's footnote.
 */
import type { Citation, DocId } from './schema.ts';

/** Each document's issuing body and 文号, as a user would look it up. */
export const DOCUMENTS: Record<DocId, { short: string; title: string }> = {
  zaozhuang: { short: '枣庄方案', title: '枣庄市生态环境“双随机、一公开”监管工作实施方案（枣环函字〔2024〕20号）' },
  baoding: {
    short: '保定',
    title: '保定市生态环境局 指导意见（保环办函〔2021〕13号）、2021 年实施方案（保环办发〔2021〕2号）及内部联合抽查工作机制',
  },
  lingchuan: { short: '陵川方案', title: '陵川县污染源日常环境监管领域“双随机、一公开”抽查工作实施方案（陵环发〔2024〕1号）' },
  nanshan: { short: '南山方案', title: '2024年南山区生态环境领域“双随机、一公开”监管工作方案' },
  wulong: { short: '武隆方案', title: '武隆区2024年生态环境“双随机、一公开”实施方案（武环发〔2024〕3号）' },
  law: { short: '行政处罚法', title: '《中华人民共和国行政处罚法》' },
  gov2025: { short: '涉企检查意见', title: '国务院办公厅关于严格规范涉企行政检查的意见（国办发〔2024〕54号）' },
};

/** '枣庄方案 二、（四）2（1）'. */
export function citeText(c: Citation): string {
  return `${DOCUMENTS[c.doc].short} ${c.article}`;
}

/** Appends the citation to a sentence: '…（依据：枣庄方案 二、（四）2（1））'. */
export function withCite(sentence: string, c: Citation): string {
  return `${sentence}（依据：${citeText(c)}）`;
}
