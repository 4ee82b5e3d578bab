/**
 * The standard forms of 司法部办公厅《行政检查文书基本格式文本（试行）》(2025) for this platform's
 * inspections (#9), beside the 《污染源现场检查记录表》: 《行政检查审批表》 (before the visit: object,
 * matter, basis, source of the task, mode, time, inspectors with certificate numbers, this year's
 * count against the cap, and the opinions of 承办人, 承办机构负责人 and 行政执法主体负责人) and
 * 《现场检查笔录》 (time, place, the inspected party, the body and inspectors, the notice of rights
 * with the question on recusal, what was found, the party's opinion and the signatures).
 */
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { chinaMinute } from '../../domain/calendar/dates.ts';
import { JOINT_PARTNERS_LABEL, jointPartnersText } from '../../domain/joint-partners.ts';
import { a4Document, renderPdf } from '../../files/pdf.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { getTaskContext } from '../../storage/repos/inspections.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { actorInspectorId, isDrawOfficer } from '../draw/access.ts';
import { isOfficerOver } from '../inspection/access.ts';
import { getInspectionDetail } from '../inspection/read-inspection.ts';
import { capCounts, rulesForOrg } from './annual-cap.ts';

/** 《中华人民共和国环境保护法》第二十四条: the basis of an on-site inspection of a polluter. */
const BASIS = '《中华人民共和国环境保护法》第二十四条；《国务院办公厅关于推广随机抽查规范事中事后监管的通知》（国办发〔2015〕58号）；国办发〔2024〕54号';
const TASK_BASIS = '《中华人民共和国环境保护法》第二十四条；《国务院办公厅关于严格规范涉企行政检查的意见》（国办发〔2024〕54号）';
const SOURCE: Record<string, string> = {
  双随机抽查: '年度行政检查计划（“双随机、一公开”抽查）', 投诉举报: '投诉举报', 上级转办: '上级交办、转办', 专项: '专项检查部署', 监测发现线索: '监测发现的违法线索',
};

const cell = (text: string, opts: Partial<{ bold: boolean; colSpan: number; height: number; alignment: 'left' | 'center' }> = {}): TableCell => ({
  text, ...(opts.bold ? { bold: true } : {}), ...(opts.colSpan ? { colSpan: opts.colSpan } : {}), ...(opts.alignment ? { alignment: opts.alignment } : {}),
  margin: [4, 4, 4, opts.height ?? 4],
});
const label = (text: string) => cell(text, { bold: true, alignment: 'center' });
const opinion = (who: string): TableCell[] => [label(who), cell(`\n\n\n签名：　　　　　　　　　　　${'　'.repeat(4)}年　　月　　日`, { colSpan: 3 }), {}, {}];
/** An opinion as given on the platform (who, when, what), instead of the blank for a hand signature. */
const givenOpinion = (who: string, text: string): TableCell[] => [label(who), cell(text, { colSpan: 3 }), {}, {}];
const grid = (body: TableCell[][]): Content => ({
  table: { widths: [90, '*', 90, '*'], body },
  layout: { hLineWidth: () => 0.6, vLineWidth: () => 0.6 },
});

interface FormTarget { name: string; identifier: string; address: string | null; contact: string | null; phone: string | null; orgName: string }

async function formTarget(q: Queryable, targetId: number, orgId: number): Promise<FormTarget> {
  return (await q.query(
    `SELECT t.name, t.identifier, t.address, t.contact, t.phone, (SELECT name FROM organizations WHERE id = $2) AS "orgName" FROM targets t WHERE t.id = $1`, [targetId, orgId],
  )).rows[0];
}

async function teamOf(q: Queryable, team: number[]): Promise<{ id: number; name: string; certNo: string }[]> {
  const rows = (await q.query(`SELECT id, name, cert_no AS "certNo" FROM inspectors WHERE id = ANY($1::int[])`, [team])).rows as { id: number; name: string; certNo: string }[];
  return rows.sort((a, b) => team.indexOf(a.id) - team.indexOf(b.id));
}

interface GivenOpinions { requester?: string; leader?: string }

/** 跨部门联合检查: the row naming the other bodies taking part, or none when the inspection is the bureau's alone. */
const partnersRow = (partners: readonly string[]): TableCell[][] => (partners.length ? [[label(JOINT_PARTNERS_LABEL), cell(jointPartnersText(partners), { colSpan: 3 }), {}, {}]] : []);

