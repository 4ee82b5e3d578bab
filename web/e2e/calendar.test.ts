/**
 * 日历维护 in Chromium, the browser clock fixed at 2026-11-23: 2027 is flagged as missing, November
 * 2026 shows weekends as rest days, an administrator makes Friday 2026-11-27 a local holiday (the
 * cell turns grey with the reason), then withdraws it with a reason (the row stays, marked 已撤销, with why).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startBrowserEnv, chineseGlyphsRender, type BrowserEnv } from '../../src/testing/browser.ts';

let env: BrowserEnv;
let page: Page;
const SHOTS = join(process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname ?? '.', 'screenshots'));

before(async () => {
  env = await startBrowserEnv();
  page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  await page.clock.setFixedTime(new Date('2026-11-23T10:00:00+08:00'));
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => env?.close());

const input = (testid: string) => page.getByTestId(testid).locator('input').or(page.locator(`input[data-testid="${testid}"]`)).first();

test('the calendar page shows known years, the missing 2027 and the month with its reasons', async () => {
  await page.goto(`${env.baseUrl}/login`);
  await input('login-username').fill('admin');
  await input('login-password').fill('secret-pass');
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/targets/);
  await page.getByTestId('nav-menu').getByText('日历维护').click();
  await page.waitForURL(/\/calendar$/);

  assert.match(await page.getByTestId('cal-known-years').innerText(), /2004–2026/);
  assert.match(await page.getByTestId('cal-missing-years').innerText(), /2027、2028 年的节假日和调休安排尚未录入[\s\S]*拒绝计算/);
  await page.getByTestId('cal-day-2026-11-28').waitFor();
  assert.match(await page.getByTestId('cal-day-2026-11-28').getAttribute('class') ?? '', /rest/);
  assert.match(await page.getByTestId('cal-day-2026-11-27').getAttribute('class') ?? '', /work/);

  const glyphs = await chineseGlyphsRender(page, '[data-testid="cal-missing-years"]', '节假日调休安排尚未录入拒绝计算');
  assert.ok(glyphs.ok, `Chinese glyphs render as boxes: ${JSON.stringify(glyphs)}`);
});

test('an administrator adds a local holiday and withdraws it; an empty reason is refused in Chinese', async () => {
  await input('cal-add-date').fill('2026-11-27');
  await input('cal-add-date').press('Enter');
  await page.getByTestId('cal-add-submit').click();
  await page.getByTestId('cal-add-error').waitFor();
  assert.match(await page.getByTestId('cal-add-error').innerText(), /调整原因不能为空/);

  await input('cal-add-reason').fill('地方节日（测试）');
  await page.getByTestId('cal-add-submit').click();
  await page.locator('[data-testid="cal-day-2026-11-27"].rest').waitFor();
  assert.match(await page.getByTestId('cal-day-2026-11-27').innerText(), /地方节日/);
  const rows = page.getByTestId('cal-overrides');
  assert.match(await rows.innerText(), /2026-11-27\s+休息\s+地方节日（测试）[\s\S]*生效中/);
  await page.screenshot({ path: join(SHOTS, 'calendar.png'), fullPage: true });

  await rows.getByText('撤销').click();
  const box = page.locator('.el-message-box');
  await box.getByRole('button', { name: '撤销' }).click();
  await box.getByText('请填写撤销原因（至少 2 个字）').waitFor();
  await box.locator('input').fill('节日取消（测试）');
  await box.getByRole('button', { name: '撤销' }).click();
  await page.locator('[data-testid="cal-day-2026-11-27"].work').waitFor();
  assert.match(await rows.innerText(), /已撤销（管理员[\s\S]*撤销原因：节日取消（测试）/);
});

test('bulk entry of 2027: a bad line is named, then two good lines make 2027 known', async () => {
  const text = page.getByTestId('cal-bulk-text').locator('textarea').or(page.locator('textarea[data-testid="cal-bulk-text"]')).first();
  await text.fill('2027-01-01 休息 元旦\n2027-1-2 休息 元旦');
  await page.getByTestId('cal-bulk-submit').click();
  assert.match(await page.getByTestId('cal-bulk-error').innerText(), /第 2 行「2027-1-2 休息 元旦」：格式应为/);
  await text.fill('2027-01-01 休息 元旦（测试）\n2027-02-06 上班 春节调休（测试）');
  await page.getByTestId('cal-bulk-submit').click();
  await page.getByTestId('cal-known-years').filter({ hasText: '2004–2027' }).waitFor();
  assert.match(await page.getByTestId('cal-missing-years').innerText(), /^2028 年的节假日和调休安排尚未录入/);
  assert.match(await page.getByTestId('cal-overrides').innerText(), /2027-02-06\s+上班\s+春节调休（测试）/);
});
