/**
 * `shuangsui audit verify` recomputes the audit log's hash chain (exit 0 when intact, 1 naming the
 * first broken row) and prints the head to record elsewhere; `shuangsui audit list [--since DATE]`
 * prints the log oldest first.
 */
import { AppError, ErrorCode } from '../domain/errors.ts';
import { assertDate } from '../domain/calendar/dates.ts';
import type { Database } from '../storage/database.ts';
import { listAuditRows } from '../storage/repos/audit.ts';
import { verifyAuditLog } from '../services/audit/read-audit.ts';

export const AUDIT_USAGE = [
  '  audit verify                            校验审计日志哈希链（完好退出码 0；否则指出第一条被改动的记录，退出码 1）',
  '  audit list [--since YYYY-MM-DD] [--json]  列出审计日志（自某日起）',
].join('\n');

export const AUDIT_OPTIONS = { since: { type: 'string' as const }, json: { type: 'boolean' as const } };

/** Runs one audit subcommand; returns the exit code and the text to print. */
export async function runAudit(database: Database, args: string[], values: { since?: string; json?: boolean }): Promise<{ code: number; out: string }> {
  const [sub, ...extra] = args;
  if (extra.length > 0 || (sub !== 'verify' && sub !== 'list')) {
    throw new AppError(ErrorCode.VALIDATION, '用法：shuangsui audit verify  或  shuangsui audit list [--since 2026-01-01] [--json]');
  }
  if (sub === 'verify') {
    const v = await verifyAuditLog(database);
    if (v.ok) {
      return { code: 0, out: `审计日志完好：共 ${v.rows} 条，链头第 ${v.lastSeq} 条，哈希 ${v.lastHash}\n（请把这一哈希另行记录，以便日后核对。）\n` };
    }
    const lines = [`审计日志已被篡改：${v.first!.message}`];
    if (v.problems.length > 1) lines.push(`共发现 ${v.problems.length} 处问题：`, ...v.problems.slice(0, 20).map((p) => `  ${p.message}`));
    return { code: 1, out: lines.join('\n') + '\n' };
  }
  const since = values.since ? new Date(`${assertDate(values.since, '--since')}T00:00:00+08:00`) : undefined;
  const out: string[] = [];
  let total = 0;
  // Pages newest first from the repo; print oldest first.
  const rows = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await listAuditRows(database.pool, { since, limit: 1000, offset });
    total = page.total;
    rows.push(...page.rows);
    if (page.rows.length < 1000) break;
  }
  rows.reverse();
  if (values.json) return { code: 0, out: JSON.stringify(rows, null, 2) + '\n' };
  for (const r of rows) {
    out.push(`${r.seq}\t${r.at.toISOString()}\t${r.actorName}\t${r.action}\t${r.objectType}${r.objectId ? `#${r.objectId}` : ''}\t${r.summary}`);
  }
  out.push(`共 ${total} 条`);
  return { code: 0, out: out.join('\n') + '\n' };
}
