/**
 * 凡检查必审批 (#9) on stored data: a targeted check is requested as 待审批 with its basis and window;
 * before a leader's approval it can be neither filled, given attachments, submitted nor coded — the API
 * refuses and so does the database (raw SQL); the requester cannot approve their own request, nor can
 * anyone but a leader of the organisation or above (API and trigger); a leader decides once with an opinion (audited, frozen, never deleted); the approved check
 * appears on its inspectors' phone list with a code valid for its window and is submitted within it;
 * a rejected one stays listed with its opinion, off the phones and out of the annual cap; the
 * 《行政检查审批表》 prints the decision.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { ctxOfUser, seedDrawFixture, type DrawFixture } from '../../testing/draw-fixture.ts';
import { pngSignature } from '../../testing/media-fixtures.ts';
import type { AppError } from '../../domain/errors.ts';
import { saveInspection } from '../inspection/save-inspection.ts';
import { attachToRecord } from '../inspection/attach-file.ts';
import { listMyTasks } from '../inspection/read-inspection.ts';
import { requestTargetedCheck, type RequestTargetedCheckInput } from './request-targeted-check.ts';
import { decideTargetedCheck } from './decide-targeted-check.ts';
import { listTargetedChecks } from './list-targeted-checks.ts';
import { recordCode } from './inspection-codes.ts';
import { capCounts } from './annual-cap.ts';
import { recordApprovalFormPdf } from './forms-pdf.ts';

let db: TestDatabase;
let f: DrawFixture;
let filesDir: string;
const as = (name: string) => ctxOfUser(f, db, name);
const at = (name: string, iso: string) => ({ ...as(name), now: () => new Date(iso) });
let inspector0: string;
let request: RequestTargetedCheckInput;
let recordId = 0;

before(async () => {
  db = await openTestDatabase();
  f = await seedDrawFixture(db);
  filesDir = mkdtempSync(join(tmpdir(), 'ss-approval-'));
  inspector0 = Object.entries(f.users).find(([, u]) => u.inspectorId === f.inspectorIds.city[0])![0];
  request = {
    clientKey: 'approval-0001-aaaaaaaa', kind: '投诉举报', targetId: f.targetIds['市一般0']!, basis: '群众反映该厂夜间排放刺鼻异味',
    basisRef: '12345-2025-04-0031', plannedFrom: '2025-04-07', plannedTo: '2025-04-11', team: [f.inspectorIds.city[0]!, f.inspectorIds.city[1]!],
    mode: '视频', lines: [{ position: 1, item: '废气', content: '核实夜间异味排放' }],
  };
});
after(async () => { await db?.dispose(); rmSync(filesDir, { recursive: true, force: true }); });

const countOf = async (targetId: number) => (await capCounts(db.pool, f.city.path, 2025, [targetId])).get(targetId) ?? 0;

test('a targeted check is 待审批: not fillable, attachable, submittable or coded before approval — API and database', async () => {
  await assert.rejects(requestTargetedCheck(as('city-coordinator'), { ...request, basis: ' ' }), (e: AppError) => e.code === 'VALIDATION' && e.issues?.[0]?.field === 'basis');
  await assert.rejects(requestTargetedCheck(as('city-coordinator'), { ...request, plannedTo: '2025-04-01' }), (e: AppError) => e.issues?.[0]?.field === 'plannedTo');
  const made = await requestTargetedCheck(at('city-coordinator', '2025-04-03T02:00:00Z'), request);
  recordId = made.recordId;
  assert.deepEqual([made.created, made.beyondCap], [true, false]);
  assert.equal((await requestTargetedCheck(as('city-coordinator'), request)).recordId, recordId, 'a retried request returns the first');
  const [listed] = (await listTargetedChecks(as('city-leader'), { status: 'pending' })).filter((r) => r.recordId === recordId);
  assert.deepEqual([listed!.status, listed!.basisRef, listed!.plannedTo, listed!.items, listed!.mayDecide, listed!.cap.count], ['pending', '12345-2025-04-0031', '2025-04-11', ['核实夜间异味排放'], true, 0]);
  assert.equal((await listTargetedChecks(as('city-coordinator'))).find((r) => r.recordId === recordId)!.mayDecide, false);
  assert.equal(await countOf(request.targetId), 1, 'a pending check is scheduled: it counts against the cap');

  const fill = { clientKey: request.clientKey, mode: '视频' as const, inspectedOn: '2025-04-08', lines: [{ position: 1, verdict: '符合' as const }], resultCategory: '未发现问题' as const, submit: true };
  await assert.rejects(saveInspection(as(inspector0), fill), (e: AppError) => e.code === 'CONFLICT' && /尚未经领导审批/.test(e.message));
  await assert.rejects(attachToRecord(as(inspector0), filesDir, recordId, { stream: Readable.from([pngSignature()]), fileName: 's.png', signer: { inspectorId: f.inspectorIds.city[0]! } }), /尚未经领导审批/);
  await assert.rejects(recordCode(as(inspector0), recordId), /尚未经领导审批/);
  await assert.rejects(saveInspection(as('city-coordinator'), { clientKey: 'approval-bypass-0001', targetId: request.targetId, kind: '专项', mode: '现场', inspectedOn: '2025-04-08' }), /先登记检查申请/);
  assert.ok(!(await listMyTasks(as(inspector0))).some((t) => t.recordId === recordId), 'not on the phone while pending');
  // The database refuses the submission and any forged decision on its own.
  await assert.rejects(db.pool.query(`UPDATE inspection_records SET status = 'submitted' WHERE id = $1`, [recordId]), /尚未经领导审批/);
  await assert.rejects(db.pool.query(`UPDATE inspection_approvals SET status = 'approved', decided_by = requested_by, decided_at = now(), opinion = '自批' WHERE record_id = $1`, [recordId]), /申请人不能审批/);
  await assert.rejects(db.pool.query(`UPDATE inspection_approvals SET status = 'approved', decided_by = $2, decided_at = now() WHERE record_id = $1`, [recordId, f.users['city-leader']!.id]), /审批意见/);
  const decideAs = (user: string) => db.pool.query(`UPDATE inspection_approvals SET status = 'approved', decided_by = $2, decided_at = now(), opinion = '同意' WHERE record_id = $1`, [recordId, f.users[user]!.id]);
  await assert.rejects(decideAs(inspector0), /须由本单位或上级单位的局领导/, 'not a leader');
  await assert.rejects(decideAs('county-leader'), /须由本单位或上级单位的局领导/, 'a leader below the organisation');
  await assert.rejects(db.pool.query(`DELETE FROM inspection_approvals WHERE record_id = $1`, [recordId]), /不能删除/);
});

test('the requester cannot approve their own request; only a leader over the organisation decides, once, with an opinion', async () => {
  const own = await requestTargetedCheck(as('city-leader'), { ...request, clientKey: 'approval-own-0001-aaaa', targetId: f.targetIds['市一般1']!, kind: '专项' });
  await assert.rejects(decideTargetedCheck(as('city-leader'), own.recordId, { approve: true, opinion: '同意' }), (e: AppError) => e.code === 'FORBIDDEN' && /申请人不能审批自己/.test(e.message));
  assert.equal((await listTargetedChecks(as('city-leader'))).find((r) => r.recordId === own.recordId)!.mayDecide, false);
  await assert.rejects(decideTargetedCheck(as('city-coordinator'), recordId, { approve: true, opinion: '同意' }), /局领导/);
  await assert.rejects(decideTargetedCheck(as('county-leader'), recordId, { approve: true, opinion: '同意' }), (e: AppError) => e.code === 'NOT_FOUND');
  await assert.rejects(decideTargetedCheck(as('city-leader'), recordId, { approve: true, opinion: '  ' }), (e: AppError) => e.issues?.[0]?.field === 'opinion');
  const decided = await decideTargetedCheck(at('city-leader', '2025-04-03T06:30:00Z'), recordId, { approve: true, opinion: '线索具体，同意检查' });
  assert.deepEqual([decided.status, decided.capExceptionId], ['approved', null]);
  await assert.rejects(decideTargetedCheck(as('city-leader'), recordId, { approve: false, opinion: '改主意' }), /已批准/);
  await assert.rejects(db.pool.query(`UPDATE inspection_approvals SET opinion = '改' WHERE record_id = $1`, [recordId]), /已决定/);
  const bell = (await db.pool.query(`SELECT title FROM notifications WHERE org_id = $1 AND kind = 'approval' ORDER BY id`, [f.city.id])).rows.map((r) => r.title as string);
  assert.ok(bell.some((t) => /^检查审批：投诉举报「.+」待领导审批$/.test(t)), JSON.stringify(bell));
  assert.ok(bell.some((t) => /^检查申请已批准：投诉举报/.test(t)), JSON.stringify(bell));
  const row = (await db.pool.query(`SELECT status, decided_by AS "by", opinion FROM inspection_approvals WHERE record_id = $1`, [recordId])).rows[0];
  assert.deepEqual(row, { status: 'approved', by: f.users['city-leader']!.id, opinion: '线索具体，同意检查' });
});

test('an approved check is on its inspectors\' phones with a code for its window and is submitted within it', async () => {
  const mine = (await listMyTasks(as(inspector0))).find((t) => t.recordId === recordId)!;
  assert.deepEqual([mine.kind, mine.id, mine.validFrom, mine.deadline, mine.status, mine.clientKey, mine.drawNo], ['投诉举报', recordId, '2025-04-07', '2025-04-11', '已批准', request.clientKey, '12345-2025-04-0031']);
  const code = await recordCode(as(inspector0), recordId);
  assert.match(code.code, new RegExp(`^R${recordId}\\.20250411\\.`));
  assert.deepEqual([code.validFrom, code.validTo], ['2025-04-07', '2025-04-11']);
  // The team is the approved one (a member may drop out, nobody may join), the day within the window.
  const fill = { clientKey: request.clientKey, mode: '视频' as const, lines: [{ position: 1, verdict: '符合' as const }], resultCategory: '未发现问题' as const };
  await assert.rejects(saveInspection(as(inspector0), { ...fill, inspectedOn: '2025-04-08', team: [f.inspectorIds.city[0]!, f.inspectorIds.city[2]!] }), (e: AppError) => e.issues?.[0]?.field === 'team');
  for (const i of request.team!) await attachToRecord(as(inspector0), filesDir, recordId, { stream: Readable.from([pngSignature()]), fileName: 's.png', signer: { inspectorId: i } });
  await assert.rejects(saveInspection(as(inspector0), { ...fill, inspectedOn: '2025-04-14', submit: true }), /不在批准的检查时间 2025-04-07 至 2025-04-11 内/);
  await assert.rejects(db.pool.query(`UPDATE inspection_records SET status = 'submitted' WHERE id = $1`, [recordId]), /不在批准的检查时间/);
  const done = await saveInspection(as(inspector0), { ...fill, inspectedOn: '2025-04-09', submit: true });
  assert.equal(done.record.status, 'submitted');
  assert.equal((await listMyTasks(as(inspector0))).find((t) => t.recordId === recordId)!.status, '已检查');
  const actions = (await db.pool.query(`SELECT action FROM audit_log WHERE object_type = 'inspection' AND object_id = $1 ORDER BY seq`, [String(recordId)])).rows.map((r) => r.action);
  assert.deepEqual(actions, ['inspection.check-request', 'inspection.check-decide', 'inspection.submit']);
});

test('a rejection keeps the request visible with its opinion, off the phones and out of the annual cap', async () => {
  const target = f.targetIds['市一般2']!;
  const { recordId: id } = await requestTargetedCheck(as('city-coordinator'), { ...request, clientKey: 'approval-reject-0001-aa', targetId: target, kind: '监测发现线索', basisRef: null });
  assert.equal(await countOf(target), 1);
  await decideTargetedCheck(at('city-leader', '2025-04-04T01:00:00Z'), id, { approve: false, opinion: '线索不实，在线监测数据正常，不予检查' });
  const listed = (await listTargetedChecks(as('city-coordinator'))).find((r) => r.recordId === id)!;
  assert.deepEqual([listed.status, listed.opinion, listed.decidedBy], ['rejected', '线索不实，在线监测数据正常，不予检查', 'city-leader']);
  assert.equal(await countOf(target), 0, 'a rejected check never happens: not counted');
  await assert.rejects(saveInspection(as(inspector0), { clientKey: 'approval-reject-0001-aa', mode: '现场', inspectedOn: '2025-04-08' }), /已被驳回，不能检查：线索不实/);
  await assert.rejects(recordCode(as(inspector0), id), /已被驳回/);
  await assert.rejects(db.pool.query(`UPDATE inspection_records SET summary = '偷偷检查' WHERE id = $1`, [id]), /已被驳回/);
  assert.ok(!(await listMyTasks(as(inspector0))).some((t) => t.recordId === id));
});

test('the 《行政检查审批表》 prints the request and the leader\'s decision (approver, opinion, time)', async () => {
  const { pdf } = await recordApprovalFormPdf(as('city-coordinator'), recordId);
  const dir = mkdtempSync(join(tmpdir(), 'ss-approval-pdf-'));
  try {
    writeFileSync(join(dir, 'form.pdf'), pdf);
    const text = spawnSync('pdftotext', ['-layout', join(dir, 'form.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    for (const s of ['同意。线索具体，同意检查', '审批人：city-leader', '审批时间：2025-04-0314:30', '12345-2025-04-0031', '2025-04-07至2025-04-11', '群众反映该厂夜间排放刺鼻异味']) {
      assert.ok(text.includes(s.replace(/\s+/g, '')), `the form shows 「${s}」`);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
