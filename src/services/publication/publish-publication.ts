/**
 * Publishes a result (谁检查、谁公开): the standard phrase is re-derived from the record as it stands
 * (approved corrections, follow-ups opened since), the approved wording replaces it, redactions apply,
 * and the public columns are filled — the only columns the portal and the open data read.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { publicView, standardPhrase } from '../../domain/publication/publication.ts';
import { inTransaction } from '../../storage/database.ts';
import { updatePublication } from '../../storage/repos/publications.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { portalChanged } from './portal-cache.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { assertPending, publicationInScope } from './publication-access.ts';

export async function publishPublication(ctx: Ctx, id: number, input: { remark?: string } = {}): Promise<void> {
  assertAllowed(ctx, 'write');
  await inTransaction(ctx.database.pool, async (client) => {
    const row = await publicationInScope(ctx, client, id, true);
    assertPending(row, '公开');
    if (row.wordingStatus === 'pending') throw new AppError(ErrorCode.CONFLICT, `「${row.enterpriseName}」的公示用语修改待领导审批，审批后才能公开`);
    const rec = (await client.query(`SELECT r.result_category AS "category",
        (SELECT a.changes->>'resultCategory' FROM inspection_amendments a WHERE a.record_id = r.id AND a.status = 'approved' AND a.changes ? 'resultCategory' ORDER BY a.seq DESC LIMIT 1) AS "amended",
        COALESCE((SELECT array_agg(f.kind) FROM inspection_followups f WHERE f.record_id = r.id), '{}') AS kinds
      FROM inspection_records r WHERE r.id = $1`, [row.recordId])).rows[0] as { category: string | null; amended: string | null; kinds: string[] };
    const phrase = standardPhrase(rec.amended ?? rec.category, rec.kinds);
    const remark = input.remark !== undefined ? input.remark.trim() || null : row.remark;
    if (remark && remark.length > 500) throw new AppError(ErrorCode.VALIDATION, '备注不能超过 500 个字', [{ field: 'remark', reason: `现为 ${remark.length} 个字` }]);
    const v = publicView({ ...row, remark, result: row.wording ?? phrase });
    await updatePublication(client, id, {
      standard_phrase: phrase, remark, status: 'published', published_at: ctx.now(), published_by: ctx.actor.id,
      pub_enterprise_name: v.enterpriseName, pub_credit_code: v.creditCode, pub_content: v.content, pub_result: v.result, pub_remark: v.remark,
    });
    await appendAudit(client, auditEntry(ctx, 'publication.publish', { type: 'publication', id },
      `公开「${row.enterpriseName}」的检查结果：${v.result}`, { taskNo: row.taskNo, result: v.result, dueOn: row.dueOn, redacted: row.redactedFields }));
  });
  portalChanged();
}
