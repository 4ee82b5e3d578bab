/**
 * A leader approves or rejects a proposed wording; approved wording replaces the standard phrase when
 * published. The proposer never approves their own wording.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { inTransaction } from '../../storage/database.ts';
import { updatePublication } from '../../storage/repos/publications.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import type { Ctx } from '../context.ts';
import { assertPending, publicationInScope } from './publication-access.ts';

export async function decideWording(ctx: Ctx, id: number, input: { approve: boolean; note?: string }): Promise<void> {
  if (ctx.actor.role !== 'leader') throw new AppError(ErrorCode.FORBIDDEN, '公示用语须由领导审批');
  await inTransaction(ctx.database.pool, async (client) => {
    const row = await publicationInScope(ctx, client, id, true);
    assertPending(row, '审批公示用语');
    if (row.wordingStatus !== 'pending') throw new AppError(ErrorCode.CONFLICT, '没有待审批的公示用语');
    // Segregation of duties: whoever proposed the wording may not approve it (rejecting it withdraws it).
    if (input.approve && row.proposedById === ctx.actor.id) throw new AppError(ErrorCode.FORBIDDEN, '公示用语由您本人申请修改，不能由本人批准，请由其他领导审批', [], { publicationId: id });
    await updatePublication(client, id, {
      wording_status: input.approve ? 'approved' : 'rejected', wording: input.approve ? row.proposedWording : row.wording,
      wording_decided_by: ctx.actor.id, wording_decided_at: ctx.now(), wording_note: input.note?.trim() || null,
    });
    await appendAudit(client, auditEntry(ctx, 'publication.decide', { type: 'publication', id },
      `${input.approve ? '批准' : '驳回'}「${row.enterpriseName}」检查结果的公示用语`, { taskNo: row.taskNo, wording: row.proposedWording, approve: input.approve, note: input.note ?? null }));
  });
}
