/**
 * Logical backup and restore that work the same on PostgreSQL and the embedded database (and move
 * data between them): every table, in dependency order, as gzip-compressed JSON lines.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createGunzip, createGzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';
import type { Database } from './database.ts';
import { inTransaction } from './database.ts';
import { AppError, ErrorCode } from '../domain/errors.ts';

const FORMAT = 'shuangsui-backup/1';
const BATCH = 1000;

/**
 * Table names ordered so that every table comes after the tables its foreign keys reference
 * (module namespaces list exports alphabetically, so declaration order is not available).
 */
export function backupTables(): { name: string; hasId: boolean }[] {
  const configs = (Object.values(schema) as unknown[])
    .filter((t) => typeof t === 'object' && t !== null && Symbol.for('drizzle:IsDrizzleTable') in t)
    .map((t) => getTableConfig(t as PgTable));
  const deps = new Map(configs.map((c) => [c.name, new Set(c.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name).filter((n) => n !== c.name))]));
  const ordered: { name: string; hasId: boolean }[] = [];
  const placed = new Set<string>();
  while (ordered.length < configs.length) {
    const next = configs.find((c) => !placed.has(c.name) && [...deps.get(c.name)!].every((d) => placed.has(d)));
    if (!next) throw new Error('foreign keys form a cycle');
    placed.add(next.name);
    ordered.push({ name: next.name, hasId: next.columns.some((col) => col.name === 'id') });
  }
  return ordered;
}

/** Writes every row of every table to a .jsonl.gz file; returns row counts per table. */
export async function backupDatabase(database: Database, file: string): Promise<Record<string, number>> {
  const gzip = createGzip();
  const out = createWriteStream(file);
  gzip.pipe(out);
  const write = async (obj: unknown) => {
    if (!gzip.write(JSON.stringify(obj) + '\n')) await once(gzip, 'drain');
  };
  const counts: Record<string, number> = {};
  await write({ format: FORMAT, tables: backupTables().map((t) => t.name) });
  await inTransaction(database.pool, async (c) => {
    await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    for (const t of backupTables()) {
      let n = 0;
      const order = t.hasId ? 'id' : '1';
      for (let offset = 0; ; offset += BATCH) {
        const rows = (await c.query(`SELECT to_jsonb(x) AS r FROM ${t.name} x ORDER BY ${order} LIMIT ${BATCH} OFFSET ${offset}`)).rows;
        for (const { r } of rows) await write({ t: t.name, r });
        n += rows.length;
        if (rows.length < BATCH) break;
      }
      counts[t.name] = n;
    }
  });
  gzip.end();
  await once(out, 'finish');
  return counts;
}

/** Loads a backup into an empty, migrated database in one transaction. */
export async function restoreDatabase(database: Database, file: string): Promise<Record<string, number>> {
  const tables = backupTables();
  for (const t of tables) {
    const n = (await database.pool.query(`SELECT count(*)::int AS n FROM ${t.name}`)).rows[0].n;
    if (n > 0) throw new AppError(ErrorCode.CONFLICT, `目标数据库不是空的（${t.name} 已有 ${n} 行）：请恢复到新的数据目录或空数据库`);
  }
  const counts: Record<string, number> = {};
  await inTransaction(database.pool, async (c) => {
    // Opened here, synchronously before the loop: readline starts reading at once, and lines emitted
    // before `for await` attaches are lost (the header line went missing when BEGIN was slow).
    const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
    let first = true;
    let table = '';
    let batch: unknown[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await c.query(`INSERT INTO ${table} OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [JSON.stringify(batch)]);
      counts[table] = (counts[table] ?? 0) + batch.length;
      batch = [];
    };
    try {
      for await (const line of lines) {
        if (!line) continue;
        const obj = JSON.parse(line);
        if (first) {
          if (obj.format !== FORMAT) throw new AppError(ErrorCode.VALIDATION, `不是 shuangsui 备份文件（格式「${obj.format ?? '未知'}」）`);
          first = false;
          continue;
        }
        if (!tables.some((t) => t.name === obj.t)) throw new AppError(ErrorCode.VALIDATION, `备份中有未知的表「${obj.t}」：请用相同或更新版本的 shuangsui 恢复`);
        if (obj.t !== table || batch.length >= BATCH) {
          await flush();
          table = obj.t;
        }
        batch.push(obj.r);
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError(ErrorCode.VALIDATION, `备份文件已损坏或不完整：${(e as Error).message}`);
    }
    await flush();
    for (const t of tables.filter((x) => x.hasId)) {
      await c.query(`SELECT setval(pg_get_serial_sequence('${t.name}', 'id'), COALESCE((SELECT max(id) FROM ${t.name}), 0) + 1, false)`);
    }
  });
  return counts;
}
