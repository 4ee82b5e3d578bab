/**
 * HTTP hardening: security headers (strict CSP for the app, relaxed for /api/docs), the CSRF rule for
 * state-changing /api requests, the per-IP login limit, and no password or session token in any log
 * line during failed and successful logins.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { LoginLimiter, LOG_REDACT, APP_CSP, DOCS_CSP } from './security.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../testing/database.ts';
import { readAuditChain } from '../services/audit/read-audit.ts';

let db: TestDatabase;
let app: FastifyInstance;
const logLines: string[] = [];

before(async () => {
  db = await openTestDatabase();
  await seedMinimalOrgs(db);
  const stream = new Writable({ write(chunk, _enc, cb) { logLines.push(String(chunk)); cb(); } });
  app = await buildApp({
    database: db, uploadDir: join(db.dataDir, 'uploads'),
    logger: { level: 'trace', redact: LOG_REDACT, stream },
    loginLimiter: new LoginLimiter(4, 10 * 60_000),
  });
});
after(async () => { await app.close(); await db.dispose(); });

const HOST = 'localhost:80';
const login = (body: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/api/auth/login', headers: { host: HOST, ...headers }, payload: body });

test('every response carries the security headers; Swagger UI gets its own policy', async () => {
  const res = await app.inject({ method: 'GET', url: '/api/auth/me' });
  assert.equal(res.statusCode, 401);
  assert.equal(res.headers['content-security-policy'], APP_CSP);
  assert.match(APP_CSP, /default-src 'self'/);
  // Own scripts only, plus compiling WebAssembly (sha256-x4.ts): no inline script, no JavaScript eval.
  assert.equal(APP_CSP.split('; ').find((d) => d.startsWith('script-src')), "script-src 'self' 'wasm-unsafe-eval'");
  assert.match(APP_CSP, /frame-ancestors 'none'/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['referrer-policy'], 'same-origin');
  assert.equal(res.headers['x-frame-options'], 'DENY');
  const docs = await app.inject({ method: 'GET', url: '/api/docs/' });
  assert.equal(docs.statusCode, 200);
  assert.equal(docs.headers['content-security-policy'], DOCS_CSP);
  assert.match(DOCS_CSP, /frame-ancestors 'none'/);
});

test('CSRF: a cross-site or header-less browser POST is refused in Chinese; same-origin with the header and non-browser clients pass', async () => {
  const good = { username: 'admin', password: 'secret-pass' };
  for (const headers of <Record<string, string>[]>[
    { origin: 'https://evil.example' },
    { origin: 'null' },
    { 'sec-fetch-site': 'cross-site', 'x-requested-with': 'shuangsui' },
    { 'sec-fetch-site': 'same-site', 'x-requested-with': 'shuangsui' },
    { referer: 'https://evil.example/page', 'x-requested-with': 'shuangsui' },
    { origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' }, // a browser, but without the header
    { origin: 'https://evil.example', 'x-requested-with': 'shuangsui' },
  ]) {
    const res = await login(good, headers);
    assert.equal(res.statusCode, 403, JSON.stringify(headers));
    assert.match(res.json().message, /请求来源校验失败/);
    assert.equal(res.headers['set-cookie'], undefined);
  }
  const ok = await login(good, { origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin', 'x-requested-with': 'shuangsui' });
  assert.equal(ok.statusCode, 200);
  const cookie = String(ok.headers['set-cookie']).split(';')[0]!;
  assert.equal((await login(good)).statusCode, 200, 'non-browser clients (CLI scripts, tests) send no Origin');

  // A logged-in user's cookie does not let another site create anything.
  const evil = await app.inject({ method: 'POST', url: '/api/orgs', headers: { host: HOST, cookie, origin: 'https://evil.example' }, payload: { code: 'evil', name: '伪造机构', level: '分局' } });
  assert.equal(evil.statusCode, 403);
  const orgs = (await app.inject({ method: 'GET', url: '/api/orgs', headers: { host: HOST, cookie, origin: 'https://evil.example' } })).json().orgs as { code: string }[];
  assert.ok(!orgs.some((o) => o.code === 'evil'), 'nothing created; a GET is not state-changing and is answered');
  // Multipart uploads fall under the same rule.
  const upload = await app.inject({ method: 'POST', url: '/api/imports/targets', headers: { host: HOST, cookie, origin: `http://${HOST}`, 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--\r\n' });
  assert.equal(upload.statusCode, 403);
});

test('more than the allowed failed logins from one IP block that IP (even with the right password), not others; the block is audited', async () => {
  const ip = (a: string) => ({ 'x-forwarded-for': a });
  for (let i = 0; i < 4; i++) assert.equal((await login({ username: `nobody${i}`, password: 'whatever-1' }, ip('203.0.113.7'))).statusCode, 401);
  const blocked = await login({ username: 'admin', password: 'secret-pass' }, ip('203.0.113.7'));
  assert.equal(blocked.statusCode, 429);
  assert.match(blocked.json().message, /登录失败次数过多，请 10 分钟后再试/);
  assert.equal((await login({ username: 'admin', password: 'secret-pass' }, ip('203.0.113.8'))).statusCode, 200);
  const rows = (await readAuditChain(db.pool)).rows.filter((r) => r.action === 'auth.ip_limited');
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.objectId, '203.0.113.7');
});

test('no log line contains a password or a session token (failed and successful logins, a session, logout)', async () => {
  logLines.length = 0;
  const failed = await login({ username: 'admin', password: 'Wrong-Password-77' });
  assert.equal(failed.statusCode, 401);
  const ok = await login({ username: 'admin', password: 'secret-pass' });
  assert.equal(ok.statusCode, 200);
  const token = String(ok.headers['set-cookie']).split(';')[0]!.split('=')[1]!;
  assert.ok(token.length >= 40);
  const cookie = `ss_session=${token}`;
  assert.equal((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: '/api/orgs/999999/departments', headers: { cookie } })).statusCode, 404);
  assert.equal((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie }, payload: {} })).statusCode, 200);
  const log = logLines.join('');
  assert.ok(logLines.length >= 8, `the logger captured the requests (${logLines.length} lines)`);
  for (const secret of ['Wrong-Password-77', 'secret-pass', token]) assert.ok(!log.includes(secret), `log contains ${secret.slice(0, 6)}…`);
});
