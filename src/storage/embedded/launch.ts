/**
 * Starts the embedded database process for a data folder and waits until it serves.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { AppError, ErrorCode } from '../../domain/errors.ts';

const ENTRY = fileURLToPath(new URL('./server-process.ts', import.meta.url));

export interface EmbeddedServer {
  socketDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Forks the PGlite socket server for `dataDir`; throws DATA_LOCKED when another process holds it. */
export async function launchEmbedded(dataDir: string): Promise<EmbeddedServer> {
  const dir = resolve(dataDir);
  const child = fork(ENTRY, [dir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const socketDir = await new Promise<string>((ok, fail) => {
    child.once('message', (msg: any) => {
      if (msg?.type === 'ready') ok(msg.socketDir);
      else if (msg?.type === 'locked') {
        fail(new AppError(ErrorCode.DATA_LOCKED,
          `数据目录 ${dir} 正被另一个进程（PID ${msg.pid}）使用。请先停止该进程（如正在运行的 shuangsui serve），或用 --data 指定其他目录。`,
          [], { pid: msg.pid }));
      } else fail(new AppError(ErrorCode.DATABASE_UNAVAILABLE, `内置数据库无法启动：${msg?.message ?? '未知原因'}`));
    });
    child.once('exit', (code) => fail(new AppError(ErrorCode.DATABASE_UNAVAILABLE, `内置数据库进程意外退出（代码 ${code}）`)));
    child.once('error', (e) => fail(new AppError(ErrorCode.DATABASE_UNAVAILABLE, `内置数据库进程无法启动：${e.message}`)));
  });
  child.removeAllListeners('exit');
  return {
    socketDir,
    child,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          done();
        });
        child.disconnect();
      }),
  };
}
