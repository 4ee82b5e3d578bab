/**
 * The field record on a phone (390×844, touch) in Chromium: an inspector signs in, sees its task with
 * the deadline and the quarter's progress, opens it, fills the checklist (one finding), picks the
 * result, attaches a photo; the network drops (context.setOffline) while two inspectors and the
 * enterprise's representative sign and the inspector submits — the record waits in the outbox; the
 * network returns and it is submitted exactly once, also when the outbox replays it after a reload.
 * The draft lives in IndexedDB (photos as Blobs); a draft left in localStorage by the previous
 * version is moved there.
 * Chinese glyphs must render.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { startBrowserEnv, chineseGlyphsRender, type BrowserEnv } from '../../src/testing/browser.ts';
import { DRAW_PASSWORD, ctxOfUser, seedDrawFixture } from '../../src/testing/draw-fixture.ts';
import { freezeDraw } from '../../src/services/draw/freeze-draw.ts';
import { executeDraw } from '../../src/services/draw/run-draw.ts';
import { jpegWithExif } from '../../src/testing/media-fixtures.ts';
import { issueEvidenceLink, openFollowup } from '../../src/services/inspection/followups.ts';

let env: BrowserEnv;
let context: BrowserContext;
let page: Page;
let task: { id: number; team: number[] };
let member: string;
let fixture: Awaited<ReturnType<typeof seedDrawFixture>>;
const SHOTS = join(process.env.E2E_SCREENSHOTS ?? join(import.meta.dirname ?? '.', 'screenshots'));

before(async () => {
  env = await startBrowserEnv();
  const f = await seedDrawFixture(env.db, { existingOrgs: true });
  fixture = f;
  const as = (n: string) => ctxOfUser(f, env.db, n);
  const d = await freezeDraw(as('city-coordinator'), { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '掷骰', kind: '不定向' });
  await executeDraw(as('city-coordinator'), d.id, { publicValue: '2 4 6 1', witnesses: ['王监督'], minutes: '' });
  task = (await env.db.pool.query(`SELECT id, team FROM draw_tasks WHERE draw_id = $1 AND cardinality(team) >= 2 ORDER BY position LIMIT 1`, [d.id])).rows[0];
  member = Object.entries(f.users).find(([, u]) => u.inspectorId !== undefined && task.team.includes(u.inspectorId))![0];
  context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  page = await context.newPage();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => env?.close());

async function sign(testid: string) {
  const canvas = page.getByTestId(testid);
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 30);
  await page.mouse.down();
  await page.mouse.move(box.x + 80, box.y + 90, { steps: 5 });
  await page.mouse.move(box.x + 160, box.y + 40, { steps: 5 });
  await page.mouse.up();
}
const input = (testid: string) => page.getByTestId(testid).locator('input, textarea').or(page.locator(`input[data-testid="${testid}"], textarea[data-testid="${testid}"]`)).first();
/** Page script with get(taskId) / put(record) on the field drafts' IndexedDB store (source text: tsx). */
const idb = (body: string) => `(async () => {
  const db = await new Promise((ok, fail) => { const q = indexedDB.open('shuangsui-field'); q.onsuccess = () => ok(q.result); q.onerror = () => fail(q.error); });
  const req = (mode, f) => new Promise((ok, fail) => { const q = f(db.transaction('records', mode).objectStore('records')); q.onsuccess = () => ok(q.result); q.onerror = () => fail(q.error); });
  const get = (k) => req('readonly', (s) => s.get(k));
  const put = (r) => req('readwrite', (s) => s.put(r));
  ${body}
})()`;
const count = async (sql: string) => (await env.db.pool.query(sql, [task.id])).rows[0].n as number;

