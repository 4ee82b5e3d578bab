/**
 * Fuzzing with a seeded generator (reproducible: the seed and the case number are in every failure):
 * the import parsers get malformed files (evil cells, flipped and truncated bytes, broken .xlsx
 * archives and XML, GBK and UTF-16 CSV, wrong and duplicated headers, huge cells, formulas), the JSON
 * API gets malformed requests on every registered route (wrong types, huge strings and bodies,
 * nonsense ids and queries, invalid JSON, wrong content types) from every role. Never a 5xx or an
 * uncaught exception; every refusal is a Chinese message. Exported spreadsheets neutralise formulas.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { openTestDatabase, type TestDatabase } from '../testing/database.ts';
import { DRAW_PASSWORD, seedDrawFixture, type DrawFixture } from '../testing/draw-fixture.ts';
import { Rng } from '../demo/prng.ts';
import { targetsCsv } from '../testing/fixtures.ts';
import { zip } from '../files/xlsx-fixture.ts';
import { importDirectory } from '../services/directory/import-directory.ts';
import { exportDirectory } from '../services/directory/export-directory.ts';
import { AppError } from '../domain/errors.ts';
import type { Entity } from './contract.ts';

const SEED = process.env.FUZZ_SEED ?? 'shuangsui-fuzz-1';
const IMPORT_CASES = Number(process.env.FUZZ_IMPORTS ?? 500);
const API_CASES = Number(process.env.FUZZ_REQUESTS ?? 5000);
const CJK = /[\u4e00-\u9fff]/;
/** Percent-encodes; a lone surrogate becomes bytes that are not UTF-8 at all (also worth sending). */
const enc = (s: string) => { try { return encodeURIComponent(s); } catch { return '%ED%A0%80'; } };

let db: TestDatabase;
let f: DrawFixture;
let app: FastifyInstance;
let dir: string;
const routes = new Set<string>();

before(async () => {
  db = await openTestDatabase();
  f = await seedDrawFixture(db);
  dir = mkdtempSync(join(tmpdir(), 'ss-fuzz-'));
  app = await buildApp({
    database: db, uploadDir: join(db.dataDir, 'uploads'),
    onRoute: (r) => { for (const m of [r.method].flat()) if (m !== 'HEAD' && m !== 'OPTIONS') routes.add(`${m} ${r.url}`); },
  });
  await app.ready();
});
after(async () => { await app?.close(); await db?.dispose(); rmSync(dir, { recursive: true, force: true }); });

/** Strings that break naive code: formulas, huge, control characters, lone surrogates, markup, SQL, paths, numbers in disguise. */
function evilString(rng: Rng): string {
  const pool = [
    '=1+1', '=HYPERLINK("http://evil.example","点我")', '+SUM(A1:A9)', '-2+3', '@cmd', '\t=1', '\r=1', "'=1", '=cmd|\' /C calc\'!A0',
    '', ' ', '　', '\u0000', '\u0000abc', '\ud800', '\udfff\ud800', '😀'.repeat(10), '\u202e反转', '<script>alert(1)</script>', "'; DROP TABLE targets; --",
    '../../etc/passwd', '..\\..\\windows', '%00', 'NaN', 'Infinity', '-0', '1e309', '9'.repeat(40), '0x1F', 'true', 'null', 'undefined', '[]', '{}',
    '2025-02-30', '2025-13-01', '9999-99-99', '１２３', '名称'.repeat(3000), 'a'.repeat(70000), '\n\n\n', '"', '""', '","', '\\', '\u00a0', '\ufeff开头',
    '是', '否', '重点管理', '排污单位', '91370402MA0000001X',
  ];
  const s = rng.pick(pool);
  return rng.chance(0.2) ? s + rng.pick(pool) : s;
}

/** A random JSON-able value (depth-limited), with keys the contracts use so validation goes deeper. */
const KEYS = ['name', 'orgId', 'period', 'profileKey', 'clientKey', 'taskId', 'targetId', 'lines', 'kind', 'mode', 'inspectedOn', 'reason', 'approve', 'note',
  'publicValue', 'witnesses', 'minutes', 'drawDate', 'publicValueSource', 'team', 'resultCategory', 'submit', 'position', 'verdict', 'finding', 'changes',
  'requirement', 'deadline', 'caseNo', 'receiver', 'days', 'accept', 'verification', 'year', 'level', 'status', 'code', 'parentId', 'date', 'workday',
  'identifier', 'username', 'password', 'role', 'displayName', 'version', 'fields', 'definition', 'effectiveFrom', 'q', 'page', 'pageSize', 'sort', 'lines'];