function approvalContent(t: FormTarget, f: { matter: string; basis: string; source: string; mode: string; time: string; team: { name: string; certNo: string }[]; jointPartners: readonly string[]; count: number; cap: number; note: string; opinions?: GivenOpinions }): Content {
  return grid([
    [label('检查对象'), cell(t.name, { colSpan: 3 }), {}, {}],
    [label('统一社会信用代码'), cell(t.identifier), label('联系人及电话'), cell([t.contact, t.phone].filter(Boolean).join(' ') || '—')],
    [label('地址'), cell(t.address ?? '—', { colSpan: 3 }), {}, {}],
    [label('检查事项'), cell(f.matter, { colSpan: 3 }), {}, {}],
    [label('检查依据'), cell(f.basis, { colSpan: 3 }), {}, {}],
    [label('任务来源'), cell(f.source), label('检查方式'), cell(f.mode)],
    [label('拟检查时间'), cell(f.time, { colSpan: 3 }), {}, {}],
    [label('检查人员及\n执法证件号'), cell(f.team.map((i) => `${i.name}（${i.certNo}）`).join('\n'), { colSpan: 3 }), {}, {}],
    ...partnersRow(f.jointPartners),
    [label('本年度检查频次'), cell(`本单位本年度已检查或已安排检查 ${f.count} 次（年度上限 ${f.cap} 次）`, { colSpan: 3 }), {}, {}],
    f.opinions?.requester ? givenOpinion('承办人意见', f.opinions.requester) : opinion('承办人意见'),
    opinion('承办机构\n负责人意见'),
    f.opinions?.leader ? givenOpinion('行政执法主体\n负责人审批意见', f.opinions.leader) : opinion('行政执法主体\n负责人审批意见'),
    [label('备注'), cell(f.note, { colSpan: 3 }), {}, {}],
  ]);
}

/** 《行政检查审批表》 of a drawn task (for its team and the officers over it). */
export async function taskApprovalFormPdf(ctx: Ctx, taskId: number): Promise<{ pdf: Buffer; fileName: string }> {
  assertAllowed(ctx, 'read');
  const q = ctx.database.pool;
  const task = await getTaskContext(q, taskId);
  const draw = task && (await q.query(
    `SELECT d.org_id AS "orgId", o.path AS "orgPath", d.draw_no AS "drawNo", d.draw_date::text AS "drawDate", p.revision, d.joint_partners AS "jointPartners"
       FROM draws d JOIN organizations o ON o.id = d.org_id LEFT JOIN annual_plans p ON p.id = d.plan_id WHERE d.id = $1`, [task.drawId],
  )).rows[0];
  const me = await actorInspectorId(q, ctx);
  if (!task || !draw || !(task.team.includes(me ?? -1) || isOfficerOver(ctx, task.dispatchedOrgPath) || isDrawOfficer(ctx, draw))
    || (task.drawStatus !== 'drawn' && task.drawStatus !== 'revealed')) {
    throw new AppError(ErrorCode.NOT_FOUND, `检查任务不存在或不在您的管辖范围内（ID ${taskId}）`);
  }
  const t = await formTarget(q, task.targetId, task.dispatchedOrgId);
  const year = Number(task.period.slice(0, 4));
  const rules = await rulesForOrg(q, task.dispatchedOrgPath, year);
  const count = (await capCounts(q, task.dispatchedOrgPath, year, [task.targetId])).get(task.targetId) ?? 0;
  const pdf = await renderPdf(a4Document({
    title: '行政检查审批表',
    subtitle: `${t.orgName}　　编号：${draw.drawNo}-${task.id}`,
    content: approvalContent(t, {
      matter: task.items.join('、'), basis: TASK_BASIS, source: `${SOURCE['双随机抽查']}，抽取编号 ${draw.drawNo}`, mode: '现场检查',
      time: `${draw.drawDate} 至 ${task.deadline ?? '本期末'}`, team: await teamOf(q, task.team), jointPartners: draw.jointPartners ?? [], count, cap: rules.annualCap.perBody,
      note: `随机抽取的检查对象和检查人员；已列入经批准的年度抽查计划${draw.revision ? `（第 ${draw.revision} 版）` : ''}。`,
    }),
  }));
  return { pdf, fileName: `行政检查审批表-${t.name}.pdf` };
}

/** 《行政检查审批表》 of an inspection record (a targeted check or a task's record). */
export async function recordApprovalFormPdf(ctx: Ctx, recordId: number): Promise<{ pdf: Buffer; fileName: string }> {
  const d = await getInspectionDetail(ctx, recordId);
  const r = d.record;
  const q = ctx.database.pool;
  const t = await formTarget(q, r.targetId, r.orgId);
  const year = Number(r.inspectedOn.slice(0, 4));
  const rules = await rulesForOrg(q, r.orgPath, year);
  const count = (await capCounts(q, r.orgPath, year, [r.targetId])).get(r.targetId) ?? 0;
  const exception = (await q.query(`SELECT reason FROM cap_exceptions WHERE record_id = $1`, [recordId])).rows[0] as { reason: string } | undefined;
  // 凡检查必审批: a targeted check's form carries its request and the leader's decision as recorded.
  const a = d.approval;
  const decision = a && a.status !== 'pending' && a.decidedAt
    ? `${a.status === 'approved' ? '同意' : '不同意（驳回）'}。${a.opinion ?? ''}\n审批人：${a.decidedBy ?? '—'}　　审批时间：${chinaMinute(a.decidedAt)}`
    : a ? '（待审批）' : undefined;
  const requested = a ? `拟对该企业进行${r.kind}检查，请审批。\n承办人：${a.requestedBy ?? '—'}　　申请时间：${chinaMinute(a.requestedAt)}` : undefined;
  const pdf = await renderPdf(a4Document({
    title: '行政检查审批表',
    subtitle: `${t.orgName}　　编号：检查记录 ${r.id}`,
    content: approvalContent(t, {
      matter: [...new Set(r.lines.map((l) => l.item))].join('、'), basis: r.taskId ? TASK_BASIS : a ? `${a.basis}\n${BASIS}` : BASIS,
      source: `${SOURCE[r.kind] ?? r.kind}${a?.basisRef ? `（${a.basisRef}）` : ''}`,
      mode: r.mode === '现场' ? '现场检查' : `非现场检查（${r.mode}）`, time: a ? `${a.plannedFrom} 至 ${a.plannedTo}` : r.inspectedOn, team: d.inspectors, jointPartners: d.jointPartners, count, cap: rules.annualCap.perBody,
      note: exception ? `超出年度检查上限，经局领导批准：${exception.reason}` : r.countsToQuota ? '已列入经批准的年度抽查计划。' : '计划外检查，不计入抽查比例。',
      opinions: { requester: requested, leader: decision },
    }),
  }));
  return { pdf, fileName: `行政检查审批表-${t.name}-${r.inspectedOn}.pdf` };
}

