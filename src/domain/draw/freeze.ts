/**
 * The freeze (DRAW-PROTOCOL.md § Phases 1, § Manifest): from each stratum's pool and quota, the
 * roster and a fresh secret, the manifest with its pool hashes, roster hash and commitment. Pure:
 * the secret comes in as a parameter.
 */
import { AppError, ErrorCode } from '../errors.ts';
import { manifestHash, poolHash, rosterHash } from './encoding.ts';
import { commitment } from './protocol.ts';
import { PROTOCOL, type Manifest, type RosterEntry, type Stratum } from './types.ts';

/** One stratum before hashing: its pool's ids and what the manifest says about it. */
export interface StratumInput {
  label: string;
  item: string;
  quota: number;
  formula: string;
  ids: readonly string[];
  department?: string;
  expertise?: string[];
  /** More fields for the manifest (hashed too), e.g. the profile's stratum key. */
  extra?: Record<string, unknown>;
}

export interface FreezeMeta {
  drawId: string;
  org: string;
  period: string;
  drawDate: string;
  publicValueSource: string;
  previousDrawHash: string;
  teamSize: number;
  /** More manifest fields (hashed): profile, plan, 定向 filter … */
  extra?: Record<string, unknown>;
}

/** The manifest, its hash, and the pools keyed by stratum label, ready to store. */
export function freezeManifest(meta: FreezeMeta, strata: readonly StratumInput[], roster: readonly RosterEntry[], secretHex: string): { manifest: Manifest; manifestHash: string; pools: Record<string, string[]> } {
  if (!meta.publicValueSource.trim()) throw new AppError(ErrorCode.VALIDATION, '请写明公开随机值的来源（如：抽取会议现场掷骰）', [{ field: 'publicValueSource', reason: '不能为空' }]);
  if (!Number.isInteger(meta.teamSize) || meta.teamSize < 2) throw new AppError(ErrorCode.VALIDATION, '每组检查人员数应为不小于 2 的整数', [{ field: 'teamSize', reason: '应不小于 2' }]);
  if (strata.length === 0) throw new AppError(ErrorCode.VALIDATION, '没有可抽取的层级');
  const labels = new Set<string>();
  const pools: Record<string, string[]> = {};
  const manifestStrata: Stratum[] = strata.map((s) => {
    if (labels.has(s.label)) throw new AppError(ErrorCode.VALIDATION, `层级名称「${s.label}」重复：同一次抽取中层级名称必须唯一`);
    labels.add(s.label);
    let hash: string;
    try {
      hash = poolHash(s.ids);
    } catch (e) {
      throw new AppError(ErrorCode.VALIDATION, `层级「${s.label}」：${(e as Error).message}`);
    }
    pools[s.label] = [...s.ids];
    return {
      ...(s.extra ?? {}),
      label: s.label, item: s.item, quota: s.quota, formula: s.formula, poolSize: s.ids.length, poolHash: hash,
      ...(s.department !== undefined ? { department: s.department } : {}),
      ...(s.expertise !== undefined && s.expertise.length > 0 ? { expertise: [...s.expertise] } : {}),
    };
  });
  const manifest: Manifest = {
    ...(meta.extra ?? {}),
    protocol: PROTOCOL,
    drawId: meta.drawId,
    org: meta.org,
    period: meta.period,
    drawDate: meta.drawDate,
    commitment: commitment(secretHex),
    publicValueSource: meta.publicValueSource,
    previousDrawHash: meta.previousDrawHash,
    strata: manifestStrata,
    teamSize: meta.teamSize,
    rosterHash: rosterHash(roster),
  };
  return { manifest, manifestHash: manifestHash(manifest), pools };
}
