/**
 * The admin page in Chromium: log in, import a targets file through the page (a bad 7th row is
 * reported, nothing imported; the fixed file imports), and Chinese renders as glyphs, not boxes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startBrowserEnv, chineseGlyphsRender, type BrowserEnv } from '../../src/testing/browser.ts';
import { creditCode, targetsCsv, withWrongCheckChar, writeText } from '../../src/testing/fixtures.ts';

let env: BrowserEnv;
let page: Page;
const SHOTS = join(process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname ?? '.', 'screenshots'));

before(async () => {
  env = await startBrowserEnv();
  page = await env.browser.newPage({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => env?.close());

test('a user logs in and lands on the 检查对象名录库', async () => {
  await page.goto(`${env.baseUrl}/login`);
  await page.getByTestId('login-username').locator('input').or(page.locator('input[data-testid="login-username"]')).first().fill('admin');
  await page.getByTestId('login-password').locator('input').or(page.locator('input[data-testid="login-password"]')).first().fill('secret-pass');
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/targets/);
  await page.getByTestId('directory-table').waitFor();
  assert.match(await page.getByTestId('current-user').innerText(), /管理员/);
});

test('Chinese text renders with real glyphs (a missing CJK font would draw identical boxes)', async () => {
  await page.screenshot({ path: join(SHOTS, 'targets.png') });
  const menu = await page.getByTestId('nav-menu').innerText();
  assert.match(menu, /检查对象名录库/);
  const glyphs = await chineseGlyphsRender(page, '[data-testid="nav-menu"]', '检查对象名录库人员事项清单');
  assert.ok(glyphs.ok, `Chinese glyphs render as boxes: ${JSON.stringify(glyphs)}`);
});

test('importing through the page reports the bad 7th row and imports nothing; the fixed file imports', async () => {
  const dir = env.db.dataDir;
  const bad = writeText(join(dir, '检查对象-有误.csv'), targetsCsv(10, { 6: { '统一社会信用代码/编码': withWrongCheckChar(creditCode(7)) } }));
  const good = writeText(join(dir, '检查对象.csv'), targetsCsv(10));

  await page.getByTestId('import-button').click();
  await page.getByTestId('import-dialog').waitFor();
  await page.getByTestId('import-file').setInputFiles(bad);
  await page.getByTestId('import-start').click();
  const result = page.getByTestId('import-result');
  await result.waitFor({ timeout: 60000 });
  assert.equal(await result.getAttribute('data-status'), 'rejected');
  const issues = await page.getByTestId('import-issues').innerText();
  assert.match(issues, /7/);
  assert.match(issues, /校验码错误/);
  await page.screenshot({ path: join(SHOTS, 'import-rejected.png') });
  const dialogGlyphs = await chineseGlyphsRender(page, '[data-testid="import-issues"]', '校验码错误统一社会信用代码');
  assert.ok(dialogGlyphs.ok, `Chinese glyphs render as boxes: ${JSON.stringify(dialogGlyphs)}`);
  assert.equal((await env.db.pool.query('SELECT count(*)::int AS n FROM targets')).rows[0].n, 0);

  await page.getByTestId('import-again').click();
  await page.getByTestId('import-file').setInputFiles(good);
  await page.getByTestId('import-start').click();
  await page.locator('[data-testid="import-result"][data-status="imported"]').waitFor({ timeout: 60000 });
  assert.match(await page.getByTestId('import-result').innerText(), /新增 10 条/);
  await page.getByTestId('import-close').click();
  await page.getByTestId('directory-total').filter({ hasText: '10' }).waitFor({ timeout: 10000 });
  assert.match(await page.getByTestId('directory-table').innerText(), /测试化工有限公司1号厂/);
  await page.screenshot({ path: join(SHOTS, 'targets-imported.png') });
});
