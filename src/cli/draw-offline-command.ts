/**
 * `shuangsui draw-offline INPUT.json`: INPUT is a bundle without `result` (manifest, pools, roster,
 * publicValue, secret). Runs the draw with the pure protocol, without any database, and prints the
 * complete bundle (JSON, one-space indent, as draw-vector-1.json). Before drawing it checks that the
 * inputs match the manifest (commitment, pool and roster hashes); a mismatch names the field and
 * exits non-zero.
 */
import { existsSync, readFileSync } from 'node:fs';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { parseBundle } from '../domain/draw/parse-bundle.ts';
import { runDraw } from '../domain/draw/protocol.ts';
import { verifyBundle } from '../domain/draw/verify.ts';
import type { Bundle } from '../domain/draw/types.ts';

type Values = Record<string, string | boolean | undefined>;

export const DRAW_OFFLINE_USAGE = '  draw-offline INPUT.json   离线执行抽取：输入不含 result 的证据包，输出完整证据包';

/** The complete bundle for an input without `result`; throws a Chinese AppError naming what is wrong. */
export function drawOffline(input: unknown): Bundle {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new AppError(ErrorCode.VALIDATION, '输入应为 JSON 对象（不含 result 的证据包）');
  if ('result' in input) throw new AppError(ErrorCode.VALIDATION, '输入已包含 result：离线抽取的输入应为不含 result 的证据包；验证完整证据包请用 shuangsui verify');
  const parsed = parseBundle({ ...input, result: { tasks: [] } });
  const { manifest, pools, roster, publicValue, secret } = parsed;
  const result = runDraw(manifest, pools, roster, publicValue, secret);
  const bundle: Bundle = { manifest, pools, roster, publicValue, secret, result };
  // The same checks as verify, except the result we just computed: inconsistent inputs are refused.
  const failed = verifyBundle(bundle).checks.filter((c) => !c.ok);
  if (failed.length) {
    throw new AppError(ErrorCode.VALIDATION, `输入与清单不一致：${failed.map((c) => `${c.name}${c.detail ? `（${c.detail}）` : ''}`).join('；')}`);
  }
  return bundle;
}

export function createDrawOfflineCommand(write: (text: string) => void = (t) => void process.stdout.write(t)) {
  return {
    options: {},
    async run(_values: Values, [file]: string[]): Promise<number> {
      if (!file) throw new AppError(ErrorCode.VALIDATION, '请指定输入文件，如：shuangsui draw-offline input.json');
      if (!existsSync(file)) throw new AppError(ErrorCode.NOT_FOUND, `文件不存在：${file}`);
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        throw new AppError(ErrorCode.VALIDATION, `输入不是有效的 JSON：${file}（${(e as Error).message}）`);
      }
      write(JSON.stringify(drawOffline(json), null, 1) + '\n');
      return 0;
    },
  };
}

export const drawOfflineCommand = createDrawOfflineCommand();
