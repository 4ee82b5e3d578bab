/**
 * The draw API by role over HTTP: the public endpoints (no login) show only ids and hashes before the
 * reveal and the bundle after it; signed-in users see the list per the confidentiality rule.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { DRAW_PASSWORD, seedDrawFixture, type DrawFixture } from '../../testing/draw-fixture.ts';
import { verifyBundle } from '../../domain/draw/verify.ts';

let db: TestDatabase;
let app: FastifyInstance;
let f: DrawFixture;
const cookies = new Map<string, string>();

async function login(username: string): Promise<string> {
  if (!cookies.has(username)) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: DRAW_PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    cookies.set(username, String(res.headers['set-cookie']).split(';')[0]!);
  }
  return cookies.get(username)!;
}
async function call(user: string | null, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const headers = user ? { cookie: await login(user) } : {};
  return app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

before(async () => {
  db = await openTestDatabase();
  f = await seedDrawFixture(db);
  app = await buildApp({ database: db, uploadDir: join(db.dataDir, 'uploads'), now: () => new Date('2025-04-01T02:00:00Z') });
});
after(async () => { await app?.close(); await db?.dispose(); });

test('freeze, draw and reveal over HTTP with the public view at each step and the list per role', async () => {
  const frozen = await call('city-coordinator', 'POST', '/api/draws', { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '现场掷骰', kind: '不定向' });
  assert.equal(frozen.statusCode, 200, frozen.body);
  const { id, drawNo, manifestHash, commitment } = frozen.json().draw;
  const bad = await call('city-coordinator', 'POST', '/api/draws', { profileKey: 'nanshan', period: '2025-Q9', drawDate: '2025-04-01', publicValueSource: '现场掷骰', kind: '不定向' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message + JSON.stringify(bad.json().issues ?? []), /期间/);

  const pub1 = (await call(null, 'GET', `/api/public/draws/${drawNo}`)).json().draw;
  assert.deepEqual([pub1.manifestHash, pub1.commitment, pub1.publicValueSource, pub1.resultHash, pub1.bundle], [manifestHash, commitment, '现场掷骰', null, null]);
  assert.equal((await call(null, 'GET', `/api/draws/${id}`)).statusCode, 401);
  assert.equal((await call('city-supervisor', 'POST', `/api/draws/${id}/draw`, { publicValue: '1 2 3', witnesses: ['甲'] })).statusCode, 403);

  const drawn = await call('city-coordinator', 'POST', `/api/draws/${id}/draw`, { publicValue: '4 4 2 6', witnesses: ['王监督'], minutes: '纪要' });
  assert.equal(drawn.statusCode, 200, drawn.body);
  const pub2 = (await call(null, 'GET', `/api/public/draws/${drawNo}`)).json().draw;
  assert.equal(pub2.resultHash, drawn.json().draw.resultHash);
  assert.equal(pub2.bundle, null);
  assert.ok(!JSON.stringify(pub2).includes('targetKey'));
  const again = await call('city-coordinator', 'POST', `/api/draws/${id}/draw`, { publicValue: '1 1 1 1', witnesses: ['王监督'] });
  assert.equal(again.statusCode, 409);

  const all = (await call('city-coordinator', 'GET', `/api/draws/${id}`)).json().draw;
  assert.equal(all.visibility, 'all');
  const sup = (await call('city-supervisor', 'GET', `/api/draws/${id}`)).json().draw;
  assert.deepEqual([sup.visibility, sup.tasks.length, sup.seed], ['none', 0, null]);
  assert.equal((await call('county-coordinator', 'GET', `/api/draws/${id}`)).statusCode, 404);
  const member = all.tasks[0].team[0].id as number;
  const inspector = Object.entries(f.users).find(([, u]) => u.inspectorId === member)![0];
  const own = (await call(inspector, 'GET', `/api/draws/${id}`)).json().draw;
  assert.equal(own.visibility, 'own');
  assert.ok(own.tasks.every((t: { team: { id: number }[] }) => t.team.some((m) => m.id === member)));
  assert.equal((await call('city-coordinator', 'GET', `/api/draws/${id}/bundle`)).statusCode, 403);
  const log = (await call('city-leader', 'GET', `/api/draws/${id}/access-log`)).json().entries;
  assert.ok(log.some((e: { userName: string; what: string }) => e.userName === inspector && e.what === 'own-tasks'));
  assert.ok(log.some((e: { userName: string; what: string }) => e.userName === 'city-coordinator' && e.what === 'list'));

  assert.equal((await call('city-leader', 'POST', `/api/draws/${id}/reveal`)).statusCode, 200);
  const pub3 = (await call(null, 'GET', `/api/public/draws/${drawNo}`)).json().draw;
  assert.ok(verifyBundle(pub3.bundle, { manifestHash, resultHash: pub3.resultHash }).ok);
  const list = (await call(null, 'GET', `/api/public/draws?org=city`)).json().draws;
  assert.deepEqual(list.map((d: { drawNo: string; bundle: unknown }) => [d.drawNo, d.bundle]), [[drawNo, null]]);
  const bundle = await call('city-supervisor', 'GET', `/api/draws/${id}/bundle`);
  assert.equal(bundle.statusCode, 200);
  assert.ok(verifyBundle(bundle.json()).ok);
  const compliance = (await call('city-supervisor', 'GET', `/api/draws/compliance?profileKey=nanshan&year=2025`)).json().compliance;
  assert.deepEqual(compliance.shortfalls.map((l: { period: string }) => l.period), ['2025-Q3']);
});
