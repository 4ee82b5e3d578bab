/**
 * Runs the `shuangsui` command as an operator would, in a child process, against a test database.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

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

/**
 * Starts `shuangsui serve` in its own process group (so a test can SIGKILL the server alone or with
 * its embedded database process) on `port`, against `url` (PostgreSQL) or the embedded database in
 * `dataDir`; resolves once it says it has started.
 */
export function startServer(dataDir: string, url: string | undefined, port: number): Promise<ChildProcess> {
  const env = { ...process.env, LOG_LEVEL: 'error' } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  if (url) env.DATABASE_URL = url;
  const proc = spawn(process.execPath, [BIN, 'serve', '--data', dataDir, '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  return new Promise((ok, fail) => {
    let out = '';
    proc.stdout!.on('data', (d) => { out += d; if (out.includes('已启动')) ok(proc); });
    proc.stderr!.on('data', (d) => { out += d; });
    proc.once('exit', (code) => fail(new Error(`server exited ${code}: ${out}`)));
  });
}

/** Polls `fn` every 20 ms until it yields a value (errors count as "not yet"); gives up after `ms`. */
export async function waitFor<T>(fn: () => Promise<T | undefined>, ms = 120000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
