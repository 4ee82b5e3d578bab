/**
 * 一公开 through the services on a quarter run through (testing/publication-fixture.ts): every submitted
 * record is queued once with the national 公示 fields, the standard phrase and the profile's deadline;
 * wording needs a leader's approval; redaction needs a basis and a reason and never hides the
 * inspection; publishing is audited and final; the rate per organisation and period.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { ctxOfUser } from '../../testing/draw-fixture.ts';
import { seedPublicationFixture, type PublicationFixture } from '../../testing/publication-fixture.ts';
import type { AppError } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';
import { listPublicationQueue, publicationRateTable } from './list-publications.ts';
import { proposeWording } from './propose-wording.ts';
import { decideWording } from './decide-wording.ts';
import { redactPublication } from './redact-publication.ts';
import { publishPublication } from './publish-publication.ts';
import { queuePublications } from './queue-publications.ts';

let db: TestDatabase;
let fx: PublicationFixture;
const at = (name: string, day: string): Ctx => ({ ...ctxOfUser(fx.f, db, name), now: () => new Date(`${day}T02:00:00Z`) });
const pubOf = async (recordId: number) => (await db.pool.query(`SELECT id FROM publications WHERE record_id = $1`, [recordId])).rows[0]?.id as number;

before(async () => { db = await openTestDatabase(); fx = await seedPublicationFixture(db); });
after(async () => { await db?.dispose(); });

test('every submitted record is queued once, with the 公示 fields, the standard phrase and the 南山 deadline', async () => {
  const q = await listPublicationQueue(at('city-coordinator', '2025-04-20'), { page: 1, pageSize: 200, overdue: false });
  assert.equal(q.total, fx.tasks.length + 2);
  const again = await queuePublications(at('city-coordinator', '2025-04-20'), [fx.f.city.id, fx.f.county.id]);
  assert.equal(again, 0, 'queued twice');
  const first = q.items.find((i) => i.recordId === fx.tasks[0]!.recordId)!;
  assert.equal(first.checkType, '不定向');
  assert.equal(first.taskNo, `${fx.revealed.drawNo}-001`);
  assert.match(first.planName!, /2025年度“双随机、一公开”抽查计划/);
  assert.equal(first.standardPhrase, '未发现问题');
  assert.equal(first.completedOn, '2025-04-10');
  // 南山: 18 working days after 2025-04-10 would be 2025-05-09 (劳动节 5-1…5 off, 4-27 Sunday worked), but every
  // task of the draw is done by the last submission, so the quarterly ledger (13 natural days after it) binds.
  const lastDone = `2025-04-${String(10 + fx.tasks.length - 1).padStart(2, '0')}`;
  const ledger = new Date(Date.parse(`${lastDone}T00:00:00Z`) + 13 * 86400_000).toISOString().slice(0, 10);
  assert.equal(first.dueOn, ledger < '2025-05-09' ? ledger : '2025-05-09');
  assert.match(first.dueRule!, ledger < '2025-05-09' ? /13 个自然日内/ : /18 个工作日内/);
  const second = q.items.find((i) => i.recordId === fx.tasks[1]!.recordId)!;
  assert.equal(second.standardPhrase, '发现问题已责令整改');
  const targeted = q.items.find((i) => i.recordId === fx.privateRecord.recordId)!;
  assert.equal(targeted.checkType, '定向');
  assert.equal(targeted.planNo, null);
});

test('wording: proposed by the coordinator, approved only by a leader, blocks publication while pending', async () => {
  const id = await pubOf(fx.tasks[0]!.recordId);
  await proposeWording(at('city-coordinator', '2025-04-21'), id, { wording: '未发现环境违法问题', reason: '按上级统一口径' });
  await assert.rejects(publishPublication(at('city-coordinator', '2025-04-21'), id), /待领导审批/);
  await assert.rejects(decideWording(at('city-coordinator', '2025-04-21'), id, { approve: true }), /领导审批/);
  await decideWording(at('city-leader', '2025-04-21'), id, { approve: true, note: '同意' });
  await publishPublication(at('city-coordinator', '2025-04-22'), id);
  const row = (await db.pool.query(`SELECT status, pub_result, pub_enterprise_name FROM publications WHERE id = $1`, [id])).rows[0];
  assert.deepEqual([row.status, row.pub_result, row.pub_enterprise_name], ['published', '未发现环境违法问题', fx.tasks[0]!.name]);
  await assert.rejects(publishPublication(at('city-coordinator', '2025-04-22'), id), /已公开/);
  await assert.rejects(db.pool.query(`UPDATE publications SET status = 'pending' WHERE id = $1`, [id]), /不能撤回/);
  await assert.rejects(db.pool.query(`DELETE FROM publications WHERE id = $1`, [id]), /不能删除/);
  const audit = (await db.pool.query(`SELECT action FROM audit_log WHERE object_type = 'publication' AND object_id = $1 ORDER BY seq`, [String(id)])).rows.map((r) => r.action);
  assert.deepEqual(audit, ['publication.propose', 'publication.decide', 'publication.publish']);
});

test('wording: a leader who proposed a wording cannot approve it (segregation of duties), only send it back', async () => {
  const id = await pubOf(fx.unpublishedRecord.recordId);
  const lead = at('city-leader', '2025-04-21');
  await proposeWording(lead, id, { wording: '未发现环境违法行为', reason: '与通报口径一致' });
  const queued = (await listPublicationQueue(lead, { page: 1, pageSize: 200, overdue: false })).items.find((i) => i.id === id)!;
  assert.equal(queued.proposedById, lead.actor.id);
  await assert.rejects(decideWording(lead, id, { approve: true }), (e: AppError) => e.code === 'FORBIDDEN' && /由您本人申请修改，不能由本人批准/.test(e.message));
  assert.equal((await db.pool.query(`SELECT wording_status FROM publications WHERE id = $1`, [id])).rows[0].wording_status, 'pending');
  await decideWording(lead, id, { approve: false, note: '撤回' });
  assert.equal((await db.pool.query(`SELECT wording_status FROM publications WHERE id = $1`, [id])).rows[0].wording_status, 'rejected');
});

test('a follow-up opened after queuing is reflected: 立案 publishes 「发现违法行为已立案调查」', async () => {
  const t = fx.tasks[1]!;
  await db.pool.query(`INSERT INTO inspection_followups (record_id, kind, requirement, case_no) VALUES ($1, '立案', '立案调查', '深环罚〔2025〕1号')`, [t.recordId]);
  const id = await pubOf(t.recordId);
  await publishPublication(at('city-coordinator', '2025-04-23'), id, { remark: '已立案' });
  const row = (await db.pool.query(`SELECT standard_phrase, pub_result, pub_remark FROM publications WHERE id = $1`, [id])).rows[0];
  assert.deepEqual([row.standard_phrase, row.pub_result, row.pub_remark], ['发现违法行为已立案调查', '发现违法行为已立案调查', '已立案']);
});

test('redaction: basis and reason required, always-public fields refused, the inspection stays listed', async () => {
  const id = await pubOf(fx.privateRecord.recordId);
  const county = at('county-coordinator', '2025-04-24');
  await assert.rejects(redactPublication(county, id, { basis: '个人隐私', reason: '', fields: ['enterpriseName'] }), /理由/);
  await assert.rejects(redactPublication(county, id, { basis: '个人隐私', reason: '个体工商户负责人个人信息', fields: ['authority'] }), /始终公开/);
  await redactPublication(county, id, { basis: '个人隐私', reason: '个体工商户名称含经营者姓名', fields: ['enterpriseName', 'creditCode', 'remark'] });
  await publishPublication(county, id, { remark: fx.privateRecord.remark });
  const row = (await db.pool.query(`SELECT pub_enterprise_name, pub_credit_code, pub_remark, pub_result, authority, inspected_on::text AS d FROM publications WHERE id = $1`, [id])).rows[0];
  assert.equal(row.pub_enterprise_name, '依法不予公开（个人隐私）');
  assert.equal(row.pub_credit_code, '依法不予公开（个人隐私）');
  assert.ok(!row.pub_remark.includes('街道'));
  assert.equal(row.pub_result, '未发现问题');
  assert.equal(row.d, '2025-04-15');
  // A redaction after publication narrows the public columns at once.
  const other = await pubOf(fx.tasks[0]!.recordId);
  await redactPublication(at('city-coordinator', '2025-04-25'), other, { basis: '商业秘密', reason: '检查内容涉及生产工艺', fields: ['content'] });
  assert.equal((await db.pool.query(`SELECT pub_content FROM publications WHERE id = $1`, [other])).rows[0].pub_content, '依法不予公开（商业秘密）');
});

test('scope: a branch cannot act on the city\'s publications (404); an inspector cannot publish', async () => {
  const cityPub = (await db.pool.query(`SELECT id FROM publications WHERE org_id = $1 AND status = 'pending' LIMIT 1`, [fx.f.city.id])).rows[0]?.id as number | undefined;
  if (cityPub !== undefined) await assert.rejects(publishPublication(at('county-coordinator', '2025-04-25'), cityPub), /不在您的管辖范围内/);
  await assert.rejects(publishPublication(at('city-inspector-0', '2025-04-25'), await pubOf(fx.unpublishedRecord.recordId)), /无权/);
});

test('queue and rate: overdue after the deadline, rate per organisation and period', async () => {
  const late = at('city-coordinator', '2025-06-30');
  const overdue = await listPublicationQueue(late, { page: 1, pageSize: 200, overdue: true });
  assert.ok(overdue.items.length > 0 && overdue.items.every((i) => i.state === 'overdue' && i.status === 'pending'));
  const rates = await publicationRateTable(late, {});
  const all = rates.rows.reduce((n, r) => n + r.total, 0);
  assert.equal(all, fx.tasks.length + 2);
  assert.equal(rates.total.published, 3);
  assert.equal(rates.total.rate, Math.floor((3 / all) * 1000) / 10);
  assert.ok(rates.rows.every((r) => r.period === '2025-Q2'));
});
