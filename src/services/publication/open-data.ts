/**
 * Open data of published results in the fields of the national 公示 format: CSV (UTF-8 with BOM, so
 * spreadsheet software opens it in Chinese), JSON and an Atom feed of the newest publications.
 * Everything is built from PublicResult (pub_* columns only).
 */
import type { PublicResult } from '../../storage/repos/publications.ts';

/** The national 公示 fields, in order: JSON key → Chinese column header. */
export const OPEN_DATA_FIELDS = [
  ['planNo', '计划编号'], ['planName', '计划名称'], ['taskNo', '任务编号'], ['taskName', '任务名称'], ['checkType', '抽查类型'],
  ['authority', '检查机关'], ['enterpriseName', '主体名称'], ['creditCode', '统一社会信用代码'], ['completedOn', '检查完成日期'],
  ['result', '检查结果'], ['remark', '备注'],
] as const;
export type OpenDataKey = (typeof OPEN_DATA_FIELDS)[number][0];

export function openDataRecord(r: PublicResult): Record<OpenDataKey, string> & { inspectedOn: string; content: string } {
  return {
    planNo: r.planNo ?? '', planName: r.planName ?? '', taskNo: r.taskNo, taskName: r.taskName, checkType: r.checkType,
    authority: r.authority, enterpriseName: r.enterpriseName, creditCode: r.creditCode, completedOn: r.completedOn,
    result: r.result, remark: r.remark ?? '', inspectedOn: r.inspectedOn, content: r.content,
  };
}

function csvCell(v: string): string {
  // A leading = + - @ would be a formula in a spreadsheet: prefix an apostrophe (OWASP CSV injection).
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_HEADER = '\uFEFF' + [...OPEN_DATA_FIELDS.map(([, h]) => h), '检查时间', '检查内容'].join(',') + '\r\n';

export function csvLine(r: PublicResult): string {
  const o = openDataRecord(r);
  return [...OPEN_DATA_FIELDS.map(([k]) => o[k]), o.inspectedOn, o.content].map(csvCell).join(',') + '\r\n';
}

function xml(v: string): string {
  return v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]!))
    // Characters XML 1.0 forbids never reach the feed.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** Atom 1.0 (RFC 4287): feed id/title/updated/author/link self; each entry id/title/updated/link/summary/content. */
export function atomFeed(rows: PublicResult[], base: string, now: Date): string {
  const updated = (rows[0]?.publishedAt ? new Date(rows[0].publishedAt) : now).toISOString();
  const entries = rows.map((r) => {
    const o = openDataRecord(r);
    const when = new Date(r.publishedAt).toISOString();
    const text = OPEN_DATA_FIELDS.map(([k, h]) => `${h}：${o[k] || '—'}`).join('\n');
    return `  <entry>
    <id>${xml(`${base}/public/results/${r.id}`)}</id>
    <title>${xml(`${o.enterpriseName}：${o.result}`)}</title>
    <updated>${when}</updated>
    <published>${when}</published>
    <link rel="alternate" type="text/html" href="${xml(`${base}/public/results/${r.id}`)}"/>
    <author><name>${xml(o.authority)}</name></author>
    <category term="${xml(o.checkType)}"/>
    <summary type="text">${xml(`${o.authority}于${o.completedOn}完成检查，检查结果：${o.result}`)}</summary>
    <content type="text">${xml(text)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>${xml(`${base}/public/data/feed.atom`)}</id>
  <title>“双随机、一公开”最新公开的检查结果</title>
  <updated>${updated}</updated>
  <author><name>生态环境“双随机、一公开”信息公开</name></author>
  <link rel="self" type="application/atom+xml" href="${xml(`${base}/public/data/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${xml(`${base}/public`)}"/>
${entries.join('\n')}
</feed>
`;
}
