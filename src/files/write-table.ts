/**
 * Streaming CSV/XLSX writer for exports. Every write waits for the output to drain, so a million-row
 * export to a slow client holds a bounded amount in memory instead of the whole file.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { numberText } from './read-xlsx.ts';
import { columnWidth, safeSheetName } from './sheet-util.ts';
import type { TableFormat } from './read-table.ts';

export interface TableWriter {
  /** Appends one row; resolves once the output can take more. */
  write(cells: (string | number | null)[]): Promise<void>;
  /** Finishes the file and ends the target stream; safe to call more than once (e.g. in `finally`). */
  close(): Promise<void>;
}

type Cell = string | number | null;

/** Neutralises spreadsheet formula injection: a text cell starting with = + - @ \t \r gets a leading apostrophe (OWASP CSV injection). */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** One CSV record (RFC 4180, CRLF like Excel), with formula neutralisation applied to text cells. */
export function csvLine(cells: readonly Cell[]): string {
  return cells.map((c) => {
    const text = c === null ? '' : typeof c === 'number' ? numberText(c) : neutraliseFormula(c);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(',') + '\r\n';
}

/** Watches a target stream so a failure (disk full, client gone) surfaces in write()/close() instead of hanging them. */
class Output {
  failure: Error | undefined;
  private readonly ended: Promise<void>;
  /** Pending waits to release when the stream fails (racing each wait against `ended` would pile up reactions). */
  private readonly wakers = new Set<() => void>();
  constructor(readonly stream: Writable) {
    // A file is complete once its descriptor is closed; other targets (HTTP responses, pipes) once 'finish'ed.
    const isFile = typeof (stream as { path?: unknown }).path === 'string';
    this.ended = new Promise((resolve, reject) => {
      const fail = (err: Error) => {
        this.failure ??= err;
        for (const wake of this.wakers) wake();
        reject(err);
      };
      if (!isFile) stream.once('finish', resolve);
      stream.once('close', () => (stream.writableFinished ? resolve() : fail(new Error('closed before finishing'))));
      stream.on('error', fail);
    });
    this.ended.catch(() => undefined); // observed through check()/finished()
  }
  check(): void {
    if (this.failure || this.stream.destroyed) throw writeError(this.failure ?? new Error('stream destroyed'));
  }
  /** Resolves on `event` from `emitter`, or as soon as the output fails (check() then throws). */
  wait(emitter: NodeJS.EventEmitter, event: string): Promise<void> {
    if (this.failure) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        emitter.off(event, wake);
        this.wakers.delete(wake);
        resolve();
      };
      emitter.on(event, wake);
      this.wakers.add(wake);
    });
  }
  /** Resolves when the stream wants more data; throws if it failed or closed meanwhile. */
  async drained(): Promise<void> {
    this.check();
    if (this.stream.writableNeedDrain) await this.wait(this.stream, 'drain');
    this.check();
  }
  async finished(): Promise<void> {
    try {
      await this.ended;
    } catch (err) {
      throw writeError(err);
    }
  }
}

function writeError(err: unknown): AppError {
  return new AppError(ErrorCode.INTERNAL, '导出文件写入失败', [], { cause: (err as Error)?.message });
}

class CsvWriter implements TableWriter {
  private pending: string;
  private closed = false;
  constructor(private readonly out: Output, headers: string[]) {
    this.pending = '\uFEFF' + csvLine(headers); // the BOM makes Excel read the file as UTF-8, not GBK
  }
  async write(cells: Cell[]): Promise<void> {
    this.out.check();
    this.pending += csvLine(cells);
    if (this.pending.length >= 16384) await this.flush(); // batching: one stream write per ~16k chars, not per row
  }
  private async flush(): Promise<void> {
    const chunk = this.pending;
    this.pending = '';
    if (chunk) this.out.stream.write(chunk);
    await this.out.drained();
  }
  async close(): Promise<void> {
    if (this.closed) return this.out.finished();
    this.closed = true;
    if (!this.out.failure) {
      if (this.pending) this.out.stream.write(this.pending);
      this.out.stream.end();
    }
    return this.out.finished();
  }
}

const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_CELL_CHARS = 32_767; // longer text makes Excel report the file as damaged
const WIDTH_SAMPLE_ROWS = 100;
const ZIP_BACKLOG = 1024 * 1024;

type ZipInput = Writable & { _writableState?: { length: number } };
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

