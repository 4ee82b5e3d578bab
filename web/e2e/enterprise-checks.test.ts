/**
 * 亮码入企 and 申请回避 on phones (390×844, touch) in Chromium (#9): the inspector's task page shows the
 * task's inspection code as a QR code; the enterprise opens the code's URL without logging in, sees the
 * registered inspection (body, items, inspectors with certificate numbers, validity, its rights) and
 * files a recusal request against one inspector; a leader of the drawing organisation approves it on
 * 涉企检查 and a replacement inspector appears on the task (and on the enterprise's page). A forged
 * code and an expired code are refused with their Chinese messages. Chinese glyphs must render.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBrowserEnv, chineseGlyphsRender, type BrowserEnv } from '../../src/testing/browser.ts';
import { DRAW_PASSWORD, ctxOfUser, seedDrawFixture } from '../../src/testing/draw-fixture.ts';
import { freezeDraw } from '../../src/services/draw/freeze-draw.ts';
import { executeDraw } from '../../src/services/draw/run-draw.ts';
import { codeKey, signCode } from '../../src/services/enterprise-checks/inspection-codes.ts';

let env: BrowserEnv;
let task: { id: number; team: number[] };
let expiredTask: number;
let member: string;
let fixture: Awaited<ReturnType<typeof seedDrawFixture>>;
const SHOTS = join(process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname ?? '.', 'screenshots'));
const PHONE = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

before(async () => {
  env = await startBrowserEnv();
  const f = await seedDrawFixture(env.db, { existingOrgs: true });
  fixture = f;
  const as = (n: string) => ctxOfUser(f, env.db, n);
  const d = await freezeDraw(as('city-coordinator'), { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '掷骰', kind: '不定向' });
  await executeDraw(as('city-coordinator'), d.id, { publicValue: '3 1 4 1', witnesses: ['王监督'], minutes: '' });
  const tasks = (await env.db.pool.query(`SELECT id, team FROM draw_tasks WHERE draw_id = $1 AND cardinality(team) >= 2 ORDER BY position`, [d.id])).rows;
  task = tasks[0];
  expiredTask = tasks[1].id;
  // The server runs on the real clock: this task's window is extended (deadlines move on); the other keeps 2025-06-30, long past.
  await env.db.pool.query(`UPDATE draw_tasks SET deadline = '2030-12-31' WHERE id = $1`, [task.id]);
  member = Object.entries(f.users).find(([, u]) => u.inspectorId !== undefined && task.team.includes(u.inspectorId))![0];
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => env?.close());

async function login(browser: Browser, username: string, redirect: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${env.baseUrl}/login?redirect=${encodeURIComponent(redirect)}`);
  await page.locator('[data-testid="login-username"] input, input[data-testid="login-username"]').first().fill(username);
  await page.locator('[data-testid="login-password"] input, input[data-testid="login-password"]').first().fill(DRAW_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === redirect, { timeout: 15000 });
  return { context, page };
}
const input = (page: Page, testid: string) => page.getByTestId(testid).locator('input, textarea').or(page.locator(`input[data-testid="${testid}"], textarea[data-testid="${testid}"]`)).first();
const names = async (ids: number[]) => (await env.db.pool.query(`SELECT id, name, cert_no AS "certNo" FROM inspectors WHERE id = ANY($1::int[])`, [ids])).rows as { id: number; name: string; certNo: string }[];

test('the enterprise scans the code, files a recusal request; a leader approves it and a replacement appears on the task', async () => {
  // The inspector's phone: the task page shows the QR code and the code.
  const inspector = await login(env.browser, member, `/field/tasks/${task.id}`);
  await inspector.page.getByTestId('field-code-qr').locator('svg').waitFor({ timeout: 15000 });
  const code = (await inspector.page.getByTestId('field-code-link').innerText()).replace(/^检查码\s*/, '').trim();
  assert.match(code, new RegExp(`^${task.id}\\.20301231\\.[A-Za-z0-9_-]{22}$`));
  assert.match(await inspector.page.getByTestId('field-code').innerText(), /亮码入企[\s\S]*有效期[\s\S]*行政检查审批表/);
  const pdf = await inspector.page.request.get(`${env.baseUrl}/api/draw-tasks/${task.id}/approval-form.pdf`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  await inspector.page.screenshot({ path: join(SHOTS, 'field-code.png'), fullPage: true });
  await inspector.context.close();

  // The enterprise: no login.
  const enterprise = await env.browser.newContext(PHONE);
  const p = await enterprise.newPage();
  await p.goto(`${env.baseUrl}/code/${code}`);
  await p.getByTestId('code-info').waitFor({ timeout: 15000 });
  const team = await names(task.team);
  const shown = await p.getByTestId('code-inspectors').innerText();
  for (const i of team) assert.ok(shown.includes(i.name) && shown.includes(i.certNo), `${i.name} ${i.certNo} shown`);
  assert.match(await p.getByTestId('code-info').innerText(), /检查机关[\s\S]*检查事项[\s\S]*有效期[\s\S]*2030-12-31[\s\S]*到达时间/);
  assert.match(await p.getByTestId('code-rights').innerText(), /申请回避[\s\S]*12345/);
  assert.match(await p.getByTestId('code-frequency').innerText(), /2025 年对贵单位的第 1 次检查（每年不超过 2 次）/);
  const glyphs = await chineseGlyphsRender(p, '[data-testid="code-info"]', '行政检查核验机关事项有效期到达');
  assert.ok(glyphs.ok, JSON.stringify(glyphs));
  assert.equal((await env.db.pool.query(`SELECT count(*)::int AS n FROM inspection_code_scans WHERE task_id = $1`, [task.id])).rows[0].n, 1, 'the arrival is recorded');

  const leaving = task.team[0]!;
  await p.getByTestId(`code-recusal-inspector-${leaving}`).click();
  await input(p, 'code-recusal-reason').fill('该检查人员与我厂负责人系近亲属');
  await input(p, 'code-recusal-applicant').fill('张厂长（厂长）');
  await input(p, 'code-recusal-contact').fill('13800000000');
  await p.getByTestId('code-recusal-submit').click();
  await p.getByTestId('code-recusal-done').waitFor({ timeout: 15000 });
  await p.screenshot({ path: join(SHOTS, 'code-recusal.png'), fullPage: true });
  const request = (await env.db.pool.query(`SELECT id, status FROM recusal_requests WHERE task_id = $1`, [task.id])).rows[0];
  assert.equal(request.status, 'pending');

  // The leader of the city (the drawing organisation) decides on 涉企检查.
  const leader = await login(env.browser, 'city-leader', '/enterprise-checks');
  await leader.page.getByRole('tab', { name: '回避申请' }).click(); // the page opens on 检查审批
  const card = leader.page.getByTestId(`ec-recusal-${request.id}`);
  await card.waitFor({ timeout: 15000 });
  assert.match(await card.innerText(), /该检查人员与我厂负责人系近亲属[\s\S]*张厂长/);
  await input(leader.page, `ec-recusal-${request.id}-note`).fill('理由成立，同意回避');
  await leader.page.getByTestId(`ec-recusal-${request.id}-approve`).click();
  await leader.page.getByTestId(`ec-recusal-${request.id}-status`).getByText('已批准').waitFor({ timeout: 15000 });
  const after = (await env.db.pool.query(`SELECT team FROM draw_tasks WHERE id = $1`, [task.id])).rows[0].team as number[];
  assert.ok(!after.includes(leaving), 'the inspector left the team');
  const added = after.filter((i) => !task.team.includes(i));
  assert.equal(added.length, 1, 'one replacement by the draw\'s rule');
  const [replacement] = await names(added);
  assert.match(await leader.page.getByTestId(`ec-recusal-${request.id}-team`).innerText(), new RegExp(replacement!.name));
  const lg = await chineseGlyphsRender(leader.page, `[data-testid="ec-recusal-${request.id}"]`, '申请回避理由已批准当前检查组');
  assert.ok(lg.ok, JSON.stringify(lg));
  await leader.page.screenshot({ path: join(SHOTS, 'recusal-decided.png'), fullPage: true });
  await leader.context.close();

  // The enterprise scans again: the new team, and the decision.
  await p.reload();
  await p.getByTestId('code-inspectors').getByText(replacement!.name).waitFor({ timeout: 15000 });
  assert.ok(!(await p.getByTestId('code-inspectors').innerText()).includes((await names([leaving]))[0]!.name));
  assert.match(await p.getByTestId('code-recusals').innerText(), /已批准，检查人员已更换/);
  await enterprise.close();
});

