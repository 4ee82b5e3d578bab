import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { detectFormat, openTable, type TableRow } from './read-table.ts';
import { excelStyleWorkbook, zip } from './xlsx-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'shuangsui-read-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string): Promise<{ headers: string[]; rows: TableRow[] }> {
  const table = await openTable(path);
  const rows: TableRow[] = [];
  for await (const r of table.rows) rows.push(r);
  return { headers: table.headers, rows };
}

/** Asserts an AppError with a Chinese message matching `pattern` and no raw library text. */
async function rejectsWith(promise: Promise<unknown>, pattern: RegExp, code: ErrorCode = ErrorCode.VALIDATION): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('CSV encodings', () => {
  it('reads UTF-8 with a BOM without leaking the BOM into the first header', async () => {
    const t = await readAll(file('bom.csv', '\uFEFF名称,统一社会信用代码\r\n青山环保,91370402MA3C1234XY\r\n'));
    assert.deepEqual(t.headers, ['名称', '统一社会信用代码']);
    assert.deepEqual(t.rows, [{ row: 1, cells: ['青山环保', '91370402MA3C1234XY'] }]);
  });

  it('reads UTF-8 without a BOM, also when a character straddles the 64 KB sniffing boundary', async () => {
    const prefix = '名称,备注\n甲,';
    const filler = 'x'.repeat(65535 - Buffer.byteLength(prefix)); // '水' then starts at byte 65535
    const t = await readAll(file('boundary.csv', `${prefix}${filler}水\n乙,好\n`));
    assert.deepEqual(t.headers, ['名称', '备注']);
    assert.equal(t.rows[0]!.cells[1], `${filler}水`);
    assert.deepEqual(t.rows[1], { row: 2, cells: ['乙', '好'] });
  });

  it('decodes GBK, as Chinese Excel saves "CSV (逗号分隔)"', async () => {
    // 名称 in GBK is C3 FB B3 C6.
    const bytes = Buffer.from([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0x61, 0x0d, 0x0a, 0xb3, 0xc6, 0x2c, 0xc3, 0xfb, 0x0d, 0x0a]);
    const t = await readAll(file('gbk.csv', bytes));
    assert.deepEqual(t.headers, ['名称', 'a']);
    assert.deepEqual(t.rows, [{ row: 1, cells: ['称', '名'] }]);
  });

  it('decodes UTF-16LE with a BOM and detects the tab delimiter (Excel "Unicode 文本")', async () => {
    const text = '\uFEFF名称\t代码\r\n青山\t001\r\n';
    const t = await readAll(file('utf16.txt', Buffer.from(text, 'utf16le')));
    assert.deepEqual(t.headers, ['名称', '代码']);
    assert.deepEqual(t.rows, [{ row: 1, cells: ['青山', '001'] }]);
  });

  it('reports bytes that break the sniffed encoding after the first 64 KB', async () => {
    const ascii = 'name,note\n' + 'a,b\n'.repeat(20000);
    const path = file('mixed.csv', Buffer.concat([Buffer.from(ascii), Buffer.from([0xc3, 0xfb, 0x2c, 0x31, 0x0a])]));
    await rejectsWith(readAll(path), /文件编码无法识别.*UTF-8/);
  });
});