test('checklist, photo, signatures offline, submitted exactly once when the network returns', async () => {
  await page.goto(`${env.baseUrl}/login?redirect=/field`);
  await page.locator('[data-testid="login-username"] input, input[data-testid="login-username"]').first().fill(member);
  await page.locator('[data-testid="login-password"] input, input[data-testid="login-password"]').first().fill(DRAW_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/field$/);
  await page.getByTestId(`field-task-${task.id}`).waitFor({ timeout: 15000 });
  assert.match(await page.getByTestId(`field-task-${task.id}`).innerText(), /完成期限/);
  assert.match(await page.getByTestId('field-progress').innerText(), /已完成 0 \/ \d+ 项[\s\S]*按月累计进度要求/);
  const glyphs = await chineseGlyphsRender(page, '[data-testid="field-progress"]', '检查任务已完成按月累计进度要求');
  assert.ok(glyphs.ok, JSON.stringify(glyphs));

  await page.getByTestId(`field-task-${task.id}`).click();
  await page.getByTestId('field-submit').waitFor({ timeout: 15000 });
  const lines = await page.locator('[data-testid$="-符合"]').count();
  assert.equal(lines, 7);
  for (let i = 1; i <= lines; i++) await page.getByTestId(`field-line-${i}-${i === 6 ? '不符合' : '符合'}`).click();
  await input('field-line-6-finding').fill('危险废物贮存场所未设置识别标志');
  await page.getByTestId('field-result').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '发现问题，责令整改' }).click();
  await input('field-rep').fill('张厂长');
  await page.getByTestId('field-photo-input').setInputFiles({ name: '危废仓库.jpg', mimeType: 'image/jpeg', buffer: jpegWithExif('2025:04:10 09:30:00') });
  await page.getByTestId('field-photos').locator('img').waitFor();

  // The network drops mid-way: sign and submit without it.
  await context.setOffline(true);
  for (const i of task.team) await sign(`field-sign-${i}`);
  await sign('field-sign-enterprise');
  await page.getByTestId('field-submit').click();
  await page.getByTestId('field-state').getByText('等待网络，恢复后自动提交').waitFor({ timeout: 10000 });
  await page.screenshot({ path: join(SHOTS, 'field-offline.png'), fullPage: true });
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_records WHERE task_id = $1 AND status = 'submitted'`), 0);

  await context.setOffline(false);
  await page.getByTestId('field-state').getByText('已提交').waitFor({ timeout: 20000 })
    .catch(async (e) => { throw new Error(`${e.message}\n${await page.locator('.field').innerText()}`); });
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_records WHERE task_id = $1`), 1);
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_records WHERE task_id = $1 AND status = 'submitted'`), 1);
  const sigs = await count(`SELECT count(*)::int AS n FROM inspection_attachments a JOIN inspection_records r ON r.id = a.record_id WHERE r.task_id = $1 AND a.kind = 'signature'`);
  assert.equal(sigs, task.team.length + 1);
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_attachments a JOIN inspection_records r ON r.id = a.record_id WHERE r.task_id = $1 AND a.kind = 'photo'`), 1);
  assert.equal((await env.db.pool.query(`SELECT finding FROM inspection_lines l JOIN inspection_records r ON r.id = l.record_id WHERE r.task_id = $1 AND l.position = 6`, [task.id])).rows[0].finding, '危险废物贮存场所未设置识别标志');

  // The outbox replays the same submission (as after a lost response): still one record.
  await page.evaluate(idb(`const r = await get(${task.id}); r.state = 'queued'; await put(r);`));
  await page.reload();
  await page.getByTestId('field-state').getByText('已提交').waitFor({ timeout: 20000 });
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_records WHERE task_id = $1`), 1);
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_attachments a JOIN inspection_records r ON r.id = a.record_id WHERE r.task_id = $1`), task.team.length + 2);

  // A draft kept in localStorage by the previous version (photo as a data URL) moves to IndexedDB, photo as a Blob.
  const legacy = { clientKey: 'legacy-0000-4000-8000-000000000001', taskId: 999001, body: { mode: '现场', inspectedOn: '2025-04-10' }, state: 'editing',
    files: [{ key: 'photo-1', dataUrl: `data:image/jpeg;base64,${jpegWithExif('2025:04:10 09:30:00').toString('base64')}`, fileName: '旧照片.jpg' }] };
  await page.evaluate(`localStorage.setItem('shuangsui.field.999001', ${JSON.stringify(JSON.stringify(legacy))})`);
  await page.reload();
  await page.getByTestId('field-state').getByText('已提交').waitFor({ timeout: 20000 });
  const migrated = JSON.parse(await page.evaluate(idb(`const r = await get(999001); return JSON.stringify({ key: r.clientKey, blob: r.files[0].blob instanceof Blob, size: r.files[0].blob.size, type: r.files[0].blob.type, left: localStorage.getItem('shuangsui.field.999001') });`)) as string);
  assert.deepEqual(migrated, { key: legacy.clientKey, blob: true, size: jpegWithExif('2025:04:10 09:30:00').length, type: 'image/jpeg', left: null });
  await page.goto(`${env.baseUrl}/field`);
  assert.match(await page.getByTestId(`field-task-${task.id}`).innerText(), /已提交/);
});

test('the enterprise opens the one-time 整改 link without logging in, uploads its evidence once; the task shows 整改跟进中', async () => {
  const recordId = (await env.db.pool.query(`SELECT id FROM inspection_records WHERE task_id = $1`, [task.id])).rows[0].id;
  const f = await openFollowup(ctxOfUser(fixture, env.db, member), recordId, { kind: '责令整改', linePosition: 6, requirement: '设置危险废物识别标志并拍照上传', deadline: '2030-12-31' });
  const { path } = await issueEvidenceLink({ ...ctxOfUser(fixture, env.db, 'city-coordinator'), now: () => new Date() }, f.id, 7); // the server runs on the real clock
  await page.goto(`${env.baseUrl}/field`);
  await page.getByTestId(`field-task-${task.id}`).getByText('整改跟进中').waitFor({ timeout: 15000 });

  const stranger = await env.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const p = await stranger.newPage();
  await p.goto(`${env.baseUrl}${path}`);
  await p.getByTestId('rectify-requirement').waitFor({ timeout: 15000 });
  assert.match(await p.getByTestId('rectify-requirement').innerText(), /危险废物贮存场所未设置识别标志[\s\S]*设置危险废物识别标志并拍照上传/);
  const glyphs = await chineseGlyphsRender(p, '[data-testid="rectify-requirement"]', '整改要求期限危险废物');
  assert.ok(glyphs.ok, JSON.stringify(glyphs));
  await p.getByTestId('rectify-file').setInputFiles({ name: '标志.jpg', mimeType: 'image/jpeg', buffer: jpegWithExif('2025:05:01 10:00:00') });
  await p.getByTestId('rectify-note').locator('textarea').or(p.locator('textarea[data-testid="rectify-note"]')).first().fill('已设置标志');
  await p.getByTestId('rectify-submit').click();
  await p.getByTestId('rectify-done').waitFor({ timeout: 15000 });
  await p.reload();
  await p.getByTestId('rectify-error').getByText(/已使用或已过期/).waitFor({ timeout: 15000 });
  assert.equal((await env.db.pool.query(`SELECT count(*)::int AS n FROM inspection_attachments WHERE followup_id = $1`, [f.id])).rows[0].n, 1);
  await stranger.close();
});
