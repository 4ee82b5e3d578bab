import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../http/app.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../../testing/database.ts';
import { insertUser } from '../../storage/repos/orgs.ts';
import { hashPassword } from '../passwords.ts';
import type { Ctx } from '../context.ts';
import { addCalendarOverride, addCalendarOverrides, getCalendarOverview, listCalendarDays, withdrawCalendarOverride } from './manage-calendar.ts';
import { loadCalendar } from './load-calendar.ts';

let db: TestDatabase;
let ctx: Ctx;
let countyCtx: Ctx;
let app: FastifyInstance;

before(async () => {
  db = await openTestDatabase();
  const seeded = await seedMinimalOrgs(db);
  ctx = seeded.ctx;
  const countyAdmin = await insertUser(db.pool, { orgId: seeded.county.id, username: 'county-admin', displayName: '分局管理员', role: 'admin', passwordHash: await hashPassword('secret-pass') });
  await insertUser(db.pool, { orgId: seeded.city.id, username: 'reader', displayName: '执法人员甲', role: 'inspector', passwordHash: await hashPassword('secret-pass') });
  countyCtx = { ...ctx, actor: { ...ctx.actor, id: countyAdmin, orgId: seeded.county.id, orgPath: seeded.county.path } };
  app = await buildApp({ database: db, uploadDir: join(db.dataDir, 'uploads') });
});
after(async () => { await app.close(); await db.dispose(); });

async function login(username: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'secret-pass' } });
  assert.equal(res.statusCode, 200);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

test('2027 is refused until an override describes it; then it is known and 元旦 is a holiday', async () => {
  await assert.rejects(listCalendarDays(ctx, '2027-01-01', '2027-01-03'), /2027 年的节假日和调休安排尚未录入/);
  assert.ok(!(await getCalendarOverview(ctx)).knownYears.includes(2027));
  await addCalendarOverride(ctx, { date: '2027-01-01', kind: 'holiday', reason: '元旦（国办发明电〔2026〕X号）' });
  const overview = await getCalendarOverview(ctx);
  assert.ok(overview.knownYears.includes(2027));
  assert.equal(overview.canEdit, true);
  const days = await listCalendarDays(ctx, '2027-01-01', '2027-01-04');
  assert.deepEqual(days.map((d) => [d.date, d.workday, d.source]), [
    ['2027-01-01', false, 'override'], ['2027-01-02', false, 'weekday'], ['2027-01-03', false, 'weekday'], ['2027-01-04', true, 'weekday'],
  ]);
  assert.equal(days[0]!.reason, '元旦（国办发明电〔2026〕X号）');
});