describe('CSV rows', () => {
  it('keeps file row numbers across blank rows, trims headers and trailing empty cells', async () => {
    const csv = ' 名称 ,代码,,\n甲,1,,\n\n,,\n"多行\n文本",2\n乙\n';
    const t = await readAll(file('blank.csv', csv));
    assert.deepEqual(t.headers, ['名称', '代码']);
    assert.deepEqual(t.rows, [
      { row: 1, cells: ['甲', '1'] },
      { row: 4, cells: ['多行\n文本', '2'] }, // rows 2 (empty line) and 3 (only commas) are blank
      { row: 5, cells: ['乙'] },
    ]);
  });

  it('takes the first non-blank row as the header and counts from it', async () => {
    const t = await readAll(file('lead.csv', '\n\n名称\n甲\n'));
    assert.deepEqual(t, { headers: ['名称'], rows: [{ row: 1, cells: ['甲'] }] });
  });

  it('rejects duplicate headers', async () => {
    await rejectsWith(openTable(file('dup.csv', '名称,代码, 名称\n')), /表头「名称」重复/);
  });

  it('rejects empty files and files without a header row', async () => {
    await rejectsWith(openTable(file('empty.csv', '')), /^文件为空$/);
    await rejectsWith(openTable(file('bom-only.csv', '\uFEFF')), /^文件为空$/);
    await rejectsWith(openTable(file('blank-only.csv', '\n ,\n\n')), /没有表头行/);
  });

  it('reports an unclosed quote as a Chinese CSV error', async () => {
    await rejectsWith(readAll(file('quote.csv', '名称\n"甲\n')), /CSV 格式错误.*引号/);
  });

  it('can be abandoned early and read only once', async () => {
    const table = await openTable(file('once.csv', '名称\n甲\n乙\n'));
    for await (const r of table.rows) {
      assert.equal(r.row, 1);
      break;
    }
    await rejectsWith((async () => { for await (const _ of table.rows) void _; })(), /只能读取一次/, ErrorCode.INTERNAL);
    const unread = await openTable(file('unread.csv', '名称\n甲\n'));
    unread.close();
    unread.close();
  });
});

describe('format detection', () => {
  it('trusts the content over the extension, and the extension otherwise', async () => {
    assert.equal(await detectFormat(file('really-xlsx.csv', excelStyleWorkbook())), 'xlsx');
    assert.equal(await detectFormat(file('plain.csv', 'a,b\n')), 'csv');
    assert.equal(await detectFormat(file('upload-1234', '名称\n甲\n')), 'csv'); // temp upload name
    assert.equal((await openTable(file('really-xlsx.csv', excelStyleWorkbook()))).format, 'xlsx');
  });

  it('rejects unsupported types and the old .xls format in Chinese', async () => {
    await rejectsWith(detectFormat(file('report.pdf', '%PDF-1.4')), /不支持的文件类型「\.pdf」/);
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await rejectsWith(openTable(file('old.xls', ole)), /Excel（\.xlsx）.*\.xls/);
    await rejectsWith(openTable(file('secret.xlsx', ole)), /密码/);
  });
});

describe('XLSX', () => {
  it('reads the first tab of an Excel-laid-out workbook, converting cells to text', async () => {
    const t = await readAll(file('excel.xlsx', excelStyleWorkbook()));
    assert.deepEqual(t.headers, ['名称', '日期', '代码', '金额', '启用', '公式']);
    assert.deepEqual(t.rows, [
      // rich text joined; zh-CN date format id 31 → date; 18 digits stored as a number keep Excel's 15;
      // binary noise rounded like Excel; boolean → 是; formula → cached result
      { row: 1, cells: ['绿水', '2024-03-05', '370402199001011000', '0.3', '是', '2'] },
      // spreadsheet row 3 is missing (blank): numbering keeps the gap; trailing styled empty cell dropped
      { row: 3, cells: ['青山', 'ab', '123456789012345', '0.0000001', '#N/A'] },
      // spreadsheet row 5 has only a styled empty cell: skipped; a formula with a date format → date
      { row: 5, cells: ['乙', '2024-03-06'] },
    ]);
  });

  it('rejects random bytes, a zip that is not a workbook and a truncated workbook in Chinese', async () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    await rejectsWith(openTable(file('random.xlsx', random)), /^文件不是有效的 Excel（\.xlsx）文件/);
    const pkGarbage = Buffer.concat([Buffer.from('PK\x03\x04'), random]);
    await rejectsWith(openTable(file('pk.xlsx', pkGarbage)), /^文件不是有效的 Excel（\.xlsx）文件/);
    const docx = zip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<document/>']]);
    await rejectsWith(openTable(file('word.xlsx', docx)), /^文件不是有效的 Excel（\.xlsx）文件/);
    const whole = excelStyleWorkbook();
    await rejectsWith(openTable(file('cut.xlsx', whole.subarray(0, Math.floor(whole.length * 0.6)))), /^文件不是有效的 Excel（\.xlsx）文件/);
  });

  it('rejects a .xlsx name whose content is text', async () => {
    await rejectsWith(openTable(file('text.xlsx', '名称\n甲\n')), /^文件不是有效的 Excel（\.xlsx）文件/);
  });
});
