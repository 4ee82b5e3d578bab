/**
 * The draw ceremony in Chromium: a coordinator prepares a draw from the approved plan (南山, 2025-Q2),
 * the meeting screen shows the frozen strata, the manifest hash and commitment; the public value and
 * witnesses are typed in, the result hash and the list appear; a supervisor sees no list before the
 * reveal; the reveal publishes it. Chinese glyphs must render.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startBrowserEnv, chineseGlyphsRender, type BrowserEnv } from '../../src/testing/browser.ts';
import { DRAW_PASSWORD, seedDrawFixture } from '../../src/testing/draw-fixture.ts';

let env: BrowserEnv;
let page: Page;
const SHOTS = join(process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname ?? '.', 'screenshots'));

before(async () => {
  env = await startBrowserEnv();
  await seedDrawFixture(env.db, { existingOrgs: true });
  page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => env?.close());

async function login(p: Page, username: string) {
  await p.goto(`${env.baseUrl}/login`);
  await p.getByTestId('login-username').locator('input').or(p.locator('input[data-testid="login-username"]')).first().fill(username);
  await p.getByTestId('login-password').locator('input').or(p.locator('input[data-testid="login-password"]')).first().fill(DRAW_PASSWORD);
  await p.getByTestId('login-submit').click();
  await p.waitForURL(/\/targets/);
}
const input = (p: Page, testid: string) => p.getByTestId(testid).locator('input, textarea').or(p.locator(`input[data-testid="${testid}"], textarea[data-testid="${testid}"]`)).first();

test('freeze → ceremony → draw → reveal, with the list hidden from a supervisor before the reveal', async () => {
  await login(page, 'city-coordinator');
  await page.getByTestId('nav-menu').getByText('随机抽取').click();
  await page.waitForURL(/\/draws$/);
  await page.getByTestId('draws-new').click();
  await page.getByTestId('freeze-profile').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '南山' }).first().click();
  await input(page, 'freeze-period').fill('2025-Q2');
  await input(page, 'freeze-date').fill('2025-04-01');
  await page.getByTestId('freeze-submit').click();
  await page.waitForURL(/\/draws\/\d+$/);
  const drawUrl = page.url();
  await page.getByTestId('draw-manifest-hash').waitFor({ timeout: 15000 });

  assert.equal((await page.getByTestId('draw-no').innerText()).trim(), 'city-0001');
  assert.match(await page.getByTestId('draw-manifest-hash').innerText(), /^[0-9a-f]{64}$/);
  assert.match(await page.getByTestId('draw-commitment').innerText(), /^[0-9a-f]{64}$/);
  const strata = await page.getByTestId('draw-strata').innerText();
  assert.match(strata, /重点监管对象\s+\S+\s+8\s+3/);
  assert.match(strata, /一般监管对象\s+\S+\s+13\s+3/);
  assert.match(await page.getByTestId('draw-exclusions').innerText(), /不纳入抽取 5 个/);

  await input(page, 'draw-public-value').fill('3 6 1 4 2');
  await input(page, 'draw-witnesses').fill('王监督，李见证');
  await input(page, 'draw-minutes').fill('抽取会议于上午九时举行。');
  await page.getByTestId('draw-run').click();
  await page.getByTestId('draw-result-hash').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId('draw-result-hash').innerText(), /^[0-9a-f]{64}$/);
  assert.equal(await page.getByTestId('draw-tasks').locator('tbody tr').count(), 6);
  await page.screenshot({ path: join(SHOTS, 'draw-ceremony.png'), fullPage: true });

  // A supervisor of the same bureau: hashes yes, list no.
  const other = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  await login(other, 'city-supervisor');
  await other.goto(drawUrl);
  await other.getByTestId('draw-hidden').waitFor({ timeout: 15000 });
  assert.equal(await other.getByTestId('draw-tasks').count(), 0);
  assert.equal(await other.getByTestId('draw-run').count(), 0);

  await page.getByTestId('draw-reveal').click();
  await page.locator('.el-message-box__btns button', { hasText: '公开' }).click();
  await page.getByTestId('draw-bundle').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId('draw-status').innerText(), /已公开/);
  await other.reload();
  await other.getByTestId('draw-tasks').waitFor({ timeout: 15000 });
  assert.equal(await other.getByTestId('draw-tasks').locator('tbody tr').count(), 6);
  await other.close();

  const glyphs = await chineseGlyphsRender(page, '[data-testid="draw-strata"]', '重点监管对象一般抽取公开');
  assert.ok(glyphs.ok, `Chinese glyphs render as boxes: ${JSON.stringify(glyphs)}`);
});

test('the draw list shows the status, and plan compliance lists the shortfall', async () => {
  await page.goto(`${env.baseUrl}/draws`);
  await page.getByTestId('draws-row-city-0001').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId('draws-row-city-0001').innerText(), /已公开/);
  await page.getByTestId('compliance-profile').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '南山' }).first().click();
  await input(page, 'compliance-year').fill('2025');
  await page.getByTestId('compliance-load').click();
  await page.getByTestId('compliance-shortfalls').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId('compliance-shortfalls').innerText(), /2025-Q3「重点监管对象」差 3 个/);
});

test('a leader replaces an inspector with a reason; the replacement is appended to the record', async () => {
  const leader = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  await login(leader, 'city-leader');
  await leader.goto(`${env.baseUrl}/draws`);
  await leader.getByTestId('draws-open-city-0001').click();
  await leader.getByTestId('draw-tasks').waitFor({ timeout: 15000 });
  await leader.locator('[data-testid^="draw-replace-"]').first().click();
  await leader.locator('.el-message-box__input input').fill('与被检查单位存在亲属关系，申请回避');
  await leader.locator('.el-message-box__btns button', { hasText: '批准更换' }).click();
  await leader.getByText('人员更换记录').waitFor({ timeout: 15000 });
  assert.match(await leader.locator('.el-card').first().innerText(), /第 1 次：I\d+ → I\d+（与被检查单位存在亲属关系，申请回避，city-leader 批准）/);
  await leader.close();
});

test('a 定向 draw frozen with its 联合检查部门: shown on the draw page and in the list, stored on the draw', async () => {
  await page.goto(`${env.baseUrl}/draws`);
  await page.getByTestId('draws-new').click();
  await page.getByTestId('freeze-profile').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '南山' }).first().click();
  await input(page, 'freeze-period').fill('2025-Q2');
  await input(page, 'freeze-date').fill('2025-04-01');
  await page.getByTestId('freeze-kind').getByText('定向（专项）').click();
  await input(page, 'freeze-campaign').fill('化工园区跨部门联合检查');
  await input(page, 'freeze-tags').fill('化工园区');
  await page.getByTestId('freeze-joint-partners').click();
  await page.keyboard.type('应急管理');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '应急管理局' }).first().click();
  await page.keyboard.type('消防救援支队');
  await page.keyboard.press('Enter');
  await page.getByTestId('freeze-campaign').click(); // closes the dropdown
  await page.getByTestId('freeze-submit').click();
  await page.waitForURL(/\/draws\/\d+$/);
  await page.getByTestId('draw-joint-partners').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId('draw-joint-partners').innerText(), /跨部门联合检查，会同应急管理局、消防救援支队/);
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  assert.deepEqual((await env.db.pool.query(`SELECT joint_partners AS p FROM draws WHERE id = $1`, [id])).rows[0].p, ['应急管理局', '消防救援支队']);
  const glyphs = await chineseGlyphsRender(page, '[data-testid="draw-joint-partners"]', '跨部门联合检查会同应急管理局消防救援支队');
  assert.ok(glyphs.ok, `Chinese glyphs render as boxes: ${JSON.stringify(glyphs)}`);
  await page.goto(`${env.baseUrl}/draws`);
  const drawNo = (await env.db.pool.query(`SELECT draw_no AS n FROM draws WHERE id = $1`, [id])).rows[0].n as string;
  await page.getByTestId(`draws-joint-${drawNo}`).waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId(`draws-joint-${drawNo}`).innerText(), /跨部门联合：应急管理局、消防救援支队/);
});
