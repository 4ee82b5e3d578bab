/**
 * Lists directory records in the actor's scope: search, filters, sort and server-side pages.
 */
import type { Entity, ListQuery, ListResult, DirectoryRecord } from '../../http/contract.ts';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { getRecord, listRecords, type ListSpec } from '../../storage/repos/directory.ts';
import { assertAllowed, scopeOrgIds, type Ctx } from '../context.ts';
import { CATALOGUES, toDto } from './catalogue.ts';

const RESERVED = new Set(['q', 'orgId', 'page', 'pageSize', 'sort']);

/** Translates the query's filter parameters into typed column filters, refusing unknown ones. */
export function listFilters(entity: Entity, query: Record<string, unknown>): ListSpec['filters'] {
  const def = CATALOGUES[entity].def;
  const filters: ListSpec['filters'] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (RESERVED.has(key) || raw === undefined || raw === '') continue;
    const column = def.filters[key];
    if (!column) throw new AppError(ErrorCode.VALIDATION, `不支持按「${key}」筛选`, [{ field: key, reason: '未知的筛选条件' }]);
    let value: string | number | boolean = String(raw);
    if (column.type === 'bool') {
      if (value !== 'true' && value !== 'false') throw new AppError(ErrorCode.VALIDATION, `筛选条件「${key}」应为 true 或 false`, [{ field: key, reason: '应为 true 或 false' }]);
      value = value === 'true';
    } else if (column.type === 'int') {
      if (!/^\d+$/.test(value)) throw new AppError(ErrorCode.VALIDATION, `筛选条件「${key}」应为数字`, [{ field: key, reason: '应为数字' }]);
      value = Number(value);
    }
    filters.push({ column, value });
  }
  return filters;
}

/** One page of records. */
export async function listDirectory(ctx: Ctx, entity: Entity, query: ListQuery): Promise<ListResult> {
  assertAllowed(ctx, 'read');
  const orgIds = await scopeOrgIds(ctx, query.orgId);
  const { rows, total, capped } = await listRecords(ctx.database.pool, CATALOGUES[entity].def, {
    orgIds,
    q: query.q || undefined,
    filters: listFilters(entity, query),
    sort: query.sort,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { rows: rows.map(toDto) as DirectoryRecord[], total, totalCapped: capped, page: query.page, pageSize: query.pageSize };
}

/** One record, if it is within the actor's scope. */
export async function getDirectoryRecord(ctx: Ctx, entity: Entity, id: number): Promise<DirectoryRecord> {
  assertAllowed(ctx, 'read');
  const row = await getRecord(ctx.database.pool, CATALOGUES[entity].def, id);
  if (!row) throw new AppError(ErrorCode.NOT_FOUND, `记录不存在（ID ${id}）`);
  await scopeOrgIds(ctx, row.orgId as number).catch(() => {
    throw new AppError(ErrorCode.NOT_FOUND, `记录不存在（ID ${id}）`);
  });
  return toDto(row) as DirectoryRecord;
}
