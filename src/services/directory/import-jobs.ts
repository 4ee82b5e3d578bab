/**
 * Import jobs: each import (from the page or the CLI) is recorded in import_jobs. Progress of a
 * running job is kept in memory, because in embedded mode the import's transaction holds the only
 * database connection and a progress poll must not wait for it.
 */
import type { Entity, ImportJobDto } from '../../http/contract.ts';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { inTransaction, type Database } from '../../storage/database.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import * as repo from '../../storage/repos/import-jobs.ts';
import { importDirectory, type ImportProgress, type ImportReport } from './import-directory.ts';
import { scheduleReclassification } from '../classification/reclassify.ts';

const ENTITY_NAMES: Record<Entity, string> = { targets: '检查对象', inspectors: '检查人员', items: '抽查事项' };

const running = new Map<number, { dto: ImportJobDto; orgPath: string }>();

function jobDto(row: repo.ImportJobRow): ImportJobDto {
  return {
    id: row.id, entity: row.entity as Entity, fileName: row.fileName, dryRun: row.dryRun, status: row.status as ImportJobDto['status'],
    phase: 'done', processed: row.totalRows, totalRows: row.totalRows, inserted: row.inserted, updated: row.updated,
    issues: row.issues as ImportJobDto['issues'], issueCount: row.issueCount, message: row.message,
  };
}

/** Marks jobs left 'running' by a stopped server as interrupted (their transaction was rolled back). */
export async function markInterruptedImports(database: Database): Promise<number> {
  return repo.interruptRunningImports(database.pool, '服务器在导入过程中停止，本次导入未写入任何数据');
}

export interface RunImportOptions { entity: Entity; path: string; fileName: string; orgId?: number; dryRun: boolean; onProgress?: (p: ImportProgress) => void }

/** Records a job and runs the import; resolves with the final job (rejections are a result, not an error). */
export async function runImportJob(ctx: Ctx, opts: RunImportOptions, started?: (job: ImportJobDto) => void): Promise<ImportJobDto> {
  assertAllowed(ctx, 'import');
  const org = await orgInScope(ctx, opts.orgId);
  const id = await repo.insertImportJob(ctx.database.pool, { orgId: org.id, entity: opts.entity, fileName: opts.fileName, dryRun: opts.dryRun, userId: ctx.actor.id });
  const dto: ImportJobDto = { id, entity: opts.entity, fileName: opts.fileName, dryRun: opts.dryRun, status: 'running', phase: 'validate', processed: 0, totalRows: 0, inserted: 0, updated: 0, issues: [], issueCount: 0, message: null };
  running.set(id, { dto, orgPath: org.path });
  started?.(dto);
  let report: ImportReport | undefined;
  let message: string | null = null;
  try {
    report = await importDirectory(ctx, {
      entity: opts.entity, path: opts.path, orgId: org.id, dryRun: opts.dryRun, importId: id,
      onProgress: (p) => { Object.assign(dto, p); opts.onProgress?.(p); },
    });
  } catch (e) {
    message = e instanceof AppError ? e.message : '导入失败（服务器内部错误，详情见服务器日志）';
    if (!(e instanceof AppError)) console.error('import failed', e);
  } finally {
    running.delete(id);
  }
  const status = report?.status ?? 'failed';
  if (!message) {
    message = status === 'imported' ? `导入完成：新增 ${report!.inserted} 条，更新 ${report!.updated} 条`
      : status === 'validated' ? `校验通过：共 ${report!.totalRows} 行，未写入（仅校验）`
      : `发现 ${report!.issueCount} 处问题，未导入任何数据（行号从表头下的第一行起计为第 1 行）`;
  }
  const finished = {
    status, totalRows: report?.totalRows ?? 0, inserted: report?.inserted ?? 0, updated: report?.updated ?? 0,
    issues: report?.issues ?? [], issueCount: report?.issueCount ?? 0, message,
  };
  await inTransaction(ctx.database.pool, async (client) => {
    await repo.finishImportJob(client, id, finished);
    // The import's own transaction has committed (or rolled back) by now; a dry run changes nothing.
    if (!opts.dryRun) {
      await appendAudit(client, auditEntry(ctx, status === 'imported' ? 'import.finished' : 'import.failed', { type: 'import_job', id },
        `导入${ENTITY_NAMES[opts.entity]}「${opts.fileName}」到${org.name}：${message}`,
        { entity: opts.entity, fileName: opts.fileName, orgId: org.id, status, totalRows: finished.totalRows, inserted: finished.inserted, updated: finished.updated, issueCount: finished.issueCount }));
    }
  });
  // New or changed targets change categories: re-run the classifications that cover this organisation.
  if (status === 'imported' && opts.entity === 'targets') await scheduleReclassification(ctx.database, org.path, 'import', ctx.now);
  return jobDto((await repo.getImportJob(ctx.database.pool, id))!);
}

/** A job's state: live progress while it runs, the stored outcome afterwards. */
export async function getImportJob(ctx: Ctx, id: number): Promise<ImportJobDto> {
  const live = running.get(id);
  if (live) {
    if (!live.orgPath.startsWith(ctx.actor.orgPath)) throw new AppError(ErrorCode.NOT_FOUND, `导入任务不存在（ID ${id}）`);
    return live.dto;
  }
  const row = await repo.getImportJob(ctx.database.pool, id);
  if (!row || !row.orgPath.startsWith(ctx.actor.orgPath)) throw new AppError(ErrorCode.NOT_FOUND, `导入任务不存在（ID ${id}）`);
  return jobDto(row);
}
