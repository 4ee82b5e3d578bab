/**
 * The desk screens of inspection records (检查记录) at 1440×900 in Chromium: a coordinator filters the
 * list (period, result, kind, open follow-up), opens a submitted record, asks for an amendment of one
 * line, orders 整改 from the finding with a deadline, issues the enterprise's one-time link; the
 * enterprise uploads its evidence there (no login); the coordinator verifies and closes it; a leader
 * approves the amendment and the corrected line shows beside the unchanged original; the coordinator
 * registers a 投诉举报 check (待审批 until a leader approves it), fills it at the desk, the team signs with the mouse, submits; the year's
 * counts per target and per inspector. Chinese glyphs must render.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { BrowserContext, Page } from 'playwright-core';
import { startBrowserEnv, chineseGlyphsRender, type BrowserEnv } from '../../src/testing/browser.ts';
import { DRAW_PASSWORD, ctxOfUser, seedDrawFixture, type DrawFixture } from '../../src/testing/draw-fixture.ts';
import { freezeDraw } from '../../src/services/draw/freeze-draw.ts';
import { executeDraw } from '../../src/services/draw/run-draw.ts';
import { saveInspection } from '../../src/services/inspection/save-inspection.ts';
import { attachToRecord } from '../../src/services/inspection/attach-file.ts';
import { decideTargetedCheck } from '../../src/services/enterprise-checks/decide-targeted-check.ts';
import { jpegWithExif, pngSignature } from '../../src/testing/media-fixtures.ts';

let env: BrowserEnv;
let f: DrawFixture;
let context: BrowserContext;
let page: Page;
let recordId: number;
let targetName: string;
let drawnTargetId: number;
const SHOTS = join(process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname ?? '.', 'screenshots'));

before(async () => {
  env = await startBrowserEnv();
  f = await seedDrawFixture(env.db, { existingOrgs: true });
  const as = (n: string) => ctxOfUser(f, env.db, n);
  const d = await freezeDraw(as('city-coordinator'), { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '掷骰', kind: '不定向' });
  await executeDraw(as('city-coordinator'), d.id, { publicValue: '3 1 4 1', witnesses: ['王监督'], minutes: '' });
  const task = (await env.db.pool.query(`SELECT k.id, k.team, t.name, t.id AS "targetId" FROM draw_tasks k JOIN targets t ON t.id = k.target_id WHERE draw_id = $1 ORDER BY position LIMIT 1`, [d.id])).rows[0];
  targetName = task.name;
  drawnTargetId = task.targetId;
  const member = Object.entries(f.users).find(([, u]) => u.inspectorId !== undefined && task.team.includes(u.inspectorId))![0];
  const filesDir = join(env.db.dataDir, 'uploads');
  const key = '7d1e0c55-0000-4000-8000-0000000000e2';
  const draft = await saveInspection(as(member), { clientKey: key, taskId: task.id, mode: '在线监测', inspectedOn: '2025-04-10' });
  recordId = draft.record.id;
  await attachToRecord(as(member), filesDir, recordId, { stream: Readable.from([jpegWithExif('2025:04:10 09:30:00')]), fileName: '排口.jpg' });
  for (const i of task.team as number[]) await attachToRecord(as(member), filesDir, recordId, { stream: Readable.from([pngSignature()]), fileName: 's.png', signer: { inspectorId: i } });
  await saveInspection(as(member), {
    clientKey: key, taskId: task.id, mode: '在线监测', inspectedOn: '2025-04-10', resultCategory: '发现问题，责令整改', submit: true,
    lines: draft.record.lines.map((l) => ({ position: l.position, verdict: l.position === 6 ? '不符合' : '符合', ...(l.position === 6 ? { finding: '危险废物贮存场所未设置识别标志' } : {}) })),
  });
  context = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => env?.close());

async function login(p: Page, user: string, to: string) {
  await p.goto(`${env.baseUrl}/login?redirect=${encodeURIComponent(to)}`);
  await p.locator('[data-testid="login-username"] input, input[data-testid="login-username"]').first().fill(user);
  await p.locator('[data-testid="login-password"] input, input[data-testid="login-password"]').first().fill(DRAW_PASSWORD);
  await p.getByTestId('login-submit').click();
  await p.waitForURL((u) => u.pathname === to);
}
const input = (p: Page, testid: string) => p.getByTestId(testid).locator('input, textarea').or(p.locator(`input[data-testid="${testid}"], textarea[data-testid="${testid}"]`)).first();
async function pick(p: Page, testid: string, option: string | RegExp) {
  await p.getByTestId(testid).click();
  await p.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}
async function rows(p: Page): Promise<number> {
  await p.waitForTimeout(400); // the list reloads on each filter change
  await p.locator('[data-testid="insp-table"] .el-loading-mask').waitFor({ state: 'hidden' }).catch(() => undefined);
  return p.locator('[data-testid="insp-table"] .el-table__body tr').count();
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
const q = async (sql: string, params: unknown[] = []) => (await env.db.pool.query(sql, params)).rows;

test('list filters, amendment, 整改 through the one-time link, verification, leader approval shown beside the original', async () => {
  await login(page, 'city-coordinator', '/inspections');
  await page.getByTestId('nav-menu').getByText('检查记录').waitFor();
  await pick(page, 'insp-filter-period', '2025年');
  await page.getByTestId(`insp-row-${recordId}`).waitFor({ timeout: 15000 });
  const glyphs = await chineseGlyphsRender(page, '[data-testid="insp-table"]', '检查对象类型结果状态双随机抽查');
  assert.ok(glyphs.ok, JSON.stringify(glyphs));
  assert.equal(await rows(page), 1);
  await pick(page, 'insp-filter-kind', '投诉举报');
  assert.equal(await rows(page), 0, 'no 投诉举报 yet');
  await page.getByTestId('insp-filter-kind').hover();
  await page.getByTestId('insp-filter-kind').locator('.el-select__clear, .el-input__clear').first().click();
  await pick(page, 'insp-filter-open', '有未完结的后续处理');
  assert.equal(await rows(page), 0, 'no follow-up yet');
  await pick(page, 'insp-filter-open', '无未完结的后续处理');
  await pick(page, 'insp-filter-result', '发现问题，责令整改');
  assert.equal(await rows(page), 1);
  await pick(page, 'insp-filter-period', '2025年第1季度');
  assert.equal(await rows(page), 0, 'inspected in Q2');
  await pick(page, 'insp-filter-period', '2025年第2季度');
  await page.getByTestId(`insp-row-${recordId}`).click();

  // The record.
  await page.getByTestId('detail-head').waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId('detail-head').innerText(), new RegExp(`${targetName}[\\s\\S]*双随机抽查[\\s\\S]*在线监测`));
  assert.match(await page.getByTestId('detail-lines').innerText(), /危险废物贮存场所未设置识别标志/);

  // Amendment of line 2.
  await page.getByTestId('amend-open').click();
  await pick(page, 'amend-line', /^2\. /);
  await page.getByTestId('amend-verdict-不符合').click();
  await input(page, 'amend-finding').fill('4 月 3 日 COD 小时均值超标');
  await input(page, 'amend-reason').fill('补记在线监测数据');
  await page.getByTestId('amend-submit').click();
  await page.getByText('待领导审批', { exact: true }).waitFor({ timeout: 10000 }); // the tag, not the toast 「…等待领导审批」
  const [amendment] = await q(`SELECT id, status FROM inspection_amendments WHERE record_id = $1`, [recordId]);
  assert.equal(amendment.status, 'pending');

  // 责令整改 from the finding of line 6, then the enterprise's link.
  await page.getByTestId('fu-open-6').click();
  await input(page, 'fu-requirement').fill('设置危险废物识别标志并拍照上传');
  await input(page, 'fu-deadline').fill('2030-12-31');
  await page.getByTestId('fu-submit').click();
  const fu = await (async () => { for (let i = 0; i < 50; i++) { const r = await q(`SELECT id FROM inspection_followups WHERE record_id = $1`, [recordId]); if (r.length) return r[0]; await page.waitForTimeout(200); } throw new Error('no follow-up'); })();
  await page.getByTestId(`fu-${fu.id}`).waitFor();
  assert.match(await page.getByTestId(`fu-${fu.id}`).innerText(), /第 6 项：.*设置危险废物识别标志/);
  await page.getByTestId(`fu-link-${fu.id}`).click();
  const url = (await page.getByTestId('fu-link-url').innerText({ timeout: 10000 })).trim();
  assert.match(url, /\/rectify\/[A-Za-z0-9_-]{40,}$/);
  await page.goto(`${env.baseUrl}/inspections`);
  await pick(page, 'insp-filter-period', '2025年');
  await pick(page, 'insp-filter-open', '有未完结的后续处理');
  assert.equal(await rows(page), 1, 'listed as having open follow-up');
  assert.match(await page.getByTestId('insp-table').innerText(), /跟进中/);
  await page.screenshot({ path: join(SHOTS, 'inspections-list.png'), fullPage: true });

  const stranger = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const ent = await stranger.newPage();
  await ent.goto(url);
  await ent.getByTestId('rectify-requirement').waitFor({ timeout: 15000 });
  await ent.getByTestId('rectify-file').setInputFiles({ name: '标志.jpg', mimeType: 'image/jpeg', buffer: jpegWithExif('2025:05:01 10:00:00') });
  await ent.getByTestId('rectify-submit').click();
  await ent.getByTestId('rectify-done').waitFor({ timeout: 15000 });
  await stranger.close();

  // Verified and closed at the desk.
  await page.goto(`${env.baseUrl}/inspections/${recordId}`);
  await page.getByTestId(`fu-verify-${fu.id}`).click();
  await input(page, 'fu-verify-text').fill('已设置识别标志，照片核实');
  await page.getByTestId('fu-accept').click();
  await page.getByText('已完结').first().waitFor({ timeout: 10000 });
  assert.equal((await q(`SELECT status FROM inspection_followups WHERE id = $1`, [fu.id]))[0].status, 'closed');
  assert.equal((await q(`SELECT count(*)::int AS n FROM inspection_attachments WHERE followup_id = $1`, [fu.id]))[0].n, 1);

  // The leader approves the amendment; the corrected line shows beside the original.
  const leaderCtx = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const lp = await leaderCtx.newPage();
  await login(lp, 'city-leader', `/inspections/${recordId}`);
  await input(lp, `amend-note-${amendment.id}`).fill('同意');
  await lp.getByTestId(`amend-approve-${amendment.id}`).click();
  await lp.getByTestId('detail-corrected-2').waitFor({ timeout: 10000 });
  assert.match(await lp.getByTestId('detail-corrected-2').innerText(), /不符合[\s\S]*COD 小时均值超标/);
  const line2 = await lp.locator('[data-testid="detail-lines"] .el-table__body tr').nth(1).innerText();
  assert.match(line2, /符合[\s\S]*不符合/, 'original 符合 beside corrected 不符合');
  const g2 = await chineseGlyphsRender(lp, '[data-testid="detail-lines"]', '原记录更正后检查内容不符合');
  assert.ok(g2.ok, JSON.stringify(g2));
  await lp.screenshot({ path: join(SHOTS, 'inspection-detail.png'), fullPage: true });
  await leaderCtx.close();
  assert.equal((await q(`SELECT status FROM inspection_amendments WHERE id = $1`, [amendment.id]))[0].status, 'approved');
  assert.equal((await q(`SELECT verdict FROM inspection_lines WHERE record_id = $1 AND position = 2`, [recordId]))[0].verdict, '符合', 'the original is unchanged');
});

test('a 投诉举报 check registered at the desk, filled, signed with the mouse and submitted; counts of the year', async () => {
  await page.goto(`${env.baseUrl}/inspections`);
  await page.getByTestId('insp-new').click();
  await page.getByTestId('targeted-kind').getByText('投诉举报').click();
  const target = (await q(`SELECT id, name FROM targets WHERE org_id = $1 AND id <> $2 ORDER BY id LIMIT 1`, [f.county.id, drawnTargetId]))[0];
  await page.getByTestId('targeted-target').click();
  await page.keyboard.type(target.name);
  await page.locator('.el-select-dropdown__item:visible', { hasText: target.name }).first().click();
  await page.getByTestId('targeted-team').click();
  await page.keyboard.type('市检查员');
  for (const name of ['市检查员1', '市检查员2']) await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click();
  await page.locator('.el-dialog__title:visible').click(); // closes the dropdown
  await pick(page, 'targeted-mode', '非现场：远程');
  await input(page, 'targeted-basis').fill('群众投诉该企业夜间偷排');
  await input(page, 'targeted-date').fill('2025-05-06');
  await input(page, 'targeted-date-to').fill('2025-05-09');
  await page.getByTestId('targeted-submit').click();
  await page.waitForURL(/\/inspections\/\d+$/, { timeout: 15000 });
  const id = Number(new URL(page.url()).pathname.split('/').pop());
  // 凡检查必审批: registered as 待审批, nothing to fill until a leader approves it (web/e2e/targeted-approval.test.ts drives the queue).
  await page.getByTestId('detail-approval-status').getByText('待审批').waitFor({ timeout: 15000 });
  assert.equal(await page.getByTestId('draft-submit').count(), 0);
  await decideTargetedCheck(ctxOfUser(f, env.db, 'city-leader'), id, { approve: true, opinion: '同意远程核查' });
  await page.reload();
  await page.getByTestId('draft-submit').waitFor({ timeout: 15000 });
  const n = await page.locator('[data-testid^="draft-line-"][data-testid$="-符合"]').count();
  assert.ok(n >= 5, `checklist lines: ${n}`);
  for (let i = 1; i <= n; i++) await page.getByTestId(`draft-line-${i}-符合`).click();
  await pick(page, 'draft-result', '未发现问题');
  await input(page, 'draft-summary').fill('经远程核查，投诉反映的夜间偷排问题未发现');
  // Submitting before anyone signed: refused in Chinese, the draft kept.
  await page.getByTestId('draft-submit').click();
  await page.getByTestId('detail-error').getByText(/尚未签名/).waitFor({ timeout: 10000 });
  for (const i of f.inspectorIds.city.slice(0, 2)) {
    await sign(page, `draft-sign-${i}`);
    await page.getByTestId(`draft-sign-${i}`).locator('xpath=..').getByText('已签名').waitFor({ timeout: 10000 });
  }
  await page.getByTestId('draft-submit').click();
  await page.getByTestId('detail-pdf').waitFor({ timeout: 15000 });
  const [rec] = await q(`SELECT kind, counts_to_quota AS "countsToQuota", status, mode, result_category AS "result" FROM inspection_records WHERE id = $1`, [id]);
  assert.deepEqual(rec, { kind: '投诉举报', countsToQuota: false, status: 'submitted', mode: '远程', result: '未发现问题' });
  assert.equal((await q(`SELECT count(*)::int AS n FROM inspection_attachments WHERE record_id = $1 AND kind = 'signature'`, [id]))[0].n, 2);

  await page.goto(`${env.baseUrl}/inspections`);
  await pick(page, 'insp-filter-period', '2025年');
  await pick(page, 'insp-filter-kind', '投诉举报');
  assert.equal(await rows(page), 1);
  assert.match(await page.getByTestId('insp-table').innerText(), /不计入抽查比例/);

  await page.getByRole('tab', { name: '年度统计' }).click();
  await input(page, 'counts-year').fill('2025');
  await input(page, 'counts-year').press('Enter');
  await page.getByTestId('counts-targets').getByText(target.name).waitFor({ timeout: 10000 });
  assert.match(await page.getByTestId('counts-targets').innerText(), new RegExp(`${target.name}\\s+1\\s+0`));
  assert.match(await page.getByTestId('counts-inspectors').innerText(), /市检查员1\s+\d/);
  const g = await chineseGlyphsRender(page, '[data-testid="counts-targets"]', '检查对象被检查次数');
  assert.ok(g.ok, JSON.stringify(g));
});
