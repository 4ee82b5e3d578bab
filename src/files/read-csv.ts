/**
 * Streaming CSV reader. Chinese Excel saves "CSV" in GBK unless the user picks "CSV UTF-8", and
 * "Unicode 文本" as tab-separated UTF-16LE, so the encoding and delimiter are sniffed from the start
 * of the file instead of being assumed.
 */
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { parse, type Parser } from 'csv-parse';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { wrapError, type RawRow, type RawSource } from './raw-source.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Bytes looked at to choose the encoding and the delimiter. */
export const SNIFF_BYTES = 64 * 1024;

/** Picks the encoding from a BOM, else UTF-8 if `head` decodes strictly as UTF-8, else GB18030 (a superset of GBK). */
export function sniffEncoding(head: Uint8Array, isWholeFile: boolean): TextEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    // stream mode: a multibyte character cut at the end of the sample stays pending instead of failing.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !isWholeFile });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Tab when the first line has more tabs than commas (Excel's "Unicode 文本"), else comma. */
function sniffDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (ch: string) => firstLine.split(ch).length - 1;
  return count('\t') > count(',') ? '\t' : ',';
}

function csvError(err: unknown, parser: Parser, encoding: TextEncoding): AppError {
  const e = err as { code?: string; lines?: number };
  const line = e.lines ?? parser.info.lines;
  return wrapError(err, () => {
    if (e.code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      return new AppError(ErrorCode.VALIDATION, `文件编码无法识别（第 ${line} 行附近不是有效的 ${encoding.toUpperCase()} 文本），请在 Excel 中另存为「CSV UTF-8（逗号分隔）」后重新上传`);
    }
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      return new AppError(ErrorCode.VALIDATION, `CSV 格式错误：第 ${line} 行附近的引号没有闭合`);
    }
    return new AppError(ErrorCode.VALIDATION, `CSV 格式错误：第 ${line} 行附近无法解析，请用 Excel 打开后另存为 CSV 或 .xlsx`);
  });
}

/** Opens `path` as CSV; `head` is the file's first bytes (up to SNIFF_BYTES), `size` its length. */
export function openCsv(path: string, head: Buffer, size: number): RawSource {
  const encoding = sniffEncoding(head, head.length >= size);
  const delimiter = sniffDelimiter(new TextDecoder(encoding).decode(head, { stream: true }));
  const file = createReadStream(path, { highWaterMark: 64 * 1024 });
  async function* decode(): AsyncGenerator<string> {
    // fatal: bytes that are not valid in the sniffed encoding are reported, not silently turned into '�'.
    const decoder = new TextDecoder(encoding, { fatal: true }); // also strips a BOM
    for await (const chunk of file) {
      const text = decoder.decode(chunk as Buffer, { stream: true });
      if (text) yield text;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  }
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true, // hand-edited files have stray quotes inside unquoted cells
    skip_empty_lines: false, // blank lines must still count, so row numbers match the file
  });
  pipeline(Readable.from(decode()), parser, () => {
    // errors reach the consumer through the parser's async iterator; nothing to do here.
  });
  async function* rows(): AsyncGenerator<RawRow> {
    let index = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) yield { index: ++index, cells: record };
    } catch (err) {
      throw csvError(err, parser, encoding);
    } finally {
      file.destroy();
    }
  }
  return {
    rows: rows(),
    close: () => {
      file.destroy();
      parser.destroy();
    },
  };
}
