/**
 * Freeze → draw → reveal through the services on a small jurisdiction: pools and exclusions from the
 * plan and profile, tiers (a city dispatches to its branch; the branch's pool excludes what the city
 * drew), 定向, the confidentiality rule by role, the access log, an exported bundle that verifies,
 * tampering detected, an infeasible assignment storing nothing, replacements, plan compliance.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { ctxOfUser, seedDrawFixture, type DrawFixture } from '../../testing/draw-fixture.ts';
import { verifyBundle } from '../../domain/draw/verify.ts';
import { createVerifyCommand } from '../../cli/verify-command.ts';
import { freezeDraw } from './freeze-draw.ts';
import { abandonDraw, executeDraw, revealDraw } from './run-draw.ts';
import { exportBundle, getDrawAccessLog, getDrawDetail, getPublicDraw, listDrawSummaries } from './read-draw.ts';
import { replaceInspector } from './replace-inspector.ts';
import { planCompliance } from './plan-compliance.ts';
import { getDrawInputs } from '../../storage/repos/draws.ts';
import { drawRecordPdf } from './draw-record.ts';
import { spawnSync } from 'node:child_process';
import { classifyTarget } from '../../domain/policy/classify.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';

let db: TestDatabase;
let f: DrawFixture;
const as = (name: string) => ctxOfUser(f, db, name);
const freezeInput = { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '抽取会议现场由见证人掷骰', kind: '不定向' as const };
const meeting = { publicValue: '3 6 1 4', witnesses: ['王监督', '李见证'], minutes: '会议于 9:00 在三楼会议室举行。' };

before(async () => {
  db = await openTestDatabase();
  f = await seedDrawFixture(db);
});
after(async () => { await db?.dispose(); });

let cityDraw: number;

test('freeze: strata and quotas from the approved plan, pools from the profile, every exclusion kept with its reason', async () => {
  const d = await freezeDraw(as('city-coordinator'), freezeInput);
  cityDraw = d.id;
  assert.equal(d.status, 'frozen');
  assert.equal(d.drawNo, 'city-0001');
  assert.equal(d.seq, 1);
  const detail = await getDrawDetail(as('city-coordinator'), d.id);
  assert.deepEqual(detail.strata.map((s) => [s.label, s.poolSize, s.quota]), [['重点监管对象', 8], ['一般监管对象', 13]].map(([l, p]) => [l, p, 3]));
  assert.match(detail.strata[0]!.formula, /ceil\(25% × 11\) = 3（年度抽查计划第 1 版）/);
  assert.equal(detail.manifest.previousDrawHash, '');
  const inputs = await getDrawInputs(db.pool, d.id);
  const reasons = inputs.exclusions.map((e) => e.reason).join('\n');
  assert.match(reasons, /环保信用等级为诚信或良好/);
  assert.match(reasons, /VOCs A 级/);
  assert.match(reasons, /正面清单/);
  assert.match(reasons, /已停产、关闭或注销/);
  assert.equal(inputs.exclusions.length, 5);
  assert.equal(detail.exclusionSummary.reduce((s, e) => s + e.count, 0), 5);
  assert.equal(detail.visibility, 'none');
  assert.equal(detail.seed, null);
  assert.equal(inputs.roster.length, 8);
  // The secret is in no API answer.
  const secret = (await db.pool.query('SELECT secret FROM draw_secrets WHERE draw_id = $1', [d.id])).rows[0].secret;
  assert.ok(!JSON.stringify(detail).includes(secret));
  const pub = await getPublicDraw(db.pool, 'city-0001');
  assert.ok(!JSON.stringify(pub).includes(secret));
  assert.deepEqual([pub.manifestHash, pub.commitment, pub.publicValueSource, pub.resultHash, pub.bundle], [d.manifestHash, d.commitment, freezeInput.publicValueSource, null, null]);
});

test('freeze refuses a period the plan has no numbers for, and roles that may not draw', async () => {
  await assert.rejects(freezeDraw(as('city-coordinator'), { ...freezeInput, period: '2025-Q4' }), /没有 2025-Q4 的抽查数量/);
  await assert.rejects(freezeDraw(as('city-supervisor'), freezeInput), /无权/);
  await assert.rejects(freezeDraw(as('city-inspector-0'), freezeInput), /无权/);
  await assert.rejects(freezeDraw(as('city-coordinator'), { ...freezeInput, profileKey: 'baoding-city' }), /没有已审批的 2025 年度抽查计划/);
  await assert.rejects(freezeDraw(as('city-coordinator'), { ...freezeInput, kind: '定向' }), /定向抽取须至少指定/);
});

test('an infeasible assignment is a Chinese error naming the task and the constraint, and stores nothing', async () => {
  const d = await freezeDraw(as('city-coordinator'), { ...freezeInput, teamSize: 9 });
  assert.equal(d.drawNo, 'city-0002');
  await assert.rejects(executeDraw(as('city-coordinator'), d.id, meeting), /任务 \d+ 无法满足「组员人数：9」/);
  const after = await getDrawDetail(as('city-coordinator'), d.id);
  assert.equal(after.status, 'frozen');
  assert.equal((await db.pool.query('SELECT count(*)::int AS n FROM draw_tasks WHERE draw_id = $1', [d.id])).rows[0].n, 0);
  await abandonDraw(as('city-coordinator'), d.id, '每组人数设置错误，重新准备');
  assert.equal((await getDrawDetail(as('city-coordinator'), d.id)).status, 'abandoned');
});

test('draw: tasks dispatched to the organisation owning each target; the result hash is public; no redraw', async () => {
  await assert.rejects(executeDraw(as('city-supervisor'), cityDraw, meeting), /无权/);
  await assert.rejects(executeDraw(as('city-coordinator'), cityDraw, { ...meeting, witnesses: [] }), /至少一名见证人/);
  const d = await executeDraw(as('city-coordinator'), cityDraw, meeting);
  assert.equal(d.status, 'drawn');
  assert.equal(d.taskCount, 6);
  const pub = await getPublicDraw(db.pool, d.drawNo);
  assert.equal(pub.resultHash, d.resultHash);
  assert.equal(pub.bundle, null);
  await assert.rejects(executeDraw(as('city-coordinator'), cityDraw, { ...meeting, publicValue: '1 1 1 1' }), /不能重新抽取/);
  const detail = await getDrawDetail(as('city-coordinator'), cityDraw);
  assert.equal(detail.visibility, 'all');
  assert.equal(detail.tasks.length, 6);
  for (const t of detail.tasks) {
    const owner = (await db.pool.query('SELECT org_id FROM targets WHERE id = $1', [t.targetId])).rows[0].org_id;
    assert.equal(t.dispatchedOrgId, owner);
    assert.equal(t.team.length, 2);
    assert.equal(t.deadline, '2025-06-30');
  }
});

test('confidentiality before the reveal: officers see the list, an inspector its own tasks, others nothing; every read logged', async () => {
  const full = await getDrawDetail(as('city-leader'), cityDraw);
  assert.equal(full.visibility, 'all');
  assert.ok(full.seed);
  const sup = await getDrawDetail(as('city-supervisor'), cityDraw);
  assert.equal(sup.visibility, 'none');
  assert.deepEqual(sup.tasks, []);
  assert.equal(sup.seed, null);
  // The branch does not see the city's draw before the reveal, except an inspector assigned to one of its tasks.
  await assert.rejects(getDrawDetail(as('county-coordinator'), cityDraw), /不存在或不在您的管辖范围内/);
  const assigned = new Set(full.tasks.flatMap((t) => t.team.map((m) => m.id)));
  let sawOwn = 0;
  for (const [name, u] of Object.entries(f.users)) {
    if (u.role !== 'inspector') continue;
    if (!assigned.has(u.inspectorId!)) {
      await assert.rejects(getDrawDetail(as(name), cityDraw), /不存在或不在您的管辖范围内/, name);
      continue;
    }
    const own = await getDrawDetail(as(name), cityDraw);
    assert.equal(own.visibility, 'own');
    assert.ok(own.tasks.length > 0 && own.tasks.every((t) => t.team.some((m) => m.id === u.inspectorId)), name);
    assert.ok(own.tasks.length < full.tasks.length);
    assert.equal(own.seed, null);
    sawOwn++;
  }
  assert.ok(sawOwn > 0);
  await assert.rejects(exportBundle(as('city-coordinator'), cityDraw), /尚未公开/);
  const log = await getDrawAccessLog(as('city-coordinator'), cityDraw);
  assert.ok(log.some((l) => l.userName === 'city-leader' && l.what === 'list'));
  assert.equal(log.filter((l) => l.what === 'own-tasks').length, sawOwn);
  await assert.rejects(getDrawAccessLog(as('city-supervisor'), cityDraw), /只有抽取单位/);
  // Reads of the still-confidential list are in the audit chain too.
  const audited = (await db.pool.query(`SELECT summary FROM audit_log WHERE action = 'draw.read' ORDER BY seq`)).rows.map((r) => r.summary as string);
  assert.equal(audited.filter((x) => /的名单$/.test(x)).length, log.filter((l) => l.what === 'list').length);
  assert.equal(audited.filter((x) => /的本人任务$/.test(x)).length, sawOwn);
});

test('the branch draws after the city: its pool excludes what the city drew this period', async () => {
  const cityTasks = (await getDrawDetail(as('city-coordinator'), cityDraw)).tasks;
  const countyTargets = cityTasks.filter((t) => t.dispatchedOrgId === f.county.id).map((t) => t.targetKey);
  const d = await freezeDraw(as('county-coordinator'), freezeInput);
  assert.equal(d.drawNo, 'county-0001');
  const inputs = await getDrawInputs(db.pool, d.id);
  const pooled = new Set(Object.values(inputs.pools).flat());
  for (const key of countyTargets) {
    assert.ok(!pooled.has(key), key);
    assert.ok(inputs.exclusions.some((e) => e.targetId === key && /上级已于本期抽取（抽取编号 city-0001）/.test(e.reason)));
  }
  // Only the branch's own targets are in its pools.
  assert.equal(pooled.size, 4 + 5 + 3 - countyTargets.length);
});

test('定向: the pool narrowed by tag for a 专项 campaign', async () => {
  const d = await freezeDraw(as('city-coordinator'), { ...freezeInput, kind: '定向', filter: { campaign: '化工园区专项', tags: ['化工园区'] } });
  const inputs = await getDrawInputs(db.pool, d.id);
  assert.equal(Object.values(inputs.pools).flat().length, 3);
  assert.deepEqual((d.manifest as { filter: unknown }).filter, { campaign: '化工园区专项', tags: ['化工园区'] });
  assert.equal((await getDrawDetail(as('city-coordinator'), d.id)).campaign, '化工园区专项');
});

test('an id another target of the subtree carries too (排污单位 and 建设项目) is dispatched as the target that was pooled', async () => {
  const pooledId = f.targetIds['化工0']!;
  const key = (await db.pool.query('SELECT identifier, org_id FROM targets WHERE id = $1', [pooledId])).rows[0];
  const twin = (await db.pool.query(
    `INSERT INTO targets (org_id, kind, identifier, name, name_key, status) VALUES ($1, '建设项目', $2, '同码建设项目', 'tongma', '注销') RETURNING id`, [key.org_id, key.identifier],
  )).rows[0].id;
  const d = await freezeDraw(as('city-coordinator'), { ...freezeInput, kind: '定向', filter: { tags: ['化工园区'] } });
  assert.deepEqual((await getDrawInputs(db.pool, d.id)).targetRefs, { [key.identifier]: pooledId });
  await executeDraw(as('city-coordinator'), d.id, meeting);
  const task = (await getDrawDetail(as('city-coordinator'), d.id)).tasks.find((t) => t.targetKey === key.identifier)!;
  assert.equal(task.targetId, pooledId);
  assert.notEqual(task.targetId, twin);
});

test('reveal: the exported bundle verifies with `shuangsui verify`, and tampering with any field is detected by name', async () => {
  await assert.rejects(revealDraw(as('city-supervisor'), cityDraw), /无权/);
  const d = await revealDraw(as('city-leader'), cityDraw);
  assert.equal(d.status, 'revealed');
  const bundle = await exportBundle(as('city-supervisor'), cityDraw);
  const v = verifyBundle(bundle, { manifestHash: d.manifestHash, resultHash: d.resultHash! });
  assert.ok(v.ok, JSON.stringify(v.checks.filter((c) => !c.ok)));
  const pub = await getPublicDraw(db.pool, d.drawNo);
  assert.deepEqual(JSON.parse(JSON.stringify(pub.bundle)), JSON.parse(JSON.stringify(bundle)));
  // After the reveal everyone in scope sees the list.
  assert.equal((await getDrawDetail(as('city-supervisor'), cityDraw)).visibility, 'all');

  const file = join(db.dataDir, 'bundle.json');
  let out = '';
  const verify = createVerifyCommand((t) => { out += t; });
  writeFileSync(file, JSON.stringify(bundle));
  assert.equal(await verify.run({ 'manifest-hash': d.manifestHash, 'result-hash': d.resultHash! }, [file]), 0, out);
  const tampered: [string, (b: typeof bundle) => void, RegExp][] = [
    ['pool', (b) => { const p = Object.values(b.pools)[0]!; p[0] = `${p[0]}X`; }, /poolHash|名录/],
    ['quota', (b) => { b.manifest.strata[0]!.quota += 1; }, /清单|manifest|结果/],
    ['publicValue', (b) => { b.publicValue = '1 1 1 1'; }, /结果|result/],
    ['result', (b) => { b.result.tasks[0]!.inspectors.reverse(); }, /结果|result/],
    ['roster', (b) => { b.roster[0]!.conflicts.push('X'); }, /rosterHash|名单/],
    ['secret', (b) => { b.secret = 'ab'.repeat(32); }, /commitment|承诺/],
  ];
  for (const [what, change, pattern] of tampered) {
    const copy = structuredClone(bundle);
    change(copy);
    writeFileSync(file, JSON.stringify(copy));
    out = '';
    assert.equal(await verify.run({}, [file]), 1, what);
    assert.match(out.split('\n').filter((l) => l.startsWith('✗')).join('\n'), pattern, `${what}: ${out}`);
  }
});

test('replacement: a leader with a reason, chosen by the rule, appended; the drawn result is unchanged', async () => {
  const detail = await getDrawDetail(as('city-leader'), cityDraw);
  const task = detail.tasks[0]!;
  const out = task.team[0]!.id;
  await assert.rejects(replaceInspector(as('city-coordinator'), task.id, { inspectorId: out, reason: '生病' }), /须由局领导/);
  await assert.rejects(replaceInspector(as('city-leader'), task.id, { inspectorId: out, reason: ' ' }), /更换原因/);
  const r = await replaceInspector(as('city-leader'), task.id, { inspectorId: out, reason: '与被检查单位负责人系亲属（回避）' });
  assert.equal(r.seq, 1);
  assert.notEqual(r.replacement, `I${out}`);
  const after = await getDrawDetail(as('city-leader'), cityDraw);
  const t = after.tasks.find((x) => x.id === task.id)!;
  assert.deepEqual(t.drawnInspectors, task.drawnInspectors);
  assert.deepEqual(t.team.map((m) => `I${m.id}`), task.drawnInspectors.map((i) => (i === `I${out}` ? r.replacement : i)));
  assert.equal(after.replacements.length, 1);
  assert.equal(after.replacements[0]!.approvedBy, 'city-leader');
  // The bundle (the drawn result) still verifies.
  assert.ok(verifyBundle(await exportBundle(as('city-leader'), cityDraw)).ok);
});

test('the PDF record holds the formulae, pool sizes, exclusions, commitment, seed and result; officers only before the reveal', async () => {
  const { pdf, fileName } = await drawRecordPdf(as('city-supervisor'), cityDraw); // revealed by now
  assert.equal(fileName, '抽取记录-city-0001.pdf');
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  const frozen = (await listDrawSummaries(as('city-coordinator'))).find((d) => d.drawNo === 'city-0003')!;
  await assert.rejects(drawRecordPdf(as('city-supervisor'), frozen.id), /尚未公开/);
  assert.ok((await drawRecordPdf(as('city-coordinator'), frozen.id)).pdf.length > 1000);
  if (spawnSync('pdftotext', ['-v']).status !== 0) return; // text layer checked where poppler-utils is installed (CI)
  const file = join(db.dataDir, 'record.pdf');
  writeFileSync(file, pdf);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
  const detail = await getDrawDetail(as('city-coordinator'), cityDraw);
  for (const expected of ['双随机抽取记录（会议纪要）', 'city-0001', detail.commitment, detail.seed!, detail.resultHash!, 'ceil(25% × 11) = 3', '环保信用等级为诚信或良好', 'pairTicket', '王监督', detail.tasks[0]!.targetKey]) {
    assert.ok(text.includes(expected), `missing in the PDF text: ${expected}`);
  }
});

test('plan compliance lists every line of the plan with what was drawn, and the shortfalls', async () => {
  // One drawn 重点 task of Q2 has been inspected.
  await db.pool.query(`UPDATE draw_tasks SET status = '已检查' WHERE id = (SELECT t.id FROM draw_tasks t JOIN draws d ON d.id = t.draw_id
    WHERE d.period = '2025-Q2' AND '重点监管对象' = ANY(t.items) AND d.status IN ('drawn', 'revealed') ORDER BY t.id LIMIT 1)`);
  const c = await planCompliance(as('city-coordinator'), { profileKey: 'nanshan', year: 2025 });
  assert.equal(c.planRevision, 1);
  const q2 = c.lines.filter((l) => l.period === '2025-Q2');
  // The 定向 draw of the same period counts too (its 3 一般 targets).
  assert.deepEqual(q2.map((l) => [l.label, l.required, l.drawn, l.completed, l.shortfall]), [['重点监管对象', 3, 3, 1, 0], ['一般监管对象', 3, 6, 0, 0]]);
  const q3 = c.lines.find((l) => l.period === '2025-Q3')!;
  assert.equal(q3.shortfall, 3);
  assert.equal(q3.state, '未开始');
  assert.deepEqual(c.shortfalls.map((l) => l.period), ['2025-Q3']);
  const none = await planCompliance(as('city-coordinator'), { profileKey: 'baoding-city', year: 2025 });
  assert.match(none.message!, /没有已审批的 2025 年度抽查计划/);
});

test('coverage: a stratum counted per year and drawn each quarter does not draw again what it drew earlier in the year', async () => {
  // 保定（市级）一般排污单位: 每年 N 家, drawn quarterly (per: year, drawEvery: quarter).
  const lines = ['2025-Q2', '2025-Q3'].map((period) => ({ stratum: '一般', label: '一般排污单位', item: null, period, pool: 30, count: 10, formula: '按年度计划', drawnBy: null }));
  await db.pool.query(
    `INSERT INTO annual_plans (org_id, profile_key, profile_hash, year, level, revision, status, inputs, lines, decided_at)
     VALUES ($1, 'baoding-city', 'h', 2025, 'city', 1, 'approved', '{}', $2, now())`, [f.city.id, JSON.stringify(lines)],
  );
  const q2 = await freezeDraw(as('city-coordinator'), { ...freezeInput, profileKey: 'baoding-city' });
  await executeDraw(as('city-coordinator'), q2.id, meeting);
  const drawnQ2 = (await getDrawDetail(as('city-coordinator'), q2.id)).tasks.map((t) => t.targetKey);
  assert.equal(drawnQ2.length, 10);
  const q3 = await freezeDraw(as('city-coordinator'), { ...freezeInput, profileKey: 'baoding-city', period: '2025-Q3', drawDate: '2025-07-01' });
  const inputs = await getDrawInputs(db.pool, q3.id);
  const pool = inputs.pools['一般排污单位']!;
  for (const key of drawnQ2) {
    assert.ok(!pool.includes(key), key);
    assert.ok(inputs.exclusions.some((e) => e.targetId === key && e.reason.includes(`本覆盖周期（2025）已抽取`) && e.reason.includes(q2.drawNo)), key);
  }
  assert.ok(pool.length > 0);
});

test('freeze, draw, reveal, abandon and replacement are in the audit chain, without the secret or the seed', async () => {
  const rows = (await db.pool.query(`SELECT action, object_id AS "objectId", summary, detail FROM audit_log WHERE action LIKE 'draw.%' ORDER BY seq`)).rows;
  const of = (no: string) => rows.filter((r) => r.objectId === no && r.action !== 'draw.read').map((r) => r.action);
  assert.deepEqual(of('city-0001'), ['draw.freeze', 'draw.draw', 'draw.reveal', 'draw.replace']);
  assert.deepEqual(of('city-0002'), ['draw.freeze', 'draw.abandon']);
  const d1 = await getDrawDetail(as('city-coordinator'), cityDraw);
  const freeze = rows.find((r) => r.objectId === 'city-0001' && r.action === 'draw.freeze')!;
  assert.equal(freeze.detail.manifestHash, d1.manifestHash);
  assert.equal(freeze.detail.commitment, d1.commitment);
  assert.equal(rows.find((r) => r.objectId === 'city-0001' && r.action === 'draw.draw')!.detail.resultHash, d1.resultHash);
  const secret = (await db.pool.query('SELECT secret FROM draw_secrets WHERE draw_id = $1', [cityDraw])).rows[0].secret;
  assert.ok(!JSON.stringify(rows).includes(secret));
  assert.ok(!JSON.stringify(rows).includes(d1.seed!));
});

test('draw ids are sequential per organisation and listed with their status', async () => {
  const list = await listDrawSummaries(as('city-coordinator'));
  const city = list.filter((d) => d.orgId === f.city.id).map((d) => [d.drawNo, d.status]);
  assert.deepEqual(city.slice(-3), [['city-0003', 'frozen'], ['city-0002', 'abandoned'], ['city-0001', 'revealed']]);
  assert.ok(list.some((d) => d.drawNo === 'county-0001'));
});

test('回避: the roster names a declared conflict and the last team of a drawn target by protocol id, pooled targets only', async () => {
  const q3 = { ...freezeInput, period: '2025-Q3', drawDate: '2025-07-01' };
  const probe = await freezeDraw(as('city-coordinator'), q3);
  const pooledKey = Object.values((await getDrawInputs(db.pool, probe.id)).pools).flat()[0]!;
  await abandonDraw(as('city-coordinator'), probe.id, '测试：先看池');
  const inspector = f.inspectorIds.city[0]!;
  const pooled = (await db.pool.query('SELECT id FROM targets WHERE identifier = $1', [pooledKey])).rows[0].id;
  const closed = f.targetIds['关闭0']!; // excluded (关闭): it cannot be drawn, so it is not named
  for (const target of [pooled, closed]) {
    await db.pool.query(`INSERT INTO inspector_conflicts (inspector_id, target_id, reason, declared_on) VALUES ($1, $2, '亲属任职', '2025-01-01')`, [inspector, target]);
  }
  const d = await freezeDraw(as('city-coordinator'), q3);
  const inputs = await getDrawInputs(db.pool, d.id);
  const roster = inputs.roster as { id: string; conflicts: string[] }[];
  assert.ok(roster.find((r) => r.id === `I${inspector}`)!.conflicts.includes(pooledKey));
  // The city's earlier draws: each member of a pooled target's latest team conflicts with it (avoidRepeat).
  const drawn = (await db.pool.query(
    `SELECT DISTINCT ON (t.target_id) t.target_key, t.team FROM draw_tasks t JOIN draws d ON d.id = t.draw_id
     WHERE d.org_id = $1 AND d.status IN ('drawn', 'revealed') ORDER BY t.target_id, d.drawn_at DESC, t.id DESC`, [f.city.id],
  )).rows as { target_key: string; team: number[] }[];
  const pooledKeys = new Set(Object.values(inputs.pools).flat());
  const named = drawn.filter((t) => pooledKeys.has(t.target_key));
  assert.ok(named.length > 0);
  for (const t of named) for (const i of t.team) assert.ok(roster.find((r) => r.id === `I${i}`)?.conflicts.includes(t.target_key), `I${i} ${t.target_key}`);
  for (const k of roster.flatMap((r) => r.conflicts)) assert.ok(pooledKeys.has(k), `${k} is pooled`);
  await abandonDraw(as('city-coordinator'), d.id, '测试回避后作废');
});

test('pools and profile exclusions are what classifyTarget gives each target with its own events (a penalty last quarter makes 特殊; a voided one does not)', async () => {
  const penalised = f.targetIds['市一般1']!, voided = f.targetIds['市一般2']!;
  await db.pool.query(`INSERT INTO target_events (target_id, kind, occurred_on, reference) VALUES ($1, '行政处罚', '2025-02-10', '罚字〔2025〕1号'), ($2, '行政处罚', '2025-02-11', '罚字〔2025〕2号')`, [penalised, voided]);
  await db.pool.query(`UPDATE target_events SET voided_at = now(), void_reason = '复议撤销' WHERE target_id = $1`, [voided]);
  const d = await freezeDraw(as('city-coordinator'), freezeInput);
  const inputs = await getDrawInputs(db.pool, d.id);
  const { profile } = await resolveProfile(db.pool, 'nanshan', { version: d.profileVersion });
  const targets = (await db.pool.query(
    `SELECT t.id, t.identifier, t.kind, t.permit_class AS "permitClass", t.credit_rating AS "creditRating", t.vocs_grade AS "vocsGrade",
       t.weather_grade AS "weatherGrade", t.status, t.region, t.industry_code AS "industryCode", t.key_unit AS "keyUnit",
       t.positive_list AS "positiveList", t.tags
     FROM targets t JOIN organizations o ON o.id = t.org_id WHERE o.path LIKE $1 || '%'`, [f.city.path],
  )).rows;
  const events = (await db.pool.query(
    `SELECT target_id AS "targetId", kind, occurred_on AS "occurredOn", reference, outlet, voided_at IS NOT NULL AS voided FROM target_events ORDER BY occurred_on, id`,
  )).rows;
  const labels: Record<string, string> = { 重点: '重点监管对象', 一般: '一般监管对象' };
  for (const t of targets) {
    const c = classifyTarget(profile, t, events.filter((e) => e.targetId === t.id), freezeInput.period, { asOf: '2025-04-01' });
    const reasons = inputs.exclusions.filter((e) => e.targetId === t.identifier).map((e) => e.reason);
    if (c.excluded) {
      assert.ok(reasons.includes(c.excluded.reason), `${t.identifier}: ${c.excluded.reason}`);
      continue;
    }
    for (const [key, label] of Object.entries(labels)) {
      const pooled = inputs.pools[label]!.includes(t.identifier);
      // In the stratum's pool unless excluded for a reason of the draw (drawn earlier, by the upper level, the cap).
      if (c.strata.includes(key)) assert.ok(pooled || reasons.length > 0, `${t.identifier} in ${label}`);
      else assert.ok(!pooled, `${t.identifier} not in ${label}`);
    }
  }
  const categoryOf = (id: number) => classifyTarget(profile, targets.find((t) => t.id === id), events.filter((e) => e.targetId === id), freezeInput.period, { asOf: '2025-04-01' }).category;
  assert.deepEqual([categoryOf(penalised), categoryOf(voided)], ['特殊', '一般']);
  const key = async (id: number) => (await db.pool.query('SELECT identifier FROM targets WHERE id = $1', [id])).rows[0].identifier as string;
  assert.ok(!inputs.pools['一般监管对象']!.includes(await key(penalised)), 'penalised last quarter: 特殊, not 一般');
  const voidedKey = await key(voided);
  assert.ok(inputs.pools['一般监管对象']!.includes(voidedKey) || inputs.exclusions.some((e) => e.targetId === voidedKey));
  await abandonDraw(as('city-coordinator'), d.id, '测试分类后作废');
});
