/**
 * A planning scenario as a bureau writes it by hand (`shuangsui plan --scenario FILE`):
 * { "level": "city"|"county", "inspectors": N, "squads": N, "pools": { "<stratum key>": size, … },
 *   "planned": { "<stratum key>": N } }. Every mistake is refused naming the field.
 */
import { AppError, ErrorCode } from '../errors.ts';
import type { PlanInputs } from './annual-plan.ts';
import { POLICY_LEVELS, type PolicyLevel, type Profile } from './schema.ts';

const FIELDS = ['level', 'inspectors', 'squads', 'pools', 'planned'];

function fail(field: string, reason: string): never {
  throw new AppError(ErrorCode.VALIDATION, `情景文件「${field}」${reason}`, [], { field });
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) fail(field, `应为非负整数，收到 ${JSON.stringify(value)}`);
  return value;
}

/** Stratum key → non-negative integer, every key a stratum of the profile. */
export function strataCounts(value: unknown, field: string, profile: Profile): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, '应为对象，如 { "重点": 26 }');
  const keys = new Set(profile.strata.map((s) => s.key));
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!keys.has(k)) fail(`${field}.${k}`, `不是方案「${profile.name}」的抽查分层，可选：${[...keys].join('、')}`);
    out[k] = count(v, `${field}.${k}`);
  }
  return out;
}

/** Checks a parsed scenario against the profile and returns the plan inputs. */
export function parseScenario(json: unknown, profile: Profile): PlanInputs {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AppError(ErrorCode.VALIDATION, '情景文件应为 JSON 对象：{ "level": "county", "inspectors": 10, "squads": 3, "pools": { … } }');
  }
  const o = json as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) fail(unknown[0]!, `不是情景文件的字段，可用字段：${FIELDS.join('、')}`);
  let level: PolicyLevel | undefined;
  if (o.level !== undefined) {
    if (!(POLICY_LEVELS as readonly unknown[]).includes(o.level)) fail('level', `应为 "city"（市级）或 "county"（县级），收到 ${JSON.stringify(o.level)}`);
    level = o.level as PolicyLevel;
    if (!profile.levels.includes(level)) fail('level', `为 "${level}"，但方案「${profile.name}」只适用于${profile.levels.map((l) => (l === 'city' ? '市级' : '县级')).join('、')}机构`);
  }
  if (o.pools === undefined) fail('pools', '缺失：请给出每个抽查分层的对象数');
  return {
    ...(level ? { level } : {}),
    ...(o.inspectors !== undefined ? { inspectors: count(o.inspectors, 'inspectors') } : {}),
    ...(o.squads !== undefined ? { squads: count(o.squads, 'squads') } : {}),
    pools: strataCounts(o.pools, 'pools', profile),
    ...(o.planned !== undefined ? { planned: strataCounts(o.planned, 'planned', profile) } : {}),
  };
}
