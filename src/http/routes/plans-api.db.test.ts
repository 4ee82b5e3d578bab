/**
 * /api/plans and /api/classification over HTTP: status codes, Chinese validation messages naming the
 * field, the FORBIDDEN for a coordinator's approval, and the downloads' types and file names.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../../testing/database.ts';
import { insertUser } from '../../storage/repos/orgs.ts';
import { hashPassword } from '../../services/passwords.ts';
import { classificationIdle } from '../../services/classification/reclassify.ts';

let db: TestDatabase;
let app: FastifyInstance;
const cookies: Record<string, string> = {};

async function login(username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  assert.equal(res.statusCode, 200, res.body);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

before(async () => {
  db = await openTestDatabase();
  const { city } = await seedMinimalOrgs(db);
  await insertUser(db.pool, { orgId: city.id, username: 'coord', displayName: '承办人', role: 'coordinator', passwordHash: await hashPassword('secret-pass') });
  await insertUser(db.pool, { orgId: city.id, username: 'lead', displayName: '局长', role: 'leader', passwordHash: await hashPassword('secret-pass') });
  app = await buildApp({ database: db, uploadDir: join(db.dataDir, 'uploads') });
  cookies.coord = await login('coord', 'secret-pass');
  cookies.lead = await login('lead', 'secret-pass');
});
after(async () => { await classificationIdle(); await app.close(); await db.dispose(); });

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload !== undefined ? { payload: payload as object } : {}) });

test('bad plan requests are 400 with the field named in Chinese', async () => {
  const year = await call('coord', 'GET', '/api/plans?profile=lingchuan&year=1990');
  assert.equal(year.statusCode, 400);
  assert.match(year.json().message, /「year」年度不能早于 2000/);
  const level = await call('coord', 'POST', '/api/plans', { profile: 'zaozhuang', year: 2025, level: 'province' });
  assert.equal(level.statusCode, 400);
  assert.match(level.json().message, /「level」机构层级应为 city（市级）或 county（县级）/);
  const noLevel = await call('coord', 'POST', '/api/plans', { profile: 'zaozhuang', year: 2025 });
  assert.equal(noLevel.statusCode, 400);
  assert.match(noLevel.json().message, /适用于市级和县级，请指定机构层级/);
  const unknown = await call('coord', 'GET', '/api/plans/compute?profile=nowhere&year=2025');
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.json().message, /没有方案「nowhere」/);
});

test('draft → 403 for a coordinator approving → leader approves → downloads as .xlsx and PDF', async () => {
  const drafted = await call('coord', 'POST', '/api/plans', { profile: 'lingchuan', year: 2025 });
  assert.equal(drafted.statusCode, 200, drafted.body);
  const id = drafted.json().plan.id;
  const forbidden = await call('coord', 'POST', `/api/plans/${id}/decision`, { decision: 'approve' });
  assert.equal(forbidden.statusCode, 403);
  assert.equal(forbidden.json().message, '只有局领导/分管负责同志可以审批年度抽查计划');
  const badDecision = await call('lead', 'POST', `/api/plans/${id}/decision`, { decision: 'ok' });
  assert.equal(badDecision.statusCode, 400);
  assert.match(badDecision.json().message, /「decision」审批结果应为「批准」或「退回」/);
  const approved = await call('lead', 'POST', `/api/plans/${id}/decision`, { decision: 'approve', note: '同意' });
  assert.equal(approved.json().plan.status, 'approved');
  const again = await call('lead', 'POST', `/api/plans/${id}/decision`, { decision: 'reject', note: '再议' });
  assert.equal(again.statusCode, 409);

  const xlsx = await call('coord', 'GET', `/api/plans/${id}/export?format=xlsx`);
  assert.equal(xlsx.statusCode, 200);
  assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
  assert.match(String(xlsx.headers['content-disposition']), /filename\*=UTF-8''%E5%B9%B4%E5%BA%A6/);
  const pdf = await call('coord', 'GET', `/api/plans/${id}/export?format=pdf`);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  const badFormat = await call('coord', 'GET', `/api/plans/${id}/export?format=doc`);
  assert.equal(badFormat.statusCode, 400);
  assert.match(badFormat.json().message, /导出格式应为 xlsx 或 pdf/);
});

test('a classification run over HTTP: 201 with the first page; a bad period is 400', async () => {
  const run = await call('coord', 'POST', '/api/classification/runs', { profile: 'lingchuan', period: '2025-Q2' });
  assert.equal(run.statusCode, 201, run.body);
  assert.deepEqual([run.json().run.status, run.json().total], ['done', 0]);
  const list = await call('coord', 'GET', '/api/classification/runs?profile=lingchuan&period=2025-Q2');
  assert.equal(list.json().runs.length, 1);
  const bad = await call('coord', 'POST', '/api/classification/runs', { profile: 'lingchuan', period: '2025Q2' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /「period」期间格式应为/);
});
