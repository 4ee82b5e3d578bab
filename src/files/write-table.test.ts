import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { openTable, type TableFormat, type TableRow } from './read-table.ts';
import { createTableWriter, neutraliseFormula } from './write-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'shuangsui-write-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const HEADERS = ['名称', '统一社会信用代码', '备注', '数量'];
const ROWS: (string | number | null)[][] = [
  ['青山绿水环保科技有限公司', '370402199001011234', '=1+1', 42],
  ['甲,乙', '91370402MA3C1234XY', '说"引号"\n第二行', null],
  ['-5', '+86 13800000000', null, 3.5],
  ['@SUM(A1)', '001234', '', 0],
];
// What comes back: text cells starting with = + - @ carry the apostrophe; numbers as plain text; trailing blanks trimmed.
const EXPECTED = [
  ['青山绿水环保科技有限公司', '370402199001011234', "'=1+1", '42'],
  ['甲,乙', '91370402MA3C1234XY', '说"引号"\n第二行'],
  ["'-5", "'+86 13800000000", '', '3.5'],
  ["'@SUM(A1)", '001234', '', '0'],
];

async function roundTrip(format: TableFormat): Promise<{ path: string; headers: string[]; rows: TableRow[] }> {
  const path = join(dir, `round.${format}`);
  const writer = await createTableWriter(path, format, HEADERS, { sheetName: '企业/名录:2024' });
  for (const r of ROWS) await writer.write(r);
  await writer.close();
  await writer.close(); // idempotent, as used in `finally`
  const table = await openTable(path);
  const rows: TableRow[] = [];
  for await (const r of table.rows) rows.push(r);
  return { path, headers: table.headers, rows };
}

describe('neutraliseFormula', () => {
  it('prefixes text that a spreadsheet would evaluate', () => {
    for (const t of ['=1+1', '+1', '-1', '@A1', '\t=1', '\r=1']) assert.equal(neutraliseFormula(t), `'${t}`);
    for (const t of ['1+1', '名称', '', "'=1", ' =1']) assert.equal(neutraliseFormula(t), t);
  });
});

describe('round trip', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`${format}: Chinese text, long digit codes and neutralised formulas come back intact`, async () => {
      const t = await roundTrip(format);
      assert.deepEqual(t.headers, HEADERS);
      assert.deepEqual(t.rows.map((r) => r.row), [1, 2, 3, 4]);
      assert.deepEqual(t.rows.map((r) => r.cells), EXPECTED);
    });
  }

  it('csv starts with a UTF-8 BOM and uses CRLF', async () => {
    const bytes = readFileSync((await roundTrip('csv')).path);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(bytes.toString('utf8').startsWith('\uFEFF名称,统一社会信用代码,备注,数量\r\n'));
  });

  it('xlsx has a bold frozen header, text cells and text-formatted columns', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await roundTrip('xlsx')).path);
    const sheet = book.worksheets[0]!;
    assert.equal(sheet.name, '企业名录2024');
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal(sheet.getCell('A1').font?.bold, true);
    assert.equal(sheet.getCell('B2').type, ExcelJS.ValueType.String);
    assert.equal(sheet.getCell('B2').numFmt, '@');
    assert.ok((sheet.getColumn(1).width ?? 0) > (sheet.getColumn(4).width ?? 0));
  });
});

describe('targets', () => {
  it('writes to a stream and ends it', async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (c: Buffer) => chunks.push(c));
    const writer = await createTableWriter(sink, 'csv', ['名称']);
    await writer.write(['甲']);
    await writer.close();
    assert.equal(Buffer.concat(chunks).toString('utf8'), '\uFEFF名称\r\n甲\r\n');
    assert.equal(sink.writableEnded, true);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    it(`${format}: a target that goes away fails write() with an AppError instead of hanging`, async () => {
      const gone = new Writable({ highWaterMark: 1024, write(_c, _e, cb) { setTimeout(cb, 5); } });
      const writer = await createTableWriter(gone, format, ['名称']);
      await writer.write(['甲']);
      gone.destroy();
      await assert.rejects(
        (async () => { for (let i = 0; i < 200_000; i++) await writer.write([`第 ${i} 行`.repeat(20)]); })(),
        (err: unknown) => err instanceof AppError && err.code === ErrorCode.INTERNAL && err.message === '导出文件写入失败',
      );
      await assert.rejects(writer.close(), AppError);
    });
  }

  it('a path in a missing directory fails with an AppError', async () => {
    await assert.rejects(createTableWriter(join(dir, 'no/such/dir.csv'), 'csv', ['a']), AppError);
  });
});
