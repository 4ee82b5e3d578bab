/**
 * Creates or edits one directory record through the same rules as an import row, versioned.
 */
import type { Entity, DirectoryRecord } from '../../http/contract.ts';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { findByKeys, insertRecord, updateRecord } from '../../storage/repos/directory.ts';
import { inTransaction } from '../../storage/database.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { CATALOGUES, cellsFromJson, loadOrgUnits, parseRecord, toStorageRow } from './catalogue.ts';
import { getDirectoryRecord } from './list-records.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';

const ENTITY_NAMES: Record<Entity, string> = { targets: '检查对象', inspectors: '检查人员', items: '抽查事项' };

function recordName(record: Record<string, unknown>, key: string[]): string {
  return typeof record.name === 'string' ? `「${record.name}」（${key.join(' ')}）` : key.join(' ');
}

function invalid(issues: { field?: string; column?: string; reason: string }[]): AppError {
  const first = issues[0]!;
  return new AppError(ErrorCode.VALIDATION, `${first.column ? `「${first.column}」` : ''}${first.reason}`, issues);
}

async function validated(ctx: Ctx, entity: Entity, orgId: number, body: Record<string, unknown>, base?: Record<string, unknown>) {
  const cat = CATALOGUES[entity];
  const { record, issues } = parseRecord(cat, cellsFromJson(cat.fields, body, base));
  if (issues.length) throw invalid(issues);
  const units = entity === 'inspectors' ? await loadOrgUnits(ctx.database.pool, [orgId]) : undefined;
  const { row, issues: unitIssues } = toStorageRow(cat, record, orgId, units);
  if (unitIssues.length) throw invalid(unitIssues);
  return { cat, record, row };
}

async function assertKeyFree(ctx: Ctx, entity: Entity, key: string[], orgId: number, selfId?: number) {
  const cat = CATALOGUES[entity];
  const existing = await findByKeys(ctx.database.pool, cat.def, [key], cat.def.keyScope === 'org' ? orgId : undefined);
  const other = existing.find((r) => r.id !== selfId);
  if (other) {
    throw new AppError(ErrorCode.CONFLICT, `${key.join(' ')} 已存在（${other.orgName}，ID ${other.id}）`, [
      { field: cat.keyField, reason: '与已有记录重复' },
    ]);
  }
}

/** Creates a record in `orgId` (default: the actor's organisation). */
export async function createDirectoryRecord(ctx: Ctx, entity: Entity, body: Record<string, unknown>): Promise<DirectoryRecord> {
  assertAllowed(ctx, 'write');
  const org = await orgInScope(ctx, typeof body.orgId === 'number' ? body.orgId : undefined);
  const { cat, record, row } = await validated(ctx, entity, org.id, body);
  await assertKeyFree(ctx, entity, cat.key(record), org.id);
  const id = await inTransaction(ctx.database.pool, async (c) => {
    const newId = await insertRecord(c, cat.def, org.id, row, ctx.actor.id);
    await appendAudit(c, auditEntry(ctx, 'record.create', { type: entity, id: newId },
      `新增${ENTITY_NAMES[entity]} ${recordName(record, cat.key(record))}（${org.name}）`, { orgId: org.id }));
    return newId;
  });
  return getDirectoryRecord(ctx, entity, id);
}

/** Applies changed fields to a record still at `body.version`; a status change is named as such in history. */
export async function updateDirectoryRecord(ctx: Ctx, entity: Entity, id: number, body: Record<string, unknown>): Promise<DirectoryRecord> {
  assertAllowed(ctx, 'write');
  const current = await getDirectoryRecord(ctx, entity, id);
  if (typeof body.version !== 'number') throw new AppError(ErrorCode.VALIDATION, '缺少版本号（version）', [{ field: 'version', reason: '必填' }]);
  const org = await orgInScope(ctx, typeof body.orgId === 'number' ? body.orgId : current.orgId);
  const { cat, record, row } = await validated(ctx, entity, org.id, body, current);
  await assertKeyFree(ctx, entity, cat.key(record), org.id, id);
  const action = 'status' in body && body.status !== current.status ? `状态变更：${current.status} → ${body.status}` : '修改';
  const statusChange = 'status' in body && body.status !== current.status;
  const changed = Object.keys(body).filter((k) => k !== 'version' && k in current && JSON.stringify(body[k]) !== JSON.stringify((current as Record<string, unknown>)[k]));
  const ok = await inTransaction(ctx.database.pool, async (c) => {
    const done = await updateRecord(c, cat.def, id, body.version as number, org.id, row, action, ctx.actor.id);
    if (done) {
      await appendAudit(c, auditEntry(ctx, statusChange ? 'record.status' : 'record.update', { type: entity, id },
        `${statusChange ? action : '修改'}${ENTITY_NAMES[entity]} ${recordName(record, cat.key(record))}`,
        { fields: changed, version: body.version, ...(statusChange ? { from: current.status, to: body.status } : {}) }));
    }
    return done;
  });
  if (!ok) throw new AppError(ErrorCode.STALE_VERSION, '该记录已被他人修改，请刷新后重试');
  return getDirectoryRecord(ctx, entity, id);
}
