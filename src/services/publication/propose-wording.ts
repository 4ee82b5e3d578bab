/** Proposes another wording for a publication's result (in place of the standard phrase); a leader decides. */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { inTransaction } from '../../storage/database.ts';
import { updatePublication } from '../../storage/repos/publications.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { assertPending, publicationInScope } from './publication-access.ts';

export async function proposeWording(ctx: Ctx, id: number, input: { wording: string; reason: string }): Promise<void> {
  assertAllowed(ctx, 'write');
  const wording = input.wording.trim();
  const reason = input.reason.trim();
  if (wording.length < 2 || wording.length > 500) throw new AppError(ErrorCode.VALIDATION, '公示用语应为 2–500 个字', [{ field: 'wording', reason: `现为 ${wording.length} 个字` }]);
  if (reason.length < 2) throw new AppError(ErrorCode.VALIDATION, '请填写修改公示用语的理由', [{ field: 'reason', reason: '理由不能为空' }]);
  await inTransaction(ctx.database.pool, async (client) => {
    const row = await publicationInScope(ctx, client, id, true);
    assertPending(row, '修改公示用语');
    await updatePublication(client, id, {
      proposed_wording: wording, proposed_reason: reason, proposed_by: ctx.actor.id, proposed_at: ctx.now(),
      wording_status: 'pending', wording_decided_by: null, wording_decided_at: null, wording_note: null,
    });
    await appendAudit(client, auditEntry(ctx, 'publication.propose', { type: 'publication', id },
      `申请修改「${row.enterpriseName}」检查结果的公示用语`, { taskNo: row.taskNo, from: row.wording ?? row.standardPhrase, to: wording, reason }));
  });
}
