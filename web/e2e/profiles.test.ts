/**
 * The profile editor in Chromium (browser clock at 2025-11-20, so the preview shows 2026-Q1): copy 陵川
 * into an own profile, raise 重点 from 25 % to 50 % and watch the live preview go from 2 to 4 of the 8
 * 重点管理 units, save it as version 2 effective 2026-01-01, then see 150 % refused in Chinese — in the
 * preview and on saving — and the diff between the versions; Chinese glyphs checked.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startBrowserEnv, chineseGlyphsRender, type BrowserEnv } from '../../src/testing/browser.ts';
import { creditCode } from '../../src/testing/fixtures.ts';

let env: BrowserEnv;
let page: Page;
const SHOTS = join(process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname ?? '.', 'screenshots'));

before(async () => {
  env = await startBrowserEnv();
  page = await env.browser.newPage({ viewport: { width: 1500, height: 1000 }, locale: 'zh-CN' });
  await page.clock.setFixedTime(new Date('2025-11-20T10:00:00+08:00'));
  mkdirSync(SHOTS, { recursive: true });
  const login = await fetch(`${env.baseUrl}/api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'secret-pass' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  for (let i = 0; i < 8; i++) {
    const res = await fetch(`${env.baseUrl}/api/targets`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', cookie },
      body: JSON.stringify({ kind: '排污单位', identifier: creditCode(i + 1), name: `重点${i + 1}号化工有限公司`, permitClass: '重点管理' }),
    });
    assert.equal(res.status, 201, await res.text());
  }
});
after(async () => env?.close());

const input = (testid: string) => page.getByTestId(testid).locator('input').or(page.locator(`input[data-testid="${testid}"]`)).first();
const zhongdian = () => page.getByTestId('pe-preview').locator('tr', { hasText: '重点监管对象' });

async function setDate(testid: string, date: string) {
  await input(testid).fill(date);
  await input(testid).press('Enter');
}

test('copy 陵川, raise 重点 to 50 % with a live preview, save as version 2', async () => {
  await page.goto(`${env.baseUrl}/login`);
  await input('login-username').fill('admin');
  await input('login-password').fill('secret-pass');
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/targets/);
  await page.getByTestId('nav-menu').getByText('方案维护').click();
  await page.waitForURL(/\/profiles$/);

  await page.getByTestId('profile-copy-lingchuan').click();
  await input('copy-code').fill('city-own');
  await input('copy-name').fill('测试市重点监管方案');
  await page.getByTestId('copy-submit').click();
  await page.waitForURL(/\/profiles\/city-own$/);
  await page.getByTestId('pe-title').filter({ hasText: '测试市重点监管方案' }).waitFor();

  await zhongdian().waitFor({ timeout: 15000 });
  assert.match(await zhongdian().innerText(), /重点监管对象\s+8\s+2\s+max\(ceil\(25% × 8\) = 2, ceil\(8 ÷ 4\) = 2\) = 2/);
  assert.equal(await page.getByTestId('pe-exclusion-1').count(), 0, '陵川 has one exclusion, listed once although the stored copy orders its keys differently');
  await page.screenshot({ path: join(SHOTS, 'profile-editor-top.png') });
  // Citations are shown next to each rule, read-only.
  assert.match(await page.getByTestId('pe-stratum-重点').innerText(), /依据：陵川方案 二、（四）1/);

  await input('pe-rule-重点-0-value').fill('50');
  await input('pe-rule-重点-0-value').press('Tab');
  await page.locator('[data-testid="pe-preview"] tr', { hasText: 'ceil(50% × 8) = 4' }).waitFor({ timeout: 15000 });
  assert.match(await zhongdian().innerText(), /重点监管对象\s+8\s+4\s+/);

  await setDate('pe-effective', '2026-01-01');
  await input('pe-note').fill('重点监管对象比例提高到 50%');
  await page.getByTestId('pe-save').click();
  await page.locator('.el-message', { hasText: '已保存为第 2 版，2026-01-01 起生效' }).waitFor();
  await page.getByRole('tab', { name: '版本' }).click();
  const versions = await page.getByTestId('pe-versions').innerText();
  assert.match(versions, /第 1 版\s+2025-11-20/);
  assert.match(versions, /第 2 版\s+2026-01-01[\s\S]*重点监管对象比例提高到 50%/);
  await page.getByTestId('pe-diff-run').click();
  assert.match(await page.getByTestId('pe-diff').innerText(), /strata\[重点\]\.rules\[0\]\.amount\.percent\s+修改\s+25\s+50/);
  await page.getByRole('tab', { name: '表单' }).click();
});

test('150 % is refused with the Chinese message, in the preview and on saving', async () => {
  await input('pe-rule-重点-0-value').fill('150');
  await input('pe-rule-重点-0-value').press('Tab');
  const previewError = page.getByTestId('pe-preview-error');
  await previewError.waitFor({ timeout: 15000 });
  assert.match(await previewError.innerText(), /方案「测试市重点监管方案」不能使用：分层「重点监管对象」的抽查规则（陵川方案 二、（四）1）：抽查比例 150% 超过 100%/);

  await setDate('pe-effective', '2026-04-01');
  await page.getByTestId('pe-save').click();
  await page.getByTestId('pe-save-error').waitFor();
  assert.match(await page.getByTestId('pe-save-error').innerText(), /抽查比例 150% 超过 100%/);
  await page.screenshot({ path: join(SHOTS, 'profile-editor.png'), fullPage: true });

  const glyphs = await chineseGlyphsRender(page, '[data-testid="pe-save-error"]', '抽查比例超过重点监管对象');
  assert.ok(glyphs.ok, `Chinese glyphs render as boxes: ${JSON.stringify(glyphs)}`);

  // Nothing was stored: still two versions.
  await page.getByRole('tab', { name: '版本' }).click();
  assert.equal(await page.getByTestId('pe-versions').locator('tbody tr').count(), 2);
});

test('the advanced JSON view: broken JSON is refused in Chinese; a valid edit applies to the form and the preview', async () => {
  await page.getByRole('tab', { name: '高级（JSON）' }).click();
  const json = page.getByTestId('pe-json').locator('textarea').or(page.locator('textarea[data-testid="pe-json"]')).first();
  const text = await json.inputValue();
  assert.match(text, /"percent": 150/, 'the JSON view shows the draft, unsaved edits included');
  await json.fill('{ "name": ');
  await page.getByTestId('pe-json-apply').click();
  assert.match(await page.getByTestId('pe-json-error').innerText(), /JSON 格式有误/);
  await json.fill(text.replace('"percent": 150', '"percent": 75'));
  await page.getByTestId('pe-json-apply').click();
  await page.locator('[data-testid="pe-preview"] tr', { hasText: 'ceil(75% × 8) = 6' }).waitFor({ timeout: 15000 });
  await page.getByRole('tab', { name: '表单' }).click();
  assert.equal(await input('pe-rule-重点-0-value').inputValue(), '75.00');
});
