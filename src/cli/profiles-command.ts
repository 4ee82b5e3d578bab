/**
 * `shuangsui profiles list [--json]` and `shuangsui profiles show ID [--json] [--version N] [--date D]`:
 * the built-in profiles and the own profiles in the database, and one profile's strata with their
 * period, rule in Chinese and citation — what a bureau checks against its document.
 */
import { AppError, ErrorCode } from '../domain/errors.ts';
import { assertDate, chinaDay } from '../domain/calendar/dates.ts';
import { citeText } from '../domain/policy/cite.ts';
import { PERIOD_LABEL } from '../domain/policy/counting.ts';
import { PROFILES } from '../domain/policy/profiles/index.ts';
import { describeRule } from '../domain/policy/rule-text.ts';
import type { Profile } from '../domain/policy/schema.ts';
import type { Database } from '../storage/database.ts';
import { listOrgs } from '../storage/repos/orgs.ts';
import { findProfileVersion, listOwnProfiles } from '../storage/repos/profiles.ts';
import { profileHash, resolveProfile } from '../services/policy/resolve-profile.ts';

type Values = Record<string, string | boolean | undefined>;
type WithDatabase = <T>(fn: (db: Database) => Promise<T>) => Promise<T>;

/** Usage lines for USAGE in commands.ts. */
export const PROFILES_USAGE = [
  '  profiles list [--json]                  列出内置方案和数据库中的自定义方案',
  '  profiles show ID [--json] [--version N] [--date YYYY-MM-DD]   方案的抽查分层：编码、名称、周期、规则、依据',
].join('\n');
/** Options of the command (besides --data). */
export const PROFILES_OPTIONS = { json: { type: 'boolean' as const }, version: { type: 'string' as const }, date: { type: 'string' as const } };

export interface StratumJson {
  key: string;
  label: string;
  item: string | null;
  /** The draw cadence ('quarter'), null for a stratum without rules. */
  period: string | null;
  periodLabel: string | null;
  /** Every rule in Chinese, joined with '；'. */
  rule: string;
  /** Every distinct citation, joined with '；'. */
  citation: string;
  rules: { per: string; drawEvery: string | null; rule: string; levels: string[] | null; citation: string; text: string | null; note: string | null }[];
}

/** One stratum as `profiles show --json` prints it. */
export function stratumJson(s: Profile['strata'][number]): StratumJson {
  const cadence = s.rules[0] ? (s.rules[0].drawEvery ?? s.rules[0].per) : null;
  const rules = s.rules.map((r) => ({
    per: r.per, drawEvery: r.drawEvery ?? null, rule: describeRule(r), levels: r.levels ? [...r.levels] : null,
    citation: citeText(r.cite), text: r.cite.text ?? null, note: r.cite.note ?? null,
  }));
  return {
    key: s.key, label: s.label, item: s.item ?? null, period: cadence, periodLabel: cadence ? `每${PERIOD_LABEL[cadence]}` : null,
    rule: rules.map((r) => r.rule).join('；'), citation: [...new Set(rules.map((r) => r.citation))].join('；'), rules,
  };
}

/** Today as the bureaus count it (UTC+8). */
function today(): string {
  return chinaDay(new Date());
}

/** The command, writing to `write` so tests can read it; `withDatabase` is called only when a database exists. */
export function createProfilesCommand(write: (text: string) => void = (t) => void process.stdout.write(t)) {
  return async (values: Values, args: string[], withDatabase: WithDatabase, hasDatabase: boolean): Promise<number> => {
    const [sub, id, ...extra] = args;
    if (sub === 'list' && id === undefined) return list(values, withDatabase, hasDatabase, write);
    if (sub === 'show' && id !== undefined && extra.length === 0) return show(values, id, withDatabase, hasDatabase, write);
    throw new AppError(ErrorCode.VALIDATION, '用法：shuangsui profiles list [--json]  或  shuangsui profiles show lingchuan [--json]');
  };
}

async function list(values: Values, withDatabase: WithDatabase, hasDatabase: boolean, write: (t: string) => void): Promise<number> {
  const rows: { id: string; name: string; document: string; builtIn: boolean; org: string | null; version: number | null; effectiveFrom: string | null }[] =
    PROFILES.map((p) => ({ id: p.id, name: p.name, document: p.document, builtIn: true, org: null, version: 0, effectiveFrom: null }));
  if (hasDatabase) {
    await withDatabase(async (db) => {
      const orgs = await listOrgs(db.pool, '/');
      const orgName = new Map(orgs.map((o) => [o.id, o.name]));
      for (const own of await listOwnProfiles(db.pool, orgs.map((o) => o.id))) {
        const current = await findProfileVersion(db.pool, own.id, { day: today() });
        const document = current ? String((current.definition as { document?: unknown }).document ?? '') : '';
        rows.push({ id: own.code, name: own.name, document, builtIn: false, org: orgName.get(own.orgId) ?? null, version: current?.version ?? null, effectiveFrom: current?.effectiveFrom ?? null });
      }
    });
  }
  if (values.json) write(JSON.stringify(rows, null, 2) + '\n');
  else {
    for (const r of rows) {
      const kind = r.builtIn ? '内置' : `自定义（${r.org}）${r.version ? `第 ${r.version} 版，${r.effectiveFrom} 起` : '尚未生效'}`;
      write(`${r.id}\t${r.name}\t${kind}\n`);
    }
  }
  return 0;
}

async function show(values: Values, id: string, withDatabase: WithDatabase, hasDatabase: boolean, write: (t: string) => void): Promise<number> {
  const version = values.version === undefined ? undefined : /^\d+$/.test(String(values.version)) ? Number(values.version) : NaN;
  if (Number.isNaN(version)) throw new AppError(ErrorCode.VALIDATION, `--version 应为版本号（正整数），收到「${values.version}」`);
  const day = values.date === undefined ? today() : assertDate(String(values.date), '--date');
  const at = version !== undefined ? { version } : { day };
  const builtIn = PROFILES.find((p) => p.id === id);
  if (!builtIn && !hasDatabase) throw new AppError(ErrorCode.NOT_FOUND, `没有内置方案「${id}」，可选：${PROFILES.map((p) => p.id).join('、')}（自定义方案需要数据库：--data DIR 或 DATABASE_URL）`);
  if (builtIn && version !== undefined && version !== 0) throw new AppError(ErrorCode.NOT_FOUND, `内置方案「${builtIn.name}」没有第 ${version} 版`);
  // A built-in needs no database; an own profile is resolved exactly as plans and draws resolve it.
  const resolved = builtIn
    ? { builtIn: true, version: 0, hash: profileHash(builtIn), profile: builtIn }
    : await withDatabase((db) => resolveProfile(db.pool, id, at));
  const p = resolved.profile;
  const out = {
    id, name: p.name, document: p.document, builtIn: resolved.builtIn, version: resolved.version, hash: resolved.hash,
    levels: [...p.levels], strata: p.strata.map(stratumJson),
  };
  if (values.json) write(JSON.stringify(out, null, 2) + '\n');
  else {
    write(`${p.name}（${id}${resolved.builtIn ? '，内置' : `，第 ${resolved.version} 版`}）\n${p.document}\n\n`);
    for (const s of out.strata) write(`${s.key}\t${s.label}\t${s.periodLabel ?? '—'}\t${s.rule || '—'}\t${s.citation || '—'}\n`);
  }
  return 0;
}
