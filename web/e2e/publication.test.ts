/**
 * 一公开 in Chromium: a coordinator publishes a result from the queue (/publication); the public portal
 * (no login) finds it by credit code, opens the enterprise's history, and a revealed draw's bundle is
 * verified in the browser by /public/assets/verify.js (CSP: script-src 'self'), with the enterprise's own
 * ticket computed locally against the stratum's cut-off. Chinese glyphs must render on both.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startBrowserEnv, chineseGlyphsRender, type BrowserEnv } from '../../src/testing/browser.ts';
import { DRAW_PASSWORD } from '../../src/testing/draw-fixture.ts';
import { seedPublicationFixture, type PublicationFixture } from '../../src/testing/publication-fixture.ts';

let env: BrowserEnv;
let page: Page;
let fx: PublicationFixture;

before(async () => {
  env = await startBrowserEnv();
  fx = await seedPublicationFixture(env.db, { existingOrgs: true });
  page = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
});
after(async () => env?.close());

async function login(p: Page, username: string) {
  await p.goto(`${env.baseUrl}/login`);
  await p.getByTestId('login-username').locator('input').or(p.locator('input[data-testid="login-username"]')).first().fill(username);
  await p.getByTestId('login-password').locator('input').or(p.locator('input[data-testid="login-password"]')).first().fill(DRAW_PASSWORD);
  await p.getByTestId('login-submit').click();
  await p.waitForURL(/\/targets/);
}

/** Polls an attribute from Node (page.waitForFunction needs eval, which the CSP forbids). */
async function attributeOf(p: Page, selector: string, name: string, timeoutMs = 30000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await p.locator(selector).getAttribute(name).catch(() => null);
    if (v) return v;
    if (Date.now() > until) throw new Error(`${selector}[${name}] did not appear`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let publishedTask: PublicationFixture['tasks'][number];

test('the coordinator publishes a result from the 一公开 queue', async () => {
  await login(page, 'city-coordinator');
  await page.getByTestId('nav-menu').getByText('一公开').click();
  await page.waitForURL(/\/publication$/);
  await page.getByTestId('pub-table').getByText(fx.tasks[0]!.name).first().waitFor({ timeout: 15000 });
  publishedTask = fx.tasks.find((t) => t.orgId === fx.f.city.id) ?? fx.tasks[0]!;
  const id = (await env.db.pool.query(`SELECT id FROM publications WHERE record_id = $1`, [publishedTask.recordId])).rows[0].id as number;
  await page.getByTestId(`pub-publish-${id}`).click();
  await page.getByTestId('pub-remark').locator('input').or(page.locator('input[data-testid="pub-remark"]')).first().fill('浏览器测试公开');
  await page.getByTestId('pub-confirm-publish').click();
  await page.getByText('已公开，门户网站即可查询').waitFor({ timeout: 15000 });
  assert.equal((await env.db.pool.query(`SELECT status FROM publications WHERE id = $1`, [id])).rows[0].status, 'published');
  const glyphs = await chineseGlyphsRender(page, '[data-testid="pub-table"]', '一公开检查结果公示队列');
  assert.ok(glyphs.ok, `glyphs on the 一公开 page: ${JSON.stringify(glyphs)}`);
});

test('wording is proposed by the coordinator and approved by a leader; 不予公开 is registered with basis, fields and reason', async () => {
  // Any other task: the city's coordinator and leader act on the branch's publications too (subtree).
  const other = fx.tasks.find((t) => t !== publishedTask)!;
  const id = (await env.db.pool.query(`SELECT id FROM publications WHERE record_id = $1`, [other.recordId])).rows[0].id as number;
  const field = (testid: string) => page.getByTestId(testid).locator('input, textarea').or(page.locator(`input[data-testid="${testid}"], textarea[data-testid="${testid}"]`)).first();
  await page.getByTestId(`pub-propose-${id}`).click();
  await field('pub-wording').fill('未发现环境违法问题');
  await field('pub-reason').fill('按统一口径');
  await page.getByTestId('pub-save-wording').click();
  await page.getByText('已提交，等待领导审批').waitFor({ timeout: 15000 });
  await page.getByTestId(`pub-redact-${id}`).click();
  await page.getByTestId('pub-basis').getByText('商业秘密').click();
  await page.locator('.el-dialog:visible').getByText('检查内容', { exact: true }).click();
  await field('pub-redact-reason').fill('检查内容涉及生产工艺');
  await page.getByTestId('pub-save-redaction').click();
  await page.getByText('已登记不予公开的信息').waitFor({ timeout: 15000 });

  const leader = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  await login(leader, 'city-leader');
  await leader.goto(`${env.baseUrl}/publication`);
  await leader.getByTestId(`pub-decide-${id}`).click();
  await leader.getByTestId('pub-approve').click();
  await leader.getByText('已批准公示用语').waitFor({ timeout: 15000 });
  await leader.close();
  const row = (await env.db.pool.query(`SELECT wording, wording_status, redaction_basis, redacted_fields, redaction_reason FROM publications WHERE id = $1`, [id])).rows[0];
  assert.deepEqual([row.wording, row.wording_status, row.redaction_basis, row.redacted_fields, row.redaction_reason], ['未发现环境违法问题', 'approved', '商业秘密', ['content'], '检查内容涉及生产工艺']);
});

test('the portal finds the result by credit code and shows the enterprise history (no login, no JavaScript needed)', async () => {
  const pub = await env.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', javaScriptEnabled: false });
  await pub.goto(`${env.baseUrl}/public`);
  await pub.locator('input[name="q"]').fill(publishedTask.code);
  await pub.getByRole('button', { name: '检索' }).click();
  await pub.waitForURL(/\/public\?q=/);
  await pub.getByRole('link', { name: publishedTask.name }).click();
  await pub.waitForURL(/\/public\/enterprises\//);
  const text = await pub.locator('main').innerText();
  assert.match(text, new RegExp(`${publishedTask.name} 的检查记录`));
  assert.match(text, /浏览器测试公开/);
  assert.ok(!text.includes(fx.unpublishedRecord.name));
  await pub.close();
});

test('a revealed draw verifies in the browser; the own ticket is computed locally; glyphs render', async () => {
  const pub = await env.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const errors: string[] = [];
  pub.on('pageerror', (e) => errors.push(String(e)));
  pub.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await pub.goto(`${env.baseUrl}/public/draws/${encodeURIComponent(fx.revealed.drawNo)}`);
  await pub.locator('#verify-button').click();
  assert.equal(await attributeOf(pub, '#verify-status', 'data-result'), 'ok', await pub.locator('#verify-report').innerText().catch(() => ''));
  assert.match(await pub.locator('#verify-status').innerText(), /验证通过/);
  assert.match(await pub.locator('#verify-report').innerText(), /清单哈希\s+通过/);

  const stratum = (await env.db.pool.query(`SELECT items[1] AS s FROM draw_tasks WHERE id = $1`, [publishedTask.taskId])).rows[0].s as string;
  await pub.locator('input[name="target"]').fill(publishedTask.code);
  await pub.locator('select[name="stratum"]').selectOption({ label: stratum });
  await pub.getByRole('button', { name: '查看' }).click();
  assert.equal(await attributeOf(pub, '#ticket-result', 'id'), 'ticket-result');
  const result = await pub.locator('#ticket-out').innerText();
  assert.match(result, /入选分界号码/);
  assert.match(result, /已入选/);
  assert.equal(await pub.locator('#ticket-result').getAttribute('data-source'), 'browser');
  assert.deepEqual(errors.filter((e) => !/favicon/.test(e)), []);
  const glyphs = await chineseGlyphsRender(pub, 'main', '随机抽取公示验证号码');
  assert.ok(glyphs.ok, `glyphs on the portal: ${JSON.stringify(glyphs)}`);
  await pub.close();
});

test('a leader who proposed a wording sees 批准 disabled with the reason, and may withdraw it with 驳回', async () => {
  const used = new Set([publishedTask.recordId]);
  // The city's or its branch's (the leader acts on the subtree): which drawn tasks fall to the city is random.
  const pending = (await env.db.pool.query(`SELECT id, record_id FROM publications WHERE status = 'pending' AND wording_status = 'none' AND org_id = ANY($1::int[]) ORDER BY id`, [[fx.f.city.id, fx.f.county.id]])).rows
    .find((r) => !used.has(r.record_id as number));
  assert.ok(pending, 'a pending publication of the city or its branch without a proposal');
  const id = pending.id as number;
  const leader = await env.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  await login(leader, 'city-leader');
  await leader.goto(`${env.baseUrl}/publication`);
  const field = (testid: string) => leader.getByTestId(testid).locator('input, textarea').or(leader.locator(`input[data-testid="${testid}"], textarea[data-testid="${testid}"]`)).first();
  await leader.getByTestId(`pub-propose-${id}`).click();
  await field('pub-wording').fill('未发现环境违法行为');
  await field('pub-reason').fill('与通报口径一致');
  await leader.getByTestId('pub-save-wording').click();
  await leader.getByText('已提交，等待领导审批').waitFor({ timeout: 15000 });
  await leader.getByTestId(`pub-decide-${id}`).click();
  assert.equal(await leader.getByTestId('pub-approve').isDisabled(), true, 'the proposer cannot approve');
  await leader.locator('.approve-wrap').hover();
  await leader.locator('.el-popper:visible', { hasText: '公示用语由您本人申请修改，不能由本人批准，请由其他领导审批' }).waitFor();
  await leader.getByTestId('pub-reject').click();
  await leader.getByText('已驳回公示用语').waitFor({ timeout: 15000 });
  await leader.close();
  assert.equal((await env.db.pool.query(`SELECT wording_status FROM publications WHERE id = $1`, [id])).rows[0].wording_status, 'rejected');
});
