/**
 * Streaming XLSX reader on exceljs's WorkbookReader, read in two passes over the file:
 *  1. shared strings, styles and the workbook's sheet list (worksheet XML is skipped);
 *  2. the first worksheet's rows, streamed.
 * Why two passes: Excel stores sharedStrings.xml AFTER the worksheets, and exceljs then copies each
 * worksheet to a temp file that is only removed when the whole workbook has been iterated — an import
 * abandoned early (wrong headers, client gone) would leak temp files and descriptors. Handing the
 * first pass's tables to the second reader avoids temp files entirely; the price is inflating the zip
 * twice, which is cheap next to the XML parsing. This presets fields of exceljs 4.4's WorkbookReader
 * (sharedStrings, styles, workbookRels, model, properties); the tests cover Excel's entry order.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { notXlsx, wrapError, type RawRow, type RawSource } from './raw-source.ts';

/** The parts of exceljs's WorkbookReader that are not in its type declarations. */
interface ReaderInternals {
  sharedStrings?: unknown[];
  styles?: { index?: { numFmt?: (string | undefined)[] } };
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { name: string; id: number; rId: string }[] };
  properties?: { model?: { date1904?: boolean } };
  parse(): AsyncIterable<unknown>;
  [Symbol.asyncIterator](): AsyncIterator<ExcelJS.stream.xlsx.WorksheetReader & { name: string }>;
}

function reader(stream: ReadStream, options: object): ReaderInternals {
  return new ExcelJS.stream.xlsx.WorkbookReader(stream, options) as unknown as ReaderInternals;
}

// Built-in number formats whose code depends on the locale; exceljs knows none of them, so a date
// typed as 2024年3月5日 in Chinese Excel (ids 27-36, 50-58) would come back as a serial like 45356.
const LOCALE_DATE_FORMAT_IDS = [27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58];

/** How long the reader may go without producing anything once the whole file has been read. */
const STALL_MS = 5000;

/**
 * Iterates `source`, but gives up with notXlsx() when the file has been read to its end and the next
 * item does not come within STALL_MS: exceljs (its unzipper) never settles on some corrupted archives,
 * which would leave an import job waiting forever. Time the consumer spends between items does not count.
 */
async function* unlessStalled<T>(source: AsyncIterable<T>, input: ReadStream): AsyncGenerator<T> {
  let closed = input.closed;
  const onClose = () => { closed = true; wake?.(); };
  let wake: (() => void) | undefined;
  input.once('close', onClose);
  const it = source[Symbol.asyncIterator]();
  let hung = false;
  try {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, fail) => {
        const arm = () => { timer = setTimeout(() => { hung = true; fail(notXlsx('（文件已损坏或不完整）')); }, STALL_MS); };
        if (closed) arm(); else wake = arm;
      });
      stalled.catch(() => undefined);
      try {
        const next = await Promise.race([it.next(), stalled]);
        if (next.done) return;
        yield next.value;
      } finally {
        clearTimeout(timer);
        wake = undefined;
      }
    }
  } finally {
    input.off('close', onClose);
    // Let the source clean up when the consumer stops early (not when it hangs: that would wait forever).
    if (!hung) await it.return?.();
  }
}

