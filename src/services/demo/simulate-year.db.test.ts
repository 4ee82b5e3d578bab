/**
 * A small demo jurisdiction run through the first quarter of 2025 (services/demo/simulate-year.ts),
 * then checked from the outside: the portal lists and finds published results, a revealed draw's
 * bundle verifies, the supervision dashboard agrees with counts taken straight from the tables, and
 * the audit chain verifies.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { parse } from 'csv-parse/sync';
import { checkWellFormedXml } from '../../testing/xml-check.ts';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { seedDemo } from '../seed-demo.ts';
import { lastCompleteQuarterEnd, simulateDemoYear, type SimulateSummary } from './simulate-year.ts';
import { buildApp } from '../../http/app.ts';
import { verifyBundle } from '../../domain/draw/verify.ts';
import { supervisionFigures } from '../supervision/figures.ts';
import { verifyAuditLog } from '../audit/read-audit.ts';
import { CITY_CODE } from '../../demo/jurisdiction.ts';

const THROUGH = '2025-03-31';
const NOW = new Date('2025-04-01T02:00:00Z');
let db: TestDatabase;
let app: FastifyInstance;
let sum: SimulateSummary;

before(async () => {
  db = await openTestDatabase();
  await seedDemo(db, { targets: 400, historyEnd: '2024-12-31' });
  sum = await simulateDemoYear(db, { through: THROUGH, filesDir: join(db.dataDir, 'files') });
  app = await buildApp({ database: db, uploadDir: join(db.dataDir, 'uploads'), now: () => NOW });
});
after(async () => { await app?.close(); await db?.dispose(); });

const get = (url: string) => app.inject({ method: 'GET', url });
const count = async (sql: string, params: unknown[] = []) => Number((await db.pool.query(sql, params)).rows[0].n);

test('the quarter happened: approved plans, drawn and revealed draws, submitted records, follow-ups and publications, all dated within it', async () => {
  const orgs = await count(`SELECT count(*)::int AS n FROM organizations WHERE level IN ('市', '分局')`);
  assert.equal(sum.plans, orgs, 'the city and every branch have an approved plan');
  assert.equal(await count(`SELECT count(*)::int AS n FROM annual_plans WHERE status = 'approved' AND year = 2025`), orgs);
  assert.ok(sum.draws >= 4, `draws: ${sum.draws}`);
  assert.equal(await count(`SELECT count(*)::int AS n FROM draws WHERE status = 'revealed'`), sum.draws, 'every draw revealed the next working day');
  assert.ok(sum.records > 20 && sum.targeted >= 1, JSON.stringify(sum));
  const results = (await db.pool.query(`SELECT result_category AS c, count(*)::int AS n FROM inspection_records WHERE status = 'submitted' GROUP BY 1`)).rows as { c: string; n: number }[];
  const of = (c: string) => results.find((r) => r.c === c)?.n ?? 0;
  assert.ok(of('未发现问题') > of('发现问题，责令整改'), JSON.stringify(results));
  assert.ok(of('发现问题，责令整改') > 0, JSON.stringify(results));
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_followups WHERE kind = '立案' AND case_no IS NULL`), 0);
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_followups WHERE kind = '责令整改' AND deadline IS NULL`), 0);
  assert.ok(sum.published > 0 && sum.published <= await count(`SELECT count(*)::int AS n FROM publications`));
  assert.equal(await count(`SELECT count(*)::int AS n FROM publications WHERE redacted_fields IS NOT NULL AND cardinality(redacted_fields) > 0 AND redaction_reason IS NOT NULL`), 1);
  // Every record, draw and publication carries its simulated date, not the machine's.
  const span = (await db.pool.query(`SELECT min(submitted_at) AS lo, max(submitted_at) AS hi FROM inspection_records WHERE status = 'submitted'`)).rows[0];
  assert.ok(new Date(span.lo) >= new Date('2025-01-01T00:00:00+08:00') && new Date(span.hi) <= new Date('2025-04-01T00:00:00+08:00'), JSON.stringify(span));
  assert.equal(await count(`SELECT count(*)::int AS n FROM publications WHERE published_at >= '2025-04-01T00:00:00+08:00'`), 0);
  assert.equal(await count(`SELECT count(*)::int AS n FROM draws WHERE drawn_at < '2025-01-01' OR drawn_at > '2025-04-01'`), 0);
  // The branch inspector's account is linked to its inspector record and filled records of its team.
  const insp = (await db.pool.query(`SELECT id, inspector_id AS "inspectorId" FROM users WHERE username = 'insp-dongcheng'`)).rows[0];
  assert.ok(insp.inspectorId, 'insp-dongcheng is linked to an inspector');
  assert.ok(await count(`SELECT count(*)::int AS n FROM inspection_records WHERE status = 'submitted' AND submitted_by = $1`, [insp.id]) >= 1);
  // A team with an account-holding member is always recorded by such a member (a team may hold two).
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_records r WHERE r.status = 'submitted'
      AND EXISTS (SELECT 1 FROM users u WHERE u.inspector_id = ANY(r.team))
      AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = r.submitted_by AND u.inspector_id = ANY(r.team))`), 0);
  // 凡检查必审批: every targeted check was requested, then approved by a leader who did not request it, before it happened.
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_records r LEFT JOIN inspection_approvals a ON a.record_id = r.id
      WHERE r.task_id IS NULL AND r.status = 'submitted'
        AND (a.status IS DISTINCT FROM 'approved' OR a.decided_by = a.requested_by OR a.decided_at >= r.submitted_at
             OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = a.decided_by AND u.role = 'leader'))`), 0);
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_records r WHERE r.task_id IS NULL AND r.status = 'submitted'`), sum.targeted);
  // 跨部门联合检查: the first targeted check of the quarter is a joint one; only targeted checks name partners here.
  assert.ok(await count(`SELECT count(*)::int AS n FROM inspection_records r WHERE cardinality(r.joint_partners) > 0`) >= 1, 'a joint targeted check');
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_records r WHERE cardinality(r.joint_partners) > 0 AND r.task_id IS NOT NULL`), 0);
  // Signatures went through the attachment use case: every submitted on-site record has the team's and the enterprise's.
  assert.equal(await count(`SELECT count(*)::int AS n FROM inspection_records r WHERE r.status = 'submitted'
      AND (SELECT count(*) FROM inspection_attachments a WHERE a.record_id = r.id AND a.kind = 'signature') < cardinality(r.team) + 1`), 0);
});

test('the portal lists published results; a search by a published enterprise\'s credit code finds it and its history', async () => {
  const home = await get('/public');
  assert.equal(home.statusCode, 200);
  const pubs = (await db.pool.query(`SELECT enterprise_name AS name, credit_code AS code, inspected_on AS "on" FROM publications
      WHERE status = 'published' AND NOT ('creditCode' = ANY(coalesce(redacted_fields, '{}'))) AND NOT ('enterpriseName' = ANY(coalesce(redacted_fields, '{}')))
      ORDER BY published_at DESC`)).rows as { name: string; code: string; on: string | Date }[];
  assert.ok(pubs.length > 0);
  assert.ok(pubs.some((p) => home.body.includes(p.name)), 'the home page lists published results');
  const p = pubs[pubs.length - 1]!;
  const byCode = await get(`/public?q=${encodeURIComponent(p.code)}`);
  assert.ok(byCode.body.includes(p.name), `search by ${p.code}`);
  const history = await get(`/public/enterprises/${encodeURIComponent(p.code)}`);
  assert.equal(history.statusCode, 200);
  const day = typeof p.on === 'string' ? p.on.slice(0, 10) : new Date(p.on.getTime() - p.on.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
  assert.ok(history.body.includes(p.name) && history.body.includes(day), 'the history shows the inspection');
  // Nothing pending reaches the portal.
  const pending = (await db.pool.query(`SELECT id FROM publications WHERE status = 'pending' LIMIT 3`)).rows as { id: number }[];
  for (const r of pending) assert.equal((await get(`/public/results/${r.id}`)).statusCode, 404);
});

test('open data of the quarter: the CSV and JSON hold every published result, the Atom feed is well-formed', async () => {
  const published = await count(`SELECT count(*)::int AS n FROM publications WHERE status = 'published'`);
  const csv = await get('/public/data/results.csv');
  assert.equal(csv.statusCode, 200);
  const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, published);
  assert.ok(rows.some((r) => r['抽查类型'] === '不定向') && rows.some((r) => r['抽查类型'] === '定向'), 'random and targeted checks');
  const q1 = await count(`SELECT count(*)::int AS n FROM publications WHERE status = 'published' AND completed_on BETWEEN '2025-01-01' AND '2025-03-31'`);
  assert.ok(q1 > 0);
  assert.equal(JSON.parse((await get('/public/data/results.json?period=2025-Q1')).body).results.length, q1);
  const atom = await get('/public/data/feed.atom');
  assert.equal(checkWellFormedXml(atom.body)[0], 'feed');
  const entries = atom.body.split('<entry>').length - 1;
  assert.ok(entries > 0 && entries <= published, `${entries} entries`);
});

test('a revealed draw\'s bundle, as the portal serves it, verifies against the hashes published at freeze and draw time', async () => {
  const draws = (await db.pool.query(`SELECT draw_no AS "drawNo", manifest_hash AS "manifestHash", result_hash AS "resultHash" FROM draws WHERE status = 'revealed' ORDER BY id`)).rows;
  assert.ok(draws.length >= 2);
  for (const d of [draws[0], draws[draws.length - 1]]) {
    const res = await get(`/public/draws/${encodeURIComponent(d.drawNo)}/bundle.json`);
    assert.equal(res.statusCode, 200);
    const v = verifyBundle(JSON.parse(res.body), { manifestHash: d.manifestHash, resultHash: d.resultHash });
    assert.ok(v.ok, JSON.stringify(v.checks.filter((c) => !c.ok)));
  }
});

test('the supervision dashboard agrees with the tables: planned, drawn, completed, published, records, problems, rectification', async () => {
  const city = (await db.pool.query(`SELECT id, path FROM organizations WHERE code = $1`, [CITY_CODE])).rows[0];
  const supervisor = (await db.pool.query(`SELECT id, display_name FROM users WHERE username = 'supervisor'`)).rows[0];
  const ctx = { database: db, actor: { id: supervisor.id, orgId: city.id, orgPath: city.path, role: 'supervisor' as const, displayName: supervisor.display_name }, now: () => NOW };
  const f = await supervisionFigures(ctx, { year: 2025 });
  const planned = (await db.pool.query(`SELECT lines FROM annual_plans WHERE status = 'approved' AND year = 2025`)).rows
    .reduce((n, r) => n + (r.lines as { count: number }[]).reduce((m, l) => m + l.count, 0), 0);
  const drawn = await count(`SELECT count(*)::int AS n FROM draw_tasks t JOIN draws d ON d.id = t.draw_id WHERE d.status IN ('drawn', 'revealed')`);
  const completed = await count(`SELECT count(*)::int AS n FROM draw_tasks t JOIN draws d ON d.id = t.draw_id
      WHERE d.status IN ('drawn', 'revealed') AND EXISTS (SELECT 1 FROM inspection_records r WHERE r.task_id = t.id AND r.status = 'submitted')`);
  const published = await count(`SELECT count(*)::int AS n FROM publications WHERE draw_id IS NOT NULL AND status = 'published'`);
  assert.deepEqual([f.planned, f.drawn, f.completed, f.published], [planned, drawn, completed, published]);
  assert.ok(planned >= drawn && drawn >= completed && completed >= published && published > 0, `${planned} ≥ ${drawn} ≥ ${completed} ≥ ${published}`);
  assert.equal(f.records, await count(`SELECT count(*)::int AS n FROM inspection_records WHERE status = 'submitted' AND task_id IS NOT NULL`));
  assert.equal(f.problemRate.n, await count(`SELECT count(*)::int AS n FROM inspection_records WHERE status = 'submitted' AND task_id IS NOT NULL AND result_category <> '未发现问题'`));
  assert.deepEqual([f.rectification.n, f.rectification.d], [
    await count(`SELECT count(*)::int AS n FROM inspection_followups f JOIN inspection_records r ON r.id = f.record_id WHERE r.task_id IS NOT NULL AND f.kind = '责令整改' AND f.status = 'closed'`),
    await count(`SELECT count(*)::int AS n FROM inspection_followups f JOIN inspection_records r ON r.id = f.record_id WHERE r.task_id IS NOT NULL AND f.kind = '责令整改'`),
  ]);
  // Per period: the quarter and the half drawn in it.
  const perPeriod = (await db.pool.query(`SELECT d.period, count(*)::int AS n FROM draw_tasks t JOIN draws d ON d.id = t.draw_id GROUP BY 1`)).rows as { period: string; n: number }[];
  for (const r of perPeriod) assert.equal(f.byPeriod.find((x) => x.period === r.period)?.drawn, r.n, r.period);
});

test('the audit chain of the simulated quarter verifies, and holds the steps of real use', async () => {
  const v = await verifyAuditLog(db);
  assert.ok(v.ok, JSON.stringify(v.problems.slice(0, 3)));
  const actions = new Set((await db.pool.query(`SELECT DISTINCT action FROM audit_log`)).rows.map((r) => r.action as string));
  for (const a of ['plan.draft', 'plan.decide', 'draw.freeze', 'draw.draw', 'draw.reveal', 'inspection.check-request', 'inspection.check-decide', 'inspection.submit', 'followup.open', 'followup.verify', 'publication.publish']) {
    assert.ok(actions.has(a), a);
  }
});

test('the default of --through is the end of the last complete quarter', () => {
  assert.equal(lastCompleteQuarterEnd('2026-11-24'), '2026-09-30');
  assert.equal(lastCompleteQuarterEnd('2026-04-01'), '2026-03-31');
  assert.equal(lastCompleteQuarterEnd('2026-02-10'), '2025-12-31');
  assert.equal(lastCompleteQuarterEnd('2026-12-31'), '2026-09-30');
});