test('an override moves deadlines at once (the cached calendar is invalidated) and a withdrawal restores them', async () => {
  // 2024-09-27 + 20 working days = 2024-10-30 (see domain/calendar/calendar.test.ts); making 10-08 a holiday → 10-31.
  assert.equal((await loadCalendar(db.pool)).addWorkdays('2024-09-27', 20), '2024-10-30');
  const o = await addCalendarOverride(ctx, { date: '2024-10-08', kind: 'holiday', reason: '地方节日' });
  assert.equal(o.kind, 'holiday');
  assert.equal(o.createdBy, '管理员');
  assert.equal((await loadCalendar(db.pool)).addWorkdays('2024-09-27', 20), '2024-10-31');
  assert.equal((await listCalendarDays(ctx, '2024-10-08', '2024-10-08'))[0]!.reason, '地方节日');

  await assert.rejects(addCalendarOverride(ctx, { date: '2024-10-08', kind: 'workday', reason: '重复' }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'CONFLICT');
    assert.match(e.message, /2024-10-08 已有调整「地方节日」（休息），请先撤销再录入/);
    return true;
  });
  // A withdrawal without a reason is refused, naming the field; the override stays in force.
  await assert.rejects(withdrawCalendarOverride(ctx, o.id, { reason: '  ' }), (e: Error & { code?: string; issues?: { field: string }[] }) => {
    assert.equal(e.code, 'VALIDATION');
    assert.match(e.message, /请填写撤销原因/);
    assert.equal(e.issues?.[0]?.field, 'reason');
    return true;
  });
  assert.equal((await loadCalendar(db.pool)).addWorkdays('2024-09-27', 20), '2024-10-31');
  await withdrawCalendarOverride(ctx, o.id, { reason: '  节日取消  ' });
  assert.equal((await loadCalendar(db.pool)).addWorkdays('2024-09-27', 20), '2024-10-30');
  await assert.rejects(withdrawCalendarOverride(ctx, o.id, { reason: '再次撤销' }), /不存在或已撤销/);
  // Never deleted: the withdrawn row stays with who withdrew it and why; the audit entry names the reason.
  const row = (await getCalendarOverview(ctx)).overrides.find((r) => r.id === o.id)!;
  assert.ok(row.revokedAt);
  assert.deepEqual([row.revokedBy, row.revokeReason], ['管理员', '节日取消']);
  const audit = (await db.pool.query(`SELECT summary, detail FROM audit_log WHERE action = 'calendar.withdraw' AND object_id = $1`, [String(o.id)])).rows[0];
  assert.match(audit.summary, /撤销原因：节日取消/);
  assert.equal(audit.detail.reason, '节日取消');
  await assert.rejects(db.pool.query('DELETE FROM calendar_overrides WHERE id = $1', [o.id]));
  // The database too refuses a withdrawal without a reason (CHECK calendar_overrides_revoke_reason).
  const other = await addCalendarOverride(ctx, { date: '2024-10-09', kind: 'holiday', reason: '地方节日次日' });
  await assert.rejects(db.pool.query('UPDATE calendar_overrides SET revoked_at = now() WHERE id = $1', [other.id]), /calendar_overrides_revoke_reason/);
  await withdrawCalendarOverride(ctx, other.id, { reason: '录入错误' });
  // After the withdrawal the day may be adjusted again.
  const again = await addCalendarOverride(ctx, { date: '2024-10-08', kind: 'workday', reason: '恢复上班' });
  await withdrawCalendarOverride(ctx, again.id, { reason: '恢复按国务院安排' });
});

test('batch entry of 2028 is all or nothing: every bad row is named and nothing is stored', async () => {
  const bad = [
    { date: '2028-01-01', kind: 'holiday' as const, reason: '元旦' },
    { date: '2028-02-30', kind: 'holiday' as const, reason: '春节' },
    { date: '2028-01-01', kind: 'holiday' as const, reason: '元旦' },
    { date: '2028-01-29', kind: 'workday' as const, reason: ' ' },
    { date: '2027-01-01', kind: 'holiday' as const, reason: '已录入过' },
  ];
  await assert.rejects(addCalendarOverrides(ctx, bad), (e: Error & { issues?: { row?: number; reason: string }[] }) => {
    assert.match(e.message, /有 4 处问题，未录入任何调整：第 2 行：日期「2028-02-30」无效/);
    assert.deepEqual(e.issues!.map((i) => i.row), [2, 3, 4, 5]);
    assert.match(e.issues![1]!.reason, /2028-01-01 与第 1 行重复/);
    assert.match(e.issues![3]!.reason, /2027-01-01 已有调整「元旦（国办发明电〔2026〕X号）」（休息）/);
    return true;
  });
  assert.ok(!(await getCalendarOverview(ctx)).knownYears.includes(2028), 'nothing stored');
  const added = await addCalendarOverrides(ctx, [
    { date: '2028-01-01', kind: 'holiday', reason: '元旦' },
    { date: '2028-01-29', kind: 'workday', reason: '春节调休' },
  ]);
  assert.equal(added, 2);
  const days = await listCalendarDays(ctx, '2028-01-29', '2028-01-30');
  assert.deepEqual(days.map((d) => [d.workday, d.reason]), [[true, '春节调休'], [false, '周末']]);
});

