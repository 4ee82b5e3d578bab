/**
 * The version history of a record as a list of field changes, newest first.
 */
import type { Entity, FieldChange, VersionDto } from '../../http/contract.ts';
import { listVersions } from '../../storage/repos/directory.ts';
import { listDepartmentsOf, listOrgs, listSquadsOf } from '../../storage/repos/orgs.ts';
import type { Ctx } from '../context.ts';
import { CATALOGUES } from './catalogue.ts';
import { getDirectoryRecord } from './list-records.ts';

/** Versions of one record with what changed in each. */
export async function recordHistory(ctx: Ctx, entity: Entity, id: number): Promise<VersionDto[]> {
  const record = await getDirectoryRecord(ctx, entity, id);
  const cat = CATALOGUES[entity];
  const versions = await listVersions(ctx.database.pool, cat.def, id);
  const names = new Map<string, string>();
  for (const o of await listOrgs(ctx.database.pool, ctx.actor.orgPath)) names.set(`org_id:${o.id}`, o.name);
  if (entity === 'inspectors') {
    for (const d of await listDepartmentsOf(ctx.database.pool, [record.orgId])) names.set(`department_id:${d.id}`, d.name);
    for (const s of await listSquadsOf(ctx.database.pool, [record.orgId])) names.set(`squad_id:${s.id}`, s.name);
  }
  const shown = [
    { column: 'org_id', label: '管辖机构' },
    ...cat.def.columns.filter((c) => c.key !== 'nameKey').map((c) => ({
      column: c.column,
      label: cat.fields.find((f) => f.key === c.key)?.label ?? (c.key === 'departmentId' ? '部门' : c.key === 'squadId' ? '执法分队' : c.key),
    })),
  ];
  const display = (column: string, v: unknown) => (v !== null && names.has(`${column}:${v}`) ? names.get(`${column}:${v}`) : v);
  const out: VersionDto[] = [];
  let previous: Record<string, unknown> = {};
  for (const v of versions) {
    const data = v.data as Record<string, unknown>;
    const changes: FieldChange[] = [];
    for (const { column, label } of shown) {
      const from = previous[column] ?? null;
      const to = data[column] ?? null;
      if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ field: column, label, from: display(column, from), to: display(column, to) });
    }
    out.push({ version: v.version as number, action: v.action as string, changedAt: (v.changedAt as Date).toISOString(), changedBy: (v.changedBy as string) ?? '系统', changes });
    previous = data;
  }
  return out.reverse();
}
