/**
 * An exclusive lock on an embedded data folder. Two processes writing one PGlite folder silently lose
 * rows, so the second one must get a clear error instead. The lock file holds the owner's PID; a lock
 * whose owner is gone (killed) is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'shuangsui.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or returns the PID that holds it. */
export function acquireLock(dataDir: string): { ok: true; release: () => void } | { ok: false; pid: number } {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return {
        ok: true,
        release: () => {
          try {
            if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
          } catch { /* already gone */ }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return { ok: false, pid };
      try { unlinkSync(path); } catch { /* another process took it over first */ }
    }
  }
  return { ok: false, pid: Number(readFileSync(path, 'utf8').trim()) };
}