/** 《现场检查笔录》 of an inspection record. */
export async function siteRecordFormPdf(ctx: Ctx, recordId: number): Promise<{ pdf: Buffer; fileName: string }> {
  const d = await getInspectionDetail(ctx, recordId);
  const r = d.record;
  const q = ctx.database.pool;
  const t = await formTarget(q, r.targetId, r.orgId);
  const recusals = r.taskId ? (await q.query(
    `SELECT x.id, i.name, x.status FROM recusal_requests x JOIN inspectors i ON i.id = x.inspector_id WHERE x.task_id = $1 ORDER BY x.id`, [r.taskId],
  )).rows as { id: number; name: string; status: string }[] : [];
  const scan = r.taskId ? (await q.query(`SELECT min(scanned_at) AS at FROM inspection_code_scans WHERE task_id = $1`, [r.taskId])).rows[0].at as Date | null : null;
  const names = d.inspectors.map((i) => `${i.name}（执法证号 ${i.certNo}）`).join('、');
  const answer = recusals.length
    ? `答：已申请${recusals.map((x) => `${x.name}回避（${x.status === 'approved' ? '已批准并更换' : x.status === 'rejected' ? '未批准' : '待决定'}）`).join('；')}。`
    : '答：不申请回避。';
  const findings = r.lines.map((l) => `${l.position}. ${l.item}：${l.content}——${l.verdict ?? '未填'}${l.finding ? `（${l.finding}）` : ''}`).join('\n');
  const content: Content = grid([
    [label('检查时间'), cell(`${r.inspectedOn}${scan ? `（企业扫码确认到达 ${chinaMinute(scan)}）` : ''}`, { colSpan: 3 }), {}, {}],
    [label('检查地点'), cell(t.address ?? '—', { colSpan: 3 }), {}, {}],
    [label('被检查人'), cell(t.name), label('统一社会信用代码'), cell(t.identifier)],
    [label('现场负责人'), cell(r.enterpriseRepresentative ?? '—'), label('联系电话'), cell(t.phone ?? '—')],
    [label('检查机关'), cell(t.orgName), label('检查方式'), cell(r.mode === '现场' ? '现场检查' : `非现场检查（${r.mode}）`)],
    [label('检查人员及\n执法证件号'), cell(names, { colSpan: 3 }), {}, {}],
    ...partnersRow(d.jointPartners),
    [label('记录人'), cell(d.inspectors[0]?.name ?? '—', { colSpan: 3 }), {}, {}],
    [cell(`告知事项：我们是${t.orgName}的行政执法人员，已向你出示行政执法证件。现依法对你单位进行${r.kind === '双随机抽查' ? '“双随机”抽查' : '检查'}，请予配合。你单位有权进行陈述和申辩；如认为检查人员与你单位有直接利害关系或者其他关系可能影响公正检查的，有权申请回避。\n问：你单位是否申请检查人员回避？\n${answer}`, { colSpan: 4 }), {}, {}, {}],
    [cell(`检查情况：\n${findings}\n\n检查结果：${r.resultCategory ?? '（未填写）'}${r.summary ? `\n${r.summary}` : ''}`, { colSpan: 4, height: 12 }), {}, {}, {}],
    [label('被检查人意见'), cell('\n\n以上笔录已阅，与事实相符。\n\n签名：　　　　　　　　年　　月　　日', { colSpan: 3 }), {}, {}],
    [label('检查人员签名'), cell(`\n${d.inspectors.map((i) => `${i.name}：　　　　　　`).join('　')}\n`, { colSpan: 3 }), {}, {}],
    [label('记录人签名'), cell('\n　　　　　　　　　　　　年　　月　　日', { colSpan: 3 }), {}, {}],
  ]);
  const pdf = await renderPdf(a4Document({ title: '现场检查笔录', subtitle: `${t.orgName}　　记录编号 ${r.id}${r.status === 'submitted' ? '' : '（草稿）'}`, content }));
  return { pdf, fileName: `现场检查笔录-${t.name}-${r.inspectedOn}.pdf` };
}
