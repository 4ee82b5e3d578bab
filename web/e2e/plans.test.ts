/**
 * The 年度抽查计划 page in Chromium: a coordinator computes 陵川 2026 from the directories (two
 * 重点管理 units → 1 a quarter, 4 a year), drafts revision 1; a leader returns it with a reason,
 * approves revision 2, marks it for publication and downloads the .xlsx; Chinese glyphs render.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { startBrowserEnv, chineseGlyphsRender, type BrowserEnv } from '../../src/testing/browser.ts';
import { creditCode } from '../../src/testing/fixtures.ts';

let env: BrowserEnv;
const SHOTS = join(process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname ?? '.', 'screenshots'));
const YEAR = new Date().getFullYear();

async function apiAs(cookie: string, path: string, body: unknown) {
  const res = await fetch(`${env.baseUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', cookie }, body: JSON.stringify(body) });
  const text = await res.text();
  assert.ok(res.status < 300, text);
  return JSON.parse(text);
}

before(async () => {
  env = await startBrowserEnv();
  mkdirSync(SHOTS, { recursive: true });
  const login = await fetch(`${env.baseUrl}/api/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'secret-pass' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { orgs } = (await (await fetch(`${env.baseUrl}/api/orgs`, { headers: { cookie } })).json()) as { orgs: { id: number; code: string }[] };
  const city = orgs.find((o) => o.code === 'city')!.id;
  const county = orgs.find((o) => o.code === 'county')!.id;
  const units: [string, string][] = [['重点甲', '重点管理'], ['重点乙', '重点管理'], ['简化甲', '简化管理']];
  for (const [i, [name, permitClass]] of units.entries()) {
    await apiAs(cookie, '/api/targets', { orgId: county, kind: '排污单位', identifier: creditCode(i + 1), name: `${name}化工有限公司`, permitClass });
  }
  await apiAs(cookie, '/api/users', { orgId: city, username: 'coord', displayName: '张承办', role: 'coordinator', password: 'secret-pass-1' });
  await apiAs(cookie, '/api/users', { orgId: city, username: 'leader', displayName: '李局长', role: 'leader', password: 'secret-pass-2' });
});
after(async () => env?.close());

async function signIn(username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${env.baseUrl}/login`);
  await page.getByTestId('login-username').locator('input').or(page.locator('input[data-testid="login-username"]')).first().fill(username);
  await page.getByTestId('login-password').locator('input').or(page.locator('input[data-testid="login-password"]')).first().fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/targets/);
  return { context, page };
}

async function choose(page: Page, testid: string, text: string): Promise<void> {
  await page.getByTestId(testid).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

async function openPlans(page: Page): Promise<void> {
  await page.getByTestId('nav-menu').getByText('年度抽查计划').click();
  await page.waitForURL(/\/plans$/);
  await choose(page, 'plans-profile', '陵川');
  await choose(page, 'plans-year', `${YEAR} 年`);
  await page.getByTestId('plans-load').click();
  await page.getByTestId('plans-computed').waitFor({ timeout: 20000 });
}

async function promptAnswer(page: Page, text: string, button: string): Promise<void> {
  const box = page.locator('.el-message-box:visible');
  await box.locator('input').fill(text);
  await box.getByRole('button', { name: button }).click();
}

test('a coordinator drafts, a leader returns, approves, publishes and exports the plan', async () => {
  const coord = await signIn('coord', 'secret-pass-1');
  await openPlans(coord.page);
  const row = coord.page.getByTestId('plans-computed').locator('tr', { hasText: '重点监管对象' });
  const cells = (await row.locator('td').allInnerTexts()).map((c) => c.trim());
  assert.deepEqual(cells.slice(0, 6), ['—', '重点监管对象', '季度', '2', '1', '4']);
  assert.match(cells[6]!, /max\(ceil\(25% × 2\) = 1, ceil\(2 ÷ 4\) = 1\) = 1/);
  assert.equal(cells[7], '陵川方案 二、（四）1', 'the two rules of one article are cited once');
  await coord.page.locator('input[data-testid="plans-note"]').or(coord.page.getByTestId('plans-note').locator('input')).first().fill('依据名录库编制');
  await coord.page.getByTestId('plans-draft').click();
  await coord.page.getByTestId('plans-revision-1').waitFor();
  assert.equal((await coord.page.getByTestId('plans-status').innerText()).trim(), '待审批');
  assert.equal(await coord.page.getByTestId('plans-approve').count(), 0, 'a coordinator cannot approve');
  await coord.context.close();

  const lead = await signIn('leader', 'secret-pass-2');
  await openPlans(lead.page);
  await lead.page.getByTestId('plans-reject').click();
  await promptAnswer(lead.page, '请补充特殊监管对象', '退回');
  await lead.page.getByTestId('plans-status').filter({ hasText: '已退回' }).waitFor();
  assert.match(await lead.page.getByTestId('plans-revisions').innerText(), /请补充特殊监管对象/);

  await lead.page.getByTestId('plans-draft').click();
  await lead.page.getByTestId('plans-revision-2').waitFor();
  await lead.page.getByTestId('plans-approve').click();
  await promptAnswer(lead.page, '同意', '批准');
  await lead.page.getByTestId('plans-status').filter({ hasText: '已批准' }).waitFor();
  const history = await lead.page.getByTestId('plans-revisions').innerText();
  assert.match(history, /第 2 版\s+已批准/);
  assert.match(history, /第 1 版\s+已退回/);

  await lead.page.getByTestId('plans-publish').click();
  await lead.page.locator('.el-message-box:visible').getByRole('button', { name: '标记公示' }).click();
  await lead.page.getByTestId('plans-publish').waitFor({ state: 'detached' });

  const [download] = await Promise.all([lead.page.waitForEvent('download'), lead.page.getByTestId('plans-export-xlsx').click()]);
  assert.match(download.suggestedFilename(), /^年度抽查计划-测试市生态环境局-\d{4}-第2版\.xlsx$/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await download.path())!) as never);
  const header = (wb.worksheets[0]!.getRow(3).values as unknown[]).slice(1, 9);
  assert.deepEqual(header, ['序号', '发起部门', '抽查事项名称', '检查内容', '检查对象', '抽查频次', '抽查比例', '抽取对象数量（家）']);

  await lead.page.screenshot({ path: join(SHOTS, 'plans.png'), fullPage: true });
  const glyphs = await chineseGlyphsRender(lead.page, '[data-testid="plans-computed"]', '年度抽查计划重点监管对象批准退回');
  assert.ok(glyphs.ok, `Chinese glyphs render as boxes: ${JSON.stringify(glyphs)}`);
  await lead.context.close();
});
