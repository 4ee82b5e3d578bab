/**
 * The inspection API over HTTP: an inspector's tasks, PUT of a draft then of the submission under one
 * client key (replayed: one record), a bad body answered in Chinese naming the field, the record
 * frozen (a later PUT changes nothing), an amendment approved by a leader shown beside the original.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { ctxOfUser, DRAW_PASSWORD, seedDrawFixture, type DrawFixture } from '../../testing/draw-fixture.ts';
import { freezeDraw } from '../../services/draw/freeze-draw.ts';
import { executeDraw } from '../../services/draw/run-draw.ts';
import { jpegWithExif, pngSignature } from '../../testing/media-fixtures.ts';

let db: TestDatabase;
let app: FastifyInstance;
let f: DrawFixture;
let task: { id: number; team: number[]; ofCity: boolean };
let member: string;
const cookies = new Map<string, string>();

async function call(user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  if (!cookies.has(user)) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: user, password: DRAW_PASSWORD } });
    assert.equal(res.statusCode, 200, res.body);
    cookies.set(user, String(res.headers['set-cookie']).split(';')[0]!);
  }
  return app.inject({ method, url, headers: { cookie: cookies.get(user)! }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

before(async () => {
  db = await openTestDatabase();
  f = await seedDrawFixture(db);
  const as = (n: string) => ctxOfUser(f, db, n);
  const d = await freezeDraw(as('city-coordinator'), { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '掷骰', kind: '不定向' });
  await executeDraw(as('city-coordinator'), d.id, { publicValue: '5 5 5 5', witnesses: ['王监督'], minutes: '' });
  // Preferably a task the city carries out itself, so that a branch's coordinator is an outsider to
  // it. The secret is fresh each run, so the draw may send every task to the branch; then the
  // branch's coordinator is an officer of the record instead.
  task = (await db.pool.query(`SELECT id, team, dispatched_org_id = $2 AS "ofCity" FROM draw_tasks WHERE draw_id = $1
    ORDER BY (dispatched_org_id = $2) DESC, position LIMIT 1`, [d.id, f.city.id])).rows[0];
  member = Object.entries(f.users).find(([, u]) => u.inspectorId !== undefined && task.team.includes(u.inspectorId))![0];
  app = await buildApp({ database: db, uploadDir: join(db.dataDir, 'uploads'), now: () => new Date('2025-04-10T02:00:00Z') });
});
after(async () => { await app?.close(); await db?.dispose(); });

let recordId: number;

test('draft, submit, replay, frozen, amendment over HTTP', async () => {
  const tasks = (await call(member, 'GET', '/api/inspection-tasks/mine')).json().tasks;
  assert.ok(tasks.some((t: { id: number; deadline: string | null }) => t.id === task.id));
  const bad = await call(member, 'PUT', '/api/inspections', { clientKey: 'x', taskId: task.id, mode: '步行', inspectedOn: '2025-04-10' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /「clientKey」.*客户端记录标识/);
  assert.match(bad.json().message, /「mode」检查方式应为 现场、在线监测/);

  const key = 'c0ffee00-0000-4000-8000-000000000001';
  const draft = await call(member, 'PUT', '/api/inspections', { clientKey: key, taskId: task.id, mode: '在线监测', inspectedOn: '2025-04-10' });
  assert.equal(draft.statusCode, 200, draft.body);
  const id = draft.json().record.id;
  recordId = id;
  const up = (query: string, bytes: Buffer, name: string) => {
    const boundary = 'inspectionboundary';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return app.inject({ method: 'POST', url: `/api/inspections/${id}/attachments${query}`, payload, headers: { cookie: cookies.get(member)!, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  };
  const photo = await up('', jpegWithExif('2025:04:10 09:30:00'), '现场照片.jpg');
  assert.equal(photo.statusCode, 200, photo.body);
  assert.equal(photo.json().attachment.capturedAt, '2025-04-10T01:30:00.000Z');
  // The response of an upload is lost and the phone sends it again under the same key (also two at
  // once): one row, the first one's.
  const photoKey = 'photo-5b8e1c6a-0000-4000-8000-00000000000a';
  const retried = await Promise.all([up(`?clientKey=${photoKey}`, jpegWithExif('2025:04:10 09:31:00'), '复印件.jpg'), up(`?clientKey=${photoKey}`, jpegWithExif('2025:04:10 09:31:00'), '复印件.jpg')]);
  const again = await up(`?clientKey=${photoKey}`, jpegWithExif('2025:04:10 09:31:00'), '复印件.jpg');
  assert.deepEqual([...retried, again].map((r) => r.statusCode), [200, 200, 200], retried[0]!.body + retried[1]!.body);
  assert.equal(new Set([...retried, again].map((r) => r.json().attachment.id)).size, 1);
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM inspection_attachments WHERE record_id = $1 AND client_key = $2`, [id, photoKey])).rows[0].n, 1);
  const otherKey = await up(`?clientKey=${photoKey}b`, jpegWithExif('2025:04:10 09:31:00'), '复印件.jpg');
  assert.notEqual(otherKey.json().attachment.id, again.json().attachment.id, 'a different key is a different attachment');
  assert.equal((await up('?clientKey=x', jpegWithExif('2025:04:10 09:31:00'), 'a.jpg')).statusCode, 400);
  const evil = await up('', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'x.jpg');
  assert.equal(evil.statusCode, 400);
  assert.match(evil.json().message, /无法识别文件「x.jpg」的类型/);
  for (const i of task.team) assert.equal((await up(`?signerInspectorId=${i}`, pngSignature(), 'sig.png')).statusCode, 200);
  const file = await call(member, 'GET', `/api/inspection-attachments/${photo.json().attachment.id}/file`);
  assert.equal(file.headers['content-type'], 'image/jpeg');
  assert.deepEqual(file.rawPayload, jpegWithExif('2025:04:10 09:30:00'));
  assert.equal((await call('county-coordinator', 'GET', `/api/inspection-attachments/${photo.json().attachment.id}/file`)).statusCode, task.ofCity ? 404 : 200);
  const lines = draft.json().record.lines.map((l: { position: number }) => ({ position: l.position, verdict: '符合' }));
  const body = { clientKey: key, taskId: task.id, mode: '在线监测', inspectedOn: '2025-04-10', lines, resultCategory: '未发现问题', submit: true };
  const [a, b] = await Promise.all([call(member, 'PUT', '/api/inspections', body), call(member, 'PUT', '/api/inspections', body)]);
  assert.deepEqual([a.statusCode, b.statusCode], [200, 200], a.body + b.body);
  assert.deepEqual([a.json().record.id, b.json().record.id], [id, id]);
  assert.deepEqual([a.json().alreadySubmitted, b.json().alreadySubmitted].sort(), [false, true]);
  const later = await call(member, 'PUT', '/api/inspections', { ...body, resultCategory: '发现问题，责令整改', submit: false });
  assert.equal(later.json().record.resultCategory, '未发现问题');
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM inspection_records`)).rows[0].n, 1);

  const am = await call(member, 'POST', `/api/inspections/${id}/amendments`, { reason: '补记在线监测数据超标', changes: { lines: [{ position: 2, verdict: '不符合', finding: '4 月 3 日 COD 小时均值超标' }] } });
  assert.equal(am.statusCode, 200, am.body);
  assert.equal((await call(member, 'POST', `/api/inspection-amendments/${am.json().id}/decision`, { approve: true })).statusCode, 403);
  assert.equal((await call('city-leader', 'POST', `/api/inspection-amendments/${am.json().id}/decision`, { approve: true, note: '同意' })).statusCode, 200);
  const detail = (await call('city-coordinator', 'GET', `/api/inspections/${id}`)).json();
  assert.equal(detail.record.lines[1].verdict, '符合');
  assert.equal(detail.corrected.lines[1].verdict, '不符合');
  assert.equal(detail.amendments[0].status, 'approved');
  const pdf = await call('city-coordinator', 'GET', `/api/inspections/${id}/record.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.match(String(pdf.headers['content-disposition']), /filename\*=UTF-8''%E7%8E%B0%E5%9C%BA/);
  const counts = (await call('city-coordinator', 'GET', '/api/inspections/counts?year=2025')).json().counts;
  assert.equal(counts.targets.length, 1);
  assert.equal(counts.inspectors.length, task.team.length);
});

test('the 整改 loop: ordered from a finding, evidence through the enterprise\'s one-time link (no login), verified and closed', async () => {
  const id = recordId;
  const noDeadline = await call(member, 'POST', `/api/inspections/${id}/followups`, { kind: '责令整改', requirement: '补设危废标识' });
  assert.equal(noDeadline.statusCode, 400);
  assert.match(noDeadline.json().message, /整改期限/);
  const opened = await call(member, 'POST', `/api/inspections/${id}/followups`, { kind: '责令整改', linePosition: 2, requirement: '30 日内完成在线监测设备校准并提交比对报告', deadline: '2025-05-10' });
  assert.equal(opened.statusCode, 200, opened.body);
  const fid = opened.json().followup.id;
  const taskStatus = async () => (await db.pool.query(`SELECT status FROM draw_tasks WHERE id = $1`, [task.id])).rows[0].status;
  assert.equal(await taskStatus(), '跟进中');
  const mine = (await call(member, 'GET', '/api/inspection-tasks/mine')).json().tasks.find((t: { id: number }) => t.id === task.id);
  assert.deepEqual([mine.status, mine.openFollowups], ['整改跟进中', 1]);

  // A team member is not an officer: 403, or 404 when the draw put a branch's inspector on this
  // record of an organisation above its own (the secret, hence the team, differs per run).
  assert.ok([403, 404].includes((await call(member, 'POST', `/api/inspection-followups/${fid}/links`, {})).statusCode));
  const link = await call('city-coordinator', 'POST', `/api/inspection-followups/${fid}/links`, { days: 7 });
  assert.equal(link.statusCode, 200, link.body);
  const { token, path } = link.json().link;
  assert.equal(path, `/rectify/${token}`);
  const stored = (await db.pool.query(`SELECT token_hash FROM followup_links WHERE followup_id = $1`, [fid])).rows[0].token_hash;
  assert.equal(stored, createHash('sha256').update(token).digest('hex'));
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM followup_links WHERE token_hash = $1 OR note = $1`, [token])).rows[0].n, 0, 'the token itself is not stored');

  const info = await app.inject({ method: 'GET', url: `/api/public/rectify/${token}` });
  assert.equal(info.statusCode, 200, info.body);
  assert.match(info.json().rectification.requirement, /在线监测设备校准/);
  const boundary = 'rectifyboundary';
  const pdfBytes = Buffer.from('%PDF-1.4\n% 比对报告\n%%EOF\n');
  const upload = () => app.inject({
    method: 'POST', url: `/api/public/rectify/${token}?note=${encodeURIComponent('已校准，附比对报告')}`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="比对报告.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdfBytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  });
  const up = await upload();
  assert.equal(up.statusCode, 200, up.body);
  assert.equal(up.json().evidence.kind, 'document');
  const again = await upload();
  assert.equal(again.statusCode, 404);
  assert.match(again.json().message, /已使用或已过期/);
  assert.equal((await app.inject({ method: 'GET', url: `/api/public/rectify/${token}` })).statusCode, 404);
  // An expired link opens nothing either.
  await db.pool.query(`INSERT INTO followup_links (followup_id, token_hash, expires_at) VALUES ($1, $2, '2025-04-01T00:00:00Z')`, [fid, createHash('sha256').update('expired-token-0000000000000').digest('hex')]);
  assert.equal((await app.inject({ method: 'GET', url: '/api/public/rectify/expired-token-0000000000000' })).statusCode, 404);

  assert.ok([403, 404].includes((await call(member, 'POST', `/api/inspection-followups/${fid}/verify`, { accept: true, verification: '同意' })).statusCode));
  const closed = await call('city-coordinator', 'POST', `/api/inspection-followups/${fid}/verify`, { accept: true, verification: '比对报告合格，整改到位' });
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal(closed.json().followup.status, 'closed');
  assert.equal(await taskStatus(), '已完结');
  const detail = (await call('city-coordinator', 'GET', `/api/inspections/${id}`)).json();
  assert.equal(detail.followups[0].evidence[0].fileName, '比对报告.pdf');
  assert.equal((await call(member, 'GET', `/api/inspection-attachments/${detail.followups[0].evidence[0].id}/file`)).rawPayload.toString(), pdfBytes.toString());

  const caseNoMissing = await call(member, 'POST', `/api/inspections/${id}/followups`, { kind: '立案', requirement: '超标排放' });
  assert.match(caseNoMissing.json().message, /案件编号/);
  const filed = await call(member, 'POST', `/api/inspections/${id}/followups`, { kind: '立案', requirement: '超标排放', caseNo: '深环罚〔2025〕12号' });
  assert.equal(filed.json().followup.caseNo, '深环罚〔2025〕12号');
  assert.equal(await taskStatus(), '跟进中');
});