function evilValue(rng: Rng, depth = 0): unknown {
  const r = rng.int(10);
  if (depth > 2 || r < 3) return evilString(rng);
  if (r < 5) return rng.pick([0, -1, 1, 2, 3.5, -1e308, 1e308, 2 ** 53 + 1, 2147483648, Number.MIN_VALUE, 20250101]);
  if (r < 6) return rng.pick([true, false, null]);
  if (r < 8) return rng.chance(0.1) ? Array.from({ length: 600 }, () => rng.int(1000)) : Array.from({ length: rng.pick([0, 1, 2, 5]) }, () => evilValue(rng, depth + 1));
  return evilObject(rng, depth + 1);
}
function evilObject(rng: Rng, depth = 0): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = rng.int(8); i >= 0; i--) o[rng.chance(0.9) ? rng.pick(KEYS) : evilString(rng).slice(0, 40)] = evilValue(rng, depth);
  return o;
}

/** Bytes of `text` in GBK (built from the platform's GBK decoder: every double-byte sequence decoded once). */
let gbkTable: Map<string, number[]> | null = null;
function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(Uint8Array.of(a, b));
      if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [a, b]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else out.push(...(gbkTable.get(ch) ?? [0x3f]));
  }
  return Buffer.from(out);
}

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('检查对象');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const csvRows = (csv: string) => csv.trim().split('\r\n').map((l) => l.split(','));

function flip(rng: Rng, b: Buffer, n: number): Buffer {
  const out = Buffer.from(b);
  for (let i = 0; i < n && out.length; i++) out[rng.int(out.length)] = rng.int(256);
  return out;
}

/** One malformed import file: its name, bytes and what it is. */
async function importCase(rng: Rng): Promise<{ entity: Entity; ext: 'csv' | 'xlsx'; bytes: Buffer; what: string; validGbk?: boolean }> {
  const rows = 1 + rng.int(6);
  const kind = rng.int(13);
  const overrides = () => Object.fromEntries(Array.from({ length: rows }, (_, i) => [i, Object.fromEntries(Array.from({ length: 1 + rng.int(4) }, () => [
    rng.pick(['名称', '统一社会信用代码/编码', '对象类型', '排污许可管理类别', '标签', '地址', '状态', '机构编码', '行业代码']), evilString(rng)]))]));
  switch (kind) {
    case 0: return { entity: 'targets', ext: 'csv', bytes: Buffer.from(targetsCsv(rows, overrides())), what: 'evil cells (CSV)' };
    case 1: return { entity: 'targets', ext: 'xlsx', bytes: await xlsxOf(csvRows(targetsCsv(rows)).map((r, i) => (i ? r.map((c) => (rng.chance(0.3) ? evilString(rng) : c)) : r))), what: 'evil cells (XLSX)' };
    case 2: return { entity: 'targets', ext: 'csv', bytes: gbk(targetsCsv(rows)), what: 'GBK CSV', validGbk: true };
    case 3: return { entity: 'targets', ext: 'csv', bytes: flip(rng, gbk(targetsCsv(rows, overrides())), 1 + rng.int(20)), what: 'GBK CSV, flipped bytes' };
    case 4: return { entity: 'targets', ext: 'csv', bytes: flip(rng, Buffer.from(targetsCsv(rows)), 1 + rng.int(50)), what: 'UTF-8 CSV, flipped bytes' };
    case 5: { const b = Buffer.from(targetsCsv(rows)); return { entity: 'targets', ext: 'csv', bytes: b.subarray(0, rng.int(b.length)), what: 'CSV truncated' }; }
    case 6: { const b = await xlsxOf(csvRows(targetsCsv(rows))); return { entity: 'targets', ext: 'xlsx', bytes: rng.chance(0.5) ? b.subarray(0, rng.int(b.length)) : flip(rng, b, 1 + rng.int(30)), what: 'XLSX truncated or flipped' }; }
    case 7: return { entity: rng.pick(['targets', 'inspectors', 'items'] as const), ext: rng.pick(['csv', 'xlsx'] as const), bytes: Buffer.from(Array.from({ length: rng.int(3000) }, () => rng.int(256))), what: 'random bytes' };
    case 8: {
      const xml = rng.pick([
        '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>99999</v></c></row></sheetData></worksheet>',
        '<worksheet><sheetData><row r="1"><c r="XFD1048577"><v>1</v></c></row>',
        '<<<not xml', '', '<worksheet><sheetData>' + '<row><c t="inlineStr"><is><t>名称</t></is></c></row>'.repeat(2000) + '</sheetData></worksheet>',
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>',
      ]);
      const entries: [string, string][] = rng.chance(0.5)
        ? [['[Content_Types].xml', '<Types/>'], ['xl/workbook.xml', '<workbook><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>'], ['xl/worksheets/sheet1.xml', xml]]
        : [['xl/worksheets/sheet1.xml', xml]];
      return { entity: 'targets', ext: 'xlsx', bytes: zip(entries), what: 'XLSX with broken parts' };
    }
    case 9: {
      const header = rng.pick([['名称', '名称', '名称'], ['foo', 'bar'], [], Array.from({ length: 3000 }, (_, i) => `列${i}`), ['对象类型', '统一社会信用代码/编码'], ['\ufeff名称']]);
      return { entity: rng.pick(['targets', 'inspectors', 'items'] as const), ext: 'csv', bytes: Buffer.from([header.join(','), 'a,b,c'].join('\r\n')), what: 'wrong, duplicated or missing headers' };
    }
    case 10: return { entity: 'targets', ext: 'csv', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(targetsCsv(rows).replace(/,/g, '\t'), 'utf16le')]), what: 'UTF-16LE tab-separated' };
    case 11: return { entity: 'targets', ext: 'csv', bytes: Buffer.from(targetsCsv(rows).replace(/\r\n(?=.)/, '\r\n"unclosed,').replace(/,/g, rng.pick([',', ';', '|', '",']))), what: 'unbalanced quotes / odd delimiters' };
    default: return { entity: rng.pick(['inspectors', 'items'] as const), ext: 'csv', bytes: Buffer.from(Array.from({ length: rows + 1 }, () => Array.from({ length: rng.int(15) }, () => evilString(rng).slice(0, 200)).join(',')).join('\n')), what: 'evil rows for inspectors/items' };
  }
}

