/**
 * 涉企行政检查 (#9) on stored data: a draw leaves out a target at its annual cap (reason in the
 * exclusions); a targeted check beyond the cap is approved with its cap exception in one decision (or
 * uses up one approved beforehand); a task's
 * code is verified (forged and expired codes refused with their Chinese message), the scan records the
 * arrival and shows only the task; a recusal request is decided once by a leader and replaces the
 * inspector by the draw's rule; the warning list, the figures, and the two standard forms as PDF
 * (rendered with pdftoppm: Chinese text and ink on the page).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { ctxOfUser, seedDrawFixture, type DrawFixture } from '../../testing/draw-fixture.ts';
import { freezeDraw } from '../draw/freeze-draw.ts';
import { executeDraw } from '../draw/run-draw.ts';
import { getDrawInputs } from '../../storage/repos/draws.ts';
import { AppError } from '../../domain/errors.ts';
import { CODE_EXPIRED, CODE_FORGED, codeKey, recordCode, scanCode, signCode, taskCode, verifyCode } from './inspection-codes.ts';
import { decideRecusal, fileRecusal, listRecusals } from './recusals.ts';
import { approveCapException, listCapWarnings } from './cap-warnings.ts';
import { enterpriseCheckFigures } from './figures.ts';
import { siteRecordFormPdf, taskApprovalFormPdf, recordApprovalFormPdf } from './forms-pdf.ts';
import { requestTargetedCheck } from './request-targeted-check.ts';
import { decideTargetedCheck } from './decide-targeted-check.ts';
import { listTargetedChecks } from './list-targeted-checks.ts';

let db: TestDatabase;
let f: DrawFixture;
const at = (iso: string) => () => new Date(iso);

/** A submitted targeted record inserted directly (the cap counts every submitted inspection). */
async function pastInspection(orgId: number, targetId: number, day: string, team: number[]): Promise<number> {
  return (await db.pool.query(
    `INSERT INTO inspection_records (org_id, target_id, kind, counts_to_quota, mode, inspected_on, team, result_category, status, client_key, submitted_at)
     VALUES ($1, $2, '投诉举报', false, '现场', $3, $4, '未发现问题', 'submitted', $5, $6) RETURNING id`,
    [orgId, targetId, day, team, `past-${targetId}-${day}-${Math.random().toString(36).slice(2)}`, `${day}T08:00:00Z`],
  )).rows[0].id;
}

before(async () => {
  db = await openTestDatabase();
  f = await seedDrawFixture(db);
});
after(async () => db?.dispose());

let drawId = 0;
let overTarget = 0;
test('a draw leaves out a target that reached the annual cap, with the reason in the exclusions', async () => {
  const capped = f.targetIds['市重点0']!;
  await pastInspection(f.city.id, capped, '2025-02-10', [f.inspectorIds.city[0]!]);
  await pastInspection(f.county.id, capped, '2025-03-05', [f.inspectorIds.county[0]!]); // the branch is part of the city's body
  const once = f.targetIds['市重点1']!;
  await pastInspection(f.city.id, once, '2025-02-11', [f.inspectorIds.city[1]!]);
  const d = await freezeDraw(ctxOfUser(f, db, 'city-coordinator'), { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '掷骰', kind: '不定向' });
  drawId = d.id;
  const inputs = await getDrawInputs(db.pool, d.id);
  const identifier = (await db.pool.query(`SELECT identifier FROM targets WHERE id = $1`, [capped])).rows[0].identifier;
  const onceId = (await db.pool.query(`SELECT identifier FROM targets WHERE id = $1`, [once])).rows[0].identifier;
  const ex = inputs.exclusions.find((e) => e.targetId === identifier);
  assert.ok(ex, 'the capped target is listed among the exclusions');
  assert.match(ex.reason, /^已达年度检查上限：本年度本单位已检查或已安排检查 2 次（上限 2 次\/年/);
  assert.ok(!Object.values(inputs.pools).flat().includes(identifier), 'not in any pool');
  assert.ok(Object.values(inputs.pools).flat().includes(onceId), 'one inspection is below the cap: still in the pool');
  assert.ok(!inputs.exclusions.some((e) => e.targetId === onceId));
  assert.ok((d.exclusionSummary as { reason: string; count: number }[]).some((s) => s.reason === '已达年度检查上限' && s.count === 1));
  await executeDraw(ctxOfUser(f, db, 'city-coordinator'), d.id, { publicValue: '1 5 2 6', witnesses: ['王监督'], minutes: '' });
});

