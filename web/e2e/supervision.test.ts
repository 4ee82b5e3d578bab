/**
 * 监督统计 in Chromium on the 2026 fixture year (src/testing/supervision-fixture.ts): the bell shows the
 * reminders the scheduler fired (南山: Q4's 60 % milestone due 11-30, the annual summary due 12-01)
 * and marks them read; the dashboard's cards carry the hand-counted figures, its ECharts canvases are
 * drawn, Chinese glyphs render in the charts' font and on the page; the city drills down into its
 * branch and back; the 2026-Q1 统计表 downloads and reopens in exceljs with its 合计 row.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { startBrowserEnv, chineseGlyphsRender, type BrowserEnv } from '../../src/testing/browser.ts';
import { seedSupervisionFixture, type SupervisionFixture } from '../../src/testing/supervision-fixture.ts';
import { DRAW_PASSWORD } from '../../src/testing/draw-fixture.ts';
import { schedulerTick } from '../../src/services/supervision/scheduler.ts';

let env: BrowserEnv;
let f: SupervisionFixture;
const SHOTS = join(process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname ?? '.', 'screenshots'));

before(async () => {
  env = await startBrowserEnv();
  mkdirSync(SHOTS, { recursive: true });
  f = await seedSupervisionFixture(env.db, { existingOrgs: true });
  await schedulerTick(env.db, new Date('2026-11-27T02:00:00Z'));
});
after(async () => env?.close());

async function signIn(username: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${env.baseUrl}/login`);
  await page.locator('[data-testid="login-username"] input, input[data-testid="login-username"]').first().fill(username);
  await page.locator('[data-testid="login-password"] input, input[data-testid="login-password"]').first().fill(DRAW_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}

/** Polls from Node (the app's CSP forbids waitForFunction). */
async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 15000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`等待超时：${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Whether the chart's canvas has any non-transparent pixel (ECharts drew something). */
async function canvasDrawn(page: Page, testid: string): Promise<boolean> {
  return page.evaluate(`(() => {
    const c = document.querySelector('[data-testid="${testid}"] canvas');
    if (!c || !c.width || !c.height) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
    return false;
  })()`) as Promise<boolean>;
}

const card = (page: Page, key: string) => page.getByTestId(`sup-card-${key}`).innerText();

test('the bell lists the fired reminders and marks them read', async () => {
  const { context, page } = await signIn('city-supervisor');
  const badge = page.getByTestId('bell-badge').locator('sup');
  await until('未读提醒数', async () => (await badge.count()) > 0 && (await badge.isVisible()) && (await badge.innerText()).trim() === '3');
  await page.getByTestId('bell').click();
  const list = page.getByTestId('bell-list');
  await list.getByText('全年双随机监管工作总结', { exact: false }).first().waitFor();
  await list.getByText('任务累计完成 60%', { exact: false }).first().waitFor();
  const glyphs = await chineseGlyphsRender(page, '[data-testid="bell-list"]', '提醒全年双随机监管工作总结');
  assert.ok(glyphs.ok, JSON.stringify(glyphs));
  await page.getByTestId('bell-read-all').click();
  await until('提醒已读', async () => (await badge.count()) === 0 || !(await badge.isVisible()));
  await context.close();
});

test('the dashboard shows the year\'s figures in cards and charts, drills down into the branch and exports the 统计表', async () => {
  const { context, page } = await signIn('city-supervisor');
  await page.getByTestId('nav-menu').getByText('监督统计').click();
  await page.waitForURL(/\/supervision$/);
  await page.getByTestId('sup-year').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '2026 年' }).first().click();
  await page.getByTestId('sup-load').click();
  await until('计划数', async () => (await card(page, 'planned')).includes('13'));
  assert.match(await card(page, 'drawn'), /12/);
  assert.match(await card(page, 'completed'), /10（83\.3%）/);
  assert.match(await card(page, 'problem'), /50%（5\/10）/);
  assert.match(await card(page, 'case'), /10%（1\/10）/);
  assert.match(await card(page, 'rectify'), /50%（2\/4）/);
  assert.match(await card(page, 'timely'), /50%（2\/4）/);
  await until('图表已绘制', async () => (await canvasDrawn(page, 'chart-periods')) && (await canvasDrawn(page, 'chart-progress')) && (await canvasDrawn(page, 'chart-children')));
  for (const [sel, chars] of [['[data-testid="chart-progress"]', '各月累计完成率进度要求计划抽取公开'], ['[data-testid="chart-children"]', '东城分局完成率问题发现率按时公开'], ['.page', '监督统计无事不扰执法人员年度检查次数']] as const) {
    const g = await chineseGlyphsRender(page, sel, chars);
    assert.ok(g.ok, `${sel}: ${JSON.stringify(g)}`);
  }
  // 无事不扰 and the joint share.
  assert.match(await page.getByTestId('sup-flagged').innerText(), /0005号公司/);
  assert.match(await page.getByTestId('sup-joint').innerText(), /跨部门联合\s+2\s+3/);
  await page.screenshot({ path: join(SHOTS, 'supervision-dashboard.png'), fullPage: true });

  // Drill down into the branch and back.
  await page.getByTestId('sup-children').getByRole('button', { name: '查看' }).first().click();
  await until('分局计划数', async () => /^\s*计划抽查\s*5\s*$/.test(await card(page, 'planned')));
  assert.match(await card(page, 'completed'), /4（80%）/);
  await page.getByTestId('sup-up').click();
  await until('回到市局', async () => (await card(page, 'planned')).includes('13'));

  // The 2026-Q1 统计表.
  await page.getByTestId('sup-period').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '第一季度' }).first().click();
  await until('一季度计划数', async () => /^\s*计划抽查\s*7\s*$/.test(await card(page, 'planned')));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('sup-export-quarterly').click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const last = (wb.worksheets[0]!.getRow(wb.worksheets[0]!.rowCount).values as unknown[]).slice(1, 6);
  assert.deepEqual(last, ['合计', '合计', 7, 7, 6]);
  await context.close();
});
