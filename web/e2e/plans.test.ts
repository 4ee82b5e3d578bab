/**
 * The 年度抽查计划 page in Chromium: a coordinator computes 陵川 2026 from the directories (two
 * 重点管理 units → 1 a quarter, 4 a year), drafts revision 1; a leader returns it with a reason and
 * drafts revision 2, which only another leader may approve (segregation of duties); that one approves
 * it, marks it for publication and downloads the .xlsx. On 分类结果 the coordinator runs 陵川 for
 * this quarter and sees the automatic re-run after two penalties. Chinese glyphs render.
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
  await apiAs(cookie, '/api/users', { orgId: city, username: 'leader2', displayName: '王副局长', role: 'leader', password: 'secret-pass-3' });
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

  let lead = await signIn('leader', 'secret-pass-2');
  await openPlans(lead.page);
  await lead.page.getByTestId('plans-reject').click();
  await promptAnswer(lead.page, '请补充特殊监管对象', '退回');
  await lead.page.getByTestId('plans-status').filter({ hasText: '已退回' }).waitFor();
  assert.match(await lead.page.getByTestId('plans-revisions').innerText(), /请补充特殊监管对象/);

  await lead.page.getByTestId('plans-draft').click();
  await lead.page.getByTestId('plans-revision-2').waitFor();
  // Segregation of duties: the leader who drafted revision 2 cannot approve it; the button says why.
  assert.equal(await lead.page.getByTestId('plans-approve').isDisabled(), true, 'the drafter cannot approve');
  await lead.page.locator('.approve-wrap').hover();
  await lead.page.locator('.el-popper:visible', { hasText: '本版由您本人拟定，不能由本人批准，请由其他领导审批' }).waitFor();
  await lead.context.close();

  lead = await signIn('leader2', 'secret-pass-3');
  await openPlans(lead.page);
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

test('分类结果: a coordinator runs 陵川 for this quarter; two penalties last year make 重点甲 特殊 in the automatic re-run', async () => {
  const coord = await signIn('coord', 'secret-pass-1');
  const { page } = coord;
  await page.getByTestId('nav-menu').getByText('分类结果').click();
  await page.waitForURL(/\/classification$/);
  await choose(page, 'class-profile', '陵川');
  await page.getByTestId('class-run').click();
  await page.getByTestId('class-summary').waitFor({ timeout: 20000 });
  const summary = await page.getByTestId('class-summary').innerText();
  assert.match(summary, /对象 3 个/);
  assert.match(summary, /首次运行/);
  assert.match(summary, /重点监管对象 2/);
  const results = page.getByTestId('class-results');
  await results.locator('tr', { hasText: '重点甲化工有限公司' }).waitFor();
  const first = (await results.locator('tr', { hasText: '重点甲化工有限公司' }).locator('td').allInnerTexts()).map((c) => c.trim());
  assert.equal(first[2], '重点监管对象');
  assert.match(first[6]!, /重点监管对象：.*（依据：陵川方案/);

  // Two 行政处罚 last year (陵川 二、（四）3: 上年度被行政处罚 2 次以上) → 特殊, classified again after each event.
  const login = await fetch(`${env.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'coord', password: 'secret-pass-1' }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const list = (await (await fetch(`${env.baseUrl}/api/targets?q=${encodeURIComponent('重点甲')}`, { headers: { cookie } })).json()) as { rows: { id: number }[] };
  for (const day of ['03-02', '09-15']) {
    await apiAs(cookie, `/api/targets/${list.rows[0]!.id}/events`, { kind: '行政处罚', occurredOn: `${YEAR - 1}-${day}`, reference: `陵环罚〔${YEAR - 1}〕${day.replace('-', '')}号` });
  }
  // The re-runs happen after the response; poll the run list until the second automatic run is there.
  for (let i = 0; i < 50; i++) {
    await page.getByTestId('class-load').click();
    await page.getByTestId('class-runs').waitFor();
    if ((await page.getByTestId('class-runs').innerText()).match(/事件变更后自动运行[\s\S]*事件变更后自动运行/)) break;
    await page.waitForTimeout(300);
  }
  assert.match(await page.getByTestId('class-runs').innerText(), /事件变更后自动运行\s+已完成/);
  await page.getByTestId('class-changed-only').click();
  // The filtered page replaces the full one (3 rows) once the request returns.
  // (Polled from here: a page-side waitForFunction compiles its predicate with eval, which the CSP forbids.)
  for (let i = 0; i < 75 && (await page.getByTestId('class-results').locator('tbody tr').count()) !== 1; i++) await page.waitForTimeout(200);
  const changed = (await page.getByTestId('class-results').locator('tbody tr').first().locator('td').allInnerTexts()).map((c) => c.trim());
  assert.equal(changed[2], '特殊监管对象');
  assert.match(changed[5]!, /重点监管对象 → 特殊监管对象/);
  assert.match(changed[6]!, /特殊监管对象：上年度.*受到行政处罚 2 次/);
  assert.equal(await page.getByTestId('class-results').locator('tbody tr').count(), 1);

  await page.screenshot({ path: join(SHOTS, 'classification.png'), fullPage: true });
  const glyphs = await chineseGlyphsRender(page, '[data-testid="class-results"]', '分类结果特殊监管对象上年度受到行政处罚');
  assert.ok(glyphs.ok, `Chinese glyphs render as boxes: ${JSON.stringify(glyphs)}`);
  await coord.context.close();
});
