/**
 * 撤回 of a targeted check's request (凡检查必审批, migration 0021) on stored data: only a pending
 * request is withdrawn, by its requester or a coordinator of its organisation or above, with a reason
 * of 2–200 字; it stays (withdrawn, audited, never deleted), leaves the leaders' queue and the annual
 * cap count, shows its reason in the list and on the record page, and its record is never filled. A
 * decided request is not withdrawn, a withdrawn one not decided — the API refuses and so does the
 * database trigger (raw SQL).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { ctxOfUser, seedDrawFixture, type DrawFixture } from '../../testing/draw-fixture.ts';
import type { AppError } from '../../domain/errors.ts';
import { getInspectionDetail } from '../inspection/read-inspection.ts';
import { saveInspection } from '../inspection/save-inspection.ts';
import { requestTargetedCheck, type RequestTargetedCheckInput } from './request-targeted-check.ts';
import { decideTargetedCheck } from './decide-targeted-check.ts';
import { withdrawTargetedCheck } from './withdraw-targeted-check.ts';
import { listTargetedChecks } from './list-targeted-checks.ts';
import { capCounts } from './annual-cap.ts';

let db: TestDatabase;
let f: DrawFixture;
const as = (name: string) => ctxOfUser(f, db, name);
let n = 0;

before(async () => {
  db = await openTestDatabase();
  f = await seedDrawFixture(db);
});
after(async () => db?.dispose());

/** A fresh pending request of the city on target `label`, made by `by`. */
async function pending(by: string, label = '市一般2'): Promise<{ recordId: number; input: RequestTargetedCheckInput }> {
  const input: RequestTargetedCheckInput = {
    clientKey: `withdraw-${String(++n).padStart(4, '0')}-aaaaaaaa`, kind: '投诉举报', targetId: f.targetIds[label]!, basis: '群众反映夜间异味',
    plannedFrom: '2025-06-02', plannedTo: '2025-06-04', team: [f.inspectorIds.city[0]!], mode: '现场', lines: [{ position: 1, content: '核实异味' }],
  };
  return { recordId: (await requestTargetedCheck(as(by), input)).recordId, input };
}
const countOf = async (targetId: number) => (await capCounts(db.pool, f.city.path, 2025, [targetId])).get(targetId) ?? 0;
const statusOf = async (recordId: number) => (await db.pool.query(`SELECT status FROM inspection_approvals WHERE record_id = $1`, [recordId])).rows[0].status as string;

test('the requester withdraws a pending request with a reason: kept as 已撤回, out of the queue and the cap, never filled or decided', async () => {
  const { recordId, input } = await pending('city-inspector-0');
  const before = await countOf(input.targetId);
  await assert.rejects(withdrawTargetedCheck(as('city-inspector-0'), recordId, { reason: ' 撤 ' }), (e: AppError) => e.code === 'VALIDATION' && e.issues?.[0]?.field === 'reason' && /2–200/.test(e.message));
  await assert.rejects(withdrawTargetedCheck(as('city-inspector-0'), recordId, { reason: '长'.repeat(201) }), (e: AppError) => e.code === 'VALIDATION');
  await assert.rejects(withdrawTargetedCheck(as('city-leader'), recordId, { reason: '不需要了' }), (e: AppError) => e.code === 'FORBIDDEN' && /申请人或本单位、上级单位的承办人/.test(e.message));
  await assert.rejects(withdrawTargetedCheck(as('county-coordinator'), recordId, { reason: '不需要了' }), (e: AppError) => e.code === 'NOT_FOUND');
  assert.equal(await statusOf(recordId), 'pending', 'nothing written by the refusals');

  assert.deepEqual(await withdrawTargetedCheck(as('city-inspector-0'), recordId, { reason: '  企业已停产，投诉人撤回投诉  ' }), { recordId, status: 'withdrawn' });
  assert.equal(await countOf(input.targetId), before - 1, 'a withdrawn request leaves the annual-cap count');
  assert.ok(!(await listTargetedChecks(as('city-leader'), { status: 'pending' })).some((r) => r.recordId === recordId), 'out of the leaders\' queue');
  const listed = (await listTargetedChecks(as('city-leader'))).find((r) => r.recordId === recordId)!;
  assert.deepEqual([listed.status, listed.withdrawalReason, listed.withdrawnBy, listed.mayDecide, listed.mayWithdraw], ['withdrawn', '企业已停产，投诉人撤回投诉', 'city-inspector-0', false, false]);
  assert.equal((await listTargetedChecks(as('city-leader'), { status: 'withdrawn' })).length, 1);
  const detail = await getInspectionDetail(as('city-leader'), recordId);
  assert.deepEqual([detail.approval?.status, detail.approval?.withdrawalReason, detail.approval?.withdrawnBy], ['withdrawn', '企业已停产，投诉人撤回投诉', 'city-inspector-0']);
  const audit = (await db.pool.query(`SELECT summary FROM audit_log WHERE action = 'inspection.check-withdraw' AND object_id = $1`, [String(recordId)])).rows;
  assert.equal(audit.length, 1);
  assert.match(audit[0].summary, /撤回.*企业已停产/);

  await assert.rejects(decideTargetedCheck(as('city-leader'), recordId, { approve: true, opinion: '同意' }), (e: AppError) => e.code === 'CONFLICT' && /已撤回/.test(e.message));
  await assert.rejects(withdrawTargetedCheck(as('city-inspector-0'), recordId, { reason: '再撤一次' }), (e: AppError) => e.code === 'CONFLICT');
  await assert.rejects(saveInspection(as('city-inspector-0'), { clientKey: input.clientKey, mode: '现场', inspectedOn: '2025-06-03' }), /已撤回/);
  // The database on its own: no decision, no change, no delete of a withdrawn request; its record is not filled.
  await assert.rejects(db.pool.query(`UPDATE inspection_approvals SET status = 'approved', decided_by = $2, decided_at = now(), opinion = '同意', withdrawn_by = NULL, withdrawn_at = NULL, withdrawal_reason = NULL WHERE record_id = $1`,
    [recordId, f.users['city-leader']!.id]), /已撤回，不能审批或修改/);
  await assert.rejects(db.pool.query(`UPDATE inspection_approvals SET withdrawal_reason = '改理由' WHERE record_id = $1`, [recordId]), /已撤回/);
  await assert.rejects(db.pool.query(`DELETE FROM inspection_approvals WHERE record_id = $1`, [recordId]), /不能删除/);
  await assert.rejects(db.pool.query(`UPDATE inspection_records SET summary = '填写' WHERE id = $1`, [recordId]), /已撤回，不能填写或提交/);
});

