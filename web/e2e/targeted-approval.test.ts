/**
 * 凡检查必审批 in Chromium (#9): a coordinator requests a 上级转办 check at the desk (basis, transfer
 * number, target, team, window) — it is 待审批 and not on the inspector's phone; a leader sees it in
 * 涉企检查 → 检查审批 with the target's annual-cap situation, approves it with a written opinion (and
 * rejects another, which stays listed with its opinion); the approved check appears on the inspector's
 * phone task list, opens with its inspection code, is filled, signed and submitted. A leader whose own
 * inspector record is on a check's team sees 批准 disabled with the reason (驳回 stays); the requesting
 * coordinator withdraws that request with a reason: 已撤回 with the reason in the list and on the record
 * page. Chinese glyphs must render.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserEnv, chineseGlyphsRender, type BrowserEnv } from '../../src/testing/browser.ts';
import { DRAW_PASSWORD, ctxOfUser, seedDrawFixture, type DrawFixture } from '../../src/testing/draw-fixture.ts';
import { addDays } from '../../src/domain/calendar/dates.ts';
import { requestTargetedCheck } from '../../src/services/enterprise-checks/request-targeted-check.ts';

let env: BrowserEnv;
let f: DrawFixture;
let inspectorUser: string;
let recordId = 0;
let rejectedId = 0;
const SHOTS = join(process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname ?? '.', 'screenshots'));
// The server and the phone run on the real clock: the window holds today in Beijing and in UTC.
const utcToday = new Date().toISOString().slice(0, 10);
const from = addDays(utcToday, -1).slice(0, 4) === utcToday.slice(0, 4) ? addDays(utcToday, -1) : utcToday;
const to = addDays(utcToday, 5).slice(0, 4) === from.slice(0, 4) ? addDays(utcToday, 5) : `${from.slice(0, 4)}-12-31`;

before(async () => {
  env = await startBrowserEnv();
  f = await seedDrawFixture(env.db, { existingOrgs: true });
  inspectorUser = Object.entries(f.users).find(([, u]) => u.inspectorId === f.inspectorIds.city[0])![0];
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => env?.close());

async function login(browser: Browser, user: string, to: string, viewport = { width: 1440, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await page.goto(`${env.baseUrl}/login?redirect=${encodeURIComponent(to)}`);
  await page.locator('[data-testid="login-username"] input, input[data-testid="login-username"]').first().fill(user);
  await page.locator('[data-testid="login-password"] input, input[data-testid="login-password"]').first().fill(DRAW_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === to, { timeout: 15000 });
  return { context, page };
}
const input = (p: Page, testid: string) => p.getByTestId(testid).locator('input, textarea').or(p.locator(`input[data-testid="${testid}"], textarea[data-testid="${testid}"]`)).first();
async function pick(p: Page, testid: string, option: string | RegExp) {
  await p.getByTestId(testid).click();
  await p.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}
async function sign(p: Page, testid: string) {
  const canvas = p.getByTestId(testid);
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await p.mouse.move(box.x + 20, box.y + 30);
  await p.mouse.down();
  await p.mouse.move(box.x + 80, box.y + 60, { steps: 5 });
  await p.mouse.move(box.x + 150, box.y + 30, { steps: 5 });
  await p.mouse.up();
}

test('a coordinator requests a 上级转办 check at the desk: 待审批, not on the phone', async () => {
  const { context, page } = await login(env.browser, 'city-coordinator', '/inspections');
  const target = (await env.db.pool.query(`SELECT id, name FROM targets WHERE org_id = $1 ORDER BY id LIMIT 1`, [f.city.id])).rows[0] as { id: number; name: string };
  await page.getByTestId('insp-new').click();
  await page.getByTestId('targeted-kind').getByText('上级转办').click();
  await page.getByTestId('targeted-target').click();
  await page.keyboard.type(target.name);
  await page.locator('.el-select-dropdown__item:visible', { hasText: target.name }).first().click();
  await input(page, 'targeted-basis').fill('省生态环境厅转办信访件：反映该企业污水处理设施停运');
  await input(page, 'targeted-basis-ref').fill('省环转〔2025〕18号');
  await input(page, 'targeted-items').fill('污水处理设施运行情况\n废水排放口采样');
  await page.getByTestId('targeted-team').click();
  await page.keyboard.type('市检查员');
  for (const name of ['市检查员1', '市检查员2']) await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click();
  await page.locator('.el-dialog__title:visible').click(); // closes the dropdown
  // 跨部门联合检查: one usual partner picked, one typed as a new tag.
  await page.getByTestId('targeted-joint-partners').click();
  await page.keyboard.type('市场监管');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '市场监管局' }).first().click();
  await page.keyboard.type('文化和旅游局');
  await page.keyboard.press('Enter');
  await page.locator('.el-dialog__title:visible').click();
  await pick(page, 'targeted-mode', '非现场：视频');
  await input(page, 'targeted-date').fill(from);
  await input(page, 'targeted-date-to').fill(to);
  await page.getByTestId('targeted-submit').click();
  await page.waitForURL(/\/inspections\/\d+$/, { timeout: 15000 });
  recordId = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByTestId('detail-approval-status').getByText('待审批').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId('detail-approval').innerText(), /省环转〔2025〕18号/);
  assert.equal(await page.getByTestId('draft-submit').count(), 0, 'nothing to fill before approval');
  const [row] = (await env.db.pool.query(`SELECT a.status, a.basis_ref AS ref, a.planned_from::text AS "from", a.planned_to::text AS "to" FROM inspection_approvals a WHERE a.record_id = $1`, [recordId])).rows;
  assert.deepEqual(row, { status: 'pending', ref: '省环转〔2025〕18号', from, to });
  assert.deepEqual((await env.db.pool.query(`SELECT joint_partners AS p FROM inspection_records WHERE id = $1`, [recordId])).rows[0].p, ['市场监管局', '文化和旅游局']);
  assert.match(await page.getByTestId('detail-joint-partners').innerText(), /跨部门联合检查：\s*市场监管局\s*文化和旅游局/);
  const g = await chineseGlyphsRender(page, '[data-testid="detail-approval"]', '检查审批待审批检查依据省生态环境厅转办');
  assert.ok(g.ok, JSON.stringify(g));
  await context.close();

  // A second request (rejected below) through the service; and the phone has neither.
  rejectedId = (await requestTargetedCheck(ctxOfUser(f, env.db, 'city-coordinator'), {
    clientKey: 'e2e-reject-0001-aaaaaaaa', kind: '投诉举报', targetId: target.id, basis: '匿名来电反映异味', plannedFrom: from, plannedTo: to,
    team: [f.inspectorIds.city[0]!, f.inspectorIds.city[1]!], mode: '现场',
  })).recordId;
  const phone = await login(env.browser, inspectorUser, '/field', { width: 390, height: 844 });
  await phone.page.getByText('暂无检查任务').waitFor({ timeout: 15000 });
  assert.equal(await phone.page.getByTestId(`field-check-${recordId}`).count(), 0, 'a pending check is not on the phone');
  await phone.context.close();
});

test('a leader approves one with an opinion and rejects the other in 涉企检查 → 检查审批, the cap situation beside each', async () => {
  const { context, page } = await login(env.browser, 'city-leader', '/enterprise-checks');
  const card = page.getByTestId(`ec-check-${recordId}`);
  await card.waitFor({ timeout: 15000 });
  assert.match(await card.innerText(), /上级转办[\s\S]*省环转〔2025〕18号[\s\S]*污水处理设施运行情况、废水排放口采样[\s\S]*市检查员1/);
  assert.match(await page.getByTestId(`ec-check-${recordId}-joint`).innerText(), /跨部门联合检查，会同：市场监管局、文化和旅游局/);
  assert.match(await page.getByTestId(`ec-check-${recordId}-cap`).innerText(), /已检查或安排检查该企业 1 次（上限 2 次）/);
  // Without an opinion: refused in Chinese, nothing decided.
  await page.getByTestId(`ec-check-${recordId}-approve`).click();
  await page.locator('.el-message--error', { hasText: '请填写审批意见' }).waitFor({ timeout: 10000 });
  await input(page, `ec-check-${recordId}-opinion`).fill('转办事项明确，同意视频检查');
  await page.getByTestId(`ec-check-${recordId}-approve`).click();
  await page.getByTestId(`ec-check-${recordId}`).waitFor({ state: 'detached', timeout: 15000 }); // left the 待审批 list
  await input(page, `ec-check-${rejectedId}-opinion`).fill('线索不具体，先电话核实');
  await page.getByTestId(`ec-check-${rejectedId}-reject`).click();
  await page.getByTestId(`ec-check-${rejectedId}`).waitFor({ state: 'detached', timeout: 15000 });
  await page.getByTestId('ec-checks-filter').getByText('全部').click();
  await page.getByTestId(`ec-check-${rejectedId}-status`).getByText('已驳回').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId(`ec-check-${rejectedId}-decision`).innerText(), /线索不具体，先电话核实/);
  await page.getByTestId(`ec-check-${recordId}-status`).getByText('已批准').waitFor();
  assert.match(await page.getByTestId(`ec-check-${recordId}-decision`).innerText(), /转办事项明确，同意视频检查/);
  const g = await chineseGlyphsRender(page, `[data-testid="ec-check-${recordId}"]`, '上级转办检查依据年度检查频次已批准审批意见');
  assert.ok(g.ok, JSON.stringify(g));
  await page.screenshot({ path: join(SHOTS, 'targeted-approval.png'), fullPage: true });
  const rows = (await env.db.pool.query(`SELECT record_id AS id, status, opinion FROM inspection_approvals WHERE record_id = ANY($1::int[]) ORDER BY record_id`, [[recordId, rejectedId]])).rows;
  assert.deepEqual(rows, [{ id: recordId, status: 'approved', opinion: '转办事项明确，同意视频检查' }, { id: rejectedId, status: 'rejected', opinion: '线索不具体，先电话核实' }]);
  await context.close();
});

test('the approved check is on the inspector\'s phone with its code, filled, signed and submitted', async () => {
  const { context, page } = await login(env.browser, inspectorUser, '/field', { width: 390, height: 844 });
  const item = page.getByTestId(`field-check-${recordId}`);
  await item.waitFor({ timeout: 15000 });
  assert.match(await item.innerText(), new RegExp(`上级转办[\\s\\S]*省环转〔2025〕18号[\\s\\S]*${from} 至 ${to}`));
  assert.equal(await page.getByTestId(`field-check-${rejectedId}`).count(), 0, 'a rejected check never reaches the phone');
  const g = await chineseGlyphsRender(page, '[data-testid="field-tasks"]', '上级转办已批准批准的检查时间');
  assert.ok(g.ok, JSON.stringify(g));
  await item.click();
  await page.waitForURL(new RegExp(`/field/checks/${recordId}$`));
  await page.getByTestId('field-code-qr').locator('svg').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId('field-code-link').innerText(), new RegExp(`R${recordId}\\.${to.replaceAll('-', '')}\\.`));
  await page.getByTestId('field-submit').waitFor({ timeout: 15000 });
  for (const n of [1, 2]) await page.getByTestId(`field-line-${n}-符合`).click();
  await pick(page, 'field-result', '未发现问题');
  for (const i of f.inspectorIds.city.slice(0, 2)) await sign(page, `field-sign-${i}`);
  await page.getByTestId('field-submit').click();
  await page.getByTestId('field-state').getByText('已提交').waitFor({ timeout: 20000 }).catch(async (e) => {
    throw new Error(`${e}\n${await page.getByTestId('field-error').innerText().catch(() => '')}`);
  });
  const [rec] = (await env.db.pool.query(`SELECT status, kind, mode, result_category AS result FROM inspection_records WHERE id = $1`, [recordId])).rows;
  assert.deepEqual(rec, { status: 'submitted', kind: '上级转办', mode: '视频', result: '未发现问题' });
  await page.screenshot({ path: join(SHOTS, 'targeted-approval-phone.png'), fullPage: true });
  await context.close();
});

test('a leader on the team cannot approve (批准 disabled with the reason); the coordinator withdraws the request: 已撤回 with the reason', async () => {
  const target = (await env.db.pool.query(`SELECT id FROM targets WHERE org_id = $1 ORDER BY id DESC LIMIT 1`, [f.city.id])).rows[0] as { id: number };
  const member = f.inspectorIds.city[2]!;
  const withdrawnId = (await requestTargetedCheck(ctxOfUser(f, env.db, 'city-coordinator'), {
    clientKey: 'e2e-withdraw-0001-aaaaaaaa', kind: '专项', targetId: target.id, basis: '夏季臭氧专项执法', plannedFrom: from, plannedTo: to, team: [member], mode: '现场',
  })).recordId;
  await env.db.pool.query(
    `INSERT INTO users (org_id, username, display_name, role, password_hash, inspector_id)
     SELECT org_id, 'e2e-leader-on-team', '组内领导', 'leader', password_hash, $1 FROM users WHERE username = 'city-leader'`, [member]);
  const leader = await login(env.browser, 'e2e-leader-on-team', '/enterprise-checks');
  await leader.page.getByTestId(`ec-check-${withdrawnId}`).waitFor({ timeout: 15000 });
  assert.equal(await leader.page.getByTestId(`ec-check-${withdrawnId}-approve`).isDisabled(), true, '批准 disabled');
  assert.equal(await leader.page.getByTestId(`ec-check-${withdrawnId}-reject`).isDisabled(), false, '驳回 stays');
  assert.equal(await leader.page.getByTestId(`ec-check-${withdrawnId}-approve-blocked`).getAttribute('title'), '您本人在该检查的检查组中，不能由本人批准，请由其他领导审批');
  await leader.context.close();

  const { context, page } = await login(env.browser, 'city-coordinator', '/enterprise-checks');
  await page.getByTestId(`ec-check-${withdrawnId}-withdraw`).click();
  await page.locator('.el-message--error', { hasText: '撤回理由应为 2–200 字' }).waitFor({ timeout: 10000 });
  await input(page, `ec-check-${withdrawnId}-withdraw-reason`).fill('专项行动推迟，另行申请');
  await page.getByTestId(`ec-check-${withdrawnId}-withdraw`).click();
  await page.getByTestId(`ec-check-${withdrawnId}`).waitFor({ state: 'detached', timeout: 15000 }); // left the 待审批 list
  await page.getByTestId('ec-checks-filter').getByText('全部').click();
  await page.getByTestId(`ec-check-${withdrawnId}-status`).getByText('已撤回').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId(`ec-check-${withdrawnId}-withdrawal`).innerText(), /撤回理由：专项行动推迟，另行申请/);
  await page.goto(`${env.baseUrl}/inspections/${withdrawnId}`);
  await page.getByTestId('detail-approval-status').getByText('已撤回').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId('detail-approval-withdrawal').innerText(), /撤回理由：专项行动推迟，另行申请/);
  const g = await chineseGlyphsRender(page, '[data-testid="detail-approval"]', '已撤回撤回理由专项行动推迟');
  assert.ok(g.ok, JSON.stringify(g));
  await page.screenshot({ path: join(SHOTS, 'targeted-approval-withdrawn.png'), fullPage: true });
  const [row] = (await env.db.pool.query(`SELECT status, withdrawal_reason AS reason FROM inspection_approvals WHERE record_id = $1`, [withdrawnId])).rows;
  assert.deepEqual(row, { status: 'withdrawn', reason: '专项行动推迟，另行申请' });
  await context.close();
});
