/**
 * 亮码入企 (#9): every drawn task carries an inspection code the team shows on its phone (QR) or on
 * paper; the enterprise scans it and sees, without logging in, that the inspection is registered.
 *
 * A code is `<taskId>.<YYYYMMDD>.<mac>`: the task, the last day of its window (its deadline, else the
 * end of the draw's period) and the first 128 bits of HMAC-SHA256 under the installation's key
 * (`server_keys`, 32 random bytes made on first use) over "SSJ-CODE/1|taskId|day". A targeted check
 * (投诉举报 …, no task) has `R<recordId>.<YYYYMMDD>.<mac>`, issued once approved and valid through its approved window. Without the key no
 * code can be made, and changing the task or the day breaks the mac; a code is valid until 24:00
 * (Beijing time) of its day, and no longer than the task's current window. The page shows only the
 * task the code names — its target, body, items and team — never other tasks or the draw's list,
 * so the enterprise learns before the reveal nothing but its own inspection.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { chinaDay, periodRange } from '../../domain/calendar/dates.ts';
import { inTransaction, type Database } from '../../storage/database.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { getTaskContext } from '../../storage/repos/inspections.ts';
import { appendAudit, type AuditEntry } from '../audit/append-audit.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { actorInspectorId, isDrawOfficer } from '../draw/access.ts';
import { isOfficerOver } from '../inspection/access.ts';
import { a4Document, renderPdf } from '../../files/pdf.ts';
import { capCounts, rulesForOrg } from './annual-cap.ts';

const KEY_NAME = 'inspection-code';
const keys = new WeakMap<object, Buffer>();

/** The installation's code key (created once, race-free: ON CONFLICT keeps the first). */
export async function codeKey(database: Database, q: Queryable = database.pool): Promise<Buffer> {
  const cached = keys.get(database);
  if (cached) return cached;
  await q.query(`INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [KEY_NAME, randomBytes(32).toString('hex')]);
  const hex = (await q.query(`SELECT value FROM server_keys WHERE name = $1`, [KEY_NAME])).rows[0].value as string;
  const key = Buffer.from(hex, 'hex');
  keys.set(database, key);
  return key;
}

/** What a code names: a drawn task, or a targeted check's record. */
export type CodeSubject = { kind: 'task'; id: number } | { kind: 'record'; id: number };
const subjectText = (s: CodeSubject) => (s.kind === 'task' ? String(s.id) : `R${s.id}`);

const mac = (key: Buffer, subject: CodeSubject, day: string) =>
  createHmac('sha256', key).update(`SSJ-CODE/1|${subjectText(subject)}|${day}`).digest().subarray(0, 16).toString('base64url');

/** The code of task `taskId` (or of a subject) valid through `day` (YYYY-MM-DD). */
export function signCode(key: Buffer, subject: number | CodeSubject, day: string): string {
  const s: CodeSubject = typeof subject === 'number' ? { kind: 'task', id: subject } : subject;
  return `${subjectText(s)}.${day.replaceAll('-', '')}.${mac(key, s, day)}`;
}

export const CODE_FORGED = '检查码无效：该码不是本平台签发的检查码，或已被篡改。请勿配合未登记的检查，可拨打 12345 或向检查机关核实';
export const CODE_EXPIRED = '检查码已过期：该检查任务的有效期已过，本码不再有效。请要求检查人员出示有效检查码，或向检查机关核实';

/** Checks a code's form and mac (constant-time); returns what it names and the last valid day. */
export function verifyCode(key: Buffer, code: string): { subject: CodeSubject; day: string } {
  const m = /^(R?)(\d{1,10})\.(\d{8})\.([A-Za-z0-9_-]{22})$/.exec(code ?? '');
  if (!m) throw new AppError(ErrorCode.NOT_FOUND, CODE_FORGED);
  const subject: CodeSubject = { kind: m[1] ? 'record' : 'task', id: Number(m[2]) };
  const day = `${m[3]!.slice(0, 4)}-${m[3]!.slice(4, 6)}-${m[3]!.slice(6)}`;
  const want = Buffer.from(mac(key, subject, day));
  const got = Buffer.from(m[4]!);
  if (got.length !== want.length || !timingSafeEqual(got, want)) throw new AppError(ErrorCode.NOT_FOUND, CODE_FORGED);
  return { subject, day };
}

/** 24:00 Beijing time at the end of `day`. */
export const endOfDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`);

interface CodeTask { id: number; drawStatus: string; period: string; deadline: string | null; drawDate: string; drawnAt: Date | null }

async function codeTask(q: Queryable, taskId: number): Promise<CodeTask | undefined> {
  return (await q.query(
    `SELECT t.id, d.status AS "drawStatus", d.period, t.deadline::text AS deadline, d.draw_date::text AS "drawDate", d.drawn_at AS "drawnAt"
       FROM draw_tasks t JOIN draws d ON d.id = t.draw_id WHERE t.id = $1`, [taskId],
  )).rows[0];
}

interface CodeRecord {
  id: number; taskId: number | null; orgId: number; orgPath: string; team: number[]; inspectedOn: string; createdAt: Date; status: string;
  /** 凡检查必审批: the request's state and approved window (null: a record submitted before approvals existed). */
  approval: 'pending' | 'approved' | 'rejected' | 'withdrawn' | null; plannedFrom: string | null; plannedTo: string | null;
}

async function codeRecord(q: Queryable, recordId: number): Promise<CodeRecord | undefined> {
  return (await q.query(
    `SELECT r.id, r.task_id AS "taskId", r.org_id AS "orgId", o.path AS "orgPath", r.team, r.inspected_on::text AS "inspectedOn", r.created_at AS "createdAt", r.status,
            a.status AS approval, a.planned_from::text AS "plannedFrom", a.planned_to::text AS "plannedTo"
       FROM inspection_records r JOIN organizations o ON o.id = r.org_id LEFT JOIN inspection_approvals a ON a.record_id = r.id WHERE r.id = $1`, [recordId],
  )).rows[0];
}

/** A targeted check's window: as approved (a record from before approvals: created → inspection day). */
const recordWindow = (r: CodeRecord) => ({ from: r.plannedFrom ?? chinaDay(r.createdAt), to: r.plannedTo ?? r.inspectedOn });

/** The last day of a task's window: its deadline, else the end of its draw's period. */
const windowEnd = (t: Pick<CodeTask, 'deadline' | 'period'>) => t.deadline ?? periodRange(t.period).end;

export interface IssuedCode { code: string; path: string; validFrom: string; validTo: string; svg: string }

async function issue(ctx: Ctx, subject: CodeSubject, validFrom: string, validTo: string): Promise<IssuedCode> {
  const code = signCode(await codeKey(ctx.database), subject, validTo);
  const path = `/code/${code}`;
  return { code, path, validFrom, validTo, svg: await QRCode.toString(path, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) };
}

/** The code of a task for its team and the officers over it (the phone page, the printout). */
export async function taskCode(ctx: Ctx, taskId: number): Promise<IssuedCode> {
  assertAllowed(ctx, 'read');
  const q = ctx.database.pool;
  const task = await getTaskContext(q, taskId);
  const draw = task && (await q.query(`SELECT d.org_id AS "orgId", o.path AS "orgPath" FROM draws d JOIN organizations o ON o.id = d.org_id WHERE d.id = $1`, [task.drawId])).rows[0];
  const me = await actorInspectorId(q, ctx);
  const allowed = task && (task.team.includes(me ?? -1) || isOfficerOver(ctx, task.dispatchedOrgPath) || isDrawOfficer(ctx, draw));
  if (!task || !allowed || (task.drawStatus !== 'drawn' && task.drawStatus !== 'revealed')) {
    throw new AppError(ErrorCode.NOT_FOUND, `检查任务不存在或您不是该任务的检查人员（ID ${taskId}）`);
  }
  const t = (await codeTask(q, taskId))!;
  return issue(ctx, { kind: 'task', id: taskId }, t.drawnAt ? chinaDay(t.drawnAt) : t.drawDate, windowEnd(t));
}

/**
 * The code of a targeted check (投诉举报, 上级转办, 专项, 监测发现线索) for its team and the officers over
 * its organisation, once a leader approved it (凡检查必审批): valid through the approved window; a drawn
 * task's record shows its task's code.
 */
export async function recordCode(ctx: Ctx, recordId: number): Promise<IssuedCode> {
  assertAllowed(ctx, 'read');
  const q = ctx.database.pool;
  const r = await codeRecord(q, recordId);
  const me = await actorInspectorId(q, ctx);
  if (!r || !(r.team.includes(me ?? -1) || isOfficerOver(ctx, r.orgPath))) throw new AppError(ErrorCode.NOT_FOUND, `检查记录不存在或您不是该检查的检查人员（ID ${recordId}）`);
  if (r.taskId !== null) return taskCode(ctx, r.taskId);
  if (r.approval === 'pending') throw new AppError(ErrorCode.CONFLICT, '该检查尚未经领导审批，审批通过后才签发检查码（凡检查必审批）');
  if (r.approval === 'rejected') throw new AppError(ErrorCode.CONFLICT, '该检查申请已被驳回，不签发检查码');
  if (r.approval === 'withdrawn') throw new AppError(ErrorCode.CONFLICT, '该检查申请已撤回，不签发检查码');
  const w = recordWindow(r);
  return issue(ctx, { kind: 'record', id: recordId }, w.from, w.to);
}

/** The printable code (A4, QR with the body, target and window) for posting or handing over. */
export async function codePdf(ctx: Ctx, subject: CodeSubject, origin: string): Promise<{ pdf: Buffer; fileName: string }> {
  const issued = subject.kind === 'task' ? await taskCode(ctx, subject.id) : await recordCode(ctx, subject.id);
  const info = await codeInfo(ctx.database.pool, verifyCode(await codeKey(ctx.database), issued.code).subject);
  const pdf = await renderPdf(a4Document({
    title: '行政检查码（亮码入企）',
    subtitle: `${info.body} · ${info.targetName}`,
    content: [
      { qr: `${origin}${issued.path}`, fit: 220, alignment: 'center', margin: [0, 20, 0, 16] },
      { text: '请被检查企业使用手机扫码，核验本次检查是否已登记', alignment: 'center', fontSize: 12, margin: [0, 0, 0, 12] },
      { text: `检查机关：${info.body}`, margin: [60, 2] },
      { text: `检查事项：${info.items.join('、')}`, margin: [60, 2] },
      { text: `检查人员：${info.inspectors.map((i) => `${i.name}（执法证号 ${i.certNo}）`).join('、')}`, margin: [60, 2] },
      { text: `有效期：${issued.validFrom} 至 ${issued.validTo}`, margin: [60, 2] },
      { text: `检查码：${issued.code}`, fontSize: 8, color: '#555555', margin: [60, 12, 60, 0] },
    ],
  }));
  return { pdf, fileName: `检查码-${info.targetName}.pdf` };
}

/** The printable code of a task (kept for callers of #9's first version). */
export const taskCodePdf = (ctx: Ctx, taskId: number, origin: string) => codePdf(ctx, { kind: 'task', id: taskId }, origin);

export interface CodeInfo {
  kind: string;
  body: string;
  targetName: string;
  items: string[];
  inspectors: { id: number; name: string; certNo: string }[];
  validFrom: string;
  validTo: string;
  /** First scan (the team's arrival as the enterprise recorded it). */
  arrivedAt: Date | null;
  scans: number;
  completed: boolean;
  recusals: { inspectorName: string; status: string; requestedAt: Date; decisionNote: string | null }[];
  /** 检查频次: this body's inspections of the enterprise this year, this one included, and the cap. */
  frequency: { year: number; count: number; cap: number };
  rights: string[];
  complaint: string;
}

const subjectColumn = (s: CodeSubject) => (s.kind === 'task' ? 'task_id' : 'record_id');

/** What the code's page shows: only this task or check. */
async function codeInfo(q: Queryable, subject: CodeSubject): Promise<CodeInfo> {
  const t = subject.kind === 'task' ? (await q.query(
    `SELECT t.items, t.team, t.deadline::text AS deadline, d.period, d.draw_date::text AS "drawDate", d.drawn_at AS "drawnAt",
            o.name AS body, o.path AS "bodyPath", t.target_id AS "targetId", tg.name AS "targetName", po.name AS "upperBody",
            EXISTS (SELECT 1 FROM inspection_records r WHERE r.task_id = t.id AND r.status = 'submitted') AS completed
       FROM draw_tasks t JOIN draws d ON d.id = t.draw_id JOIN organizations o ON o.id = t.dispatched_org_id
       JOIN targets tg ON tg.id = t.target_id LEFT JOIN organizations po ON po.id = o.parent_id WHERE t.id = $1`, [subject.id],
  )).rows[0] : (await q.query(
    `SELECT ARRAY(SELECT DISTINCT l.item FROM inspection_lines l WHERE l.record_id = r.id) AS items, r.team, r.kind,
            r.inspected_on::text AS "inspectedOn", r.created_at AS "createdAt", o.name AS body,
            a.planned_from::text AS "plannedFrom", a.planned_to::text AS "plannedTo", o.path AS "bodyPath", r.target_id AS "targetId",
            tg.name AS "targetName", po.name AS "upperBody",
            r.status = 'submitted' AS completed
       FROM inspection_records r JOIN organizations o ON o.id = r.org_id JOIN targets tg ON tg.id = r.target_id
       LEFT JOIN organizations po ON po.id = o.parent_id LEFT JOIN inspection_approvals a ON a.record_id = r.id WHERE r.id = $1`, [subject.id],
  )).rows[0];
  const inspectors = (await q.query(`SELECT id, name, cert_no AS "certNo" FROM inspectors WHERE id = ANY($1::int[])`, [t.team])).rows as CodeInfo['inspectors'];
  inspectors.sort((a, b) => t.team.indexOf(a.id) - t.team.indexOf(b.id));
  const col = subjectColumn(subject);
  const scans = (await q.query(`SELECT min(scanned_at) AS first, count(*)::int AS n FROM inspection_code_scans WHERE ${col} = $1`, [subject.id])).rows[0];
  const recusals = (await q.query(
    `SELECT i.name AS "inspectorName", r.status, r.requested_at AS "requestedAt", r.decision_note AS "decisionNote"
       FROM recusal_requests r JOIN inspectors i ON i.id = r.inspector_id WHERE r.${col} = $1 ORDER BY r.id`, [subject.id],
  )).rows;
  const task = subject.kind === 'task';
  // The subject counts itself: a task scheduled or inspected, a targeted check in draft or submitted.
  const year = Number((task ? t.period : t.inspectedOn).slice(0, 4));
  const counted = (await capCounts(q, t.bodyPath, year, [t.targetId])).get(t.targetId) ?? 0;
  const frequency = { year, count: counted, cap: (await rulesForOrg(q, t.bodyPath, year)).annualCap.perBody };
  return {
    kind: task ? '双随机抽查（随机抽取检查对象、随机选派检查人员）' : `计划外检查（${t.kind}）`,
    body: t.body, targetName: t.targetName, items: t.items, inspectors,
    validFrom: task ? (t.drawnAt ? chinaDay(t.drawnAt) : t.drawDate) : t.plannedFrom ?? chinaDay(t.createdAt),
    validTo: task ? windowEnd(t) : t.plannedTo ?? t.inspectedOn,
    arrivedAt: scans.first, scans: scans.n, completed: t.completed, recusals, frequency,
    rights: [
      '检查人员应当出示有效的行政执法证件，不得少于两人；可核对上方的姓名和执法证号',
      '您有权陈述和申辩；检查人员不得违法增加企业义务、不得干扰正常生产经营',
      '检查人员与本企业有直接利害关系或者其他关系可能影响公正检查的，您有权申请回避（见下方「申请回避」）',
      '检查不收取任何费用，不得索取或接受企业财物，不得指定或推荐中介服务',
    ],
    complaint: `对检查人员的违法违纪行为，可向${t.body}${t.upperBody ? `或${t.upperBody}` : ''}投诉举报，或拨打 12345 政务服务便民热线`,
  };
}

/** Verifies a code against the key and the subject's current window. */
async function validSubject(database: Database, q: Queryable, code: string, now: Date): Promise<CodeSubject> {
  const { subject, day } = verifyCode(await codeKey(database, q), code);
  let end: string;
  if (subject.kind === 'task') {
    const t = await codeTask(q, subject.id);
    if (!t || (t.drawStatus !== 'drawn' && t.drawStatus !== 'revealed')) throw new AppError(ErrorCode.NOT_FOUND, CODE_FORGED);
    end = [day, windowEnd(t)].sort()[0]!;
  } else {
    const r = await codeRecord(q, subject.id);
    if (!r || r.taskId !== null || (r.approval !== null && r.approval !== 'approved')) throw new AppError(ErrorCode.NOT_FOUND, CODE_FORGED);
    end = [day, recordWindow(r).to].sort()[0]!;
  }
  if (now > endOfDay(end)) throw new AppError(ErrorCode.NOT_FOUND, CODE_EXPIRED, [{ field: 'code', reason: '已过期' }]);
  return subject;
}

/** The public scan (no login): checks the code, records the arrival and returns the page's content. */
export async function scanCode(deps: { database: Database; now: () => Date }, code: string, client: string | undefined): Promise<CodeInfo> {
  const q = deps.database.pool;
  await codeKey(deps.database); // created outside the transaction below (the pool has one connection)
  return inTransaction(q, async (c) => {
    const subject = await validSubject(deps.database, c, code, deps.now());
    await c.query(`INSERT INTO inspection_code_scans (${subjectColumn(subject)}, scanned_at, client) VALUES ($1, $2, $3)`, [subject.id, deps.now(), client?.slice(0, 200) ?? null]);
    const what = subject.kind === 'task' ? `任务 #${subject.id}` : `检查记录 #${subject.id}`;
    await appendAudit(c, publicEntry(deps.now(), 'enterprise.scan', subject, `企业扫描检查码（${what}），记录到达时间`));
    return codeInfo(c, subject);
  });
}

/** An audit entry of the enterprise acting through a code (no user). */
export function publicEntry(at: Date, action: string, subject: CodeSubject, summary: string, detail?: Record<string, unknown>): AuditEntry {
  return {
    actor: { id: null, orgId: null, displayName: '被检查企业（扫码）' }, at, action,
    object: { type: subject.kind === 'task' ? 'draw_task' : 'inspection', id: subject.id }, summary, ...(detail ? { detail } : {}),
  };
}

/** For the recusal request: the task or record behind a valid code, locked for the caller's transaction. */
export async function subjectOfValidCode(database: Database, c: Queryable, code: string, now: Date): Promise<CodeSubject> {
  const subject = await validSubject(database, c, code, now);
  await c.query(`SELECT id FROM ${subject.kind === 'task' ? 'draw_tasks' : 'inspection_records'} WHERE id = $1 FOR UPDATE`, [subject.id]);
  return subject;
}
