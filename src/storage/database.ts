/**
 * Opens the platform's database: PostgreSQL via DATABASE_URL, or the embedded PGlite in a data folder
 * served from a child process. Both are reached through one node-postgres pool and one drizzle handle.
 */
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.ts';
import { launchEmbedded } from './embedded/launch.ts';
import { AppError, ErrorCode } from '../domain/errors.ts';

export type Db = NodePgDatabase<typeof schema>;

export interface Database {
  mode: 'embedded' | 'postgres';
  /** Where the data lives, for messages: the data folder or the URL without its password. */
  location: string;
  pool: pg.Pool;
  db: Db;
  /** PID of the embedded database process (memory measurements). */
  childPid?: number;
  close(): Promise<void>;
}

export interface OpenOptions {
  url?: string;
  dataDir: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

// DATE columns stay 'YYYY-MM-DD' strings; BIGINT counts become numbers (they stay far below 2^53).
pg.types.setTypeParser(1082, (v) => v);
pg.types.setTypeParser(20, (v) => Number(v));

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Opens (and by default migrates) the database chosen by `url` or, without one, `dataDir`. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  let pool: pg.Pool;
  let stopEmbedded = async () => {};
  let mode: Database['mode'];
  let childPid: number | undefined;
  let location: string;
  if (opts.url) {
    mode = 'postgres';
    location = redact(opts.url);
    pool = new pg.Pool({ connectionString: opts.url, max: 10 });
  } else {
    mode = 'embedded';
    location = opts.dataDir;
    const embedded = await launchEmbedded(opts.dataDir);
    stopEmbedded = embedded.stop;
    childPid = embedded.child.pid;
    pool = new pg.Pool({ host: embedded.socketDir, port: 5432, user: 'postgres', database: 'postgres', max: 1 });
  }
  pool.on('error', () => { /* a dropped idle connection is replaced on next use */ });
  try {
    await pool.query('select 1');
  } catch (e) {
    await pool.end().catch(() => {});
    await stopEmbedded();
    throw new AppError(ErrorCode.DATABASE_UNAVAILABLE, `无法连接数据库 ${location}：${(e as Error).message}`);
  }
  const db = drizzle(pool, { schema });
  if (opts.migrate !== false) {
    await pool.query('SET client_min_messages = warning');
    await migrate(db, { migrationsFolder: MIGRATIONS });
  }
  return {
    mode,
    location,
    pool,
    db,
    childPid,
    close: async () => {
      await pool.end();
      await stopEmbedded();
    },
  };
}

/** Runs `fn` in one transaction on one connection; everything inside must use the given client. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
