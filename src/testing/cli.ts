/**
 * Runs the `shuangsui` command as an operator would, in a child process, against a test database.
 */
import { spawnSync } from 'node:child_process';

export const BIN = new URL('../../bin/shuangsui.js', import.meta.url).pathname;

/**
 * `shuangsui ARGS --data <dataDir>` with DATABASE_URL set to the database's PostgreSQL URL when it has
 * one (and unset otherwise, so the embedded database in `dataDir` is used). Gives up after 120 s.
 */
export function runCli(db: { url?: string; dataDir: string }, ...args: string[]): { code: number | null; out: string; err: string } {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (db.url) env.DATABASE_URL = db.url;
  const r = spawnSync(process.execPath, [BIN, ...args, '--data', db.dataDir], { encoding: 'utf8', env, timeout: 120000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
