/**
 * Opens an uploaded .csv or .xlsx file as a header row plus a stream of data rows, in constant memory
 * (an .xlsx keeps its shared-string table in memory; that is inherent to the format).
 *
 * Row numbering: `row` counts from the header, so the first row below the header is 1 and, with the
 * header on spreadsheet row 1 (the template's layout), `row` = spreadsheet row − 1. Blank rows are
 * skipped but keep their numbers, so "第 7 行" always means the 7th row below the header as the file
 * shows it; in a CSV, a quoted cell with line breaks is one row, as Excel displays it.
 *
 * Cell text (XLSX): dates → 'YYYY-MM-DD' (plus ' HH:mm:ss' if there is a time), numbers → plain digits
 * without exponent, rich text → its text, formulas → their cached result, hyperlinks → their text,
 * booleans → 是/否, errors → their code ('#N/A'). Trailing empty cells are dropped; other cells are
 * passed through untrimmed (the field parser trims). Header cells are trimmed.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { openCsv, SNIFF_BYTES } from './read-csv.ts';
import { openXlsx } from './read-xlsx.ts';
import { notXlsx, wrapError, type RawSource } from './raw-source.ts';

export type TableFormat = 'csv' | 'xlsx';

export interface TableRow {
  /** 1-based data row: the first row after the header is 1 (see the file comment). */
  row: number;
  cells: string[];
}

export interface OpenedTable {
  format: TableFormat;
  headers: string[];
  /** Iterable once. Breaking out of the loop releases the file; so does close(). */
  rows: AsyncIterable<TableRow>;
  /** Releases the file when `rows` will not be read to the end (e.g. the headers were rejected). */
  close(): void;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
// OLE2 compound file: the old .xls format, and also what Excel produces for a password-protected .xlsx.
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const CSV_EXTENSIONS = new Set(['.csv', '.txt', '.tsv']);
const XLSX_EXTENSIONS = new Set(['.xlsx', '.xlsm']);

const startsWith = (head: Uint8Array, magic: number[]) => magic.every((b, i) => head[i] === b);

/** Reads the file's first bytes and size; empty files and unreadable paths become AppErrors. */
async function readHead(path: string): Promise<{ head: Buffer; size: number }> {
  try {
    const fh = await open(path, 'r');
    try {
      const size = (await fh.stat()).size;
      const head = Buffer.alloc(Math.min(size, SNIFF_BYTES));
      if (head.length) await fh.read(head, 0, head.length, 0);
      return { head, size };
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw wrapError(err, () => new AppError(ErrorCode.INTERNAL, '无法读取上传的文件'));
  }
}

/** The format to read `head` as; an explicit `format` overrides the extension but not the content. */
function formatOf(path: string, head: Uint8Array, format?: TableFormat): TableFormat {
  if (startsWith(head, ZIP_MAGIC)) return 'xlsx';
  if (startsWith(head, OLE_MAGIC)) {
    throw notXlsx('：可能是旧版 .xls 格式或设置了打开密码。请在 Excel 中“另存为” Excel 工作簿（.xlsx）并取消密码后重新上传');
  }
  if (format) return format;
  const ext = extname(path).toLowerCase();
  if (XLSX_EXTENSIONS.has(ext)) return 'xlsx'; // not a zip: openTable reports it as a broken .xlsx
  if (ext === '.xls') throw notXlsx('：旧版 .xls 格式不受支持，请在 Excel 中“另存为” .xlsx 后重新上传');
  if (CSV_EXTENSIONS.has(ext)) return 'csv';
  // Uploads are often stored under a temporary name without extension: accept anything that looks like text.
  const sample = head.subarray(0, 4096);
  const utf16 = (sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff);
  if (ext === '' && (utf16 || !sample.includes(0))) return 'csv';
  throw new AppError(ErrorCode.VALIDATION, `不支持的文件类型「${ext || '无扩展名'}」，请上传 .xlsx 或 .csv 文件`);
}

/** Format from the file's content (xlsx = zip magic 'PK\x03\x04'), falling back to the extension. */
export async function detectFormat(path: string): Promise<TableFormat> {
  return formatOf(path, (await readHead(path)).head);
}

const isBlank = (cell: string) => cell.trim() === '';

function trimTrailing(cells: string[]): string[] {
  let n = cells.length;
  while (n > 0 && isBlank(cells[n - 1]!)) n--;
  return n === cells.length ? cells : cells.slice(0, n);
}

function checkHeaders(headers: string[]): void {
  const seen = new Set<string>();
  for (const h of headers) {
    if (h && seen.has(h)) throw new AppError(ErrorCode.VALIDATION, `表头「${h}」重复，请删除或改名后重新上传`);
    seen.add(h);
  }
}

/** Opens a CSV or XLSX file for streaming: headers first, then data rows one at a time. */
export async function openTable(path: string, format?: TableFormat): Promise<OpenedTable> {
  const { head, size } = await readHead(path);
  if (size === 0 || (size <= 3 && head.equals(Buffer.from([0xef, 0xbb, 0xbf]).subarray(0, size)))) {
    throw new AppError(ErrorCode.VALIDATION, '文件为空');
  }
  const actual = formatOf(path, head, format);
  if (actual === 'xlsx' && !startsWith(head, ZIP_MAGIC)) throw notXlsx();

  const source: RawSource = actual === 'xlsx' ? await openXlsx(path) : openCsv(path, head, size);
  let headers: string[] | undefined;
  let headerIndex = 0;
  try {
    for (;;) {
      const next = await source.rows.next();
      if (next.done) break;
      const cells = trimTrailing(next.value.cells);
      if (cells.length === 0) continue; // blank rows above the header
      headers = cells.map((c) => c.trim());
      headerIndex = next.value.index;
      break;
    }
    if (!headers) throw new AppError(ErrorCode.VALIDATION, '文件中没有表头行（第一行应为列名）');
    checkHeaders(headers);
  } catch (err) {
    source.close();
    throw err;
  }

  let used = false;
  async function* rows(): AsyncGenerator<TableRow> {
    if (used) throw new AppError(ErrorCode.INTERNAL, '表格数据行只能读取一次');
    used = true;
    try {
      for (;;) {
        const next = await source.rows.next();
        if (next.done) return;
        const cells = trimTrailing(next.value.cells);
        if (cells.length) yield { row: next.value.index - headerIndex, cells };
      }
    } finally {
      source.close();
    }
  }
  return { format: actual, headers, rows: { [Symbol.asyncIterator]: rows }, close: source.close };
}
