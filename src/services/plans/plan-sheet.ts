/**
 * A 年度抽查计划 in the columns of 武隆's 随机抽查事项清单 (the annex of 武环发〔2024〕3号):
 * 序号, 发起部门, 抽查事项名称, 检查内容, 检查对象, 抽查频次, 抽查比例, 抽取对象数量（家）, followed by
 * the plan's own figures (对象数, 计算公式, 依据). Written as .xlsx (exceljs) and as PDF (files/pdf.ts).
 */
import ExcelJS from 'exceljs';
import { MONTHS, num, PERIOD_LABEL } from '../../domain/policy/counting.ts';
import type { Amount, PolicyLevel, Profile, QuotaRule } from '../../domain/policy/schema.ts';
import type { PlanDto } from '../../http/contract.ts';
import { a4Document, pdfTable, renderPdf } from '../../files/pdf.ts';
import { columnWidth } from '../../files/sheet-util.ts';
import { neutraliseFormula } from '../../files/write-table.ts';

/** The annex's column headings, exactly as printed, then the plan's own. */
export const PLAN_SHEET_HEADERS = ['序号', '发起部门', '抽查事项名称', '检查内容', '检查对象', '抽查频次', '抽查比例', '抽取对象数量（家）', '对象数', '计算公式', '依据'];

const LEVEL_LABEL: Record<string, string> = { city: '市级', county: '县级' };

function amountText(a: Amount): string {
  if ('percent' in a) return `${num(a.percent)}%`;
  if ('perInspector' in a) return `执法人员数 × ${num(a.perInspector)}`;
  if ('perSquad' in a) return `执法分队数 × ${num(a.perSquad)}`;
  if ('fixed' in a) return `${a.fixed} 家`;
  if ('coverAll' in a) return '全覆盖';
  return '按年度监管工作方案执行';
}

/** "每季度 25%", "每年 执法人员数 × 5（每季度抽取）" — a stratum's rules in words, for profiles without an annex. */
export function describeRules(rules: readonly QuotaRule[]): string {
  return rules.map((r) => `每${PERIOD_LABEL[r.per]} ${amountText(r.amount)}${r.drawEvery && r.drawEvery !== r.per ? `（每${PERIOD_LABEL[r.drawEvery]}抽取）` : ''}`).join('，且');
}

/** The sheet's rows, one per stratum, in plan order. */
export function planSheetRows(plan: PlanDto, profile: Profile | undefined): (string | number | null)[][] {
  return plan.strata.map((s) => {
    const stratum = profile?.strata.find((x) => x.key === s.key);
    const item = s.item ? profile?.items.find((i) => i.no === s.item) : undefined;
    const rules = stratum?.rules.filter((r) => !r.levels || r.levels.includes(plan.level as PolicyLevel)) ?? [];
    const cadence = s.cadence as keyof typeof MONTHS;
    return [
      s.item ?? '',
      item ? [item.department, ...item.cooperating].join('、') : plan.orgName,
      item?.name ?? s.label,
      item ? item.checklist.map((c, i) => `${i + 1}.${c}`).join('\n') : '',
      s.label,
      stratum?.annex?.frequency ?? `${12 / MONTHS[cadence]}次/年`,
      stratum?.annex?.ratio ?? describeRules(rules),
      s.countPerYear,
      s.pool,
      s.formula,
      s.citations.join('；'),
    ];
  });
}

/** Title of the exported documents. */
export function planTitle(plan: PlanDto): string {
  return `${plan.orgName} ${plan.year} 年度“双随机、一公开”抽查计划`;
}

function subtitle(plan: PlanDto): string {
  const state = plan.status === 'approved' ? `${plan.decidedBy ?? ''} ${plan.decidedAt?.slice(0, 10) ?? ''} 批准` : plan.statusLabel;
  return `${plan.profileName}（${LEVEL_LABEL[plan.level] ?? plan.level}，第 ${plan.revision} 版，${state.trim()}）  全年合计 ${plan.total} 家次`;
}

/** The plan as an .xlsx workbook: title row, the annex's headings, one row per stratum. */
export async function planXlsx(plan: PlanDto, profile: Profile | undefined): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '双随 Shuangsui';
  const ws = wb.addWorksheet('年度抽查计划');
  const rows = planSheetRows(plan, profile);
  ws.addRow([planTitle(plan)]);
  ws.mergeCells(1, 1, 1, PLAN_SHEET_HEADERS.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.getRow(1).alignment = { horizontal: 'center' };
  ws.addRow([subtitle(plan)]);
  ws.mergeCells(2, 1, 2, PLAN_SHEET_HEADERS.length);
  const head = ws.addRow(PLAN_SHEET_HEADERS);
  head.font = { bold: true };
  for (const r of rows) {
    const row = ws.addRow(r.map((c) => (typeof c === 'string' ? neutraliseFormula(c) : c)));
    row.alignment = { vertical: 'top', wrapText: true };
  }
  PLAN_SHEET_HEADERS.forEach((h, i) => {
    ws.getColumn(i + 1).width = columnWidth([h, ...rows.map((r) => String(r[i] ?? ''))], 6, i === 3 || i === 9 ? 60 : 30);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The plan as an A4 landscape PDF with the same columns (检查内容 left out for width). */
export async function planPdf(plan: PlanDto, profile: Profile | undefined): Promise<Buffer> {
  const keep = [0, 1, 2, 4, 5, 6, 7, 8, 9];
  const rows = planSheetRows(plan, profile).map((r) => keep.map((i) => r[i] ?? null));
  const headers = keep.map((i) => PLAN_SHEET_HEADERS[i]!);
  return renderPdf(a4Document({
    title: planTitle(plan),
    subtitle: subtitle(plan),
    header: plan.orgName,
    orientation: 'landscape',
    subject: `年度抽查计划 ${plan.profileKey} ${plan.year} 第 ${plan.revision} 版`,
    content: [
      { stack: [pdfTable(headers, rows, { widths: [24, 60, 80, 110, 45, 70, 40, 34, '*'], align: ['center', 'left', 'left', 'left', 'center', 'left', 'right', 'right', 'left'] })], fontSize: 8 },
      { text: `计算依据：检查对象 ${plan.inputs.targetCount} 个（按 ${plan.inputs.asOf} 分类），执法人员 ${plan.inputs.inspectors} 人，执法分队 ${plan.inputs.squads} 个。方案版本哈希 ${plan.profileHash.slice(0, 16)}…`, style: 'small', margin: [0, 8, 0, 0] },
    ],
  }));
}
