/**
 * The PDF foundation: Chinese text is drawn with the embedded, subset Noto Sans SC — checked in the
 * bytes (FontFile2, subset name), in the text layer (pdftotext gives the Chinese back) and in the
 * pixels (pdftoppm: two different strings must not render identically, as boxes would).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { a4Document, pdfTable, renderPdf } from './pdf.ts';

const hasPoppler = spawnSync('pdftoppm', ['-v']).status === 0;
const popplerSkip = hasPoppler ? false
  : process.env.CI === 'true' ? false // in CI a missing poppler-utils must fail, not skip
    : 'pdftoppm (poppler-utils) is not installed: apt-get install poppler-utils';

function tool(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'latin1' });
  assert.equal(r.status, 0, `${cmd} failed: ${r.stderr}`);
  return r.stdout;
}

/** Renders page 1 of a PDF to 8-bit grey pixels (PGM from pdftoppm -gray). */
function renderGrey(pdf: Buffer, dir: string, name: string): { width: number; height: number; pixels: Buffer } {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  tool('pdftoppm', ['-gray', '-r', '72', '-f', '1', '-l', '1', '-singlefile', file, join(dir, name)]);
  const data = readFileSync(join(dir, `${name}.pgm`));
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 40).toString('latin1'));
  assert.ok(header, 'PGM header');
  return { width: Number(header[1]), height: Number(header[2]), pixels: data.subarray(header[0].length) };
}

const ink = (pixels: Buffer) => pixels.reduce((sum, p) => sum + (p < 128 ? 1 : 0), 0);

test('a Chinese document embeds a subset of Noto Sans SC and stays small', async () => {
  const pdf = await renderPdf(a4Document({
    title: '2025 年度双随机抽查计划',
    subtitle: '某某市生态环境局',
    content: [pdfTable(['检查事项', '抽查比例', '全年次数'], [['水污染防治监督检查', '10%', 12], ['固体废物', null, 8]])],
  }));
  const text = pdf.toString('latin1');
  assert.match(text.slice(0, 8), /^%PDF-1\./);
  assert.match(text, /\/FontFile2 \d+ 0 R/, 'TrueType font program embedded');
  assert.match(text, /\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/, 'subset of the regular face');
  assert.match(text, /\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/, 'subset of the bold face (title, table header)');
  assert.ok(pdf.length < 60_000, `subset keeps the file small: ${pdf.length} bytes`);
});

test('the text layer gives the Chinese back, and the footer numbers the pages', { skip: popplerSkip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const rows = Array.from({ length: 80 }, (_, i) => [`第${i + 1}号排污单位`, i]);
  const file = join(dir, 'long.pdf');
  writeFileSync(file, await renderPdf(a4Document({ title: '抽查记录', header: '测试市生态环境局', content: pdfTable(['单位', '序号'], rows) })));
  // pdftotext drops the spaces between CJK characters and digits: compare without spaces.
  const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/ +/g, '');
  assert.match(out, /抽查记录/);
  assert.match(out, /第80号排污单位/);
  for (const n of [1, 2, 3]) assert.match(out, new RegExp(`第${n}页/共3页`));
  assert.equal(out.match(/测试市生态环境局/g)?.length, 3, 'running header on every page');
  assert.equal(out.match(/单位序号/g)?.length, 3, 'table header repeated on every page');
});

test('Chinese glyphs are drawn, not boxes: two different strings leave different ink', { skip: popplerSkip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const page = (s: string) => renderPdf({ pageSize: 'A6', content: { text: s, fontSize: 28 } });
  const a = renderGrey(await page('重点监管'), dir, 'a');
  const b = renderGrey(await page('一二三四'), dir, 'b');
  const blank = renderGrey(await page(' '), dir, 'blank');
  assert.equal(ink(blank.pixels), 0);
  assert.ok(ink(a.pixels) > 200 && ink(b.pixels) > 50, `glyphs leave ink: ${ink(a.pixels)}, ${ink(b.pixels)}`);
  // Boxes (tofu) would give four identical rectangles for both strings; 重点监管 is far denser than 一二三四.
  assert.ok(ink(a.pixels) > 1.4 * ink(b.pixels), `重点监管 ${ink(a.pixels)} vs 一二三四 ${ink(b.pixels)}`);
  assert.notDeepEqual(a.pixels, b.pixels);
});
