/**
 * Which rules apply: a built-in profile as shipped (version 0), or the version of an own profile in
 * effect on a day. Plans, classification runs and draws record the key, version and hash returned
 * here, so anyone can tell later exactly which rules produced a figure.
 */
import { createHash } from 'node:crypto';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { jcs } from '../../domain/draw/jcs.ts';
import type { Profile } from '../../domain/policy/schema.ts';
import { loadProfile } from '../../domain/policy/validate.ts';
import { PROFILES } from '../../domain/policy/profiles/index.ts';
import { findProfileVersion, getOwnProfile } from '../../storage/repos/profiles.ts';
import type { Queryable } from '../../storage/repos/directory.ts';

export interface ResolvedProfile {
  key: string;
  /** 0 for a built-in profile. */
  version: number;
  /** SHA-256 (hex) of the JCS encoding of the definition. */
  hash: string;
  profile: Profile;
  builtIn: boolean;
  /** The organisation owning an own profile (undefined for built-ins, usable everywhere). */
  orgId?: number;
}

/** SHA-256 of a profile's canonical JSON. */
export function profileHash(profile: Profile): string {
  return createHash('sha256').update(jcs(profile)).digest('hex');
}

const builtInHashes = new Map<string, string>();

/**
 * Resolves `key` to a built-in profile or an own profile's version: the version in effect on `day`,
 * or exactly `version` when given. Unknown keys and days before the first version are NOT_FOUND.
 */
export async function resolveProfile(q: Queryable, key: string, at: { day: string } | { version: number }): Promise<ResolvedProfile> {
  const builtIn = PROFILES.find((p) => p.id === key);
  if (builtIn) {
    if ('version' in at && at.version !== 0) throw new AppError(ErrorCode.NOT_FOUND, `内置方案「${builtIn.name}」没有第 ${at.version} 版`);
    let hash = builtInHashes.get(key);
    if (!hash) builtInHashes.set(key, (hash = profileHash(builtIn)));
    return { key, version: 0, hash, profile: builtIn, builtIn: true };
  }
  const own = await getOwnProfile(q, key);
  if (!own) throw new AppError(ErrorCode.NOT_FOUND, `没有方案「${key}」，可选：${PROFILES.map((p) => p.id).join('、')} 或本单位自定义方案`);
  const row = await findProfileVersion(q, own.id, at);
  if (!row) {
    throw new AppError(ErrorCode.NOT_FOUND, 'version' in at
      ? `方案「${own.name}」没有第 ${at.version} 版`
      : `方案「${own.name}」在 ${at.day} 还没有生效的版本`);
  }
  return { key, version: row.version, hash: row.hash, profile: loadProfile(row.definition), builtIn: false, orgId: own.orgId };
}