class XlsxWriter implements TableWriter {
  private readonly book: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;
  /** The first rows, held back until column widths can be chosen from them (columns precede rows in the XML). */
  private sample: Cell[][] | null;
  private rows = 1;
  private closing: Promise<void> | undefined;
  constructor(private readonly out: Output, private readonly headers: string[], sheetName: string) {
    this.book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out.stream, useStyles: true, useSharedStrings: false });
    this.sheet = this.book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    this.sample = [];
  }
  async write(cells: Cell[]): Promise<void> {
    this.out.check();
    if (++this.rows > EXCEL_MAX_ROWS) {
      throw new AppError(ErrorCode.VALIDATION, `导出行数超过 Excel 的上限（${EXCEL_MAX_ROWS - 1} 行），请缩小筛选范围或导出为 CSV`);
    }
    if (this.sample) {
      this.sample.push(cells);
      if (this.sample.length >= WIDTH_SAMPLE_ROWS) this.startSheet();
      return;
    }
    this.sheet.addRow(cells.map(xlsxCell)).commit();
    await this.zipDrained();
    await this.out.drained();
  }
  /**
   * exceljs's worksheet buffer (a StreamBuf) writes into the zip's deflate stream without ever looking
   * at write()'s result, and our awaits are microtasks that never let zlib run: without this, a
   * million-row export piles up in memory (measured: 760 MB). So wait while the zip's input holds more
   * than ZIP_BACKLOG bytes. Reads exceljs 4.4 internals; if they change we still yield to the event loop.
   */
  private async zipDrained(): Promise<void> {
    const buf = (this.sheet as unknown as { stream?: { pipes?: ZipInput[]; buffers?: unknown[] } }).stream;
    if (!Array.isArray(buf?.pipes)) {
      if (this.rows % 1000 === 0) await yieldToEventLoop();
      return;
    }
    for (;;) {
      const dest = buf.pipes[0];
      // Until the zip starts reading the sheet, data waits in the StreamBuf's own 64 KB buffers.
      const backlog = dest ? dest._writableState?.length ?? 0 : (buf.buffers?.length ?? 0) * 65536;
      if (backlog <= ZIP_BACKLOG) return;
      await (dest ? this.out.wait(dest, 'drain') : yieldToEventLoop());
      this.out.check();
    }
  }
  private startSheet(): void {
    const sample = this.sample ?? [];
    this.sample = null;
    // Text format ('@') so a user editing the export does not have long codes turned into numbers.
    this.sheet.columns = this.headers.map((h, i) => ({
      width: columnWidth([h, ...sample.map((r) => String(r[i] ?? ''))]),
      style: { numFmt: '@' },
    }));
    const header = this.sheet.addRow(this.headers.map(xlsxCell));
    header.font = { bold: true };
    header.commit();
    for (const cells of sample) this.sheet.addRow(cells.map(xlsxCell)).commit();
  }
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.out.check();
      if (this.sample) this.startSheet();
      this.sheet.commit();
      // commit() waits for 'finish' only and would hang if the target is destroyed: race it with the watcher.
      const committing = this.book.commit();
      committing.catch(() => undefined); // its failure is reported by out.finished()
      await Promise.race([committing, this.out.finished()]);
      await this.out.finished();
    })();
    return this.closing;
  }
}

function xlsxCell(c: Cell): Cell {
  if (typeof c !== 'string') return c;
  const safe = neutraliseFormula(c);
  return safe.length > EXCEL_MAX_CELL_CHARS ? safe.slice(0, EXCEL_MAX_CELL_CHARS) : safe;
}

/** Streams rows to a CSV (UTF-8 with BOM so Excel opens Chinese correctly) or XLSX file/stream. */
export async function createTableWriter(
  target: string | NodeJS.WritableStream,
  format: TableFormat,
  headers: string[],
  opts?: { sheetName?: string },
): Promise<TableWriter> {
  const stream = typeof target === 'string' ? createWriteStream(target) : (target as Writable);
  const out = new Output(stream);
  if (typeof target === 'string') {
    await new Promise<void>((resolve) => stream.once('ready', resolve).once('error', () => resolve()));
    out.check(); // e.g. the directory does not exist
  }
  return format === 'csv' ? new CsvWriter(out, headers) : new XlsxWriter(out, headers, safeSheetName(opts?.sheetName));
}
