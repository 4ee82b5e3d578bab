/**
 * Segregation of duties in three leader decisions (#9): a leader whose account is linked to an
 * inspector record (users.inspector_id) cannot approve a cap exception for a check on whose team that
 * inspector is (neither in the check's decision nor beforehand on the warning page — and a later
 * request never uses an approval given by one of its team members), cannot decide a recusal request
 * about that inspector, and cannot approve a replacement that takes that inspector out of a team or
 * puts them in. Each refusal is FORBIDDEN with a Chinese message and writes nothing; another leader
 * then decides the same thing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { ctxOfUser, seedDrawFixture, type DrawFixture } from '../../testing/draw-fixture.ts';
import { insertUser } from '../../storage/repos/orgs.ts';
import type { AppError } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';
import { freezeDraw } from '../draw/freeze-draw.ts';
import { executeDraw } from '../draw/run-draw.ts';
import { replaceInspector, replaceWithin } from '../draw/replace-inspector.ts';
import { codeKey, signCode } from './inspection-codes.ts';
import { decideRecusal, fileRecusal, listRecusals } from './recusals.ts';
import { approveCapException } from './cap-warnings.ts';
import { requestTargetedCheck, type RequestTargetedCheckInput } from './request-targeted-check.ts';
import { decideTargetedCheck } from './decide-targeted-check.ts';
import { listTargetedChecks } from './list-targeted-checks.ts';

let db: TestDatabase;
let f: DrawFixture;
const at = (iso: string) => () => new Date(iso);

/** A leader of the city whose account is linked to inspector record `inspectorId`. */
let leaders = 0;
async function leaderLinkedTo(inspectorId: number): Promise<Ctx> {
  const id = await insertUser(db.pool, { orgId: f.city.id, username: `leader-${++leaders}-of-${inspectorId}`, displayName: `领导${inspectorId}`, role: 'leader', passwordHash: 'x', inspectorId });
  return { database: db, actor: { id, orgId: f.city.id, orgPath: f.city.path, role: 'leader', displayName: `领导${inspectorId}` }, now: at('2025-04-01T02:00:00Z') };
}

/** Two submitted inspections this year: the target is at its annual cap of 2. */
async function atCap(targetId: number): Promise<void> {
  for (const day of ['2025-01-20', '2025-02-20']) {
    await db.pool.query(
      `INSERT INTO inspection_records (org_id, target_id, kind, counts_to_quota, mode, inspected_on, team, result_category, status, client_key, submitted_at)
       VALUES ($1, $2, '投诉举报', false, '现场', $3, $4, '未发现问题', 'submitted', $5, $6)`,
      [f.city.id, targetId, day, [f.inspectorIds.city[3]!], `self-past-${targetId}-${day}`, `${day}T08:00:00Z`],
    );
  }
}

const forbidden = (pattern: RegExp) => (e: AppError) => e.code === 'FORBIDDEN' && pattern.test(e.message);

before(async () => {
  db = await openTestDatabase();
  f = await seedDrawFixture(db);
});
after(async () => db?.dispose());

