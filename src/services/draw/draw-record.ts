/**
 * 抽取记录（会议纪要）as a PDF: the draw's basic facts, the frozen strata with pool sizes, quotas and
 * formulae, the exclusions summary, the commitment, public value, witnesses and minutes, the seed and
 * result hash, the protocol's formulae, the result and the replacements, and lines for signatures.
 * Before the reveal only the drawing organisation's officers may print it (it holds the list); each
 * print is logged like any read of the list.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import type { Manifest } from '../../domain/draw/types.ts';
import { a4Document, pdfTable, renderPdf } from '../../files/pdf.ts';
import { getDraw, getDrawInputs, listDrawTasks, listReplacements } from '../../storage/repos/draws.ts';
import { DRAW_STATUS_LABELS } from '../../http/contract-draw.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { isDrawOfficer, recordListRead } from './access.ts';

const FORMULAE = [
  'enc(s) = 4 字节大端长度 ‖ s 的 UTF-8 字节；H = SHA-256；十六进制均为小写',
  'manifestHash = hex(H(JCS(manifest)))；poolHash = hex(H(enc(id₁) ‖ enc(id₂) ‖ …))（id 按 UTF-8 字节升序）',
  'commitment = hex(H(secret))（冻结时公开）',
  'seed = H(enc("SSJ-DRAW/1") ‖ enc(manifestHash) ‖ enc(publicValue) ‖ enc(hex(secret)))',
  'ticket = H(enc("target") ‖ seed ‖ enc(层级名称) ‖ enc(对象 id))，每层取 ticket 最小的 quota 个',
  'taskKey = H(enc("task") ‖ seed ‖ enc(对象 id))，任务按 taskKey 升序派员',
  'pairTicket = H(enc("assign") ‖ seed ‖ enc(对象 id) ‖ enc(人员 id))：先部门、后专长、再补足人数，每个名额取负荷最小、pairTicket 最小者',
  'resultHash = hex(H(JCS(result)))；公开后任何人可用 shuangsui verify 证据包.json 复核',
];

/** The record of draw `id` as PDF bytes. */
export async function drawRecordPdf(ctx: Ctx, id: number): Promise<{ pdf: Buffer; fileName: string }> {
  assertAllowed(ctx, 'read');
  const q = ctx.database.pool;
  const draw = await getDraw(q, { id });
  if (!draw || !draw.orgPath.startsWith(ctx.actor.orgPath)) throw new AppError(ErrorCode.NOT_FOUND, `抽取不存在或不在您的管辖范围内（ID ${id}）`);
  const officer = isDrawOfficer(ctx, draw);
  const revealed = draw.status === 'revealed';
  if (!officer && !revealed) throw new AppError(ErrorCode.FORBIDDEN, `抽取 ${draw.drawNo} 尚未公开，抽取记录仅限抽取单位的承办人、领导和系统管理员打印`);
  const manifest = draw.manifest as Manifest & { profile?: { key: string; version: number; hash: string }; plan?: { year: number; revision: number } };
  const inputs = await getDrawInputs(q, draw.id);
  const hasResult = draw.status === 'drawn' || revealed;
  const tasks = hasResult ? await listDrawTasks(q, draw.id) : [];
  const replacements = hasResult ? await listReplacements(q, draw.id) : [];
  if (hasResult) await recordListRead(ctx, draw, 'record');

  const h2 = (text: string) => ({ text, bold: true, fontSize: 11, margin: [0, 10, 0, 4] as [number, number, number, number] });
  const mono = (text: string) => ({ text, fontSize: 8 });
  const content = [
    h2('一、基本情况'),
    pdfTable(['项目', '内容'], [
      ['抽取编号', draw.drawNo],
      ['抽取单位', draw.orgName],
      ['期间 / 抽取日期', `${draw.period} / ${draw.drawDate}`],
      ['抽取方式', `${draw.kind}${draw.filter.campaign ? `（${draw.filter.campaign}）` : ''}${draw.filter.tags?.length ? `，对象标签：${draw.filter.tags.join('、')}` : ''}`],
      ['监管方案', manifest.profile ? `${manifest.profile.key} 第 ${manifest.profile.version} 版（哈希 ${manifest.profile.hash.slice(0, 16)}…）` : draw.profileKey],
      ['年度抽查计划', manifest.plan ? `${manifest.plan.year} 年度第 ${manifest.plan.revision} 版` : '—'],
      ['检查人员名单', `${inputs.roster.length} 人，每组 ${manifest.teamSize} 人（rosterHash ${manifest.rosterHash}）`],
      ['状态', DRAW_STATUS_LABELS[draw.status]],
    ], { widths: [100, '*'] }),
    h2('二、冻结名录与抽取数量'),
    pdfTable(['层级', '抽查事项', '名录数', '抽取数', '计算公式'],
      manifest.strata.map((s) => [s.label, s.item, s.poolSize, s.quota, s.formula]), { widths: [80, 80, 40, 40, '*'], align: ['left', 'left', 'right', 'right', 'left'] }),
    { text: manifest.strata.map((s) => `poolHash「${s.label}」：${s.poolHash}`).join('\n'), fontSize: 7, margin: [0, 4, 0, 0] },
    h2(`三、不纳入抽取的对象（共 ${inputs.exclusions.length} 个）`),
    draw.exclusionSummary.length
      ? pdfTable(['原因', '数量'], draw.exclusionSummary.map((e) => [e.reason, e.count]), { widths: ['*', 50], align: ['left', 'right'] })
      : { text: '无' },
    h2('四、承诺值、公开随机值与见证'),
    pdfTable(['项目', '内容'], [
      ['清单哈希 manifestHash', draw.manifestHash],
      ['承诺值 commitment', draw.commitment],
      ['公开随机值来源', draw.publicValueSource],
      ['公开随机值', draw.publicValue ?? '（尚未抽取）'],
      ['见证人', draw.witnesses?.join('、') ?? '—'],
      ['种子 seed', draw.seed ?? '—'],
      ['结果哈希 resultHash', draw.resultHash ?? '—'],
      ['冻结 / 抽取 / 公开时间', [draw.frozenAt, draw.drawnAt, draw.revealedAt].map((d) => (d ? new Date(d).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—')).join(' / ')],
    ], { widths: [120, '*'] }),
    ...(draw.minutes ? [h2('会议记录'), { text: draw.minutes, fontSize: 9 }] : []),
    h2('五、计算方法（SSJ-DRAW/1）'),
    { ul: FORMULAE.map(mono) },
    h2(`六、抽取结果（${tasks.length} 项任务）`),
    tasks.length
      ? pdfTable(['序号', '检查对象', '统一社会信用代码', '层级', '检查人员', '承办单位', '完成期限'],
        tasks.map((t, i) => [i + 1, t.targetName, t.targetKey, t.items.join('、'), t.teamNames.join('、'), t.dispatchedOrgName, t.deadline]),
        { widths: [24, '*', 92, 60, 70, 70, 52], align: ['center', 'left', 'left', 'left', 'left', 'left', 'left'] })
      : { text: '尚未抽取' },
    ...(replacements.length ? [
      h2('人员更换记录'),
      pdfTable(['序号', '任务对象', '原人员', '替换人员', '原因', '批准人'], replacements.map((r) => [
        r.seq, tasks.find((t) => t.id === r.taskId)?.targetKey ?? String(r.taskId), r.replacedInspector, r.replacement, r.reason, r.approverName ?? '',
      ])),
    ] : []),
    { text: '\n承办人（签字）：________________    监督人（签字）：________________    见证人（签字）：________________', fontSize: 10, margin: [0, 16, 0, 0] },
  ];
  const pdf = await renderPdf(a4Document({
    title: '双随机抽取记录（会议纪要）',
    subtitle: `${draw.orgName} · 抽取编号 ${draw.drawNo} · ${draw.period}`,
    header: draw.orgName,
    subject: `SSJ-DRAW/1 ${draw.drawNo}`,
    content: content as never,
  }));
  return { pdf, fileName: `抽取记录-${draw.drawNo}.pdf` };
}
