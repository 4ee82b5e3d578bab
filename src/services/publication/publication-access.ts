/** Reading a publication the actor may act on (its organisation within the actor's subtree; else 404). */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { getPublication, type PublicationRow } from '../../storage/repos/publications.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { getOrg } from '../../storage/repos/orgs.ts';
import type { Ctx } from '../context.ts';

export async function publicationInScope(ctx: Ctx, q: Queryable, id: number, forUpdate = false): Promise<PublicationRow> {
  const row = await getPublication(q, id, forUpdate);
  const org = row && await getOrg(q, { id: row.orgId });
  if (!row || !org || !org.path.startsWith(ctx.actor.orgPath)) throw new AppError(ErrorCode.NOT_FOUND, `公示记录不存在或不在您的管辖范围内（ID ${id}）`);
  return row;
}

export function assertPending(row: PublicationRow, what: string): void {
  if (row.status === 'published') throw new AppError(ErrorCode.CONFLICT, `「${row.enterpriseName}」的检查结果已公开，不能再${what}`);
}