test('a leader on the check\'s team cannot approve its cap exception — in the decision or beforehand; another leader can', async () => {
  const target = f.targetIds['市一般0']!;
  await atCap(target);
  const [member, other] = [f.inspectorIds.city[0]!, f.inspectorIds.city[1]!];
  const onTeam = await leaderLinkedTo(member);
  const request: RequestTargetedCheckInput = {
    clientKey: 'self-cap-0001-aaaaaaaa', kind: '投诉举报', targetId: target, basis: '群众投诉夜间噪声扰民', plannedFrom: '2025-04-07', plannedTo: '2025-04-09',
    team: [member, other], mode: '现场', lines: [{ position: 1, content: '核实噪声投诉' }],
  };
  const made = await requestTargetedCheck(ctxOfUser(f, db, 'city-coordinator'), request);
  assert.equal(made.beyondCap, true);
  await assert.rejects(approveCapException(onTeam, { targetId: target, year: 2025, reason: '投诉线索明确' }), forbidden(/待审批检查的检查组中.*不能由本人批准，请由其他领导审批/));
  await assert.rejects(decideTargetedCheck(onTeam, made.recordId, { approve: true, opinion: '同意', approveBeyondCap: true }),
    forbidden(/您本人在该检查的检查组中，超出年度上限的检查不能由本人批准，请由其他领导审批/));
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM cap_exceptions`)).rows[0].n, 0, 'nothing written');
  assert.equal((await db.pool.query(`SELECT status FROM inspection_approvals WHERE record_id = $1`, [made.recordId])).rows[0].status, 'pending');
  const decided = await decideTargetedCheck(ctxOfUser(f, db, 'city-leader'), made.recordId, { approve: true, opinion: '同意', approveBeyondCap: true });
  assert.ok(decided.capExceptionId);
});

test('an exception approved beforehand is not used by a request whose team includes the approving leader', async () => {
  const target = f.targetIds['市一般1']!;
  await atCap(target);
  const member = f.inspectorIds.city[2]!;
  const approver = await leaderLinkedTo(member);
  const exception = await approveCapException(approver, { targetId: target, year: 2025, reason: '上级转办，须再次核查' }); // no request yet: allowed
  const base: RequestTargetedCheckInput = {
    clientKey: 'self-cap-0002-aaaaaaaa', kind: '上级转办', targetId: target, basis: '上级转办要求核查', plannedFrom: '2025-04-14', plannedTo: '2025-04-16',
    team: [member, f.inspectorIds.city[0]!], mode: '现场',
  };
  const withApprover = await requestTargetedCheck(ctxOfUser(f, db, 'city-coordinator'), base);
  assert.equal(withApprover.beyondCap, true, 'the approver\'s own exception is not used for a check on their team');
  assert.equal((await db.pool.query(`SELECT record_id AS r FROM cap_exceptions WHERE id = $1`, [exception])).rows[0].r, null);
  const without = await requestTargetedCheck(ctxOfUser(f, db, 'city-coordinator'), { ...base, clientKey: 'self-cap-0003-aaaaaaaa', team: [f.inspectorIds.city[1]!] });
  assert.equal(without.beyondCap, false);
  assert.equal((await db.pool.query(`SELECT record_id AS r FROM cap_exceptions WHERE id = $1`, [exception])).rows[0].r, without.recordId);
});

let drawId = 0;
test('a leader cannot decide a recusal request about their own inspector record', async () => {
  const coordinator = ctxOfUser(f, db, 'city-coordinator');
  const d = await freezeDraw(coordinator, { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '掷骰', kind: '不定向' });
  drawId = d.id;
  await executeDraw(coordinator, d.id, { publicValue: '3 1 4 1', witnesses: ['王监督'], minutes: '' });
  const task = (await db.pool.query(`SELECT id, team FROM draw_tasks WHERE draw_id = $1 ORDER BY position LIMIT 1`, [drawId])).rows[0] as { id: number; team: number[] };
  const code = signCode(await codeKey(db), task.id, '2025-06-30');
  const id = await fileRecusal({ database: db, now: at('2025-04-03T02:10:00Z') }, code, { inspectorId: task.team[0]!, reason: '该检查员是我厂副厂长的近亲属', applicant: '张厂长' });
  const concerned = await leaderLinkedTo(task.team[0]!);
  const listed = (await listRecusals(concerned)).find((r) => r.id === id)!;
  assert.deepEqual([listed.mayDecide, listed.aboutMe], [false, true]);
  await assert.rejects(decideRecusal(concerned, id, { approve: false, note: '理由不成立' }), forbidden(/针对的是您本人，不能由本人决定，请由其他领导决定/));
  assert.equal((await db.pool.query(`SELECT status FROM recusal_requests WHERE id = $1`, [id])).rows[0].status, 'pending');
  assert.equal((await listRecusals(ctxOfUser(f, db, 'city-leader'))).find((r) => r.id === id)!.aboutMe, false);
  const { replacement } = await decideRecusal(ctxOfUser(f, db, 'city-leader'), id, { approve: true, note: '同意回避' });
  assert.ok(replacement);
});

test('a leader cannot approve a replacement that takes out or puts in their own inspector record', async () => {
  const task = (await db.pool.query(`SELECT id, team FROM draw_tasks WHERE draw_id = $1 ORDER BY position OFFSET 1 LIMIT 1`, [drawId])).rows[0] as { id: number; team: number[] };
  const out = task.team[0]!;
  const replaced = await leaderLinkedTo(out);
  await assert.rejects(replaceInspector(replaced, task.id, { inspectorId: out, reason: '生病' }), forbidden(/被更换的检查人员是您本人（I\d+），不能由本人批准更换，请由其他领导审批/));
  // Who the rule would put in, found in a transaction that is rolled back.
  const client = await db.pool.connect();
  let chosen = '';
  try {
    await client.query('BEGIN');
    chosen = (await replaceWithin(client, ctxOfUser(f, db, 'city-leader'), task.id, { inspectorId: out, reason: '试算' })).replacement;
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
  const putIn = await leaderLinkedTo(Number(chosen.slice(1)));
  await assert.rejects(replaceInspector(putIn, task.id, { inspectorId: out, reason: '生病' }), forbidden(new RegExp(`替补的检查人员是您本人（${chosen}），不能由本人批准更换`)));
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM draw_task_replacements WHERE task_id = $1`, [task.id])).rows[0].n, 0, 'nothing written');
  const done = await replaceInspector(ctxOfUser(f, db, 'city-leader'), task.id, { inspectorId: out, reason: '生病' });
  assert.equal(done.replacement, chosen, 'the same rule, decided by another leader');
});

