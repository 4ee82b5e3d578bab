/**
 * `shuangsui verify bundle.json [--json] [--manifest-hash H] [--result-hash H]`: anyone can check
 * a published draw (DRAW-PROTOCOL.md § Phases 3). Exits 0 only when every check matches.
 */
import { existsSync, readFileSync } from 'node:fs';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { parseBundle } from '../domain/draw/parse-bundle.ts';
import { verifyBundle, type Verification } from '../domain/draw/verify.ts';

type Values = Record<string, string | boolean | undefined>;

/** Usage line for USAGE in commands.ts. */
export const VERIFY_USAGE = '  verify BUNDLE.json [--json] [--manifest-hash H] [--result-hash H]   验证公开的抽取证据包（全部一致时退出码为 0）';

/** Reads and shape-checks a bundle file; a missing file or broken JSON is a Chinese AppError. */
export function readBundleFile(file: string | undefined) {
  if (!file) throw new AppError(ErrorCode.VALIDATION, '请指定要验证的证据包文件，如：shuangsui verify bundle.json');
  if (!existsSync(file)) throw new AppError(ErrorCode.NOT_FOUND, `文件不存在：${file}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError(ErrorCode.VALIDATION, `证据包不是有效的 JSON：${file}（${(e as Error).message}）`);
  }
  return parseBundle(json);
}

/** The report as Chinese lines: one ✓/✗ line per check, then the verdict. */
export function formatVerification(v: Verification): string {
  const lines = v.checks.map((c) => `${c.ok ? '✓' : '✗'} ${c.name}${c.detail ? `：${c.detail}` : ''}`);
  const failed = v.checks.filter((c) => !c.ok).length;
  lines.push('', v.ok ? '验证通过：证据包与公布的抽取结果完全一致。' : `验证失败：${failed} 项不一致。`);
  return lines.join('\n') + '\n';
}

/** The command, writing to `write` (stdout by default) so tests can read its output. */
export function createVerifyCommand(write: (text: string) => void = (t) => void process.stdout.write(t)) {
  return {
    options: {
      json: { type: 'boolean' as const },
      'manifest-hash': { type: 'string' as const },
      'result-hash': { type: 'string' as const },
    },
    async run(values: Values, [file]: string[]): Promise<number> {
      const bundle = readBundleFile(file);
      const published = {
        ...(typeof values['manifest-hash'] === 'string' ? { manifestHash: values['manifest-hash'].toLowerCase() } : {}),
        ...(typeof values['result-hash'] === 'string' ? { resultHash: values['result-hash'].toLowerCase() } : {}),
      };
      const verification = verifyBundle(bundle, published);
      write(values.json ? JSON.stringify(verification, null, 2) + '\n' : formatVerification(verification));
      return verification.ok ? 0 : 1;
    },
  };
}

/** `shuangsui verify`, shaped like the entries of `commands` in commands.ts. */
export const verifyCommand = createVerifyCommand();