/** Reads `path` fully once for the tables the worksheet pass needs; throws notXlsx() if it is not a workbook. */
async function readTables(path: string): Promise<ReaderInternals> {
  const input = createReadStream(path);
  const r = reader(input, { worksheets: 'ignore', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  // Preset so exceljs parses (and here ignores) worksheet entries in place instead of copying them to temp files.
  r.sharedStrings = [];
  r.workbookRels = [];
  r.model = { sheets: [] };
  try {
    for await (const _ of unlessStalled(r.parse(), input)) void _;
  } catch (err) {
    throw wrapError(err, () => notXlsx('（文件已损坏或不完整）'));
  } finally {
    input.destroy();
  }
  if (!r.model?.sheets?.length) throw notXlsx();
  const numFmt = r.styles?.index?.numFmt;
  if (numFmt) for (const id of LOCALE_DATE_FORMAT_IDS) numFmt[id] ??= 'yyyy-mm-dd';
  return r;
}

/** Opens the first worksheet (in tab order) of the workbook at `path`. */
export async function openXlsx(path: string): Promise<RawSource> {
  const tables = await readTables(path);
  const input = createReadStream(path);
  const r = reader(input, { worksheets: 'emit', sharedStrings: 'ignore', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
  Object.assign(r, { sharedStrings: tables.sharedStrings, styles: tables.styles, workbookRels: tables.workbookRels, model: tables.model, properties: tables.properties });
  const first = tables.model!.sheets![0]!;
  // exceljs names a worksheet only when its relationship target has the usual relative form; when it
  // cannot, the worksheet that comes first in the zip is the best guess.
  const named = (tables.workbookRels ?? []).some((rel) => rel.Id === first.rId && /^worksheets\/sheet\d+\.xml$/.test(rel.Target));
  const date1904 = Boolean(tables.properties?.model?.date1904);

  async function* rows(): AsyncGenerator<RawRow> {
    try {
      for await (const sheet of unlessStalled(r, input)) {
        if (named && sheet.name !== first.name) continue; // exceljs skips the unread entry itself
        for await (const row of unlessStalled(sheet, input)) yield { index: row.number, cells: rowCells(row, date1904) };
        return;
      }
      throw notXlsx('（找不到工作表）');
    } catch (err) {
      throw wrapError(err, () => notXlsx('（文件已损坏或不完整）'));
    } finally {
      input.destroy();
    }
  }
  return { rows: rows(), close: () => input.destroy() };
}

/** The row's cells as strings, by column position (missing cells are ''). */
function rowCells(row: ExcelJS.Row, date1904: boolean): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    while (cells.length < col - 1) cells.push('');
    cells.push(cellText(cell.value, cell.numFmt, date1904));
  });
  return cells;
}

/** A cell value as the text a user sees: see read-table.ts for the rules. */
export function cellText(value: ExcelJS.CellValue | undefined, numFmt: string | undefined, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return isDateFormat(numFmt) ? dateText(serialToDate(value, date1904)) : numberText(value);
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((run) => run.text ?? '').join('');
  if ('formula' in value || 'sharedFormula' in value) {
    return cellText((value as { result?: ExcelJS.CellValue }).result, numFmt, date1904);
  }
  if ('error' in value) return value.error;
  if ('text' in value) return cellText(value.text as ExcelJS.CellValue, numFmt, date1904); // hyperlink
  return '';
}

/** Same test as exceljs: a format with y/m/d/h/s outside quotes and [brackets] shows a date or time. */
function isDateFormat(fmt: string | undefined): boolean {
  return !!fmt && /[ymdhMsb]/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
}

/** 'YYYY-MM-DD', with ' HH:mm:ss' only when there is a time of day; a time alone (no date part) as 'HH:mm:ss'. */
function dateText(d: Date): string {
  const t = Math.round(d.getTime() / 1000) * 1000;
  if (!Number.isFinite(t)) return '';
  const iso = new Date(t).toISOString(); // exceljs dates are UTC-based wall-clock values
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  if (date === '1899-12-30' || date === '1899-12-31') return time;
  return time === '00:00:00' ? date : `${date} ${time}`;
}

/**
 * A number as plain digits, never with an exponent. Safe integers (all codes up to 15-16 digits) are
 * exact. Beyond that Excel itself keeps only 15 significant digits, so the value is shown the way
 * Excel's formula bar does (e.g. 370402199001011000): the missing digits cannot be recovered.
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isSafeInteger(n)) return String(n);
  const p = n.toPrecision(15); // also hides binary noise: 0.1+0.2 → 0.3, as Excel shows it
  const big = /^(-?)(\d)\.?(\d*)e\+(\d+)$/.exec(p);
  if (big && Number(big[4]) >= 15) return big[1]! + (big[2]! + big[3]!).padEnd(Number(big[4]) + 1, '0');
  const r = Number(p);
  const s = String(r);
  if (!s.includes('e')) return s;
  const decimals = Math.min(100, 15 - Math.floor(Math.log10(Math.abs(r))));
  return r.toFixed(decimals).replace(/0+$/, '').replace(/\.$/, '');
}