test(`import parsers: ${IMPORT_CASES} malformed files → a report or a Chinese refusal, never a crash`, { timeout: 300000 }, async () => {
  const rng = new Rng(`${SEED}/import`);
  const ctx = f.ctxOf('coordinator');
  const tally: Record<string, number> = {};
  let gbkImported = 0;
  const slow: string[] = [];
  for (let i = 0; i < IMPORT_CASES; i++) {
    const c = await importCase(rng);
    const t0 = Date.now();
    // FUZZ_TRACE=1 names each case before it runs and keeps its file in the temp folder (to find a hang).
    if (process.env.FUZZ_TRACE) { process.stdout.write(`# case ${i}: ${c.what} ${c.entity}.${c.ext} ${c.bytes.length} bytes\n`); writeFileSync(join(tmpdir(), `fuzz-case-${i}.${c.ext}`), c.bytes); }
    const path = join(dir, `case-${i}.${c.ext}`);
    writeFileSync(path, c.bytes);
    const where = `seed ${SEED} import case ${i} (${c.what}; kept at ${path})`;
    try {
      const report = await importDirectory(ctx, { entity: c.entity, path, dryRun: rng.chance(0.85) });
      for (const issue of report.issues) assert.match(issue.reason, CJK, `${where}: issue without a Chinese reason: ${JSON.stringify(issue)}`);
      if (c.validGbk) { assert.ok(report.status !== 'rejected', `${where}: a valid GBK file rejected: ${JSON.stringify(report.issues.slice(0, 3))}`); gbkImported++; }
      tally[`${c.what} → ${report.status}`] = (tally[`${c.what} → ${report.status}`] ?? 0) + 1;
    } catch (e) {
      if (!(e instanceof AppError)) assert.fail(`${where}: not a user-facing error: ${(e as Error)?.stack ?? e}`);
      assert.ok(e.code !== 'INTERNAL', `${where}: INTERNAL ${e.message}`);
      assert.match(e.message, CJK, `${where}: ${e.message}`);
      tally[`${c.what} → refused`] = (tally[`${c.what} → refused`] ?? 0) + 1;
    }
    rmSync(path, { force: true });
    if (Date.now() - t0 > 1000) slow.push(`${i} ${c.what} ${Date.now() - t0} ms`);
  }
  if (slow.length) process.stdout.write(`# slow import cases: ${slow.join('; ')}\n`);
  if (IMPORT_CASES >= 100) assert.ok(gbkImported > 0, 'some valid GBK files were generated and read');
  process.stdout.write(`# import fuzz: ${IMPORT_CASES} files; ${JSON.stringify(tally)}\n`);
});

