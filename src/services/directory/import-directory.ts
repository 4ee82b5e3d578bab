/**
 * Imports a directory file (.xlsx or .csv) all-or-nothing, in one streaming pass inside one
 * transaction: every row is validated (fields, cross-field rules, organisation, departments,
 * duplicates in the file and against the database) and valid batches are upserted while the file is
 * read. Any bad row stops the writing and rolls the transaction back, with every problem reported by
 * row and column; a crash leaves all of the import or none of it.
 */
import type { Entity, ImportJobDto } from '../../http/contract.ts';
import type { FieldIssue } from '../../domain/errors.ts';
import { openTable } from '../../files/read-table.ts';
import { inTransaction } from '../../storage/database.ts';
import { findByKeys, upsertRecords, type Queryable, type UpsertRow } from '../../storage/repos/directory.ts';
import { listOrgs } from '../../storage/repos/orgs.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { CATALOGUES, ORG_COLUMN, loadOrgUnits, parseRecord, toStorageRow, type Catalogue } from './catalogue.ts';
import type { OrgDto } from '../../http/contract.ts';
import type { ParsedRecord } from '../../domain/fields.ts';

export interface ImportProgress { phase: 'validate' | 'write' | 'done'; processed: number; totalRows: number }

export interface ImportOptions {
  entity: Entity;
  path: string;
  orgId?: number;
  dryRun?: boolean;
  importId?: number | null;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportReport {
  status: Extract<ImportJobDto['status'], 'validated' | 'rejected' | 'imported'>;
  totalRows: number;
  inserted: number;
  updated: number;
  /** The first MAX_ISSUES problems; issueCount counts them all. */
  issues: FieldIssue[];
  issueCount: number;
}

export const MAX_ISSUES = 1000;
const WRITE_BATCH = 2000;
const IGNORED_HEADERS = new Set(['序号']);

interface ParsedLine { row: number; orgId: number; key: string[]; record: ParsedRecord }

/** Removes the apostrophe an export puts before = + - @ (formula-injection guard), so exports re-import unchanged. */
export function unguard(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Streams the file's rows as parsed records; every problem goes to `report`. */
async function* parseFile(cat: Catalogue, path: string, org: OrgDto, orgsByCode: Map<string, OrgDto>, units: Awaited<ReturnType<typeof loadOrgUnits>> | undefined, report: (i: FieldIssue) => void): AsyncGenerator<ParsedLine | null> {
  const table = await openTable(path);
  const known = new Set([...cat.fields.map((f) => f.label), ORG_COLUMN]);
  const headerIssues: FieldIssue[] = [];
  for (const f of cat.fields) if (f.required && !table.headers.includes(f.label)) headerIssues.push({ column: f.label, reason: '缺少必填列（请使用下载的模板）' });
  for (const h of table.headers) if (h && !known.has(h) && !IGNORED_HEADERS.has(h)) headerIssues.push({ column: h, reason: '模板中没有此列，请检查列名' });
  if (headerIssues.length) {
    table.close();
    headerIssues.forEach(report);
    return;
  }
  for await (const { row, cells } of table.rows) {
    const byLabel: Record<string, string> = {};
    table.headers.forEach((h, i) => { byLabel[h] = unguard(cells[i] ?? ''); });
    const { record, issues } = parseRecord(cat, byLabel, row);
    let orgId = org.id;
    const orgCode = (byLabel[ORG_COLUMN] ?? '').trim();
    if (orgCode) {
      const target = orgsByCode.get(orgCode);
      if (!target) issues.push({ row, column: ORG_COLUMN, reason: `机构编码「${orgCode}」不存在或不在「${org.name}」的管辖范围内` });
      else orgId = target.id;
    }
    if (issues.length === 0) issues.push(...toStorageRow(cat, record, orgId, units, row, false).issues);
    issues.forEach(report);
    yield issues.length ? null : { row, orgId, key: cat.key(record), record };
  }
}

/** Thrown inside the import transaction to undo it when any row was bad. */
class Rejected extends Error {}

/**
 * Validates (and unless dry-run or rejected, imports) a directory file in one streaming pass: each
 * batch of valid rows is checked against the database and written inside one transaction while the
 * next batch is parsed; the first bad row stops the writing, validation goes on to the end so every
 * problem is reported, and the transaction is rolled back — nothing of a bad file is kept.
 */
export async function importDirectory(ctx: Ctx, opts: ImportOptions): Promise<ImportReport> {
  assertAllowed(ctx, 'import');
  const cat = CATALOGUES[opts.entity];
  const org = await orgInScope(ctx, opts.orgId);
  const scope = await listOrgs(ctx.database.pool, org.path);
  const orgsByCode = new Map(scope.map((o) => [o.code, o]));
  const units = opts.entity === 'inspectors' ? await loadOrgUnits(ctx.database.pool, scope.map((o) => o.id)) : undefined;
  const report: ImportReport = { status: 'rejected', totalRows: 0, inserted: 0, updated: 0, issues: [], issueCount: 0 };
  const addIssue = (i: FieldIssue) => {
    report.issueCount++;
    if (report.issues.length < MAX_ISSUES) report.issues.push(i);
  };
  const phase = opts.dryRun ? 'validate' : 'write';
  // The total is unknown until the end of the single pass: progress shows rows read so far.
  const progress = (p: ImportProgress['phase'], processed: number) => opts.onProgress?.({ phase: p, processed, totalRows: p === 'done' ? report.totalRows : 0 });
  const keyLabel = cat.fields.find((f) => f.key === cat.keyField)!.label;

  /** Refuses keys registered in an organisation outside the import's scope, then writes the batch if all is well so far. */
  const handleBatch = async (q: Queryable, lines: ParsedLine[], write: boolean) => {
    const found = await findByKeys(q, cat.def, lines.map((p) => p.key));
    const byKey = new Map(found.map((f) => [cat.def.keyColumns.map((c) => f[c]).join('\u0000'), f]));
    for (const p of lines) {
      const existing = byKey.get(p.key.join('\u0000'));
      if (existing && cat.def.keyScope === 'global' && !(existing.path as string).startsWith(org.path)) {
        addIssue({ row: p.row, column: keyLabel, reason: `与已有记录重复：已登记在「${existing.orgName}」，不在「${org.name}」的管辖范围内` });
      }
    }
    if (!write || report.issueCount > 0) return;
    const rows: UpsertRow[] = lines.map((l) => ({ orgId: l.orgId, record: toStorageRow(cat, l.record, l.orgId, units, l.row, true).row }));
    const r = await upsertRecords(q, cat.def, rows, ctx.actor.id, opts.importId ?? null);
    report.inserted += r.inserted;
    report.updated += r.updated;
  };

  const run = async (q: Queryable, write: boolean) => {
    const firstRow = new Map<string, number>();
    let batch: ParsedLine[] = [];
    let inflight: Promise<void> = Promise.resolve();
    // At most one statement in flight: the next batch is parsed while the database works.
    const flush = async () => {
      const lines = batch;
      batch = [];
      await inflight;
      inflight = handleBatch(q, lines, write);
      inflight.catch(() => {});
    };
    for await (const line of parseFile(cat, opts.path, org, orgsByCode, units, addIssue)) {
      report.totalRows++;
      if (report.totalRows % 1000 === 0) progress(phase, report.totalRows);
      if (!line) continue;
      const k = (cat.def.keyScope === 'org' ? `${line.orgId}\u0000` : '') + line.key.join('\u0000');
      const seen = firstRow.get(k);
      if (seen !== undefined) {
        addIssue({ row: line.row, column: keyLabel, reason: `与文件第 ${seen} 行重复` });
        continue;
      }
      firstRow.set(k, line.row);
      batch.push(line);
      if (batch.length >= WRITE_BATCH) await flush();
    }
    if (batch.length) await flush();
    await inflight;
    if (report.totalRows === 0 && report.issueCount === 0) addIssue({ reason: '文件中没有数据行' });
  };

  if (opts.dryRun) {
    await run(ctx.database.pool, false);
    if (report.issueCount === 0) report.status = 'validated';
  } else {
    try {
      await inTransaction(ctx.database.pool, async (client) => {
        await run(client, true);
        if (report.issueCount > 0) throw new Rejected();
      });
      report.status = 'imported';
    } catch (e) {
      if (!(e instanceof Rejected)) throw e;
      report.inserted = 0;
      report.updated = 0;
    }
  }
  progress('done', report.totalRows);
  return report;
}
