import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../testing/database.ts';
import { creditCode, targetsCsv, withWrongCheckChar } from '../testing/fixtures.ts';

let db: TestDatabase;
let app: FastifyInstance;
let cookie = '';

function multipart(fileName: string, content: string | Buffer) {
  const boundary = '----shuangsui' + Date.now();
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie } };
}

async function waitForJob(id: number) {
  for (let i = 0; i < 200; i++) {
    const res = await app.inject({ method: 'GET', url: `/api/imports/${id}`, headers: { cookie } });
    const job = res.json().job;
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('import did not finish');
}

before(async () => {
  db = await openTestDatabase();
  await seedMinimalOrgs(db);
  app = await buildApp({ database: db, uploadDir: join(db.dataDir, 'uploads') });
});
after(async () => { await app.close(); await db.dispose(); });

test('a wrong password is refused in Chinese without saying which part was wrong', async () => {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'nope' } });
  assert.equal(res.statusCode, 401);
  assert.deepEqual(res.json(), { code: 'UNAUTHENTICATED', message: '用户名或密码错误' });
});

test('login sets an HttpOnly, SameSite=Strict session cookie and /auth/me returns the user', async () => {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'secret-pass' } });
  assert.equal(res.statusCode, 200);
  const set = String(res.headers['set-cookie']);
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  cookie = set.split(';')[0]!;
  const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
  assert.equal(me.json().user.username, 'admin');
  assert.equal(me.json().user.org.code, 'city');
  assert.ok(me.json().user.permissions.includes('import'));
});

test('the API refuses calls without a session', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/targets' });
  assert.equal(res.statusCode, 401);
  assert.equal(res.json().message, '请先登录');
});

test('malformed input gets a 400 naming the field, in Chinese', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/targets?pageSize=abc', headers: { cookie } });
  assert.equal(res.statusCode, 400);
  assert.equal(res.json().code, 'VALIDATION');
  assert.match(res.json().message, /pageSize/);
  const broken = await app.inject({ method: 'POST', url: '/api/targets', headers: { cookie, 'content-type': 'application/json' }, payload: '{"name":' });
  assert.equal(broken.statusCode, 400);
  assert.equal(broken.json().message, '请求内容不是有效的 JSON');
});

let targetId = 0;
test('creating a target validates the credit code check character', async () => {
  const body = { kind: '排污单位', identifier: withWrongCheckChar(creditCode(500)), name: '示范化工有限公司', permitClass: '重点管理', keyUnit: true, tags: ['涉气'] };
  const bad = await app.inject({ method: 'POST', url: '/api/targets', headers: { cookie }, payload: body });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().issues[0].field, 'identifier');
  assert.match(bad.json().message, /校验码错误/);
  const ok = await app.inject({ method: 'POST', url: '/api/targets', headers: { cookie }, payload: { ...body, identifier: creditCode(500) } });
  assert.equal(ok.statusCode, 201, ok.body);
  const rec = ok.json().record;
  assert.deepEqual([rec.name, rec.keyUnit, rec.tags, rec.status, rec.version], ['示范化工有限公司', true, ['涉气'], '正常', 1]);
  targetId = rec.id;
});

test('an edit with a stale version is refused; a status change is named in the history', async () => {
  const ok = await app.inject({ method: 'PATCH', url: `/api/targets/${targetId}`, headers: { cookie }, payload: { version: 1, status: '停产' } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().record.version, 2);
  const stale = await app.inject({ method: 'PATCH', url: `/api/targets/${targetId}`, headers: { cookie }, payload: { version: 1, name: '别的名字' } });
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json().code, 'STALE_VERSION');
  const history = (await app.inject({ method: 'GET', url: `/api/targets/${targetId}/history`, headers: { cookie } })).json().versions;
  assert.equal(history[0].action, '状态变更：正常 → 停产');
  assert.equal(history[0].changedBy, '管理员');
});

test('events are added and voided, never deleted', async () => {
  const add = await app.inject({ method: 'POST', url: `/api/targets/${targetId}/events`, headers: { cookie }, payload: { kind: '行政处罚', occurredOn: '2025-01-10', reference: '测环罚〔2025〕1号' } });
  assert.equal(add.statusCode, 201, add.body);
  const v = await app.inject({ method: 'POST', url: `/api/target-events/${add.json().event.id}/void`, headers: { cookie }, payload: { reason: '录入错误' } });
  assert.equal(v.json().event.voidReason, '录入错误');
  const list = (await app.inject({ method: 'GET', url: `/api/targets/${targetId}/events`, headers: { cookie } })).json().events;
  assert.equal(list.length, 1);
});

test('an uploaded file with a bad 7th row is rejected by row and column; the fixed file imports', async () => {
  const bad = targetsCsv(10, { 6: { '统一社会信用代码/编码': withWrongCheckChar(creditCode(7)) } });
  const started = await app.inject({ method: 'POST', url: '/api/imports/targets', ...multipart('对象.csv', bad) });
  assert.equal(started.statusCode, 202, started.body);
  const job = await waitForJob(started.json().job.id);
  assert.equal(job.status, 'rejected');
  assert.deepEqual([job.issues[0].row, job.issues[0].column], [7, '统一社会信用代码/编码']);
  const good = await app.inject({ method: 'POST', url: '/api/imports/targets', ...multipart('对象.csv', targetsCsv(10)) });
  const done = await waitForJob(good.json().job.id);
  assert.equal(done.status, 'imported');
  assert.equal(done.inserted, 10);
});

