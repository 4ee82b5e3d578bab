/**
 * 《污染源现场检查记录表》 as a printable PDF (Chinese font embedded): the target, kind, mode and date,
 * the team with certificate numbers, the checklist with verdicts and findings, the result, the
 * approved corrections beside the original, photo thumbnails with capture times, and the signatures
 * of every inspector and of the enterprise's representative.
 */
import type { Content } from 'pdfmake/interfaces.js';
import { a4Document, pdfTable, renderPdf } from '../../files/pdf.ts';
import { readBlobBytes } from '../../files/blob-store.ts';
import { exifThumbnail } from '../../domain/media.ts';
import { chinaMinute } from '../../domain/calendar/dates.ts';
import { JOINT_PARTNERS_LABEL, jointPartnersText } from '../../domain/joint-partners.ts';
import type { Ctx } from '../context.ts';
import { currentSignatures, listAttachments } from './attach-file.ts';
import { getInspectionDetail } from './read-inspection.ts';


/** Whether pdfkit can draw the image: PNG, or a JPEG with a baseline/progressive frame header. */
function drawable(mime: string, bytes: Buffer): boolean {
  if (mime === 'image/png') return true;
  if (mime !== 'image/jpeg') return false;
  for (let i = 2; i + 1 < bytes.length; i++) if (bytes[i] === 0xff && (bytes[i + 1] === 0xc0 || bytes[i + 1] === 0xc2)) return true;
  return false;
}

/**
 * The image cell for a photo or signature: a JPEG's embedded EXIF preview when it has a drawable one
 * (a phone photo of several MB would otherwise be embedded whole), else the file itself; null when
 * pdfkit cannot draw it.
 */
export function pdfImage(mime: string, bytes: Buffer, fit: [number, number]): Content | null {
  const preview = mime === 'image/jpeg' ? exifThumbnail(bytes) : null;
  const use = preview && drawable(mime, Buffer.from(preview)) ? Buffer.from(preview) : bytes;
  return drawable(mime, use) ? { image: `data:${mime};base64,${use.toString('base64')}`, fit } : null;
}

function rowsOf<T>(items: T[], n: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += n) rows.push(items.slice(i, i + n));
  return rows;
}

/** The record `id` as PDF bytes. */
export async function inspectionRecordPdf(ctx: Ctx, filesDir: string, id: number): Promise<{ pdf: Buffer; fileName: string }> {
  const d = await getInspectionDetail(ctx, id);
  const r = d.record;
  const all = await listAttachments(ctx.database.pool, { recordId: id });
  const sigs = currentSignatures(all);
  const image = async (a: { mime: string; sha256: string }, fit: [number, number]): Promise<Content | null> => {
    const bytes = await readBlobBytes(filesDir, a.sha256).catch(() => null);
    return bytes ? pdfImage(a.mime, bytes, fit) : null;
  };
  const h2 = (text: string): Content => ({ text, bold: true, fontSize: 11, margin: [0, 10, 0, 4] });
  const photos = all.filter((a) => a.kind === 'photo');
  const photoCells: Content[] = [];
  for (const p of photos) {
    photoCells.push({ stack: [
      (await image(p, [150, 110])) ?? { text: '（该格式无法生成缩略图）', fontSize: 8 },
      { text: `${p.fileName}\n拍摄时间 ${chinaMinute(p.capturedAt)}${p.captureSource === 'exif' ? '（照片记录）' : '（上传时间）'}`, fontSize: 7 },
    ], margin: [0, 0, 6, 6] });
  }
  const others = all.filter((a) => a.kind === 'video' || a.kind === 'audio' || a.kind === 'document');
  const signRows: Content[][] = [];
  for (const i of d.inspectors) {
    const s = sigs.inspectors.get(i.id);
    signRows.push([{ text: `检查人员 ${i.name}（执法证号 ${i.certNo}）` }, (s && await image(s, [140, 50])) ?? { text: '（未签名）' }]);
  }
  if (r.mode === '现场' || sigs.enterprise) {
    signRows.push([{ text: `企业代表 ${r.enterpriseRepresentative ?? sigs.enterprise?.signerName ?? ''}` }, (sigs.enterprise && await image(sigs.enterprise, [140, 50])) ?? { text: '（未签名）' }]);
  }
  const approved = d.amendments.filter((a) => a.status === 'approved');
  const content: Content[] = [
    h2('一、基本情况'),
    pdfTable(['项目', '内容'], [
      ['检查对象', `${r.targetName}（${r.targetIdentifier}）`],
      ['检查类型', `${r.kind}${r.countsToQuota ? '' : '（不计入抽查比例）'}`],
      ['检查方式', r.mode === '现场' ? '现场检查' : `非现场检查：${r.mode}`],
      ['检查日期', r.inspectedOn],
      ['检查人员', d.inspectors.map((i) => `${i.name}（执法证号 ${i.certNo}）`).join('、')],
      ...(d.jointPartners.length ? [[JOINT_PARTNERS_LABEL, jointPartnersText(d.jointPartners)]] : []),
      ['企业代表', r.enterpriseRepresentative ?? '—'],
      ['记录状态', r.status === 'submitted' ? `已提交（${chinaMinute(r.submittedAt!)}），不可修改` : '草稿（未提交）'],
    ], { widths: [80, '*'] }),
    h2('二、检查内容及情况'),
    pdfTable(['序号', '检查事项', '检查内容', '结论', '发现的问题'],
      r.lines.map((l) => [l.position, l.item, l.content, l.verdict ?? '未填', l.finding ?? '']),
      { widths: [26, 70, '*', 36, 130], align: ['center', 'left', 'left', 'center', 'left'] }),
    h2('三、检查结果'),
    { text: `${r.resultCategory ?? '（未填写）'}${r.summary ? `\n${r.summary}` : ''}` },
  ];
  if (approved.length) {
    content.push(h2('更正记录（经领导审批，原记录保持不变）'), pdfTable(['序号', '更正内容', '原因', '审批'], approved.map((a) => [
      a.seq,
      [...(a.changes.lines ?? []).map((l) => `第 ${l.position} 项：${[l.verdict, l.finding].filter(Boolean).join('，')}`),
        ...(a.changes.resultCategory ? [`检查结果：${a.changes.resultCategory}`] : []), ...(a.changes.summary ? [`情况说明：${a.changes.summary}`] : [])].join('\n'),
      a.reason, `${a.decidedByName ?? ''} ${a.decidedAt ? chinaMinute(a.decidedAt) : ''}`,
    ]), { widths: [26, '*', 120, 90] }));
  }
  content.push(h2(`四、现场照片（${photos.length} 张）`), photos.length ? { stack: rowsOf(photoCells, 3).map((row) => ({ columns: row })) } : { text: '无' });
  if (others.length) content.push({ text: `其他附件：${others.map((a) => `${a.fileName}（${a.kind === 'video' ? '视频' : a.kind === 'audio' ? '录音' : '文档'}）`).join('、')}`, fontSize: 9, margin: [0, 4, 0, 0] });
  content.push(h2('五、签名'), { table: { widths: [200, '*'], body: signRows }, layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 } });
  const pdf = await renderPdf(a4Document({
    title: '污染源现场检查记录表',
    subtitle: `${r.targetName} · ${r.inspectedOn} · 记录编号 ${r.id}`,
    subject: `inspection ${r.id}`,
    content,
  }));
  return { pdf, fileName: `现场检查记录表-${r.targetName}-${r.inspectedOn}.pdf` };
}