test('a targeted check beyond the cap: the leader approves the check and the exception in one decision; an exception approved beforehand is used once', async () => {
  // A 一般 target of the city the draw did not pick (a drawn task would count as a scheduled inspection too).
  const drawn = new Set((await db.pool.query(`SELECT target_id AS t FROM draw_tasks`)).rows.map((r) => r.t as number));
  const target = (overTarget = [0, 1, 2, 3, 4].map((i) => f.targetIds[`市一般${i}`]!).find((t) => !drawn.has(t))!);
  await pastInspection(f.city.id, target, '2025-01-20', [f.inspectorIds.city[0]!]);
  await pastInspection(f.city.id, target, '2025-02-20', [f.inspectorIds.city[0]!]);
  const coordinator = ctxOfUser(f, db, 'city-coordinator');
  const leader = ctxOfUser(f, db, 'city-leader');
  const input = {
    clientKey: 'cap-targeted-0001-aaaa', targetId: target, kind: '投诉举报' as const, basis: '群众投诉夜间噪声扰民', plannedFrom: '2025-04-01', plannedTo: '2025-04-03',
    team: [f.inspectorIds.city[0]!, f.inspectorIds.city[1]!], mode: '现场' as const, lines: [{ position: 1, content: '核实噪声投诉' }],
  };
  const requested = await requestTargetedCheck(coordinator, input);
  assert.equal(requested.beyondCap, true);
  assert.match(requested.capNote, /已被本单位检查或安排检查 2 次（年度上限 2 次.*审批时须同时批准超限检查/);
  const queued = (await listTargetedChecks(leader, { status: 'pending' })).find((r) => r.recordId === requested.recordId)!;
  assert.deepEqual(queued.cap, { year: 2025, count: 2, cap: 2, beyond: true, exceptionReason: null });
  await assert.rejects(decideTargetedCheck(leader, requested.recordId, { approve: true, opinion: '投诉线索明确，群众反映强烈' }),
    (e: AppError) => e.code === 'CONFLICT' && /超出年度上限：批准须同时批准超限检查/.test(e.message));
  const decided = await decideTargetedCheck(leader, requested.recordId, { approve: true, opinion: '投诉线索明确，群众反映强烈', approveBeyondCap: true });
  const exception = decided.capExceptionId!;
  assert.deepEqual((await db.pool.query(`SELECT record_id AS r, reason, approved_by AS by FROM cap_exceptions WHERE id = $1`, [exception])).rows[0],
    { r: requested.recordId, reason: '投诉线索明确，群众反映强烈', by: f.users['city-leader']!.id });
  await assert.rejects(db.pool.query(`UPDATE cap_exceptions SET reason = 'x' WHERE id = $1`, [exception]), /不能修改/);
  // The warning page's approval beforehand (the existing flow) is used up by the next request.
  await assert.rejects(approveCapException(coordinator, { targetId: target, year: 2025, reason: '投诉线索明确' }), /局领导批准/);
  await assert.rejects(approveCapException(leader, { targetId: target, year: 2025, reason: ' ' }), /批准理由/);
  const before = await approveCapException(leader, { targetId: target, year: 2025, reason: '上级转办，须再次核查' });
  const second = await requestTargetedCheck(coordinator, { ...input, clientKey: 'cap-targeted-0002-bbbb', kind: '上级转办' as const, basisRef: '市环转〔2025〕7号' });
  assert.equal(second.beyondCap, false);
  assert.equal((await db.pool.query(`SELECT record_id AS r FROM cap_exceptions WHERE id = $1`, [before])).rows[0].r, second.recordId);
  assert.equal((await decideTargetedCheck(leader, second.recordId, { approve: true, opinion: '同意' })).capExceptionId, null, 'no second exception');
  const audit = (await db.pool.query(`SELECT summary FROM audit_log WHERE action = 'enterprise.cap-exception' ORDER BY seq`)).rows;
  assert.equal(audit.length, 2);
  assert.match(audit[0].summary, /投诉线索明确/);
});

