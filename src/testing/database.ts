/**
 * A fresh, migrated database per test file: with TEST_DATABASE_URL a new PostgreSQL database on that
 * server (dropped afterwards), otherwise an embedded database in a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../storage/database.ts';
import { insertOrg, insertUser } from '../storage/repos/orgs.ts';
import { hashPassword } from '../services/passwords.ts';
import { systemActor, type Ctx } from '../services/context.ts';

export interface TestDatabase extends Database {
  dataDir: string;
  /** The PostgreSQL URL of this test database (undefined when embedded). */
  url?: string;
  /** Closes (if still open) and removes the database. */
  dispose(): Promise<void>;
}

/** Makes close() idempotent so a test may close early (to let a CLI process open the folder). */
function onceClosing(db: Database): Database {
  let closed: Promise<void> | undefined;
  return { ...db, close: () => (closed ??= db.close()) };
}

/** Opens a new empty database for one test file. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ss-test-'));
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    const db = onceClosing(await openDatabase({ dataDir }));
    return { ...db, dataDir, dispose: async () => { await db.close(); rmSync(dataDir, { recursive: true, force: true }); } };
  }
  const scratch = await createPgDatabase(server);
  const db = onceClosing(await openDatabase({ url: scratch.url, dataDir }));
  return {
    ...db,
    dataDir,
    url: scratch.url,
    dispose: async () => {
      await db.close();
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates an empty database on a PostgreSQL server; `drop` removes it (closing any connections). */
export async function createPgDatabase(serverUrl: string, prefix = 'ss_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try { await c.query(sql); } finally { await c.end(); }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A city with one county and an admin; returns a system context at the city. */
export async function seedMinimalOrgs(database: Database) {
  const city = await insertOrg(database.pool, { code: 'city', name: '测试市生态环境局', level: '市', parentId: null, regionCode: '370400' });
  const county = await insertOrg(database.pool, { code: 'county', name: '测试市生态环境局东城分局', level: '分局', parentId: city.id, regionCode: '370402' });
  const other = await insertOrg(database.pool, { code: 'other', name: '另一市生态环境局', level: '市', parentId: null });
  const adminId = await insertUser(database.pool, { orgId: city.id, username: 'admin', displayName: '管理员', role: 'admin', passwordHash: await hashPassword('secret-pass') });
  const ctx: Ctx = { database, actor: { ...systemActor(city), id: adminId }, now: () => new Date('2025-03-20T08:00:00Z') };
  return { city, county, other, adminId, ctx };
}
