/**
 * The 监督统计 routes over HTTP on the 2026 fixture year: the dashboard's figures, Chinese 400s for a
 * bad year or report kind, report downloads with their file names, and the bell — the scheduler's
 * notifications, unread per user, marked read for one user only.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { seedSupervisionFixture, type SupervisionFixture } from '../../testing/supervision-fixture.ts';
import { DRAW_PASSWORD } from '../../testing/draw-fixture.ts';
import { schedulerTick } from '../../services/supervision/scheduler.ts';

let db: TestDatabase;
let app: FastifyInstance;
let f: SupervisionFixture;
const cookies: Record<string, string> = {};

before(async () => {
  db = await openTestDatabase();
  f = await seedSupervisionFixture(db);
  app = await buildApp({ database: db, uploadDir: join(db.dataDir, 'uploads') });
  for (const u of ['city-supervisor', 'city-coordinator']) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u, password: DRAW_PASSWORD } });
    cookies[u] = String(res.headers['set-cookie']).split(';')[0]!;
  }
});
after(async () => { await app?.close(); await db?.dispose(); });

const get = (who: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });

test('the dashboard answers the year\'s figures; a bad year or report kind is a Chinese 400', async () => {
  const res = await get('city-supervisor', '/api/supervision/dashboard?year=2026');
  assert.equal(res.statusCode, 200);
  const d = res.json();
  assert.deepEqual([d.planned, d.drawn, d.completed, d.children[0].org.id], [13, 12, 10, f.county.id]);
  const q1 = (await get('city-supervisor', '/api/supervision/dashboard?year=2026&period=2026-Q1')).json();
  assert.deepEqual([q1.planned, q1.drawn, q1.completed], [7, 7, 6]);
  const bad = await get('city-supervisor', '/api/supervision/dashboard?year=abc');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /年度/);
  const kind = await get('city-supervisor', '/api/supervision/reports/weekly?period=2026');
  assert.equal(kind.statusCode, 400);
  assert.match(kind.body, /报表类型/);
});

test('reports download with their Chinese file names', async () => {
  const x = await get('city-coordinator', '/api/supervision/reports/monthly?period=2026-03');
  assert.equal(x.statusCode, 200);
  assert.match(String(x.headers['content-type']), /spreadsheetml/);
  assert.match(String(x.headers['content-disposition']), new RegExp(encodeURIComponent(`情况明细表-${f.city.name}-2026-03.xlsx`)));
  const pdf = await get('city-coordinator', '/api/supervision/reports/annual?period=2026');
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
});

test('the bell: notifications of the user\'s organisation, read marks per user', async () => {
  await schedulerTick(db, new Date('2026-11-27T02:00:00Z'));
  const mine = (await get('city-supervisor', '/api/notifications')).json();
  assert.equal(mine.unread, 3);
  assert.ok(mine.rows.some((n: { title: string }) => n.title.includes('全年双随机监管工作总结')));
  const first = mine.rows.find((n: { kind: string }) => n.kind === 'reminder');
  const one = await app.inject({ method: 'POST', url: '/api/notifications/read', headers: { cookie: cookies['city-supervisor']!, 'x-requested-with': 'shuangsui' }, payload: { ids: [first.id] } });
  assert.deepEqual(one.json(), { marked: 1 });
  assert.equal((await get('city-supervisor', '/api/notifications')).json().unread, 2);
  const all = await app.inject({ method: 'POST', url: '/api/notifications/read', headers: { cookie: cookies['city-supervisor']!, 'x-requested-with': 'shuangsui' }, payload: {} });
  assert.deepEqual(all.json(), { marked: 2 });
  assert.equal((await get('city-supervisor', '/api/notifications')).json().unread, 0);
  // Another user of the same organisation still has them unread.
  assert.equal((await get('city-coordinator', '/api/notifications')).json().unread, 3);
  const cal = (await get('city-coordinator', '/api/supervision/reminders?year=2026')).json();
  assert.ok(cal.rows.some((r: { title: string; firedAt: string | null }) => r.title.includes('全年双随机监管工作总结') && r.firedAt));
});
