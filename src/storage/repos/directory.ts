/**
 * SQL for the three directories (targets, inspectors, items), driven by their DirectoryDef. Records
 * cross this boundary as plain objects keyed by API field names; every write appends a snapshot to
 * record_versions in the same statement batch, so history can never miss a change.
 */
import type pg from 'pg';
import type { ColumnDef, DirectoryDef, PgType } from '../directories.ts';

export type Queryable = pg.Pool | pg.PoolClient;
export type Row = Record<string, unknown>;

const BASE_COLUMNS: ColumnDef[] = [
  { key: 'id', column: 'id', type: 'int' },
  { key: 'orgId', column: 'org_id', type: 'int' },
  { key: 'version', column: 'version', type: 'int' },
];

function selectList(def: DirectoryDef): string {
  const cols = [...BASE_COLUMNS, ...def.columns].map((c) => `t.${c.column} AS "${c.key}"`);
  cols.push('o.name AS "orgName"', 't.created_at AS "createdAt"', 't.updated_at AS "updatedAt"');
  if (def.entity === 'inspectors') cols.push('d.name AS "department"', 's.name AS "squad"');
  return cols.join(', ');
}

function fromClause(def: DirectoryDef): string {
  let from = `${def.table} t JOIN organizations o ON o.id = t.org_id`;
  if (def.entity === 'inspectors') {
    from += ' LEFT JOIN departments d ON d.id = t.department_id LEFT JOIN squads s ON s.id = t.squad_id';
  }
  return from;
}

export interface ListSpec {
  orgIds: number[];
  q?: string;
  filters: { column: ColumnDef; value: string | number | boolean }[];
  sort: 'name' | '-name' | 'updatedAt' | '-updatedAt';
  limit: number;
  offset: number;
}

/**
 * Lists count matches exactly up to COUNT_CAP; beyond it the total is the planner's estimate, so a
 * page of a 1,000,000-row directory never scans the whole table to count it.
 */
export const COUNT_CAP = 2000;

function whereClause(def: DirectoryDef, spec: Pick<ListSpec, 'orgIds' | 'q' | 'filters'>, params: unknown[]): string {
  params.push(spec.orgIds);
  const parts = [`t.org_id = ANY($${params.length}::int[])`];
  for (const f of spec.filters) {
    params.push(f.value);
    parts.push(`t.${f.column.column} = $${params.length}`);
  }
  if (spec.q) {
    const escaped = spec.q.replace(/[\\%_]/g, (c) => '\\' + c);
    params.push(`%${escaped}%`);
    const like = `$${params.length}`;
    params.push(`${escaped.toUpperCase()}%`);
    const prefix = `$${params.length}`;
    // Every branch has an index (trigram GIN on the name, text_pattern_ops b-trees on the codes), so
    // the planner can answer the OR with a bitmap scan instead of reading the table.
    const alternatives = [`t.name ILIKE ${like}`, ...def.searchColumns.map((c) => `t.${c} LIKE ${prefix}`)];
    parts.push(`(${alternatives.join(' OR ')})`);
  }
  return parts.join(' AND ');
}

const ORDER = {
  name: 't.name_key ASC, t.id ASC',
  '-name': 't.name_key DESC, t.id DESC',
  updatedAt: 't.updated_at ASC, t.id ASC',
  '-updatedAt': 't.updated_at DESC, t.id DESC',
} as const;

/**
 * One page of records in the given organisations, with the total. Matching ids are collected first
 * without an order (cheap through the indexes); a small result is sorted and paged from those ids,
 * a large one is paged by walking the sort index, where matches come quickly.
 */
