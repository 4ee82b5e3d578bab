/**
 * The reports of RULES §6, computed from the records: the 统计表 of a quarter or year (枣庄, one row per
 * organisation: the organisation's own draws, each child, 合计) as .xlsx; the monthly detail table
 * (保定: one row per submitted record of the month) as .xlsx; the annual work report draft (枣庄,
 * 南山) as PDF with its figures filled in, and its figures as the .xlsx 统计表 of the year.
 */
import ExcelJS from 'exceljs';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { annualReportSections, statsRow, STATS_COLUMNS } from '../../domain/supervision-report.ts';
import { a4Document, renderPdf } from '../../files/pdf.ts';
import { monthRecords } from '../../storage/repos/supervision.ts';
import { PROFILES } from '../../domain/policy/profiles/index.ts';
import { assertAllowed, scopeOrgIds, orgInScope, type Ctx } from '../context.ts';
import { supervisionFigures, type SupervisionFigures } from './figures.ts';
import type { Content } from 'pdfmake/interfaces.js';

export interface ReportFile { fileName: string; contentType: string; body: Buffer }

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const REPORT_KINDS = ['quarterly', 'monthly', 'annual'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

function sheet(wb: ExcelJS.Workbook, name: string, title: string, headers: readonly string[], rows: (string | number | null)[][]): void {
  const ws = wb.addWorksheet(name);
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(1).alignment = { horizontal: 'center' };
  ws.addRow([...headers]).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  headers.forEach((h, i) => { ws.getColumn(i + 1).width = Math.max(8, Math.min(30, h.length * 2 + 2)); });
}

/** The 统计表 rows: the organisation's own draws (when it drew any), each child, and 合计. */
export function statsRows(f: SupervisionFigures): (string | number)[][] {
  const parts = [...(f.own.drawn > 0 || f.own.planned > 0 || f.children.length === 0 ? [f.own] : []), ...f.children];
  return [...parts.map((p, i) => statsRow(i + 1, p)), statsRow('合计', { ...f, org: { name: '合计' } })];
}

async function statsXlsx(f: SupervisionFigures, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  sheet(wb, '统计表', title, STATS_COLUMNS, statsRows(f));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const MONTHLY_COLUMNS = ['序号', '检查单位', '检查对象名称', '统一社会信用代码', '检查类型', '抽查事项', '检查方式', '检查日期', '检查人员', '检查结果', '后续处理'] as const;

/** Exports one report for the organisation `orgId` (default the actor's). `period`: '2026-Q1' / '2026-03' / '2026'. */
export async function exportReport(ctx: Ctx, opts: { kind: ReportKind; period: string; orgId?: number }): Promise<ReportFile> {
  assertAllowed(ctx, 'read');
  const org = await orgInScope(ctx, opts.orgId);
  const year = Number(opts.period.slice(0, 4));
  if (opts.kind === 'quarterly') {
    if (!/^\d{4}-Q[1-4]$/.test(opts.period) && !/^\d{4}$/.test(opts.period)) throw new AppError(ErrorCode.VALIDATION, `统计表的期间「${opts.period}」应为 2026-Q1 这样的季度或 2026 这样的年度`);
    const f = await supervisionFigures(ctx, { orgId: org.id, year, period: opts.period });
    const title = `${org.name}生态环境“双随机、一公开”监管情况统计表（${opts.period}）`;
    return { fileName: `监管情况统计表-${org.name}-${opts.period}.xlsx`, contentType: XLSX, body: await statsXlsx(f, title) };
  }
  if (opts.kind === 'monthly') {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.period)) throw new AppError(ErrorCode.VALIDATION, `明细表的月份「${opts.period}」应为 2026-03 这样的格式`);
    const rows = await monthRecords(ctx.database.pool, await scopeOrgIds(ctx, org.id), opts.period);
    const wb = new ExcelJS.Workbook();
    sheet(wb, '明细表', `${org.name}“双随机、一公开”情况明细表（${opts.period}）`, MONTHLY_COLUMNS, rows.map((r, i) => [
      i + 1, r.orgName, r.targetName, r.identifier, r.kind, r.items.join('、') || '—', r.mode, r.inspectedOn, r.team ?? '', r.resultCategory ?? '', r.followups ?? '无',
    ]));
    return { fileName: `情况明细表-${org.name}-${opts.period}.xlsx`, contentType: XLSX, body: Buffer.from(await wb.xlsx.writeBuffer()) };
  }
  if (!/^\d{4}$/.test(opts.period)) throw new AppError(ErrorCode.VALIDATION, `年度工作报告的年度「${opts.period}」应为 2026 这样的格式`);
  const f = await supervisionFigures(ctx, { orgId: org.id, year });
  const sections = annualReportSections(annualReportInput(f));
  const content: Content[] = sections.flatMap((s) => [
    { text: s.heading, bold: true, margin: [0, 10, 0, 4] } as Content,
    ...s.paragraphs.map((p) => ({ text: p, margin: [0, 0, 0, 4], leadingIndent: 20 }) as Content),
  ]);
  const body = await renderPdf(a4Document({ title: `${org.name} ${year} 年${annualReportName(f.profile?.key)}（草稿）`, subtitle: `数据截至 ${ctx.now().toISOString().slice(0, 10)}，由系统根据检查记录生成`, content }));
  return { fileName: `年度工作报告-${org.name}-${year}.pdf`, contentType: 'application/pdf', body };
}

/**
 * The annual report's name as the profile's document calls it (南山: 全年双随机监管工作总结及下一年度工作思路;
 * 枣庄: “双随机、一公开”工作报告), without the addressee.
 */
export function annualReportName(profileKey: string | undefined): string {
  const yearly = PROFILES.find((p) => p.id === profileKey)?.reports.find((r) => r.every === 'year' && /全年|工作报告/.test(r.what));
  return yearly ? yearly.what.replace(/^上一年度/, '').replace(/（[^）]*）$/, '') : '“双随机、一公开”工作报告';
}

/** The annual report's inputs from the figures. */
export function annualReportInput(f: SupervisionFigures) {
  return {
    ...f, profileName: f.profile?.name ?? null, flaggedTargets: f.targets.flagged.length,
    inspectedTargets: f.targets.inspected, inspectors: f.inspectors.length,
  };
}
