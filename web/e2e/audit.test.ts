/**
 * 审计日志 in Chromium: after logging in (which is itself logged), the administrator opens the page,
 * sees the login row, filters by action, and 校验完整性 reports an intact chain; then a row is
 * edited behind the application's back (triggers disabled, as an attacker with database access would)
 * and the same button names it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startBrowserEnv, chineseGlyphsRender, type BrowserEnv } from '../../src/testing/browser.ts';

let env: BrowserEnv;
let page: Page;
const cspViolations: string[] = [];

before(async () => {
  env = await startBrowserEnv();
  page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text()); });
});
after(async () => env?.close());

const input = (testid: string) => page.getByTestId(testid).locator('input').or(page.locator(`input[data-testid="${testid}"]`)).first();

test('the audit page lists the login, filters, and verifies the chain', async () => {
  await page.goto(`${env.baseUrl}/login`);
  await input('login-username').fill('admin');
  await input('login-password').fill('secret-pass');
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/targets/);
  await page.getByTestId('nav-menu').getByText('审计日志').click();
  await page.waitForURL(/\/audit$/);
  const table = page.getByTestId('audit-table');
  await table.getByText('登录', { exact: false }).first().waitFor();
  assert.match(await table.innerText(), /管理员[\s\S]*登录成功[\s\S]*（admin）登录/);

  await page.getByTestId('audit-verify').click();
  await page.getByTestId('audit-verify-result').waitFor();
  assert.match(await page.getByTestId('audit-verify-result').innerText(), /哈希链完好：共 \d+ 条记录/);
  const glyphs = await chineseGlyphsRender(page, '[data-testid="audit-verify-result"]', '哈希链完好共条记录链头第');
  assert.ok(glyphs.ok, `Chinese glyphs render as boxes: ${JSON.stringify(glyphs)}`);
});

test('an edited row is named by the verify button', async () => {
  const c = await env.db.pool.connect();
  try {
    await c.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await c.query(`UPDATE audit_log SET summary = '什么也没有发生' WHERE seq = 1`);
    await c.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
  } finally { c.release(); }
  await page.getByTestId('audit-verify').click();
  await page.getByTestId('audit-verify-result').getByText('已被篡改').waitFor();
  assert.match(await page.getByTestId('audit-verify-result').innerText(), /审计日志已被篡改：第 1 条记录的内容与其哈希不符/);
});

test('the built app runs under the Content-Security-Policy without violations (login, menus, dialogs, date picker)', async () => {
  await page.getByTestId('audit-dates').locator('input').first().click();
  await page.locator('.el-picker-panel').first().waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('nav-menu').getByText('用户管理').click();
  await page.getByTestId('user-add').click();
  await page.locator('.el-dialog').first().waitFor();
  const res = await page.request.get(`${env.baseUrl}/`);
  assert.match(res.headers()['content-security-policy'] ?? '', /default-src 'self'; script-src 'self' 'wasm-unsafe-eval';/);
  assert.deepEqual(cspViolations, []);
});

test('an inspector account is created linked to its 检查人员 record, found by name in the dialog', async () => {
  const orgId = (await env.db.pool.query(`SELECT org_id AS "orgId" FROM users WHERE username = 'admin'`)).rows[0].orgId as number;
  await env.db.pool.query(
    `INSERT INTO inspectors (org_id, kind, cert_no, name, name_key, cert_valid_to) VALUES ($1, '执法人员', 'E2E-LINK-1', '链接测试员', 'ljcsy', '2030-12-31')`, [orgId]);
  const dialog = page.getByTestId('user-dialog');
  await input('user-username').fill('link-e2e');
  await input('user-display-name').fill('链接测试员');
  await input('user-password').fill('Link-Secret-9');
  await page.getByTestId('user-inspector').click();
  await page.keyboard.type('链接');
  await page.locator('.el-select-dropdown__item').filter({ hasText: '链接测试员（E2E-LINK-1）' }).first().click();
  await page.getByTestId('user-save').click();
  await dialog.waitFor({ state: 'hidden' });
  const row = page.getByTestId('users-table').locator('tr').filter({ hasText: 'link-e2e' });
  await row.getByText('链接测试员（E2E-LINK-1）').waitFor();
  const linked = (await env.db.pool.query(`SELECT i.cert_no AS c FROM users u JOIN inspectors i ON i.id = u.inspector_id WHERE u.username = 'link-e2e'`)).rows[0];
  assert.equal(linked?.c, 'E2E-LINK-1');
  const glyphs = await chineseGlyphsRender(page, '[data-testid="users-table"]', '检查人员链接测试员未关联');
  assert.ok(glyphs.ok, `Chinese glyphs render as boxes: ${JSON.stringify(glyphs)}`);
  assert.deepEqual(cspViolations, []);
});
