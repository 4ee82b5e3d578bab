/**
 * The public portal and the open data with unpublished results, an unrevealed draw and redacted fields
 * present: a crawler follows every link from /public (plus searches for each secret term and the known
 * routes of the unrevealed draw) and finds none of them; the published results, the enterprise
 * history, the draw commitment, the redacted-but-listed inspection are there; the CSV and JSON parse,
 * the Atom feed is well-formed with its required elements.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.ts';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { ctxOfUser } from '../../testing/draw-fixture.ts';
import { seedPublicationFixture, type PublicationFixture } from '../../testing/publication-fixture.ts';
import { checkWellFormedXml } from '../../testing/xml-check.ts';
import type { Ctx } from '../../services/context.ts';
import { listPublicationQueue } from '../../services/publication/list-publications.ts';
import { publishPublication } from '../../services/publication/publish-publication.ts';
import { redactPublication } from '../../services/publication/redact-publication.ts';
import { OPEN_DATA_FIELDS } from '../../services/publication/open-data.ts';
import { portalChanged } from '../../services/publication/portal-cache.ts';

let db: TestDatabase;
let app: FastifyInstance;
let fx: PublicationFixture;
const published: { name: string; code: string }[] = [];
let unpublishedNames: string[] = [];

const at = (name: string): Ctx => ({ ...ctxOfUser(fx.f, db, name), now: () => new Date('2025-04-25T02:00:00Z') });
const pubOf = async (recordId: number) => (await db.pool.query(`SELECT id FROM publications WHERE record_id = $1`, [recordId])).rows[0].id as number;

before(async () => {
  db = await openTestDatabase();
  fx = await seedPublicationFixture(db);
  await listPublicationQueue(at('city-coordinator'), { page: 1, pageSize: 10, overdue: false });
  // Publish the first half of the city draw's tasks (each by its own organisation); the rest stay pending.
  const half = Math.ceil(fx.tasks.length / 2);
  for (const t of fx.tasks.slice(0, half)) {
    await publishPublication(at(t.orgId === fx.f.city.id ? 'city-coordinator' : 'county-coordinator'), await pubOf(t.recordId));
    published.push({ name: t.name, code: t.code });
  }
  unpublishedNames = fx.tasks.slice(half).map((t) => t.name).concat(fx.unpublishedRecord.name);
  const priv = await pubOf(fx.privateRecord.recordId);
  await redactPublication(at('county-coordinator'), priv, { basis: '个人隐私', reason: '个体工商户名称含经营者姓名', fields: ['enterpriseName', 'creditCode', 'remark'] });
  await publishPublication(at('county-coordinator'), priv, { remark: fx.privateRecord.remark });
  await db.pool.query(`UPDATE annual_plans SET published_at = now() WHERE id = $1`, [fx.f.planId]);
  app = await buildApp({ database: db, uploadDir: join(db.dataDir, 'uploads') });
});
after(async () => { await app?.close(); await db?.dispose(); });

const get = (url: string) => app.inject({ method: 'GET', url });

test('a crawl of every public page and download finds nothing unpublished, unrevealed or redacted', async () => {
  const forbidden = [
    ...unpublishedNames, fx.unpublishedRecord.code,
    fx.privateRecord.name, fx.privateRecord.code, '某街道',
    ...fx.unpublishedRecord.jointPartners, // 跨部门联合检查 of a result not published: its partners appear nowhere
    fx.hidden.secret,
  ];
  assert.ok(fx.hidden.secret && fx.hidden.secret.length >= 32, 'the unrevealed draw has a secret');
  const start = ['/public', '/public/data/results.csv', '/public/data/results.json', '/public/data/feed.atom',
    `/public/draws/${encodeURIComponent(fx.hidden.drawNo)}`, `/public/draws/${encodeURIComponent(fx.hidden.drawNo)}/bundle.json`,
    `/public/draws/${encodeURIComponent(fx.hidden.drawNo)}?target=${fx.hidden.targetKeys[0]}&stratum=${encodeURIComponent('重点监管对象')}`,
    `/api/public/draws/${encodeURIComponent(fx.hidden.drawNo)}`, '/api/public/draws?org=county', '/api/public/draws?org=city',
    ...[...forbidden.slice(0, -1)].flatMap((t) => [`/public?q=${encodeURIComponent(t)}`, `/public?code=${encodeURIComponent(t)}`]),
    `/public/enterprises/${fx.unpublishedRecord.code}`, `/public/enterprises/${fx.privateRecord.code}`,
    ...(await db.pool.query(`SELECT id FROM publications WHERE status = 'pending'`)).rows.map((r) => `/public/results/${r.id}`),
  ];
  const seen = new Set<string>();
  const queue = [...start];
  let pages = 0;
  while (queue.length && pages < 400) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await get(url);
    pages++;
    assert.ok(res.statusCode < 500, `${url} → ${res.statusCode}`);
    const body = res.body;
    // A term the URL itself asks for is echoed in the search box: such a page must find nothing instead.
    const asked = forbidden.filter((t) => decodeURIComponent(url).includes(t));
    for (const term of forbidden) if (!asked.includes(term)) assert.ok(!body.includes(term), `${url} shows 「${term}」`);
    if (asked.length && res.statusCode === 200) assert.match(body, /没有符合条件的已公开检查结果|（0 条）/, `${url} finds something`);
    if (url.startsWith(`/public/draws/${encodeURIComponent(fx.hidden.drawNo)}`) || url.startsWith(`/api/public/draws/${encodeURIComponent(fx.hidden.drawNo)}`)) {
      for (const k of fx.hidden.targetKeys) assert.ok(!body.includes(k), `${url} shows the unrevealed draw's target ${k}`);
    }
    for (const m of body.matchAll(/href="(\/public[^"#]*)"/g)) {
      const href = m[1]!.replace(/&amp;/g, '&');
      if (!seen.has(href) && !href.startsWith('/public/assets/')) queue.push(href);
    }
  }
  assert.ok(pages > 20, `crawled ${pages} pages`);
  assert.equal((await get(`/public/draws/${encodeURIComponent(fx.hidden.drawNo)}/bundle.json`)).statusCode, 404);
  for (const r of (await db.pool.query(`SELECT id FROM publications WHERE status = 'pending'`)).rows) {
    assert.equal((await get(`/public/results/${r.id}`)).statusCode, 404);
  }
});

test('published results are listed and found by credit code; the redacted inspection is still listed', async () => {
  const home = await get('/public');
  assert.equal(home.statusCode, 200);
  assert.match(String(home.headers['content-type']), /text\/html/);
  assert.match(home.body, /<html lang="zh-CN">/);
  assert.ok(!/<script(?![^>]*\bsrc=)/.test(home.body), 'no inline script');
  for (const p of published) assert.ok(home.body.includes(p.name), p.name);
  assert.ok(home.body.includes('依法不予公开（个人隐私）'), 'the redacted inspection is listed');
  const byCode = await get(`/public?q=${published[0]!.code}`);
  assert.ok(byCode.body.includes(published[0]!.name));
  const history = await get(`/public/enterprises/${published[0]!.code}`);
  assert.equal(history.statusCode, 200);
  assert.ok(history.body.includes(published[0]!.name) && history.body.includes('2025-04-10'));
  const byName = await get(`/public?q=${encodeURIComponent(published[0]!.name.slice(0, 3))}`);
  assert.ok(byName.body.includes(published[0]!.name));
  // 跨部门联合检查: the published (redacted) result of a joint inspection names the partners in its 任务名称.
  const joint = await get(`/public/results/${await pubOf(fx.privateRecord.recordId)}`);
  assert.ok(joint.body.includes(`联合检查（与${fx.privateRecord.jointPartners.join('、')}）`), 'the partners on the result page');
  assert.ok(!joint.body.includes(fx.privateRecord.name), 'still redacted');
  const own = await get(`/public/results/${await pubOf(fx.tasks[0]!.recordId)}`);
  assert.ok(!own.body.includes('联合检查'), 'the bureau\'s own inspection says nothing of partners');
  // The result list marks the joint one 「联合」, the partners in its title (from its published 任务名称); no other row is marked.
  const wording = `联合检查（与${fx.privateRecord.jointPartners.join('、')}）`;
  const marks = [...home.body.matchAll(/<span class="joint" title="([^"]*)">联合<span class="vh">([^<]*)<\/span><\/span>/g)];
  assert.deepEqual(marks.map((m) => m[1]), [wording], 'one 「联合」 mark, on the joint result');
  assert.equal(`联合${marks[0]![2]}`, wording, 'screen readers hear the partners too');
  assert.equal(home.body.split('class="joint"').length - 1, 1);
  const row = home.body.split('<tr>').find((r) => r.includes('class="joint"'))!;
  assert.ok(row.includes('依法不予公开（个人隐私）') && !row.includes(fx.privateRecord.name), 'the mark is on the redacted row, still redacted');
  assert.ok(!history.body.includes('class="joint"'), 'the bureau\'s own inspections carry no mark');
  const css = await get('/public/assets/portal.css');
  assert.match(css.body, /\.joint \{/);
  assert.match(css.body, /\.vh \{/);
  const bad = await get('/public?period=2025-Q9');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /期间「2025-Q9」格式不对/);
});

test('draw pages: the commitment from freeze time; after the reveal the bundle, the verifier script and the own ticket', async () => {
  const hidden = await get(`/public/draws/${encodeURIComponent(fx.hidden.drawNo)}`);
  const commitment = (await db.pool.query(`SELECT commitment FROM draws WHERE id = $1`, [fx.hidden.id])).rows[0].commitment;
  assert.ok(hidden.body.includes(commitment));
  assert.ok(!hidden.body.includes('verify.js'));
  const shown = await get(`/public/draws/${encodeURIComponent(fx.revealed.drawNo)}`);
  assert.ok(shown.body.includes('<script src="/public/assets/verify.js" defer></script>'));
  const bundle = JSON.parse((await get(`/public/draws/${encodeURIComponent(fx.revealed.drawNo)}/bundle.json`)).body);
  const stratum = bundle.manifest.strata[0].label as string;
  const drawn = bundle.result.tasks.find((t: { items: string[] }) => t.items.includes(stratum)).targetId as string;
  const ticket = await get(`/public/draws/${encodeURIComponent(fx.revealed.drawNo)}?target=${drawn}&stratum=${encodeURIComponent(stratum)}`);
  assert.match(ticket.body, /入选分界号码/);
  assert.match(ticket.body, /已入选/);
  assert.ok(shown.body.includes('href="/public/assets/ssj-verify.py"'));
  const py = await get('/public/assets/ssj-verify.py');
  assert.equal(py.statusCode, 200);
  assert.match(String(py.headers['content-type']), /text\/x-python/);
  assert.match(py.body, /^#!\/usr\/bin\/env python3/);
  if (spawnSync('python3', ['--version']).status === 0) {
    // The stored draw, as the public downloads it, verified by the downloaded independent verifier with the published hashes.
    const work = mkdtempSync(join(tmpdir(), 'ssj-portal-'));
    writeFileSync(join(work, 'ssj-verify.py'), py.body);
    writeFileSync(join(work, 'bundle.json'), JSON.stringify(bundle));
    const hashes = /--manifest-hash ([0-9a-f]{64}) --result-hash ([0-9a-f]{64})/.exec(shown.body)!;
    const run = spawnSync('python3', [join(work, 'ssj-verify.py'), join(work, 'bundle.json'), '--manifest-hash', hashes[1]!, '--result-hash', hashes[2]!], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /验证通过/);
  }
  const js = await get('/public/assets/verify.js');
  assert.equal(js.statusCode, 200);
  assert.match(String(js.headers['content-type']), /javascript/);
  assert.ok(!js.body.includes('node:crypto'));
  assert.match(String(shown.headers['content-security-policy']), /script-src 'self'/);
});

test('open data: CSV and JSON parse with the national 公示 fields, the Atom feed is well-formed', async () => {
  const csv = await get('/public/data/results.csv');
  assert.equal(csv.statusCode, 200);
  const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, published.length + 1);
  for (const [, h] of OPEN_DATA_FIELDS) assert.ok(h in rows[0]!, h);
  assert.ok(rows.every((r) => ['定向', '不定向'].includes(r['抽查类型']!)));
  const json = JSON.parse((await get('/public/data/results.json?period=2025-Q2')).body);
  assert.equal(json.results.length, published.length + 1);
  assert.deepEqual(Object.keys(json.fields), OPEN_DATA_FIELDS.map(([k]) => k));
  assert.equal((await get('/public/data/results.json?period=2024-Q2')).body.includes('"results":[\n]'), true);
  const atom = await get('/public/data/feed.atom');
  assert.match(String(atom.headers['content-type']), /application\/atom\+xml/);
  const names = checkWellFormedXml(atom.body);
  assert.equal(names[0], 'feed');
  for (const el of ['id', 'title', 'updated', 'author', 'entry']) assert.ok(names.includes(el), el);
  const entries = atom.body.split('<entry>').slice(1);
  assert.equal(entries.length, published.length + 1);
  for (const e of entries) for (const el of ['<id>', '<title>', '<updated>']) assert.ok(e.includes(el), el);
  assert.throws(() => checkWellFormedXml('<feed><a></feed>'));
});

// After the crawl: the year's source list names every classified target of the plan's organisation (public by design, 保定).
test('a published plan shows its lines, the scheme and the year\'s list of sources under random supervision', async () => {
  const run = (await db.pool.query(`INSERT INTO classification_runs (org_id, profile_key, profile_hash, period, as_of, trigger, status)
    VALUES ($1, 'nanshan', 'h', '2025', '2025-01-01', 'manual', 'done') RETURNING id`, [fx.f.city.id])).rows[0].id;
  await db.pool.query(`INSERT INTO target_classifications (run_id, target_id, category, excluded) VALUES ($1, $2, '重点', NULL), ($1, $3, NULL, '关闭')`,
    [run, fx.f.targetIds['市重点0'], fx.f.targetIds['关闭0']]);
  portalChanged(); // the crawl cached the page before the run existed; the page cache would otherwise serve it for 5 s
  const plan = await get(`/public/plans/${fx.f.planId}`);
  assert.equal(plan.statusCode, 200);
  assert.match(plan.body, /2025年度“双随机、一公开”抽查计划/);
  assert.match(plan.body, /重点监管对象/);
  const sources = await get(`/public/plans/${fx.f.planId}/sources`);
  const names = (await db.pool.query(`SELECT id, name FROM targets WHERE id = ANY($1::int[])`, [[fx.f.targetIds['市重点0'], fx.f.targetIds['关闭0']]])).rows;
  const name = (id: number) => names.find((r) => r.id === id)!.name as string;
  assert.match(sources.body, /共 1 家/);
  assert.ok(sources.body.includes(name(fx.f.targetIds['市重点0']!)));
  assert.ok(!sources.body.includes(name(fx.f.targetIds['关闭0']!)), 'an excluded target is not on the list');
  const draft = (await db.pool.query(`SELECT id FROM annual_plans WHERE published_at IS NULL LIMIT 1`)).rows[0]?.id;
  if (draft) assert.equal((await get(`/public/plans/${draft}/sources`)).statusCode, 404);
});