test(`JSON API: ${API_CASES} malformed requests over every route and role → never a 5xx, always a Chinese message`, { timeout: 300000 }, async () => {
  const rng = new Rng(`${SEED}/api`);
  // Session-changing routes are left out (they would end the fuzzing sessions); their input is checked in their own tests.
  const targets = [...routes].filter((r) => !/ \/api\/(auth|users)\b/.test(r) && !r.includes('/docs')).sort();
  assert.ok(targets.length > 50, `${targets.length} routes`);
  const cookies: (string | null)[] = [null];
  for (const user of ['city-admin', 'city-leader', 'city-coordinator', 'city-supervisor', 'county-coordinator', 'city-inspector-0']) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user, password: DRAW_PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    cookies.push(String(res.headers['set-cookie']).split(';')[0]!);
  }
  const PARAMS = ['1', '2', '3', '0', '-1', 'abc', '1e999', '99999999999999999999', '%00', '..%2F..%2Fetc%2Fpasswd', '%E5%90%8D', `${'9'.repeat(300)}`, 'targets', 'nanshan', '2025-Q2', 'Z%20'];
  const statuses: Record<number, number> = {};
  const perRoute = new Map<string, number>();
  for (let i = 0; i < API_CASES; i++) {
    const route = targets[i % targets.length]!;
    const [method, pattern] = route.split(' ') as [string, string];
    const url = pattern.replace(/:[A-Za-z]+(\([^)]*\))?/g, () => rng.pick(PARAMS)).replace(/\*$/, 'x')
      + (rng.chance(0.5) ? `?${Array.from({ length: 1 + rng.int(4) }, () => `${enc(rng.pick(KEYS))}=${enc(evilString(rng).slice(0, 300))}`).join('&')}` : '');
    const cookie = rng.pick(cookies);
    const headers: Record<string, string> = { 'x-requested-with': 'shuangsui', ...(cookie ? { cookie } : {}) };
    let payload: string | Buffer | undefined;
    if (method !== 'GET' && method !== 'DELETE') {
      const shape = rng.int(10);
      if (shape === 0) { headers['content-type'] = 'application/json'; payload = rng.pick(['{', '{"a":', 'nul', '[1,2', '\u0000', '{"a":1}}', '']); }
      else if (shape === 1) { headers['content-type'] = rng.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']); payload = evilString(rng).slice(0, 500); }
      else if (shape === 2) { headers['content-type'] = 'application/json'; payload = JSON.stringify({ name: 'x'.repeat(1_100_000) }); }
      else { headers['content-type'] = 'application/json'; payload = JSON.stringify(rng.chance(0.85) ? evilObject(rng) : evilValue(rng)); }
    }
    const where = `seed ${SEED} request ${i}: ${method} ${url.slice(0, 200)} body ${String(payload ?? '').slice(0, 300)}`;
    const res = await app.inject({ method: method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) })
      .catch((e: unknown) => assert.fail(`${where} → the response broke off: ${String(e)}`));
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
    assert.ok(res.statusCode < 500, `${where} → ${res.statusCode} ${res.body.slice(0, 500)}`);
    if (res.statusCode >= 400) {
      // JSON errors carry a message; the public portal answers with Chinese pages or plain text.
      let message = String(res.headers['content-type'] ?? '').startsWith('application/json') ? '' : res.body;
      try { message = JSON.parse(res.body).message; } catch { /* not JSON */ }
      assert.match(message ?? '', CJK, `${where} → ${res.statusCode} without a Chinese message: ${res.body.slice(0, 300)}`);
    }
  }
  process.stdout.write(`# API fuzz: ${API_CASES} requests over ${perRoute.size} routes; statuses ${JSON.stringify(statuses)}\n`);
});

test('exported spreadsheets neutralise formulas (CSV and XLSX)', async () => {
  const evil = ['=1+1', '+SUM(A1:A9)', '-2+3', '@cmd', '=HYPERLINK("http://evil.example","x")'];
  const path = join(dir, 'formulas.csv');
  writeFileSync(path, targetsCsv(evil.length, Object.fromEntries(evil.map((e, i) => [i, { 名称: e, 地址: e }]))));
  const ctx = f.ctxOf('coordinator');
  const report = await importDirectory(ctx, { entity: 'targets', path });
  assert.equal(report.status, 'imported', JSON.stringify(report.issues));
  const csvPath = join(dir, 'out.csv');
  await exportDirectory(ctx, 'targets', 'csv', {}, csvPath);
  const csv = readFileSync(csvPath, 'utf8');
  for (const e of evil) {
    assert.ok(!csv.split(/\r\n/).some((line) => line.split(',').some((cell) => cell.replace(/^"/, '') .startsWith(e.slice(0, 3)) && !cell.startsWith("'"))), `CSV cell starting ${e}`);
    assert.ok(csv.includes(`'${e.replace(/"/g, '""')}`), `CSV neutralised ${e}`);
  }
  const xlsxPath = join(dir, 'out.xlsx');
  await exportDirectory(ctx, 'targets', 'xlsx', {}, xlsxPath);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(xlsxPath);
  const cells: ExcelJS.Cell[] = [];
  book.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(c)));
  assert.equal(cells.filter((c) => c.type === ExcelJS.ValueType.Formula).length, 0, 'no formula cell');
  for (const e of evil) assert.ok(cells.some((c) => c.value === `'${e}`), `XLSX neutralised ${e}`);
  assert.ok(!cells.some((c) => typeof c.value === 'string' && /^[=+\-@]/.test(c.value)), 'no text cell starts with a formula character');
});
