/**
 * Exports a directory (with the list page's search and filters) as .xlsx or .csv in the import
 * template's columns, so an export can be edited and imported back.
 */
import type { Entity, ListQuery } from '../../http/contract.ts';
import { formatCell } from '../../domain/fields.ts';
import { createTableWriter } from '../../files/write-table.ts';
import type { TableFormat } from '../../files/read-table.ts';
import { buildTemplate } from '../../files/template.ts';
import { iterateRecords } from '../../storage/repos/directory.ts';
import { listOrgs } from '../../storage/repos/orgs.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { CATALOGUES, ORG_COLUMN } from './catalogue.ts';
import { listFilters } from './list-records.ts';

/** Streams the matching records to `target` (a path or a writable stream); returns the row count. */
export async function exportDirectory(ctx: Ctx, entity: Entity, format: TableFormat, query: Partial<ListQuery>, target: string | NodeJS.WritableStream): Promise<number> {
  assertAllowed(ctx, 'read');
  const cat = CATALOGUES[entity];
  const org = await orgInScope(ctx, query.orgId);
  const scope = await listOrgs(ctx.database.pool, org.path);
  const codes = new Map(scope.map((o) => [o.id, o.code]));
  const writer = await createTableWriter(target, format, [...cat.fields.map((f) => f.label), ORG_COLUMN], { sheetName: cat.def.label });
  let n = 0;
  try {
    for await (const rows of iterateRecords(ctx.database.pool, cat.def, { orgIds: scope.map((o) => o.id), q: query.q || undefined, filters: listFilters(entity, query) })) {
      for (const r of rows) {
        await writer.write([...cat.fields.map((f) => formatCell(f, r[f.key])), codes.get(r.orgId as number) ?? '']);
        n++;
      }
    }
  } catch (e) {
    // A half-written file must not look complete: a download fails visibly, a file is left closed.
    if (typeof target === 'string') await writer.close().catch(() => {});
    else (target as NodeJS.WritableStream & { destroy?: (e: Error) => void }).destroy?.(e as Error);
    throw e;
  }
  await writer.close();
  return n;
}

/** The import template of a directory. */
export async function directoryTemplate(entity: Entity, format: TableFormat): Promise<Buffer> {
  const cat = CATALOGUES[entity];
  return buildTemplate(cat.fields, format, {
    title: cat.def.label,
    extraHeaders: [{ label: ORG_COLUMN, hint: '可选。填写下级机构编码时，该行导入到该机构；空白则导入到导入时选择的机构' }],
  });
}
