/**
 * Import templates generated from the field catalogue, so the template, the importer and the export
 * always have the same columns. The data sheet holds only the header row: example rows would be
 * imported by users who forget to delete them, so the example goes on the instructions sheet.
 */
import ExcelJS from 'exceljs';
import type { FieldSpec } from '../domain/fields.ts';
import type { TableFormat } from './read-table.ts';
import { csvLine } from './write-table.ts';
import { columnWidth, safeSheetName } from './sheet-util.ts';

interface Column { label: string; required: boolean; format: string; hint: string; choices?: readonly string[] }

/** Drop-downs cover rows 2..VALIDATION_LAST_ROW: enough for a manual import, small enough to keep the file light. */
const VALIDATION_LAST_ROW = 10000;
/** Excel rejects a literal list longer than 255 characters; longer lists go to a hidden sheet. */
const LIST_LITERAL_MAX = 255;
const OPTIONS_SHEET = '选项';
const GUIDE_SHEET = '填写说明';
const RED = 'FFFF0000';

function formatOf(f: FieldSpec): string {
  switch (f.type) {
    case 'text': return f.max ? `文本，不超过 ${f.max} 个字符` : '文本';
    case 'enum': return `从下拉列表选择：${(f.values ?? []).join('、')}`;
    case 'bool': return '从下拉列表选择：是、否';
    case 'date': return '日期，如 2024-03-05';
    case 'int': return '非负整数';
    case 'list': return `可填多个，用“；”分隔${f.values ? `；可选：${f.values.join('、')}` : ''}`;
    case 'lines': return '可填多项，用“；”或换行分隔';
  }
}

function columnsOf(fields: readonly FieldSpec[], extra: { label: string; hint: string }[]): Column[] {
  return [
    ...fields.map((f) => ({
      label: f.label,
      required: !!f.required,
      format: formatOf(f),
      hint: f.hint ?? '',
      choices: f.type === 'enum' ? f.values : f.type === 'bool' ? ['是', '否'] : undefined,
    })),
    ...extra.map((e) => ({ label: e.label, required: false, format: '文本', hint: e.hint })),
  ];
}

/** Adds the drop-down for one column; long or comma-containing lists are referenced from the hidden options sheet. */
function addChoiceValidation(book: ExcelJS.Workbook, sheet: ExcelJS.Worksheet, col: number, choices: readonly string[]): void {
  const letter = sheet.getColumn(col).letter;
  const literal = choices.join(',');
  let formula = `"${literal}"`;
  if (literal.length > LIST_LITERAL_MAX || choices.some((c) => /[,"]/.test(c))) {
    const options = book.getWorksheet(OPTIONS_SHEET) ?? book.addWorksheet(OPTIONS_SHEET, { state: 'hidden' });
    const optCol = options.getColumn(options.actualColumnCount + 1);
    choices.forEach((c, i) => { options.getCell(i + 1, optCol.number).value = c; });
    formula = `'${OPTIONS_SHEET}'!$${optCol.letter}$1:$${optCol.letter}$${choices.length}`;
  }
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  validations.add(`${letter}2:${letter}${VALIDATION_LAST_ROW}`, {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '输入值无效',
    error: '请从下拉列表中选择',
  });
}

function addGuideSheet(book: ExcelJS.Workbook, dataSheet: string, cols: Column[], example?: string[]): void {
  const guide = book.addWorksheet(GUIDE_SHEET);
  const head = ['列名', '是否必填', '格式/可选值', '说明', ...(example ? ['填写示例'] : [])];
  guide.addRow(head).font = { bold: true };
  cols.forEach((c, i) => {
    const row = guide.addRow([c.label, c.required ? '必填' : '选填', c.format, c.hint, ...(example ? [example[i] ?? ''] : [])]);
    if (c.required) row.getCell(2).font = { color: { argb: RED } };
  });
  guide.addRow([]);
  const notes = [
    `1. 请在「${dataSheet}」工作表中从第 2 行开始填写，每行一条记录；第 1 行的列名请勿修改（列的顺序可以调整）。`,
    '2. 红色列名为必填项；带下拉箭头的列请从下拉列表中选择。',
    '3. 统一社会信用代码、证件号码等长数字请按文本填写（模板的单元格已设为文本格式），否则 Excel 会丢失末尾数字。',
    '4. 日期请按 2024-03-05 的格式填写；空行会被忽略。',
    '5. 也可上传 CSV 文件（UTF-8 或 GBK 编码），第一行为与本模板相同的列名。',
    ...(example ? ['6. “填写示例”一列仅供参考，请勿把示例内容填入数据表。'] : []),
  ];
  for (const n of notes) guide.addRow([n]);
  guide.columns.forEach((col, i) => {
    const samples = i === 0 ? cols.map((c) => c.label) : (col.values ?? []).slice(1).map((v) => String(v ?? ''));
    col.width = columnWidth(i === 0 ? [head[0]!, ...samples] : samples, 10, 60);
  });
  guide.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
}

/** A downloadable import template: headers = the fields' Chinese labels (+ extraHeaders), xlsx with a '填写说明' sheet and drop-down validation for enum/bool columns; csv = header row only (UTF-8 BOM). */
export async function buildTemplate(
  fields: readonly FieldSpec[],
  format: TableFormat,
  opts: { title: string; extraHeaders?: { label: string; hint: string }[]; example?: string[] },
): Promise<Buffer> {
  const cols = columnsOf(fields, opts.extraHeaders ?? []);
  if (format === 'csv') return Buffer.from('\uFEFF' + csvLine(cols.map((c) => c.label)), 'utf8');

  const book = new ExcelJS.Workbook();
  const name = safeSheetName(opts.title, '导入模板');
  const sheet = book.addWorksheet(name === GUIDE_SHEET || name === OPTIONS_SHEET ? '导入模板' : name, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  // Text format so Excel keeps 18-digit codes and typed dates exactly as entered.
  sheet.columns = cols.map((c) => ({ width: columnWidth([c.label, ...(c.choices ?? [])], 14, 40), style: { numFmt: '@' } }));
  const header = sheet.getRow(1);
  cols.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.label;
    cell.font = { bold: true, color: c.required ? { argb: RED } : undefined };
    cell.note = [c.required ? '必填' : '选填', c.format, c.hint].filter(Boolean).join('\n');
  });
  addGuideSheet(book, sheet.name, cols, opts.example);
  cols.forEach((c, i) => { if (c.choices?.length) addChoiceValidation(book, sheet, i + 1, c.choices); });
  return Buffer.from(await book.xlsx.writeBuffer());
}