test('inspection codes: signed, only the task, arrival recorded; forged and expired codes refused', async () => {
  const task = (await db.pool.query(`SELECT id, team, deadline::text AS deadline FROM draw_tasks WHERE draw_id = $1 ORDER BY position LIMIT 1`, [drawId])).rows[0];
  const other = (await db.pool.query(`SELECT t.name FROM draw_tasks k JOIN targets t ON t.id = k.target_id WHERE k.draw_id = $1 AND k.id <> $2`, [drawId, task.id])).rows;
  const member = Object.entries(f.users).find(([, u]) => u.inspectorId === task.team[0])![0];
  const issued = await taskCode(ctxOfUser(f, db, member), task.id);
  assert.match(issued.code, new RegExp(`^${task.id}\\.20250630\\.[A-Za-z0-9_-]{22}$`));
  assert.equal(issued.validTo, '2025-06-30');
  assert.match(issued.svg, /^<svg/);
  assert.equal(issued.path, `/code/${issued.code}`);
  // A supervisor of the city is no officer of the task: not told it exists.
  await assert.rejects(taskCode(ctxOfUser(f, db, 'city-supervisor'), task.id), /不存在/);

  const deps = { database: db, now: at('2025-04-03T01:30:00Z') };
  const info = await scanCode(deps, issued.code, 'Mozilla/5.0 (iPhone)');
  assert.deepEqual(info.inspectors.map((i) => i.id), task.team);
  assert.ok(info.inspectors.every((i) => i.certNo && i.name));
  assert.equal(info.validTo, '2025-06-30');
  assert.match(info.complaint, /12345/);
  const before = (await db.pool.query(
    `SELECT count(*)::int AS n FROM inspection_records r JOIN organizations o ON o.id = r.org_id, draw_tasks k JOIN organizations x ON x.id = k.dispatched_org_id
      WHERE k.id = $1 AND r.target_id = k.target_id AND r.status = 'submitted' AND o.path LIKE x.path || '%'`, [task.id],
  )).rows[0].n as number;
  assert.deepEqual(info.frequency, { year: 2025, count: before + 1, cap: 2 }, 'the enterprise is told the frequency, this task included');
  assert.ok(info.rights.some((r) => r.includes('回避')));
  assert.equal(new Date(info.arrivedAt!).toISOString(), '2025-04-03T01:30:00.000Z');
  const json = JSON.stringify(info);
  for (const o of other) assert.ok(!json.includes(o.name), `nothing about another task (${o.name})`);
  assert.ok(!/drawNo|seed|secret/i.test(json));
  const again = await scanCode({ database: db, now: at('2025-04-03T02:00:00Z') }, issued.code, undefined);
  assert.equal(again.scans, 2);
  assert.equal(new Date(again.arrivedAt!).toISOString(), '2025-04-03T01:30:00.000Z', 'the first scan is the arrival');
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'enterprise.scan'`)).rows[0].n, 2);

  const [id, day, mac] = issued.code.split('.');
  const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
  for (const forged of [`${id}.${day}.${flip(mac!)}`, `${Number(id) + 1}.${day}.${mac}`, `${id}.20301231.${mac}`, 'hello', signCode(Buffer.alloc(32, 7), task.id, '2025-06-30')]) {
    await assert.rejects(scanCode(deps, forged, undefined), (e: AppError) => e.message === CODE_FORGED && e.code === 'NOT_FOUND', forged);
  }
  await assert.rejects(scanCode({ database: db, now: at('2025-06-30T16:00:01Z') }, issued.code, undefined), (e: AppError) => e.message === CODE_EXPIRED);
  // Valid until 24:00 Beijing time of the last day.
  await scanCode({ database: db, now: at('2025-06-30T15:59:00Z') }, issued.code, undefined);
  // A shortened window shortens the printed code too.
  await db.pool.query(`UPDATE draw_tasks SET deadline = '2025-05-31' WHERE id = $1`, [task.id]);
  await assert.rejects(scanCode({ database: db, now: at('2025-06-02T00:00:00Z') }, issued.code, undefined), (e: AppError) => e.message === CODE_EXPIRED);
  await db.pool.query(`UPDATE draw_tasks SET deadline = '2025-06-30' WHERE id = $1`, [task.id]);
  assert.deepEqual(verifyCode(await codeKey(db), issued.code), { subject: { kind: 'task', id: task.id }, day: '2025-06-30' });
  await assert.rejects(db.pool.query(`UPDATE server_keys SET value = 'x'`), /只能追加/);
});

test('a recusal request from the code page: a leader of the drawing organisation decides once; approval replaces the inspector', async () => {
  const task = (await db.pool.query(`SELECT id, team FROM draw_tasks WHERE draw_id = $1 ORDER BY position LIMIT 1`, [drawId])).rows[0];
  const code = signCode(await codeKey(db), task.id, '2025-06-30');
  const deps = { database: db, now: at('2025-04-03T02:10:00Z') };
  await assert.rejects(fileRecusal(deps, code, { inspectorId: task.team[0], reason: ' ', applicant: '张厂长' }), /申请回避的理由/);
  await assert.rejects(fileRecusal(deps, code, { inspectorId: 999999, reason: '亲属', applicant: '张厂长' }), /本次检查的检查人员/);
  await assert.rejects(fileRecusal(deps, `${code.slice(0, -1)}x`, { inspectorId: task.team[0], reason: '亲属', applicant: '张厂长' }), (e: AppError) => e.message === CODE_FORGED);
  const id = await fileRecusal(deps, code, { inspectorId: task.team[0], reason: '该检查员是我厂副厂长的近亲属', applicant: '张厂长（厂长）', contact: '13800000000' });
  await assert.rejects(fileRecusal(deps, code, { inspectorId: task.team[0], reason: '再次申请', applicant: '张厂长' }), /正在等待局领导决定/);
  const listed = (await listRecusals(ctxOfUser(f, db, 'city-leader'))).find((r) => r.id === id)!;
  assert.equal(listed.status, 'pending');
  assert.equal(listed.mayDecide, true);
  assert.equal(listed.applicant, '张厂长（厂长）');
  await assert.rejects(decideRecusal(ctxOfUser(f, db, 'city-coordinator'), id, { approve: true, note: '同意' }), /局领导/);
  await assert.rejects(decideRecusal(ctxOfUser(f, db, 'county-leader'), id, { approve: true, note: '同意' }), /不存在|抽取单位/);
  const leader = { ...ctxOfUser(f, db, 'city-leader'), now: at('2025-04-03T03:00:00Z') };
  const { replacement } = await decideRecusal(leader, id, { approve: true, note: '理由成立，同意回避' });
  assert.ok(replacement);
  const after = (await db.pool.query(`SELECT team FROM draw_tasks WHERE id = $1`, [task.id])).rows[0].team as number[];
  assert.ok(!after.includes(task.team[0]), 'the inspector left the team');
  assert.equal(after.length, task.team.length);
  const rep = (await db.pool.query(`SELECT seq, reason FROM draw_task_replacements WHERE task_id = $1`, [task.id])).rows[0];
  assert.match(rep.reason, /被检查企业申请回避/);
  const row = (await db.pool.query(`SELECT status, replacement_seq AS seq FROM recusal_requests WHERE id = $1`, [id])).rows[0];
  assert.deepEqual(row, { status: 'approved', seq: rep.seq });
  await assert.rejects(decideRecusal(leader, id, { approve: false, note: '改主意' }), /已决定/);
  await assert.rejects(db.pool.query(`UPDATE recusal_requests SET decision_note = 'x' WHERE id = $1`, [id]), /已决定/);
  await assert.rejects(db.pool.query(`DELETE FROM recusal_requests WHERE id = $1`, [id]), /不能删除/);
  const actions = (await db.pool.query(`SELECT action FROM audit_log WHERE action IN ('enterprise.recusal', 'enterprise.recusal-decide', 'draw.replace') ORDER BY seq`)).rows.map((r) => r.action);
  assert.deepEqual(actions, ['enterprise.recusal', 'draw.replace', 'enterprise.recusal-decide']);
  // The page now shows the new team and the decided request.
  const info = await scanCode(deps, code, undefined);
  assert.deepEqual(info.inspectors.map((i) => i.id), after);
  assert.equal(info.recusals[0]!.status, 'approved');
});

test('an approved targeted check has its own code through its approved window; a recusal approved by the recording organisation\'s leader takes the inspector off the draft', async () => {
  const record = (await db.pool.query(`SELECT id, team FROM inspection_records WHERE client_key = 'cap-targeted-0001-aaaa'`)).rows[0] as { id: number; team: number[] };
  const issued = await recordCode(ctxOfUser(f, db, 'city-coordinator'), record.id);
  assert.match(issued.code, new RegExp(`^R${record.id}\\.20250403\\.[A-Za-z0-9_-]{22}$`));
  await assert.rejects(recordCode(ctxOfUser(f, db, 'county-coordinator'), record.id), /不存在/);
  // A task code's mac does not open the record with the same number, nor the other way round.
  const [, day, mac] = issued.code.split('.');
  await assert.rejects(scanCode({ database: db, now: at('2025-04-02T01:00:00Z') }, `${record.id}.${day}.${mac}`, undefined), (e: AppError) => e.message === CODE_FORGED);
  const info = await scanCode({ database: db, now: at('2025-04-02T01:00:00Z') }, issued.code, undefined);
  assert.equal(info.kind, '计划外检查（投诉举报）');
  assert.deepEqual(info.frequency, { year: 2025, count: 4, cap: 2 }, 'two submitted before it, two approved beyond the cap');
  assert.deepEqual(info.inspectors.map((i) => i.id), record.team);
  assert.equal(info.validTo, '2025-04-03');
  await assert.rejects(scanCode({ database: db, now: at('2025-04-03T16:00:01Z') }, issued.code, undefined), (e: AppError) => e.message === CODE_EXPIRED);
  const deps = { database: db, now: at('2025-04-02T01:10:00Z') };
  const id = await fileRecusal(deps, issued.code, { inspectorId: record.team[0]!, reason: '曾在本厂任职', applicant: '李经理' });
  await assert.rejects(decideRecusal(ctxOfUser(f, db, 'county-leader'), id, { approve: true, note: '同意' }), /不存在/);
  await decideRecusal({ ...ctxOfUser(f, db, 'city-leader'), now: at('2025-04-02T01:20:00Z') }, id, { approve: true, note: '同意回避' });
  const team = (await db.pool.query(`SELECT team FROM inspection_records WHERE id = $1`, [record.id])).rows[0].team as number[];
  assert.deepEqual(team, record.team.slice(1));
  const listed = (await listRecusals(ctxOfUser(f, db, 'city-leader'))).find((r) => r.id === id)!;
  assert.deepEqual([listed.recordId, listed.taskId, listed.status, listed.drawNo], [record.id, null, 'approved', `计划外检查 #${record.id}`]);
  // The last member cannot leave without someone joining.
  const last = await fileRecusal(deps, issued.code, { inspectorId: team[0]!, reason: '亲属', applicant: '李经理' });
  await assert.rejects(decideRecusal(ctxOfUser(f, db, 'city-leader'), last, { approve: true, note: '同意' }), /请先在检查记录中补充检查人员/);
  await decideRecusal(ctxOfUser(f, db, 'city-leader'), last, { approve: false, note: '理由不成立' });
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM inspection_code_scans WHERE record_id = $1`, [record.id])).rows[0].n, 1);
});

test('warning list: at the cap, and several bodies or departments with the suggestion to merge', async () => {
  const list = await listCapWarnings(ctxOfUser(f, db, 'city-coordinator'), { year: 2025 });
  assert.equal(list.cap, 2);
  const capped = list.rows.find((r) => r.targetId === f.targetIds['市重点0'])!;
  assert.equal(capped.level, '已达上限');
  assert.equal(capped.multi, true, 'the city and its branch each inspected it');
  assert.match(capped.suggestion, /综合查一次/);
  assert.match(capped.suggestion, /须经局领导批准/);
  const over = list.rows.find((r) => r.targetId === overTarget)!;
  assert.equal(over.level, '超出上限', 'the approved targeted checks count while still drafts');
  assert.deepEqual([over.count, over.done, over.scheduled], [4, 2, 2]);
  assert.equal(over.exceptions.length, 2, 'the one approved with the check, the one approved beforehand');
  assert.ok(over.exceptions.every((e) => e.used));
  // 市重点1: inspected once; when the draw picked it, its task counts as scheduled (2 = the cap), else one below the cap.
  const near = list.rows.find((r) => r.targetId === f.targetIds['市重点1'])!;
  const picked = (await db.pool.query(`SELECT count(*)::int AS n FROM draw_tasks WHERE target_id = $1`, [f.targetIds['市重点1']])).rows[0].n as number;
  assert.deepEqual([near.level, near.done, near.scheduled], picked ? ['已达上限', 1, 1] : ['接近上限', 1, 0]);
  // The branch sees only what it did itself.
  const branch = await listCapWarnings(ctxOfUser(f, db, 'county-coordinator'), { year: 2025 });
  assert.ok(!branch.rows.some((r) => r.targetId === overTarget));
});

test('figures: plan compliance, 亮码率, joint-inspection rate against the goal, inspections per enterprise', async () => {
  const fig = await enterpriseCheckFigures(ctxOfUser(f, db, 'city-coordinator'), { year: 2025 });
  // 6 submitted records, all targeted (fixture): 市重点0 ×2, 市重点1, one 市一般 ×2 (+1 draft beyond the cap does not count).
  assert.equal(fig.inspections, 5);
  assert.equal(fig.planCompliance.percent, 100, 'every record within the cap');
  assert.equal(fig.codeRate.percent, 0);
  assert.equal(fig.codeRate.goal, 100);
  assert.equal(fig.jointRate.goal, 60);
  assert.equal(fig.perEnterprise.enterprises, 3);
  assert.equal(fig.perEnterprise.max, 2);
  assert.equal(fig.perEnterprise.atOrOverCap, 2);
  assert.equal(fig.goalsSource, 'national');
  // A third record of 市重点0 without approval (as before 2025) is not compliant.
  await pastInspection(f.city.id, f.targetIds['市重点0']!, '2025-03-20', [f.inspectorIds.city[0]!, f.inspectorIds.county[1]!]);
  const later = await enterpriseCheckFigures(ctxOfUser(f, db, 'city-coordinator'), { year: 2025 });
  assert.equal(later.planCompliance.numerator, 5);
  assert.equal(later.planCompliance.denominator, 6);
  assert.equal(later.jointRate.numerator, 1, 'a team of the city and its branch is a joint inspection');
});

const hasPoppler = spawnSync('pdftoppm', ['-v']).status === 0;
test('行政检查审批表 and 现场检查笔录 as PDF: Chinese text, embedded font, ink on the rendered page', { skip: !hasPoppler && process.env.CI !== 'true' && 'pdftoppm missing' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'forms-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const task = (await db.pool.query(`SELECT id FROM draw_tasks WHERE draw_id = $1 ORDER BY position LIMIT 1`, [drawId])).rows[0].id;
  const recordId = (await db.pool.query(`SELECT id FROM inspection_records WHERE client_key = 'cap-targeted-0001-aaaa'`)).rows[0].id;
  const leader = ctxOfUser(f, db, 'city-leader');
  const forms = [
    ['approval-task', await taskApprovalFormPdf(leader, task), /行政检查审批表[\s\S]*检查对象[\s\S]*任务来源[\s\S]*双随机[\s\S]*本年度检查频次[\s\S]*行政执法主体/],
    ['approval-record', await recordApprovalFormPdf(leader, recordId), /行政检查审批表[\s\S]*投诉举报[\s\S]*经局领导批准：投诉线索明确/],
    ['site-record', await siteRecordFormPdf(leader, recordId), /现场检查笔录[\s\S]*告知事项[\s\S]*申请回避[\s\S]*检查情况[\s\S]*核实噪声投诉[\s\S]*被检查人意见/],
  ] as const;
  for (const [name, { pdf, fileName }, text] of forms) {
    assert.match(fileName, /\.pdf$/);
    assert.match(pdf.toString('latin1'), /\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/, `${name}: the Chinese font is embedded`);
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, pdf);
    const out = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    assert.match(out, text, `${name}: ${out.slice(0, 300)}`);
    assert.doesNotMatch(out, /联合检查部门/, `${name}: no partner row when the inspection has no partner bodies`);
    assert.equal(spawnSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, join(dir, name)]).status, 0);
    assert.deepEqual([...readFileSync(join(dir, `${name}.png`)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG page');
    assert.equal(spawnSync('pdftoppm', ['-gray', '-r', '72', '-f', '1', '-l', '1', '-singlefile', file, join(dir, name)]).status, 0);
    const pgm = readFileSync(join(dir, `${name}.pgm`));
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    const px = pgm.subarray(header[0].length);
    const width = Number(header[1]);
    // The title band (top 90 px): ink of the title glyphs; the body: the form's lines and text.
    const band = px.subarray(0, width * 90).reduce((s, p) => s + (p < 128 ? 1 : 0), 0);
    const body = px.reduce((s, p) => s + (p < 128 ? 1 : 0), 0);
    assert.ok(band > 150, `${name}: the title leaves ink (${band})`);
    assert.ok(body > 3000, `${name}: the form leaves ink (${body})`);
  }
});

test('two targeted checks of the same enterprise requested at once cannot both pass the annual cap unnoticed', async () => {
  const drawn = new Set((await db.pool.query(`SELECT target_id AS t FROM draw_tasks`)).rows.map((r) => r.t as number));
  const inspected = new Set((await db.pool.query(`SELECT target_id AS t FROM inspection_records`)).rows.map((r) => r.t as number));
  const target = Object.entries(f.targetIds).filter(([k]) => k.startsWith('市')).map(([, t]) => t).find((t) => !drawn.has(t) && !inspected.has(t))!;
  assert.ok(target, 'a city target neither drawn nor inspected yet');
  await pastInspection(f.city.id, target, '2025-01-15', [f.inspectorIds.city[0]!]); // one of two
  const coordinator = ctxOfUser(f, db, 'city-coordinator');
  const input = (key: string) => ({
    clientKey: key, targetId: target, kind: '投诉举报' as const, basis: '核实投诉', plannedFrom: '2025-05-06', plannedTo: '2025-05-08',
    team: [f.inspectorIds.city[0]!], mode: '现场' as const, lines: [{ position: 1, content: '核实投诉' }],
  });
  const outcomes = await Promise.all([requestTargetedCheck(coordinator, input('cap-race-0001-aaaa')), requestTargetedCheck(coordinator, input('cap-race-0002-bbbb'))]);
  assert.deepEqual(outcomes.map((o) => o.beyondCap).sort(), [false, true], 'the second counts the first: its approval must include the cap exception');
  const late = outcomes.find((o) => o.beyondCap)!;
  await assert.rejects(decideTargetedCheck(ctxOfUser(f, db, 'city-leader'), late.recordId, { approve: true, opinion: '同意' }), /超出年度上限/);
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM inspection_records WHERE target_id = $1`, [target])).rows[0].n, 3);
});
