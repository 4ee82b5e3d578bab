/**
 * The `shuangsui` command line. Every command takes --data DIR (embedded database folder, default
 * ./data) unless DATABASE_URL points at PostgreSQL. Errors print their Chinese message and exit 1.
 */
import { parseArgs } from 'node:util';
import { AppError, describeIssue } from '../domain/errors.ts';
import { commands, USAGE } from './commands.ts';

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stdout.write(USAGE);
  process.exit(name && name !== 'help' && name !== '--help' ? 2 : 0);
}

try {
  const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
  const code = await command.run(values as Record<string, string | boolean | undefined>, positionals);
  if (code !== undefined) process.exitCode = code;
} catch (e) {
  if (e instanceof AppError) {
    process.stderr.write(`错误：${e.message}\n`);
    for (const issue of e.issues.slice(0, 50)) process.stderr.write(`  ${describeIssue(issue)}\n`);
  } else if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`参数错误：${(e as Error).message}\n\n${USAGE}`);
  } else {
    process.stderr.write(`错误：${(e as Error).message}\n`);
    if (process.env.SHUANGSUI_DEBUG) console.error(e);
  }
  process.exitCode = 1;
}
