/**
 * 不予公开: withholds some fields of a publication for 国家秘密 / 商业秘密 / 个人隐私 with a recorded
 * reason. The inspection itself stays listed (检查机关, 检查时间, 计划与任务 are always public). On a
 * published row the public columns are recomputed at once, so the withheld values leave the portal.
 */
import { checkRedaction, publicView } from '../../domain/publication/publication.ts';
import { inTransaction } from '../../storage/database.ts';
import { updatePublication } from '../../storage/repos/publications.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { portalChanged } from './portal-cache.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { publicationInScope } from './publication-access.ts';

export async function redactPublication(ctx: Ctx, id: number, input: { basis: string; reason: string; fields: string[] }): Promise<void> {
  assertAllowed(ctx, 'write');
  checkRedaction(input.basis, input.reason, input.fields);
  const fields = [...new Set(input.fields)];
  await inTransaction(ctx.database.pool, async (client) => {
    const row = await publicationInScope(ctx, client, id, true);
    const set: Record<string, unknown> = { redaction_basis: input.basis, redaction_reason: input.reason.trim(), redacted_fields: fields, redacted_by: ctx.actor.id, redacted_at: ctx.now() };
    if (row.status === 'published') {
      const v = publicView({ ...row, result: row.wording ?? row.standardPhrase, redactionBasis: input.basis, redactedFields: fields });
      Object.assign(set, { pub_enterprise_name: v.enterpriseName, pub_credit_code: v.creditCode, pub_content: v.content, pub_result: v.result, pub_remark: v.remark });
    }
    await updatePublication(client, id, set);
    await appendAudit(client, auditEntry(ctx, 'publication.redact', { type: 'publication', id },
      `「${row.taskNo}」部分信息不予公开（${input.basis}）`, { taskNo: row.taskNo, basis: input.basis, reason: input.reason.trim(), fields }));
  });
  portalChanged();
}
