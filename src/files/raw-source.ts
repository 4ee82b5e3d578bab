/**
 * The internal shape shared by the CSV and XLSX readers: physical rows as strings, before the header
 * is taken off and blank rows are skipped (that part is format-independent, see read-table.ts).
 */
import { AppError, ErrorCode } from '../domain/errors.ts';

export interface RawRow {
  /** 1-based physical row: the spreadsheet row number, or the CSV record number (a quoted cell with line breaks is one record). */
  index: number;
  cells: string[];
}

export interface RawSource {
  rows: AsyncIterator<RawRow>;
  /** Releases the file handle; safe to call more than once. */
  close(): void;
}

/** The Chinese error for anything that is not a readable .xlsx package. */
export function notXlsx(detail = ''): AppError {
  return new AppError(ErrorCode.VALIDATION, `文件不是有效的 Excel（.xlsx）文件${detail}`);
}

/** Turns a library or I/O error into an AppError so no raw message or stack reaches a user. */
export function wrapError(err: unknown, fallback: () => AppError): AppError {
  if (err instanceof AppError) return err;
  const e = err as NodeJS.ErrnoException | undefined;
  const context = { cause: e?.message, code: e?.code };
  if (e?.code === 'ENOENT' || e?.code === 'EACCES' || e?.code === 'EISDIR') {
    return new AppError(ErrorCode.INTERNAL, '无法读取上传的文件', [], context);
  }
  const wrapped = fallback();
  return new AppError(wrapped.code, wrapped.message, wrapped.issues, { ...wrapped.context, ...context });
}
