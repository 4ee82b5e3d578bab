/**
 * The database itself keeps draws immutable (migration 0003): raw SQL cannot edit a frozen manifest,
 * redraw, change a result or its tasks' drawn content, read back a changed secret, or delete anything.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../../testing/database.ts';
import { eventsInIdRange, getDraw, getDrawInputs, insertDrawTasks, insertFrozenDraw, iteratePoolTargets, markAbandoned, markDrawn, markRevealed, nextDrawSeq } from './draws.ts';

let db: TestDatabase;
let orgId: number;
let targetId: number;

before(async () => {
  db = await openTestDatabase();
  const seeded = await seedMinimalOrgs(db);
  orgId = seeded.city.id;
  targetId = (await db.pool.query(
    `INSERT INTO targets (org_id, kind, identifier, name, name_key) VALUES ($1, '企业', '91370400MA3C000001', '甲公司', 'jia') RETURNING id`, [orgId],
  )).rows[0].id;
});
after(async () => { await db?.dispose(); });

async function frozen(no: string) {
  const { seq, previousManifestHash } = await nextDrawSeq(db.pool, orgId);
  const id = await insertFrozenDraw(db.pool, {
    orgId, seq, drawNo: no, planId: null, profileKey: 'zaozhuang', profileVersion: 0, profileHash: 'h', period: '2025-Q2',
    drawDate: '2025-04-01', kind: '不定向', filter: {}, manifest: { drawId: no, previousDrawHash: previousManifestHash },
    manifestHash: `mh-${no}`, commitment: 'c', publicValueSource: '掷骰', exclusionSummary: [], frozenBy: null, frozenAt: new Date(),
  }, { pools: { 重点: ['91370400MA3C000001'] }, roster: [], exclusions: [] }, 'ab'.repeat(32));
  return { id, seq, previousManifestHash };
}

async function refused(sql: string, params: unknown[], pattern: RegExp) {
  await assert.rejects(db.pool.query(sql, params), pattern);
}

test('draw numbers are sequential per organisation and chain the previous manifest hash', async () => {
  const a = await frozen('T-1');
  const b = await frozen('T-2');
  assert.equal(b.seq, a.seq + 1);
  assert.equal(b.previousManifestHash, 'mh-T-1');
  await refused(`INSERT INTO draws (org_id, seq, draw_no, profile_key, profile_hash, period, draw_date, kind, status, manifest, manifest_hash, commitment, public_value_source, frozen_at)
    VALUES ($1, $2, 'T-dup', 'z', 'h', '2025-Q2', '2025-04-01', '不定向', 'frozen', '{}', 'x', 'c', 's', now())`, [orgId, b.seq], /draws_org_seq_uq|duplicate/);
});

test('a draw can only be created frozen', async () => {
  await refused(`INSERT INTO draws (org_id, seq, draw_no, profile_key, profile_hash, period, draw_date, kind, status, manifest, manifest_hash, commitment, public_value_source, frozen_at, public_value, seed, result_hash, drawn_at)
    VALUES ($1, 99, 'T-99', 'z', 'h', '2025-Q2', '2025-04-01', '不定向', 'drawn', '{}', 'x', 'c', 's', now(), '1', 's', 'r', now())`, [orgId], /只能以“已冻结”状态创建/);
});

test('the frozen manifest cannot be edited, the inputs and secret cannot change, nothing can be deleted', async () => {
  const { id } = await frozen('T-3');
  await refused(`UPDATE draws SET manifest = '{"drawId":"x"}' WHERE id = $1`, [id], /冻结清单（manifest）不能修改/);
  await refused(`UPDATE draws SET commitment = 'other' WHERE id = $1`, [id], /不能修改/);
  await refused(`UPDATE draw_inputs SET pools = '{}' WHERE draw_id = $1`, [id], /只能追加/);
  await refused(`UPDATE draw_secrets SET secret = 'x' WHERE draw_id = $1`, [id], /只能追加/);
  await refused(`DELETE FROM draw_secrets WHERE draw_id = $1`, [id], /只能追加/);
  await refused(`DELETE FROM draws WHERE id = $1`, [id], /不允许删除/);
  // Skipping the draw step is refused too.
  await refused(`UPDATE draws SET status = 'revealed', revealed_at = now() WHERE id = $1`, [id], /已锁定/);
});

test('a drawn result cannot be edited or redrawn; its tasks keep their drawn content; reveal is one-way', async () => {
  const { id } = await frozen('T-4');
  await insertDrawTasks(db.pool, id, [{ position: 0, targetId, targetKey: '91370400MA3C000001', items: ['重点'], drawnInspectors: ['I1', 'I2'], team: [], dispatchedOrgId: orgId, deadline: '2025-06-30' }]);
  await markDrawn(db.pool, id, { publicValue: '3 5 6', seed: 's', witnesses: ['张三'], minutes: '纪要', resultHash: 'r', taskCount: 1, drawnBy: null, drawnAt: new Date() });
  assert.equal((await getDraw(db.pool, { id }))!.status, 'drawn');
  await refused(`UPDATE draws SET result_hash = 'other' WHERE id = $1`, [id], /已锁定/);
  await refused(`UPDATE draws SET public_value = '1 1 1', seed = 't' WHERE id = $1`, [id], /已锁定/);
  await refused(`UPDATE draws SET status = 'frozen' WHERE id = $1`, [id], /已锁定/);
  await refused(`UPDATE draws SET witnesses = ARRAY['李四'] WHERE id = $1`, [id], /已锁定/);
  await assert.rejects(markDrawn(db.pool, id, { publicValue: '1', seed: 's2', witnesses: [], minutes: '', resultHash: 'r2', taskCount: 0, drawnBy: null, drawnAt: new Date() }), /已锁定/);
  // No task can be added after the draw (no redraw), none edited or deleted.
  await assert.rejects(insertDrawTasks(db.pool, id, [{ position: 1, targetId, targetKey: 'x', items: ['重点'], drawnInspectors: [], team: [], dispatchedOrgId: orgId, deadline: null }]), /不能追加抽取任务/);
  await refused(`UPDATE draw_tasks SET drawn_inspectors = ARRAY['I9'] WHERE draw_id = $1`, [id], /抽取内容不能修改/);
  await refused(`UPDATE draw_tasks SET items = ARRAY['一般'] WHERE draw_id = $1`, [id], /抽取内容不能修改/);
  await refused(`UPDATE draw_tasks SET target_key = 'other' WHERE draw_id = $1`, [id], /抽取内容不能修改/);
  await refused(`DELETE FROM draw_tasks WHERE draw_id = $1`, [id], /不允许删除/);
  // The task's progress may move on (inspections, #5).
  await db.pool.query(`UPDATE draw_tasks SET status = '检查中' WHERE draw_id = $1`, [id]);
  await markRevealed(db.pool, id, null, new Date());
  await refused(`UPDATE draws SET revealed_at = now() + interval '1 day' WHERE id = $1`, [id], /已锁定/);
  await refused(`DELETE FROM draws WHERE id = $1`, [id], /不允许删除/);
});

test('a frozen draw may be abandoned with a reason, and then nothing else', async () => {
  const { id } = await frozen('T-5');
  await markAbandoned(db.pool, id, '会议取消');
  await assert.rejects(markDrawn(db.pool, id, { publicValue: '1', seed: 's', witnesses: [], minutes: '', resultHash: 'r', taskCount: 0, drawnBy: null, drawnAt: new Date() }), /已锁定/);
  await refused(`UPDATE draws SET abandon_reason = NULL, status = 'frozen' WHERE id = $1`, [id], /已锁定/);
});

test('replacements and the access log are append-only', async () => {
  const { id } = await frozen('T-6');
  await db.pool.query(`INSERT INTO draw_access_log (draw_id, user_id, what) VALUES ($1, NULL, 'list')`, [id]);
  await refused(`UPDATE draw_access_log SET what = 'x' WHERE draw_id = $1`, [id], /只能追加/);
  await refused(`DELETE FROM draw_access_log WHERE draw_id = $1`, [id], /只能追加/);
});

test('eventsInIdRange returns the events of the targets in (after, upTo], voided ones marked', async () => {
  const second = (await db.pool.query(
    `INSERT INTO targets (org_id, kind, identifier, name, name_key) VALUES ($1, '企业', '91370400MA3C000002', '乙公司', 'yi') RETURNING id`, [orgId],
  )).rows[0].id;
  await db.pool.query(`INSERT INTO target_events (target_id, kind, occurred_on) VALUES ($1, '行政处罚', '2025-01-05'), ($2, '信访投诉', '2025-02-01')`, [targetId, second]);
  await db.pool.query(`INSERT INTO target_events (target_id, kind, occurred_on, voided_at, void_reason) VALUES ($1, '行政处罚', '2025-03-01', now(), '录入错误')`, [second]);
  assert.deepEqual((await eventsInIdRange(db.pool, targetId, second)).map((e) => [e.targetId, e.kind, e.voided]), [[second, '信访投诉', false], [second, '行政处罚', true]]);
  assert.deepEqual((await eventsInIdRange(db.pool, 0, second)).map((e) => e.targetId), [targetId, second, second]);
});

test('pool targets come in id order with exactly their row\'s facts, batch by batch (names with commas and quotes, tags, nulls)', async () => {
  const org = (await db.pool.query(`INSERT INTO organizations (code, name, level, parent_id, path) VALUES ('pooltest', '池测试局', '县', NULL, '/') RETURNING id`)).rows[0].id;
  await db.pool.query(`UPDATE organizations SET path = '/' || id || '/' WHERE id = $1`, [org]);
  const rows: [string, string, string, string | null, string | null, boolean, string[]][] = [
    ['排污单位', '91A,1', '甲,乙"公司"', '重点管理', null, false, []],
    ['排污单位', '91A2', '丙\\公司', null, '不良', true, ['化工园区']],
    ['排污单位', '91A3', '丁公司', '重点管理', null, false, []],
    ['建设项目', '91A,1', '同码建设项目', null, null, false, ['化工园区', '矿井企业']],
    ['排污单位', '91A5', '戊公司', '重点管理', null, false, []],
    ['排污单位', '91A6', '己公司\n二号', null, '不良', true, ['化工园区']],
    ['排污单位', '91A7', '庚公司', null, null, false, []],
  ];
  for (const [kind, identifier, name, permit, credit, keyUnit, tags] of rows) {
    await db.pool.query(
      `INSERT INTO targets (org_id, kind, identifier, name, name_key, permit_class, credit_rating, key_unit, tags) VALUES ($1, $2, $3, $4, 'k', $5, $6, $7, $8)`,
      [org, kind, identifier, name, permit, credit, keyUnit, tags],
    );
  }
  const expected = (await db.pool.query(
    `SELECT id, identifier, name, kind, permit_class AS "permitClass", credit_rating AS "creditRating",
       vocs_grade AS "vocsGrade", weather_grade AS "weatherGrade", status, region, industry_code AS "industryCode",
       key_unit AS "keyUnit", positive_list AS "positiveList", tags FROM targets WHERE org_id = $1 ORDER BY id`, [org],
  )).rows;
  const batches = [];
  for await (const batch of iteratePoolTargets(db.pool, [org], 3)) batches.push(batch);
  assert.deepEqual(batches.map((b) => b.ids.length), [3, 3, 1]);
  const flat = batches.flatMap((b) => b.ids.map((id, i) => ({ id, identifier: b.identifiers[i], name: b.nameOf(i), ...b.facts[i] })));
  assert.deepEqual(flat, expected);
  // Within a batch, equal facts are one shared object (rows 1 and 3 of the first batch).
  assert.equal(batches[0]!.facts[0], batches[0]!.facts[2]);
  assert.notEqual(batches[0]!.facts[0], batches[0]!.facts[1]);
});

test('pools and exclusions stored compressed read back exactly as from jsonb (key order included); inputs stored as jsonb before 0018 still read', async () => {
  // Labels of different lengths, an integer-like one, non-ASCII; exclusions with their keys in any order.
  const pools = { 一般监管对象: ['91B', '91A'], 重点: ['91C'], 2: ['91D'], 'A longer ascii label': [], é: ['91E'] };
  const exclusions = [
    { targetId: '91X', name: '甲,"公司"', reason: '已关闭：依据……' },
    { reason: '信用良好', strata: ['重点'], targetId: '91Y', name: '乙' },
  ];
  const { seq } = await nextDrawSeq(db.pool, orgId);
  const id = await insertFrozenDraw(db.pool, {
    orgId, seq, drawNo: 'T-gz', planId: null, profileKey: 'zaozhuang', profileVersion: 0, profileHash: 'h', period: '2025-Q2',
    drawDate: '2025-04-01', kind: '不定向', filter: {}, manifest: { drawId: 'T-gz' }, manifestHash: 'mh-T-gz', commitment: 'c',
    publicValueSource: '掷骰', exclusionSummary: [], frozenBy: null, frozenAt: new Date(),
  }, { pools, roster: [], exclusions }, 'ab'.repeat(32));
  const stored = (await db.pool.query('SELECT pools, pools_gzip IS NOT NULL AS packed FROM draw_inputs WHERE draw_id = $1', [id])).rows[0];
  assert.deepEqual([stored.pools, stored.packed], [null, true]);
  const asJsonb = (await db.pool.query('SELECT $1::jsonb AS pools, $2::jsonb AS exclusions', [JSON.stringify(pools), JSON.stringify(exclusions)])).rows[0];
  const read = await getDrawInputs(db.pool, id);
  assert.equal(JSON.stringify(read.pools), JSON.stringify(asJsonb.pools));
  assert.equal(JSON.stringify(read.exclusions), JSON.stringify(asJsonb.exclusions));
  await refused(`UPDATE draw_inputs SET pools_gzip = '\\x00' WHERE draw_id = $1`, [id], /只能追加/);
  // A draw frozen before migration 0018: jsonb columns, no compressed ones.
  const old = (await db.pool.query(
    `INSERT INTO draws (org_id, seq, draw_no, profile_key, profile_hash, period, draw_date, kind, status, manifest, manifest_hash, commitment, public_value_source, frozen_at)
     VALUES ($1, $2, 'T-old', 'z', 'h', '2025-Q2', '2025-04-01', '不定向', 'frozen', '{}', 'mh-T-old', 'c', 's', now()) RETURNING id`, [orgId, seq + 1],
  )).rows[0].id;
  await refused(`INSERT INTO draw_inputs (draw_id, roster, exclusions) VALUES ($1, '[]', '[]')`, [old], /draw_inputs_pools_once/);
  await db.pool.query(`INSERT INTO draw_inputs (draw_id, pools, roster, exclusions) VALUES ($1, $2, '[]', $3)`, [old, JSON.stringify(pools), JSON.stringify(exclusions)]);
  const readOld = await getDrawInputs(db.pool, old);
  assert.equal(JSON.stringify(readOld.pools), JSON.stringify(read.pools));
  assert.equal(JSON.stringify(readOld.exclusions), JSON.stringify(read.exclusions));
});