test('search finds a target by part of its name and by its credit code; filters narrow the list', async () => {
  const byName = (await app.inject({ method: 'GET', url: `/api/targets?q=${encodeURIComponent('3号厂')}`, headers: { cookie } })).json();
  assert.deepEqual(byName.rows.map((r: any) => r.name), ['测试化工有限公司3号厂']);
  const byCode = (await app.inject({ method: 'GET', url: `/api/targets?q=${creditCode(500)}`, headers: { cookie } })).json();
  assert.equal(byCode.rows[0].id, targetId);
  const key = (await app.inject({ method: 'GET', url: '/api/targets?permitClass=重点管理&status=正常', headers: { cookie } })).json();
  assert.equal(key.total, 4);
  const bad = await app.inject({ method: 'GET', url: '/api/targets?colour=red', headers: { cookie } });
  assert.equal(bad.statusCode, 400);
});

test('export gives back the import columns; the template has the Chinese headers', async () => {
  const csv = await app.inject({ method: 'GET', url: '/api/exports/targets?format=csv', headers: { cookie } });
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-disposition']), /filename\*=UTF-8''/);
  const lines = csv.body.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines.length, 12);
  assert.match(lines[0]!, /^对象类型,统一社会信用代码\/编码,名称/);
  // An unknown filter is refused before the download starts (a cut stream would be all the user saw).
  const unknown = await app.inject({ method: 'GET', url: '/api/exports/targets?format=csv&requirement=x', headers: { cookie } });
  assert.equal(unknown.statusCode, 400);
  assert.match(JSON.parse(unknown.body).message, /不支持按「requirement」筛选/);
  const tpl = await app.inject({ method: 'GET', url: '/api/templates/items?format=csv', headers: { cookie } });
  assert.match(tpl.body, /事项编码,事项名称,发起部门/);
});

test('OpenAPI is served at /api/docs', async () => {
  const doc = await app.inject({ method: 'GET', url: '/api/docs/json' });
  assert.equal(doc.statusCode, 200);
  assert.ok(Object.keys(doc.json().paths).includes('/api/targets'));
});

async function loginAs(username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  assert.equal(res.statusCode, 200, res.body);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

test('a county user sees only its own subtree and an inspector may not write', async () => {
  const orgs = (await app.inject({ method: 'GET', url: '/api/orgs', headers: { cookie } })).json().orgs;
  const county = orgs.find((o: any) => o.code === 'county');
  assert.ok(!orgs.some((o: any) => o.code === 'other'), 'another root is outside the admin scope');
  for (const [username, role] of [['county-coord', 'coordinator'], ['county-insp', 'inspector']]) {
    const r = await app.inject({ method: 'POST', url: '/api/users', headers: { cookie }, payload: { orgId: county.id, username, displayName: username, role, password: 'county-pass-1' } });
    assert.equal(r.statusCode, 200, r.body);
  }
  const coord = await loginAs('county-coord', 'county-pass-1');
  const created = await app.inject({ method: 'POST', url: '/api/targets', headers: { cookie: coord }, payload: { kind: '排污单位', identifier: creditCode(900), name: '东城县属企业有限公司' } });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().record.orgName, '测试市生态环境局东城分局');
  const list = (await app.inject({ method: 'GET', url: '/api/targets?pageSize=200', headers: { cookie: coord } })).json();
  assert.deepEqual(list.rows.map((r: any) => r.name), ['东城县属企业有限公司']);
  const cityTarget = await app.inject({ method: 'PATCH', url: `/api/targets/${targetId}`, headers: { cookie: coord }, payload: { version: 2, name: 'x' } });
  assert.equal(cityTarget.statusCode, 404);
  const outside = await app.inject({ method: 'GET', url: `/api/targets?orgId=${orgs.find((o: any) => o.code === 'city').id}`, headers: { cookie: coord } });
  assert.equal(outside.statusCode, 404);
  const users = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: coord } });
  assert.equal(users.statusCode, 403);
  const insp = await loginAs('county-insp', 'county-pass-1');
  const denied = await app.inject({ method: 'POST', url: '/api/targets', headers: { cookie: insp }, payload: { kind: '排污单位', identifier: creditCode(901), name: '某公司' } });
  assert.equal(denied.statusCode, 403);
  assert.equal(denied.json().message, '当前角色无权执行此操作');
  const read = await app.inject({ method: 'GET', url: '/api/targets', headers: { cookie: insp } });
  assert.equal(read.statusCode, 200);
});

test('five wrong passwords lock the account with a Chinese message', async () => {
  for (let i = 0; i < 5; i++) await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'county-insp', password: 'wrong' } });
  const locked = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'county-insp', password: 'county-pass-1' } });
  assert.equal(locked.statusCode, 429);
  assert.match(locked.json().message, /账号已锁定，请 15 分钟后再试/);
});
