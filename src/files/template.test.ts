import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FieldSpec } from '../domain/fields.ts';
import { openTable } from './read-table.ts';
import { buildTemplate } from './template.ts';

const dir = mkdtempSync(join(tmpdir(), 'shuangsui-template-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MANY = Array.from({ length: 40 }, (_, i) => `国民经济行业分类第${i + 1}类`); // joined > 255 characters
const FIELDS: FieldSpec[] = [
  { key: 'name', label: '单位名称', type: 'text', required: true, max: 100, hint: '与营业执照一致' },
  { key: 'code', label: '统一社会信用代码', type: 'text', required: true },
  { key: 'kind', label: '监管类别', type: 'enum', values: ['重点排污单位', '一般排污单位'] },
  { key: 'key', label: '是否重点', type: 'bool' },
  { key: 'industry', label: '行业', type: 'enum', values: MANY },
  { key: 'since', label: '登记日期', type: 'date' },
];
const EXTRA = [{ label: '机构编码', hint: '可选。下级机构编码' }];

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as unknown as ArrayBuffer);
  return book;
}

describe('buildTemplate xlsx', () => {
  it('has the headers, marks required columns, and explains every column on 填写说明', async () => {
    const example = ['青山环保', '91370402MA3C1234XY', '重点排污单位', '是', MANY[0]!, '2024-03-05', ''];
    const book = await load(await buildTemplate(FIELDS, 'xlsx', { title: '排污单位/名录:一个很长很长很长很长很长很长很长很长的标题', extraHeaders: EXTRA, example }));
    const [data, guide] = book.worksheets;
    assert.equal(data!.name, '排污单位名录一个很长很长很长很长很长很长很长很长的标题'.slice(0, 31));
    assert.deepEqual((data!.getRow(1).values as unknown[]).slice(1), [...FIELDS.map((f) => f.label), '机构编码']);
    assert.equal(data!.rowCount, 1, 'no example row on the data sheet');
    assert.equal(data!.getCell('A1').font?.color?.argb, 'FFFF0000');
    assert.notEqual(data!.getCell('C1').font?.color?.argb, 'FFFF0000');
    assert.match(JSON.stringify(data!.getCell('A1').note), /与营业执照一致/);
    assert.equal(data!.getCell('B2').numFmt, '@');

    assert.equal(guide!.name, '填写说明');
    assert.deepEqual((guide!.getRow(1).values as unknown[]).slice(1), ['列名', '是否必填', '格式/可选值', '说明', '填写示例']);
    assert.deepEqual((guide!.getRow(2).values as unknown[]).slice(1), ['单位名称', '必填', '文本，不超过 100 个字符', '与营业执照一致', '青山环保']);
    assert.deepEqual((guide!.getRow(4).values as unknown[]).slice(1, 4), ['监管类别', '选填', '从下拉列表选择：重点排污单位、一般排污单位']);
  });

  it('adds drop-down lists for enum and bool columns, long lists via the hidden 选项 sheet', async () => {
    const book = await load(await buildTemplate(FIELDS, 'xlsx', { title: '排污单位' }));
    const data = book.worksheets[0]!;
    for (const addr of ['C2', 'C10000']) {
      assert.deepEqual(data.getCell(addr).dataValidation, {
        type: 'list', allowBlank: true, formulae: ['"重点排污单位,一般排污单位"'],
        showErrorMessage: true, errorStyle: 'stop', errorTitle: '输入值无效', error: '请从下拉列表中选择',
      });
    }
    assert.equal(data.getCell('C10001').dataValidation, undefined);
    assert.deepEqual(data.getCell('D5').dataValidation?.formulae, ['"是,否"']);
    assert.deepEqual(data.getCell('E5').dataValidation?.formulae, [`'选项'!$A$1:$A$${MANY.length}`]);
    assert.equal(data.getCell('A5').dataValidation, undefined);
    const options = book.getWorksheet('选项')!;
    assert.equal(options.state, 'hidden');
    assert.equal(options.getCell(`A${MANY.length}`).value, MANY.at(-1));
  });

  it('is accepted by the importer: same headers, no data rows', async () => {
    const path = join(dir, 'template.xlsx');
    writeFileSync(path, await buildTemplate(FIELDS, 'xlsx', { title: '排污单位', extraHeaders: EXTRA }));
    const table = await openTable(path);
    assert.deepEqual(table.headers, [...FIELDS.map((f) => f.label), '机构编码']);
    for await (const _ of table.rows) assert.fail('a template has no data rows');
  });
});

describe('buildTemplate csv', () => {
  it('is the header row with a UTF-8 BOM', async () => {
    const buf = await buildTemplate(FIELDS, 'csv', { title: '排污单位', extraHeaders: EXTRA });
    assert.equal(buf.toString('utf8'), '\uFEFF单位名称,统一社会信用代码,监管类别,是否重点,行业,登记日期,机构编码\r\n');
  });
});
