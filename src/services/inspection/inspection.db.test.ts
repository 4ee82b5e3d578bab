/**
 * Inspection records through the services on a drawn task of the draw fixture: drafts under a client
 * key (a resubmission never duplicates), submission final (the database itself refuses UPDATE and
 * DELETE of a submitted record and its lines, checked with raw SQL), the task moving to 已检查,
 * amendments approved by a leader shown beside the original, targeted checks outside the scheme
 * counting for the target but not towards quotas, and the counters by year.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, type TestDatabase } from '../../testing/database.ts';
import { ctxOfUser, seedDrawFixture, type DrawFixture } from '../../testing/draw-fixture.ts';
import { freezeDraw } from '../draw/freeze-draw.ts';
import { executeDraw } from '../draw/run-draw.ts';
import { DEFAULT_CHECKLIST } from '../../domain/inspections.ts';
import { saveInspection } from './save-inspection.ts';
import { countInspections, getInspectionDetail, listMyTasks } from './read-inspection.ts';
import { decideOnAmendment, requestAmendment } from './amend-inspection.ts';
import { attachToRecord } from './attach-file.ts';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { inspectionRecordPdf } from './inspection-record-pdf.ts';
import { jpegWithExif, pngSignature } from '../../testing/media-fixtures.ts';
import { approvedTargetedCheck } from '../../testing/targeted-checks.ts';

let db: TestDatabase;
let f: DrawFixture;
const as = (name: string) => ctxOfUser(f, db, name);
let task: { id: number; team: number[]; targetId: number };
let member: string;
let outsider: string;

before(async () => {
  db = await openTestDatabase();
  f = await seedDrawFixture(db);
  const d = await freezeDraw(as('city-coordinator'), { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '掷骰', kind: '不定向' });
  await executeDraw(as('city-coordinator'), d.id, { publicValue: '1 2 3 4', witnesses: ['王监督'], minutes: '' });
  task = (await db.pool.query(`SELECT id, team, target_id AS "targetId" FROM draw_tasks WHERE draw_id = $1 ORDER BY position LIMIT 1`, [d.id])).rows[0];
  const users = Object.entries(f.users);
  member = users.find(([, u]) => u.inspectorId !== undefined && task.team.includes(u.inspectorId))![0];
  outsider = users.find(([, u]) => u.inspectorId !== undefined && !task.team.includes(u.inspectorId) && u.orgId !== f.city.id)?.[0]
    ?? users.find(([, u]) => u.inspectorId !== undefined && !task.team.includes(u.inspectorId))![0];
});
after(async () => { await db?.dispose(); });

const KEY = '2b7f6a0e-1c1d-4c55-9a8e-000000000001';
const base = { clientKey: KEY, mode: '现场' as const, inspectedOn: '2025-04-10' };
let recordId: number;

test('the task shows in its inspector\'s list; a draft is created once under its client key and rewritten by later saves', async () => {
  const mine = await listMyTasks(as(member));
  assert.ok(mine.some((t) => t.id === task.id && t.status === '待检查' && t.recordId === null));
  const first = await saveInspection(as(member), { ...base, taskId: task.id });
  assert.equal(first.created, true);
  recordId = first.record.id;
  assert.equal(first.record.status, 'draft');
  assert.equal(first.record.kind, '双随机抽查');
  assert.equal(first.record.countsToQuota, true);
  assert.deepEqual(first.record.team, task.team);
  // nanshan names no item for its strata and the fixture has no item directory: the default 检查内容.
  assert.deepEqual(first.record.lines.map((l) => l.content), [...DEFAULT_CHECKLIST]);
  const n = first.record.lines.length;
  const again = await saveInspection(as(member), { ...base, taskId: task.id, lines: [{ position: 1, verdict: '符合' }, { position: 3, verdict: '不符合', finding: '未取得环评批复' }] });
  assert.equal(again.created, false);
  assert.equal(again.record.id, recordId);
  assert.equal(again.record.lines.length, n);
  assert.deepEqual([again.record.lines[0]!.verdict, again.record.lines[2]!.finding], ['符合', '未取得环评批复']);
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM inspection_records WHERE task_id = $1`, [task.id])).rows[0].n, 1);
});

test('a second record of the same task, a line that does not exist and a stranger are refused', async () => {
  await assert.rejects(saveInspection(as(member), { ...base, clientKey: 'other-key-0000000001', taskId: task.id }), (e: Error) => /该任务已有检查记录/.test(e.message));
  await assert.rejects(saveInspection(as(member), { ...base, taskId: task.id, lines: [{ position: 99, verdict: '符合' }] }), (e: Error) => /第 99 项不存在/.test(e.message));
  await assert.rejects(saveInspection(as(outsider), { ...base, taskId: task.id }), (e: Error) => /检查组成员|不在您的管辖范围内/.test(e.message));
});

const files = () => join(db.dataDir, 'files');
const upload = (user: string, id: number, bytes: Buffer, fileName: string, signer?: { inspectorId: number } | { enterprise: string }) =>
  attachToRecord(as(user), files(), id, { stream: Readable.from([bytes]), fileName, ...(signer ? { signer } : {}) });

test('attachments: type from the bytes, capture time from EXIF (else upload time), stored once by content, signatures PNG only', async () => {
  const photo = await upload(member, recordId, jpegWithExif('2025:04:10 09:30:00'), '../../etc/passwd.jpg');
  assert.deepEqual([photo.kind, photo.mime, photo.captureSource, photo.capturedAt.toISOString()], ['photo', 'image/jpeg', 'exif', '2025-04-10T01:30:00.000Z']);
  assert.equal(photo.fileName, '.._.._etc_passwd.jpg');
  const again = await upload(member, recordId, pngSignature(), 'scan.pdf');
  assert.deepEqual([again.kind, again.mime, again.captureSource], ['photo', 'image/png', 'upload']);
  await upload(member, recordId, jpegWithExif('2025:04:10 09:30:00'), 'same.jpg');
  const stored = readdirSync(files()).filter((d) => !d.startsWith('.')).flatMap((d) => readdirSync(join(files(), d)));
  assert.equal(stored.length, 2); // the same bytes twice are one file
  await assert.rejects(upload(member, recordId, Buffer.from('<html><script>alert(1)</script></html>'), 'photo.jpg'), /无法识别文件「photo.jpg」的类型/);
  await assert.rejects(upload(member, recordId, jpegWithExif('2025:04:10 09:30:00'), 'sig.png', { inspectorId: task.team[0]! }), /签名应为.*PNG/);
  await assert.rejects(upload(member, recordId, pngSignature(), 'sig.png', { inspectorId: 999999 }), /不是本次检查组的成员/);
  assert.equal(readdirSync(files()).filter((d) => !d.startsWith('.')).flatMap((d) => readdirSync(join(files(), d))).length, 2);
  assert.ok(existsSync(files()));
});

test('submission needs every line, the result and every signature; then it is final and the task is 已检查', async () => {
  await assert.rejects(saveInspection(as(member), { ...base, taskId: task.id, submit: true }), (e: Error) => /草稿已保存，但还不能提交：第 2 项检查内容.*尚未填写检查结论.*尚未选择检查结果类别.*检查员.*尚未签名.*企业代表尚未签名/.test(e.message));
  for (const i of task.team) await upload(member, recordId, pngSignature(), 'signature.png', { inspectorId: i });
  await upload(member, recordId, pngSignature(30, 10), 'signature.png', { enterprise: '张厂长' });
  const lines = DEFAULT_CHECKLIST.map((_, i) => ({ position: i + 1, verdict: i === 2 ? '不符合' as const : '符合' as const, finding: i === 2 ? '未取得环评批复' : null }));
  const done = await saveInspection(as(member), { ...base, taskId: task.id, lines, resultCategory: '发现问题，责令整改', enterpriseRepresentative: '张厂长', submit: true });
  assert.equal(done.record.status, 'submitted');
  assert.equal((await db.pool.query(`SELECT status FROM draw_tasks WHERE id = $1`, [task.id])).rows[0].status, '已检查');
  // The offline queue replays the same submission, then an older draft save: nothing changes, nothing is added.
  const replay = await saveInspection(as(member), { ...base, taskId: task.id, lines, resultCategory: '发现问题，责令整改', submit: true });
  assert.equal(replay.alreadySubmitted, true);
  assert.equal(replay.record.id, recordId);
  const stale = await saveInspection(as(member), { ...base, taskId: task.id, resultCategory: '未发现问题' });
  assert.equal(stale.record.resultCategory, '发现问题，责令整改');
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM inspection_records`)).rows[0].n, 1);
  await assert.rejects(upload(member, recordId, pngSignature(), 'late.png'), /已提交，不能再添加附件/);
});

test('the database refuses any UPDATE or DELETE of a submitted record and its lines (raw SQL)', async () => {
  for (const sql of [
    `UPDATE inspection_records SET result_category = '未发现问题' WHERE id = $1`,
    `UPDATE inspection_records SET status = 'draft' WHERE id = $1`,
    `DELETE FROM inspection_records WHERE id = $1`,
    `UPDATE inspection_lines SET finding = '无' WHERE record_id = $1`,
    `DELETE FROM inspection_lines WHERE record_id = $1`,
    `INSERT INTO inspection_lines (record_id, position, item, content) VALUES ($1, 100, '补充', '补充内容')`,
    `UPDATE inspection_attachments SET file_name = 'x' WHERE record_id = $1`,
    `DELETE FROM inspection_attachments WHERE record_id = $1`,
    `INSERT INTO inspection_attachments (record_id, kind, mime, size, sha256, file_name, captured_at, capture_source) SELECT $1, kind, mime, size, sha256, 'y', captured_at, capture_source FROM inspection_attachments WHERE record_id = $1 LIMIT 1`,
  ]) {
    await assert.rejects(db.pool.query(sql, [recordId]), (e: Error) => /已提交|不能删除/.test(e.message), sql);
  }
  const d = await getInspectionDetail(as('city-coordinator'), recordId);
  assert.equal(d.record.lines[2]!.finding, '未取得环评批复');
});

test('a correction is an appended amendment; once a leader approves it, it is shown beside the unchanged original', async () => {
  await assert.rejects(requestAmendment(as(member), recordId, { reason: ' ', changes: { summary: 'x' } }), /更正原因/);
  const id = await requestAmendment(as(member), recordId, { reason: '笔误：问题应为未落实三同时', changes: { lines: [{ position: 3, finding: '配套设施未与主体工程同时投产' }] } });
  let d = await getInspectionDetail(as(member), recordId);
  assert.equal(d.amendments[0]!.status, 'pending');
  assert.equal(d.corrected, null);
  await assert.rejects(decideOnAmendment(as('city-coordinator'), id, { approve: true }), /领导审批/);
  await decideOnAmendment(as('city-leader'), id, { approve: true, note: '同意' });
  await assert.rejects(decideOnAmendment(as('city-leader'), id, { approve: false }), /已审批/);
  d = await getInspectionDetail(as(member), recordId);
  assert.equal(d.record.lines[2]!.finding, '未取得环评批复');
  assert.equal(d.corrected!.lines[2]!.finding, '配套设施未与主体工程同时投产');
  assert.equal(d.amendments[0]!.decidedByName, 'city-leader');
  await assert.rejects(db.pool.query(`UPDATE inspection_amendments SET reason = '改' WHERE id = $1`, [id]), /只能追加/);
  await assert.rejects(db.pool.query(`DELETE FROM inspection_amendments WHERE id = $1`, [id]), /只能追加/);
  // The submission, the request and the decision are in the audit chain (not the refused attempts).
  const audited = (await db.pool.query(`SELECT action FROM audit_log WHERE object_type = 'inspection' AND object_id = $1 ORDER BY seq`, [String(recordId)])).rows.map((r) => r.action);
  assert.deepEqual(audited, ['inspection.submit', 'inspection.amend', 'inspection.amendDecide']);
});

test('a targeted check (投诉举报) counts for the target and its inspectors but not towards quotas', async () => {
  await assert.rejects(saveInspection(as('city-inspector-0'), { ...base, clientKey: 'targeted-0000000001', targetId: task.targetId }), /请选择抽取任务/);
  const input = {
    ...base, clientKey: 'targeted-0000000001', targetId: task.targetId, kind: '投诉举报' as const, mode: '视频' as const,
    team: [f.inspectorIds.city[0]!, f.inspectorIds.city[1]!], inspectedOn: '2025-05-06',
    lines: [{ position: 1, content: '核实群众投诉的异味问题', verdict: '符合' as const }], resultCategory: '未发现问题' as const,
  };
  // 凡检查必审批: requested with its basis and window, approved by a leader, then filled like any record.
  await approvedTargetedCheck(as('city-inspector-0'), as('city-leader'), {
    clientKey: input.clientKey, kind: '投诉举报', targetId: task.targetId, basis: '群众投诉异味', plannedFrom: '2025-05-06', plannedTo: '2025-05-09',
    team: input.team, mode: '视频', lines: [{ position: 1, content: '核实群众投诉的异味问题' }],
  });
  const draft = await saveInspection(as('city-inspector-0'), input);
  for (const i of input.team) await upload('city-inspector-0', draft.record.id, pngSignature(), 's.png', { inspectorId: i });
  // 非现场 (video): no enterprise signature is needed.
  const t = await saveInspection(as('city-inspector-0'), { ...input, submit: true });
  assert.equal(t.record.countsToQuota, false);
  assert.equal(t.record.lines.length, 1);
  const counts = await countInspections(as('city-coordinator'), { year: 2025 });
  const target = counts.targets.find((x) => x.targetId === task.targetId)!;
  assert.deepEqual([target.inspections, target.quotaInspections], [2, 1]);
  const c0 = counts.inspectors.find((x) => x.inspectorId === f.inspectorIds.city[0]);
  assert.equal(c0!.inspections, 1 + (task.team.includes(f.inspectorIds.city[0]!) ? 1 : 0));
  assert.deepEqual(await countInspections(as('city-coordinator'), { year: 2024 }), { targets: [], inspectors: [] });
});

const hasPoppler = spawnSync('pdftoppm', ['-v']).status === 0;

test('《污染源现场检查记录表》 PDF: target, items, findings, result, inspectors with certificate numbers, correction, photos, signatures; Chinese visible on the PNG rendering', { skip: hasPoppler || process.env.CI === 'true' ? false : 'pdftoppm missing' }, async (t) => {
  const { pdf, fileName } = await inspectionRecordPdf(as('city-coordinator'), files(), recordId);
  assert.match(fileName, /^现场检查记录表-.+\.pdf$/);
  assert.match(pdf.subarray(0, 8).toString('latin1'), /^%PDF-1\./);
  assert.match(pdf.toString('latin1'), /\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
  assert.ok((pdf.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length >= task.team.length + 2, 'signatures and the PNG photo drawn as images');
  const dir = mkdtempSync(join(tmpdir(), 'inspection-pdf-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'r.pdf'), pdf);
  if (process.env.KEEP_PDF) writeFileSync(process.env.KEEP_PDF, pdf);
  const text = spawnSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/ +/g, '');
  for (const s of ['污染源现场检查记录表', '环境影响评价审批手续', '未取得环评批复', '发现问题，责令整改', '配套设施未与主体工程同时投产', '执法证号', '张厂长', '拍摄时间2025-04-1009:30（照片记录）']) {
    assert.ok(text.includes(s), `${s} in the text layer`);
  }
  const cert = (await db.pool.query(`SELECT cert_no FROM inspectors WHERE id = $1`, [task.team[0]])).rows[0].cert_no;
  assert.ok(text.includes(cert));
  // The PNG rendering: the title band carries ink, and two different Chinese strings (title vs blank page) differ.
  const r = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', join(dir, 'r.pdf'), join(dir, 'p1')]);
  assert.equal(r.status, 0, String(r.stderr));
  assert.ok(statSync(join(dir, 'p1.png')).size > 5000);
  spawnSync('pdftoppm', ['-gray', '-r', '60', '-f', '1', '-l', '1', '-singlefile', '-x', '0', '-y', '30', '-W', '500', '-H', '40', join(dir, 'r.pdf'), join(dir, 'title')]);
  const pgm = readFileSync(join(dir, 'title.pgm'));
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
  const pixels = pgm.subarray(header[0].length);
  const ink = pixels.reduce((n, p) => n + (p < 128 ? 1 : 0), 0);
  assert.ok(ink > 150, `the title 污染源现场检查记录表 leaves ink: ${ink}`);
  // Tofu boxes would make every character the same: the ten characters of the title leave distinct column profiles.
  const cols = Number(header[1]);
  const profile = Array.from({ length: cols }, (_, x) => { let n = 0; for (let y = 0; y < Number(header[2]); y++) if (pixels[y * cols + x]! < 128) n++; return n; });
  assert.ok(new Set(profile.filter((n) => n > 0)).size > 8, 'varied strokes, not repeated boxes');
});