test('the national table is edited only by an administrator of a top-level organisation', async () => {
  await assert.rejects(addCalendarOverride(countyCtx, { date: '2025-05-06', kind: 'holiday', reason: '分局自定' }), /只有顶级机构的系统管理员/);
  await assert.rejects(addCalendarOverrides(countyCtx, [{ date: '2025-05-06', kind: 'holiday', reason: '分局自定' }]), /只有顶级机构的系统管理员/);
  assert.equal((await getCalendarOverview(countyCtx)).canEdit, false);
});

test('bad input is refused in Chinese naming the field', async () => {
  await assert.rejects(addCalendarOverride(ctx, { date: '2025-02-30', kind: 'holiday', reason: 'x' }), /日期「2025-02-30」无效/);
  await assert.rejects(addCalendarOverride(ctx, { date: '2025-05-06', kind: 'holiday', reason: '  ' }), /调整表有误/);
  await assert.rejects(listCalendarDays(ctx, '2025-01-01', '2025-06-01'), /最多查询 62 天/);
  await assert.rejects(listCalendarDays(ctx, '2025-02-01', '2025-01-01'), /早于开始日期/);
});

test('API: everyone reads, an inspector may not edit, an admin adds and withdraws; zod errors are Chinese', async () => {
  const reader = await login('reader');
  const overview = await app.inject({ method: 'GET', url: '/api/calendar', headers: { cookie: reader } });
  assert.equal(overview.statusCode, 200);
  assert.equal(overview.json().canEdit, false);
  const days = await app.inject({ method: 'GET', url: '/api/calendar/days?from=2025-01-25&to=2025-01-28', headers: { cookie: reader } });
  assert.deepEqual(days.json().days.map((d: { reason: string }) => d.reason), ['周末', '春节调休上班', '工作日', '春节']);
  const unknown = await app.inject({ method: 'GET', url: '/api/calendar/days?from=2029-01-01&to=2029-01-02', headers: { cookie: reader } });
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.json().message, /2029 年的节假日和调休安排尚未录入/);
  const forbidden = await app.inject({ method: 'POST', url: '/api/calendar/overrides', headers: { cookie: reader }, payload: { date: '2025-05-06', kind: 'holiday', reason: '测试' } });
  assert.equal(forbidden.statusCode, 403);

  const admin = await login('admin');
  const bad = await app.inject({ method: 'POST', url: '/api/calendar/overrides', headers: { cookie: admin }, payload: { date: '2025/05/06', kind: 'rest', reason: '' } });
  assert.equal(bad.statusCode, 400);
  assert.match(JSON.stringify(bad.json()), /日期格式应为 YYYY-MM-DD/);
  assert.match(JSON.stringify(bad.json()), /调整类型应为「上班」或「休息」/);
  const added = await app.inject({ method: 'POST', url: '/api/calendar/overrides', headers: { cookie: admin }, payload: { date: '2025-05-06', kind: 'holiday', reason: '地方节日' } });
  assert.equal(added.statusCode, 200);
  const id = added.json().override.id;
  const after = await app.inject({ method: 'GET', url: '/api/calendar/days?from=2025-05-06&to=2025-05-06', headers: { cookie: reader } });
  assert.deepEqual(after.json().days[0], { date: '2025-05-06', workday: false, reason: '地方节日', source: 'override' });
  const noReason = await app.inject({ method: 'POST', url: `/api/calendar/overrides/${id}/withdraw`, headers: { cookie: admin }, payload: {} });
  assert.equal(noReason.statusCode, 400);
  assert.match(JSON.stringify(noReason.json()), /请填写撤销原因/);
  const withdrawn = await app.inject({ method: 'POST', url: `/api/calendar/overrides/${id}/withdraw`, headers: { cookie: admin }, payload: { reason: '节日取消' } });
  assert.equal(withdrawn.statusCode, 200);
});