test('a forged code and an expired code are refused with a clear message', async () => {
  const key = await codeKey(env.db);
  const valid = signCode(key, task.id, '2030-12-31');
  const forged = `${valid.slice(0, -2)}${valid.endsWith('AA') ? 'BB' : 'AA'}`;
  const expired = signCode(key, expiredTask, '2025-06-30');
  const context = await env.browser.newContext(PHONE);
  const p = await context.newPage();
  for (const [code, message] of [[forged, /检查码无效：该码不是本平台签发的检查码/], [expired, /检查码已过期/], [`${expiredTask}.20301231.${expired.split('.')[2]}`, /检查码无效/]] as const) {
    await p.goto(`${env.baseUrl}/code/${code}`);
    await p.getByTestId('code-error').waitFor({ timeout: 15000 });
    assert.match(await p.getByTestId('code-error').innerText(), message);
    assert.equal(await p.getByTestId('code-info').count(), 0);
  }
  const glyphs = await chineseGlyphsRender(p, '[data-testid="code-error"]', '检查码无效已过期');
  assert.ok(glyphs.ok, JSON.stringify(glyphs));
  assert.equal((await env.db.pool.query(`SELECT count(*)::int AS n FROM inspection_code_scans WHERE task_id = $1`, [expiredTask])).rows[0].n, 0, 'no arrival from a refused code');
  await context.close();
});

