/**
 * Child-process entry of the embedded database: opens PGlite on the data folder and serves it over
 * the PostgreSQL wire protocol on a private Unix socket. Running it in its own process keeps the
 * server's event loop free while PGlite (single-threaded WASM) executes a query, and lets the app use
 * node-postgres in both modes. The parent talks to it over IPC: it reports 'ready' or an error, and
 * it shuts down cleanly when the parent disconnects (including when the parent is killed).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { acquireLock } from './lock.ts';

const dataDir = process.argv[2];
if (!dataDir || !process.send) {
  console.error('usage: forked by src/storage/embedded/launch.ts with a data folder');
  process.exit(2);
}
const send = (msg: unknown) => process.send!(msg);

mkdirSync(dataDir, { recursive: true });
const lock = acquireLock(dataDir);
if (!lock.ok) {
  send({ type: 'locked', pid: lock.pid });
  process.disconnect?.();
  process.exit(3);
}

const releaseLock = lock.release;

// The parent decides when to stop; Ctrl-C reaches the whole process group.
process.on('SIGINT', () => {});

const socketDir = mkdtempSync(join(tmpdir(), 'shuangsui-'));
let db: PGlite | undefined;
let server: PGLiteSocketServer | undefined;
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  // A close stuck behind an aborted protocol exchange must not keep the folder locked forever; PGlite
  // recovers from an unclean stop like PostgreSQL does (tested by the kill tests).
  setTimeout(() => {
    releaseLock();
    process.exit(code || 4);
  }, 10_000).unref();
  try { await server?.stop(); } catch { /* closing anyway */ }
  try { await db?.close(); } catch { /* closing anyway */ }
  rmSync(socketDir, { recursive: true, force: true });
  releaseLock();
  process.exit(code);
}

process.on('disconnect', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  db = await PGlite.create(join(dataDir, 'pgdata'), { extensions: { pg_trgm } });
  const socketPath = join(socketDir, '.s.PGSQL.5432');
  // PGlite has a single backend, so the app's pool holds one connection and statements of different
  // requests never interleave inside an extended-protocol exchange. The socket still accepts a few:
  // node-postgres drops a connection after any SQL error and reconnects at once, before this side has
  // seen the old socket close.
  server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 4 });
  await server.start();
  send({ type: 'ready', socketDir });
} catch (e) {
  send({ type: 'error', message: (e as Error).message });
  await shutdown(1);
}