test('a leader on the check\'s team cannot approve it even within the annual cap — rejecting stays allowed; the queue says why', async () => {
  const target = f.targetIds['市一般3']!;
  const [member, other] = [f.inspectorIds.city[2]!, f.inspectorIds.city[3]!];
  const onTeam = await leaderLinkedTo(member);
  const request: RequestTargetedCheckInput = {
    clientKey: 'self-within-0001-aaaa', kind: '专项', targetId: target, basis: '专项执法行动', plannedFrom: '2025-05-06', plannedTo: '2025-05-08',
    team: [member, other], mode: '现场', lines: [{ position: 1, content: '核查治污设施运行' }],
  };
  const made = await requestTargetedCheck(ctxOfUser(f, db, 'city-coordinator'), request);
  assert.equal(made.beyondCap, false, 'within the cap: no exception involved');
  const [row] = (await listTargetedChecks(onTeam, { status: 'pending' })).filter((r) => r.recordId === made.recordId);
  assert.deepEqual([row!.mayDecide, row!.approveBlocked], [true, '您本人在该检查的检查组中，不能由本人批准，请由其他领导审批']);
  assert.equal((await listTargetedChecks(ctxOfUser(f, db, 'city-leader'), { status: 'pending' })).find((r) => r.recordId === made.recordId)!.approveBlocked, null);
  await assert.rejects(decideTargetedCheck(onTeam, made.recordId, { approve: true, opinion: '同意' }),
    forbidden(/^您本人在该检查的检查组中，该检查不能由本人批准，请由其他领导审批$/));
  assert.equal((await db.pool.query(`SELECT status FROM inspection_approvals WHERE record_id = $1`, [made.recordId])).rows[0].status, 'pending', 'nothing written');
  const rejected = await decideTargetedCheck(onTeam, made.recordId, { approve: false, opinion: '线索不足，不予检查' });
  assert.equal(rejected.status, 'rejected');
});