test('a coordinator of the organisation withdraws another\'s request; a decided request cannot be withdrawn — API and database', async () => {
  const mine = await pending('city-inspector-0', '市一般3');
  await withdrawTargetedCheck(as('city-coordinator'), mine.recordId, { reason: '重复申请' });
  assert.equal(await statusOf(mine.recordId), 'withdrawn');

  const decided = await pending('city-coordinator', '市一般4');
  await decideTargetedCheck(as('city-leader'), decided.recordId, { approve: true, opinion: '同意检查' });
  await assert.rejects(withdrawTargetedCheck(as('city-coordinator'), decided.recordId, { reason: '不需要了' }), (e: AppError) => e.code === 'CONFLICT' && /已批准，不能撤回/.test(e.message));
  const raw = (recordId: number, by: number) => db.pool.query(
    `UPDATE inspection_approvals SET status = 'withdrawn', withdrawn_by = $2, withdrawn_at = now(), withdrawal_reason = '不需要了' WHERE record_id = $1`, [recordId, by]);
  await assert.rejects(raw(decided.recordId, f.users['city-coordinator']!.id), /已决定/);

  // The trigger on a pending request: a reason of 2–200 characters, no decision with it, and only the requester or a coordinator over it.
  const open = await pending('city-inspector-0', '市一般4');
  await assert.rejects(raw(open.recordId, f.users['city-leader']!.id), /只能由申请人或本单位、上级单位的承办人撤回/);
  await assert.rejects(raw(open.recordId, f.users['county-coordinator']!.id), /只能由申请人或本单位、上级单位的承办人撤回/);
  await assert.rejects(db.pool.query(`UPDATE inspection_approvals SET status = 'withdrawn', withdrawn_by = $2, withdrawn_at = now(), withdrawal_reason = '撤' WHERE record_id = $1`,
    [open.recordId, f.users['city-coordinator']!.id]), /2–200 字的撤回理由/);
  await assert.rejects(db.pool.query(`UPDATE inspection_approvals SET status = 'withdrawn', withdrawn_by = $2, withdrawn_at = now(), withdrawal_reason = '不需要了', opinion = '同意' WHERE record_id = $1`,
    [open.recordId, f.users['city-coordinator']!.id]), /不能同时审批/);
  await assert.rejects(db.pool.query(`UPDATE inspection_approvals SET status = 'rejected', decided_by = $2, decided_at = now(), opinion = '不同意', withdrawal_reason = '不需要了' WHERE record_id = $1`,
    [open.recordId, f.users['city-leader']!.id]), /不能同时撤回/);
  await raw(open.recordId, f.users['city-inspector-0']!.id);
  assert.equal(await statusOf(open.recordId), 'withdrawn', 'the requester, in the database too');
});
