/**
 * The 监管方案预览 page in Chromium: with two 重点管理 units and one 简化管理 unit in the county, the
 * 陵川 profile for 2026-Q1 shows a 重点 pool of 2 and its 25% quota formula, in real Chinese glyphs.
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
  page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  mkdirSync(SHOTS, { recursive: true });

  const login = await fetch(`${env.baseUrl}/api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'secret-pass' }),
  });
  assert.equal(login.status, 200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { orgs } = (await (await fetch(`${env.baseUrl}/api/orgs`, { headers: { cookie } })).json()) as { orgs: { id: number; code: string }[] };
  const county = orgs.find((o) => o.code === 'county')!.id;
  const units: [string, string][] = [['重点甲', '重点管理'], ['重点乙', '重点管理'], ['简化甲', '简化管理']];
  for (const [i, [name, permitClass]] of units.entries()) {
    const res = await fetch(`${env.baseUrl}/api/targets`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', cookie },
      body: JSON.stringify({ orgId: county, kind: '排污单位', identifier: creditCode(i + 1), name: `${name}化工有限公司`, permitClass }),
    });
    assert.equal(res.status, 201, await res.text());
  }
});
after(async () => env?.close());

/** Opens an Element Plus select by its testid and clicks the visible option with this text. */
async function choose(testid: string, text: string): Promise<void> {
  await page.getByTestId(testid).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

test('陵川 2026-Q1: the strata table shows the 重点 pool and its quota formula', async () => {
  await page.goto(`${env.baseUrl}/login`);
  await page.getByTestId('login-username').locator('input').or(page.locator('input[data-testid="login-username"]')).first().fill('admin');
  await page.getByTestId('login-password').locator('input').or(page.locator('input[data-testid="login-password"]')).first().fill('secret-pass');
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/targets/);

  await page.getByTestId('nav-menu').getByText('监管方案').click();
  await page.waitForURL(/\/policy$/);
  await choose('policy-profile', '陵川');
  assert.equal(await page.getByTestId('policy-level').count(), 0, '陵川 is county-level only: no 层级 radio');
  await choose('policy-period-year', '2026 年');
  await choose('policy-period-quarter', '第一季度');
  await page.getByTestId('policy-run').click();

  const strata = page.getByTestId('policy-strata');
  await strata.waitFor({ timeout: 15000 });
  const summary = await page.getByTestId('policy-summary').innerText();
  assert.match(summary, /2026-Q1/);
  assert.match(summary, /检查对象 3 个/);
  assert.match(summary, /2026-01-01 至 2026-01-10/);
  const row = strata.locator('tr', { hasText: '重点监管对象' });
  const cells = await row.locator('td').allInnerTexts();
  assert.deepEqual(cells.map((c) => c.trim()).slice(0, 4), ['重点监管对象', '—', '2', '1']);
  assert.match(cells[4]!, /ceil\(25% × 2\) = 1/);
  assert.equal(cells[4]!.trim(), 'max(ceil(25% × 2) = 1, ceil(2 ÷ 4) = 1) = 1');
  assert.match(await page.getByTestId('policy-categories').innerText(), /一般监管对象\s+1/);
  assert.equal(await page.getByTestId('policy-error').count(), 0);
  await page.screenshot({ path: join(SHOTS, 'policy.png'), fullPage: true });

  const glyphs = await chineseGlyphsRender(page, '[data-testid="policy-strata"]', '重点监管对象一般特殊正面清单');
  assert.ok(glyphs.ok, `Chinese glyphs render as boxes: ${JSON.stringify(glyphs)}`);
});

test('a profile with both levels shows the 市级/县级 choice', async () => {
  await choose('policy-profile', '枣庄');
  await page.getByTestId('policy-level').waitFor();
  assert.match(await page.getByTestId('policy-level').innerText(), /市级[\s\S]*县级/);
});