test('频次预警 and 指标: an enterprise at the cap inspected by the city and its branch, a leader approves one more inspection with a reason', async () => {
  const year = new Date().getFullYear();
  const target = fixture.targetIds['市一般4']!;
  for (const [orgId, inspector, day] of [[fixture.city.id, fixture.inspectorIds.city[0]!, `${year}-01-10`], [fixture.county.id, fixture.inspectorIds.county[0]!, `${year}-01-20`]] as const) {
    await env.db.pool.query(
      `INSERT INTO inspection_records (org_id, target_id, kind, counts_to_quota, mode, inspected_on, team, result_category, status, client_key, submitted_at)
       VALUES ($1, $2, '投诉举报', false, '现场', $3, $4, '未发现问题', 'submitted', $5, now())`, [orgId, target, day, [inspector], `e2e-cap-${orgId}`],
    );
  }
  const name = (await env.db.pool.query(`SELECT name FROM targets WHERE id = $1`, [target])).rows[0].name as string;
  const leader = await login(env.browser, 'city-leader', '/enterprise-checks');
  const p = leader.page;
  await p.getByRole('tab', { name: '频次预警' }).click();
  await p.getByTestId(`ec-warning-${target}`).waitFor({ timeout: 15000 });
  const row = p.locator('.el-table__row', { has: p.getByTestId(`ec-warning-${target}`) });
  assert.match(await row.innerText(), new RegExp(`${name}[\\s\\S]*2 次[\\s\\S]*已达上限[\\s\\S]*多头检查[\\s\\S]*综合查一次`));
  await p.getByTestId(`ec-cap-${target}`).click();
  await p.locator('.el-message-box input').fill('上级交办的信访件，须再次核查');
  await p.locator('.el-message-box').getByRole('button', { name: '批准' }).click();
  await row.getByText('未使用：上级交办的信访件，须再次核查').waitFor({ timeout: 15000 });
  const glyphs = await chineseGlyphsRender(p, '[data-testid="ec-warnings"]', '频次预警综合查一次已达上限');
  assert.ok(glyphs.ok, JSON.stringify(glyphs));
  await p.getByRole('tab', { name: '指标' }).click();
  await p.getByTestId('ec-figures').waitFor({ timeout: 15000 });
  assert.match(await p.getByTestId('ec-figures').innerText(), /已提交检查 2 次[\s\S]*计划合规率\s*100%（2\/2）[\s\S]*亮码率\s*0%（0\/2）[\s\S]*未达标[\s\S]*联合检查率[\s\S]*目标 60%[\s\S]*户均检查次数\s*2/);
  await p.screenshot({ path: join(SHOTS, 'enterprise-checks-figures.png'), fullPage: true });
  assert.equal((await env.db.pool.query(`SELECT count(*)::int AS n FROM cap_exceptions WHERE target_id = $1 AND year = $2 AND record_id IS NULL`, [target, year])).rows[0].n, 1);
  await leader.context.close();
});
