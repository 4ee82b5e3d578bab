/**
 * The 涉企检查 API over HTTP (#9): a team member fetches its task's code (JSON with the QR as SVG, and
 * the printable PDF); the public scan needs no login and answers forged, tampered and expired codes
 * with 404 and the Chinese message (an overlong one with the server's Chinese 414), never a stack trace; a
 * cross-site POST is refused (CSRF); a recusal request filed without login reaches a leader's list and
 * a decision with an empty note is refused naming the field.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { ctxOfUser, DRAW_PASSWORD, seedDrawFixture, type DrawFixture } from '../../testing/draw-fixture.ts';
import { freezeDraw } from '../../services/draw/freeze-draw.ts';
import { executeDraw } from '../../services/draw/run-draw.ts';
import { CODE_EXPIRED, CODE_FORGED } from '../../services/enterprise-checks/inspection-codes.ts';

let db: TestDatabase;
let app: FastifyInstance;
let f: DrawFixture;
let task: { id: number; team: number[] };
let member: string;
let now = new Date('2025-04-02T02:00:00Z');
const cookies = new Map<string, string>();

async function call(user: string | null, method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  if (user && !cookies.has(user)) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user, password: DRAW_PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    cookies.set(user, String(res.headers['set-cookie']).split(';')[0]!);
  }
  return app.inject({ method, url, headers: { ...(user ? { cookie: cookies.get(user)! } : {}), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

before(async () => {
  db = await openTestDatabase();
  f = await seedDrawFixture(db);
  const as = (n: string) => ctxOfUser(f, db, n);
  const d = await freezeDraw(as('city-coordinator'), { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '掷骰', kind: '不定向' });
  await executeDraw(as('city-coordinator'), d.id, { publicValue: '6 2 6 2', witnesses: ['王监督'], minutes: '' });
  task = (await db.pool.query(`SELECT id, team FROM draw_tasks WHERE draw_id = $1 ORDER BY position LIMIT 1`, [d.id])).rows[0];
  member = Object.entries(f.users).find(([, u]) => u.inspectorId !== undefined && task.team.includes(u.inspectorId))![0];
  app = await buildApp({ database: db, uploadDir: join(db.dataDir, 'uploads'), now: () => now });
});
after(async () => { await app?.close(); await db?.dispose(); });

test('code, public scan, forged/expired codes, CSRF, recusal request to a leader', async () => {
  const res = await call(member, 'GET', `/api/draw-tasks/${task.id}/inspection-code`);
  assert.equal(res.statusCode, 200, res.body);
  const { code } = res.json() as { code: { code: string; svg: string; validTo: string } };
  assert.match(code.svg, /^<svg[\s\S]*<path/);
  const pdf = await call(member, 'GET', `/api/draw-tasks/${task.id}/inspection-code.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.match(String(pdf.headers['content-disposition']), /filename\*=UTF-8''%E6%A3%80%E6%9F%A5%E7%A0%81/); // 检查码-…

  const scan = await call(null, 'POST', `/api/public/inspection-codes/${code.code}/scan`, {});
  assert.equal(scan.statusCode, 200, scan.body);
  assert.equal((scan.json() as { inspection: { inspectors: unknown[] } }).inspection.inspectors.length, task.team.length);

  const [id, day, mac] = code.code.split('.');
  const flipped = `${id}.${day}.${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`;
  for (const bad of [flipped, `${id}.${day}.${'x'.repeat(22)}`, 'x'.repeat(90), '1.2.3']) {
    const r = await call(null, 'POST', `/api/public/inspection-codes/${encodeURIComponent(bad)}/scan`, {});
    assert.equal(r.statusCode, 404, `${bad}: ${r.body}`);
    assert.equal((r.json() as { message: string }).message, CODE_FORGED);
  }
  // Beyond the server's parameter length: still a Chinese message.
  const long = await call(null, 'POST', `/api/public/inspection-codes/${'x'.repeat(300)}/scan`, {});
  assert.equal(long.statusCode, 414);
  assert.match((long.json() as { message: string }).message, /参数过长/);
  // A browser on another site cannot post (CSRF), even to a public route.
  const cross = await call(null, 'POST', `/api/public/inspection-codes/${code.code}/scan`, {}, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
  assert.equal(cross.statusCode, 403);

  const filed = await call(null, 'POST', `/api/public/inspection-codes/${code.code}/recusal`, { inspectorId: task.team[1], reason: '与我厂有业务往来', applicant: '王总' });
  assert.equal(filed.statusCode, 200, filed.body);
  const empty = await call(null, 'POST', `/api/public/inspection-codes/${code.code}/recusal`, { inspectorId: task.team[0], reason: '', applicant: '王总' });
  assert.equal(empty.statusCode, 400);
  assert.match((empty.json() as { message: string }).message, /申请回避的理由/);
  const list = await call('city-leader', 'GET', '/api/recusal-requests?status=pending');
  const requests = (list.json() as { requests: { id: number; reason: string; mayDecide: boolean }[] }).requests;
  assert.equal(requests.length, 1);
  assert.equal(requests[0]!.mayDecide, true);
  const noNote = await call('city-leader', 'POST', `/api/recusal-requests/${requests[0]!.id}/decision`, { approve: true, note: ' ' });
  assert.equal(noNote.statusCode, 400);
  assert.match((noNote.json() as { message: string }).message, /决定意见/);
  const inspectorList = await call(member, 'POST', `/api/recusal-requests/${requests[0]!.id}/decision`, { approve: true, note: '同意' });
  assert.equal(inspectorList.statusCode, 403);

  now = new Date(`${code.validTo}T16:00:01Z`); // 00:00:01 Beijing time of the next day
  const late = await call(null, 'POST', `/api/public/inspection-codes/${code.code}/scan`, {});
  assert.equal(late.statusCode, 404);
  assert.equal((late.json() as { message: string }).message, CODE_EXPIRED);
  assert.ok(!late.body.includes('at '), 'no stack trace');
});