export async function listRecords(q: Queryable, def: DirectoryDef, spec: ListSpec): Promise<{ rows: Row[]; total: number; capped: boolean }> {
  const params: unknown[] = [];
  const where = whereClause(def, spec, params);
  const ids = (await q.query(`SELECT t.id FROM ${def.table} t WHERE ${where} LIMIT ${COUNT_CAP + 1}`, params)).rows.map((r) => r.id as number);
  const page = `ORDER BY ${ORDER[spec.sort]} LIMIT ${spec.limit} OFFSET ${spec.offset}`;
  if (ids.length <= COUNT_CAP) {
    const rows = (await q.query(`SELECT ${selectList(def)} FROM ${fromClause(def)} WHERE t.id = ANY($1::int[]) ${page}`, [ids])).rows;
    return { rows, total: ids.length, capped: false };
  }
  const rows = (await q.query(`SELECT ${selectList(def)} FROM ${fromClause(def)} WHERE ${where} ${page}`, params)).rows;
  const plan = (await q.query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${def.table} t WHERE ${where}`, params)).rows[0]['QUERY PLAN'];
  const estimate = Math.round(Number((typeof plan === 'string' ? JSON.parse(plan) : plan)[0].Plan['Plan Rows']));
  return { rows, total: Math.max(estimate, COUNT_CAP + 1), capped: true };
}

/** Streams every record matching a list spec in key order, `batch` rows at a time (keyset pagination). */
export async function* iterateRecords(q: Queryable, def: DirectoryDef, spec: Omit<ListSpec, 'limit' | 'offset' | 'sort'>, batch = 2000): AsyncGenerator<Row[]> {
  let lastKey = '';
  let lastId = 0;
  for (;;) {
    const params: unknown[] = [];
    const where = whereClause(def, spec, params);
    params.push(lastKey, lastId);
    const res = await q.query(
      `SELECT ${selectList(def)}, t.name_key AS "__key" FROM ${fromClause(def)} WHERE ${where}
       AND (t.name_key, t.id) > ($${params.length - 1}, $${params.length}) ORDER BY t.name_key, t.id LIMIT ${batch}`,
      params,
    );
    if (res.rows.length === 0) return;
    const last = res.rows[res.rows.length - 1];
    lastKey = last.__key;
    lastId = last.id;
    yield res.rows;
    if (res.rows.length < batch) return;
  }
}

/** One record by id, or undefined. */
export async function getRecord(q: Queryable, def: DirectoryDef, id: number): Promise<Row | undefined> {
  const res = await q.query(`SELECT ${selectList(def)} FROM ${fromClause(def)} WHERE t.id = $1`, [id]);
  return res.rows[0];
}

function paramValue(type: PgType, value: unknown): unknown {
  if (value === undefined || value === null) return type === 'text[]' ? '[]' : type === 'bool' ? false : null;
  if (type === 'text[]') return JSON.stringify(value);
  return value;
}

const unnestType = (t: PgType) => (t === 'text[]' ? 'text[]' : `${t}[]`);
const selectExpr = (c: ColumnDef) => (c.type === 'text[]' ? `ARRAY(SELECT jsonb_array_elements_text(u.${c.column}::jsonb))` : `u.${c.column}`);

/** The JSON snapshot kept in record_versions for a row alias: every column but derived and bookkeeping ones. */
const snapshotOf = (alias: string) => `to_jsonb(${alias}) - 'name_key' - 'created_at' - 'updated_at' - 'version' - 'id'`;

/** Appends the current state of the given records to record_versions. */
export async function snapshotVersions(q: Queryable, def: DirectoryDef, ids: number[], action: string, userId: number | null, importId: number | null): Promise<void> {
  if (ids.length === 0) return;
  await q.query(
    `INSERT INTO record_versions (entity, record_id, version, action, data, changed_by, import_id)
     SELECT $1, t.id, t.version, $2, ${snapshotOf('t')}, $3, $4 FROM ${def.table} t WHERE t.id = ANY($5::int[])`,
    [def.entity, action, userId, importId, ids],
  );
}

export interface UpsertRow { orgId: number; record: Row }

/**
 * Inserts new records and updates existing ones by natural key with one multi-row statement
 * (unnest) that also appends each changed record's version snapshot. Records whose values did not
 * change keep their version and get no snapshot. Returns what changed.
 */
export async function upsertRecords(q: Queryable, def: DirectoryDef, rows: UpsertRow[], userId: number | null, importId: number | null): Promise<{ inserted: number; updated: number }> {
  if (rows.length === 0) return { inserted: 0, updated: 0 };
  const cols = def.columns;
  const params: unknown[] = [rows.map((r) => r.orgId)];
  for (const c of cols) params.push(rows.map((r) => paramValue(c.type, r.record[c.key])));
  const names = ['org_id', ...cols.map((c) => c.column)];
  const types = ['int[]', ...cols.map((c) => unnestType(c.type))];
  const conflict = def.keyScope === 'org' ? ['org_id', ...def.keyColumns] : def.keyColumns;
  const changed = names.filter((n) => !conflict.includes(n));
  params.push(def.entity, userId, importId);
  const n = params.length;
  const res = await q.query(
    `WITH up AS (
       INSERT INTO ${def.table} (${names.join(', ')})
       SELECT u.org_id, ${cols.map(selectExpr).join(', ')}
       FROM unnest(${types.map((t, i) => `$${i + 1}::${t}`).join(', ')}) AS u(${names.join(', ')})
       ON CONFLICT (${conflict.join(', ')}) DO UPDATE SET
         ${changed.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, version = ${def.table}.version + 1, updated_at = now()
       WHERE (${changed.map((c) => `${def.table}.${c}`).join(', ')}) IS DISTINCT FROM (${changed.map((c) => `EXCLUDED.${c}`).join(', ')})
       RETURNING *
     )
     INSERT INTO record_versions (entity, record_id, version, action, data, changed_by, import_id)
     SELECT $${n - 2}, up.id, up.version, CASE WHEN up.version = 1 THEN '导入新增' ELSE '导入更新' END, ${snapshotOf('up')}, $${n - 1}, $${n}
     FROM up
     RETURNING version`,
    params,
  );
  const inserted = res.rows.filter((r) => r.version === 1).length;
  return { inserted, updated: res.rows.length - inserted };
}

/** Inserts one record and its first version; returns its id. Unique-key violations surface as pg error 23505. */
export async function insertRecord(q: Queryable, def: DirectoryDef, orgId: number, record: Row, userId: number | null): Promise<number> {
  const cols = def.columns;
  const res = await q.query(
    `INSERT INTO ${def.table} (org_id, ${cols.map((c) => c.column).join(', ')})
     SELECT $1, ${cols.map((c, i) => (c.type === 'text[]' ? `ARRAY(SELECT jsonb_array_elements_text($${i + 2}::jsonb))` : `$${i + 2}::${c.type}`)).join(', ')}
     RETURNING id`,
    [orgId, ...cols.map((c) => paramValue(c.type, record[c.key]))],
  );
  const id = res.rows[0].id as number;
  await snapshotVersions(q, def, [id], '新增', userId, null);
  return id;
}

/**
 * Updates one record if it is still at `expectedVersion` (optimistic locking). Returns false when
 * someone else changed it in between.
 */
export async function updateRecord(q: Queryable, def: DirectoryDef, id: number, expectedVersion: number, orgId: number, record: Row, action: string, userId: number | null): Promise<boolean> {
  const cols = def.columns;
  const sets = cols.map((c, i) => `${c.column} = ${c.type === 'text[]' ? `ARRAY(SELECT jsonb_array_elements_text($${i + 4}::jsonb))` : `$${i + 4}::${c.type}`}`);
  const res = await q.query(
    `UPDATE ${def.table} SET org_id = $3, ${sets.join(', ')}, version = version + 1, updated_at = now()
     WHERE id = $1 AND version = $2`,
    [id, expectedVersion, orgId, ...cols.map((c) => paramValue(c.type, record[c.key]))],
  );
  if (res.rowCount !== 1) return false;
  await snapshotVersions(q, def, [id], action, userId, null);
  return true;
}

/** The stored versions of one record, oldest first, with the changing user's display name. */
export async function listVersions(q: Queryable, def: DirectoryDef, id: number): Promise<Row[]> {
  const res = await q.query(
    `SELECT v.version, v.action, v.data, v.changed_at AS "changedAt", u.display_name AS "changedBy"
     FROM record_versions v LEFT JOIN users u ON u.id = v.changed_by
     WHERE v.entity = $1 AND v.record_id = $2 ORDER BY v.version`,
    [def.entity, id],
  );
  return res.rows;
}

/** Existing records with the given natural keys, with their organisation path (import duplicate checks). */
export async function findByKeys(q: Queryable, def: DirectoryDef, keys: string[][], orgId?: number): Promise<Row[]> {
  if (keys.length === 0) return [];
  const params: unknown[] = def.keyColumns.map((_, i) => keys.map((k) => k[i]));
  const tuple = def.keyColumns.map((c) => `t.${c}`).join(', ');
  const unnest = def.keyColumns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  let sql = `SELECT t.id, t.org_id AS "orgId", o.path, o.name AS "orgName", ${def.keyColumns.map((c) => `t.${c} AS "${c}"`).join(', ')}
     FROM ${def.table} t JOIN organizations o ON o.id = t.org_id
     WHERE (${tuple}) IN (SELECT * FROM unnest(${unnest}))`;
  if (orgId !== undefined) {
    params.push(orgId);
    sql += ` AND t.org_id = $${params.length}`;
  }
  return (await q.query(sql, params)).rows;
}
