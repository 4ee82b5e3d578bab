/**
 * A bureau's own profiles: copy a built-in (or another own profile) under a new code, then save
 * edits as new versions with an effective date. Versions are append-only; every definition goes
 * through loadProfile, so a contradictory one (a ratio over 100 %, an unknown category) is refused
 * with the Chinese message naming the field, and nothing is stored.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { assertDate } from '../../domain/calendar/dates.ts';
import { diffProfiles, type ProfileChange } from '../../domain/policy/profile-diff.ts';
import { PROFILES } from '../../domain/policy/profiles/index.ts';
import { loadProfile } from '../../domain/policy/validate.ts';
import { inTransaction } from '../../storage/database.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { getOrg } from '../../storage/repos/orgs.ts';
import { appendProfileVersion, insertOwnProfile, listProfileVersions, lockOwnProfile, renameOwnProfile } from '../../storage/repos/profiles.ts';
import type { ProfileDetailDto } from '../../http/contract.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { profileHash } from './resolve-profile.ts';
import { canEditOwnProfile, getProfileDetail, ownProfileRow, resolveVisibleProfile } from './list-profiles.ts';

export interface CopyProfileInput { from: string; code: string; name: string; effectiveFrom: string; orgId?: number; note?: string }

/** Copies `from` (its latest version for an own profile) into a new own profile of the organisation, as version 1. */
export async function copyProfile(ctx: Ctx, input: CopyProfileInput): Promise<ProfileDetailDto> {
  assertAllowed(ctx, 'read');
  const owner = await orgInScope(ctx, input.orgId);
  if (!canEditOwnProfile(ctx, owner)) throw new AppError(ErrorCode.FORBIDDEN, '只有本单位（或上级）的系统管理员可以新建或修改监管方案');
  const code = input.code.trim();
  if (PROFILES.some((p) => p.id === code)) {
    throw new AppError(ErrorCode.CONFLICT, `方案编码「${code}」是内置方案的编码，请换一个`, [{ field: 'code', reason: '与内置方案重名' }]);
  }
  const effectiveFrom = assertDate(input.effectiveFrom, 'effectiveFrom');
  const source = PROFILES.some((p) => p.id === input.from)
    ? await resolveVisibleProfile(ctx, input.from, { version: 0 })
    : await resolveVisibleProfile(ctx, input.from, { version: await latestVersion(ctx, input.from) });
  const profile = loadProfile({ ...structuredClone(source.profile), id: code, name: input.name.trim() });
  await inTransaction(ctx.database.pool, async (client) => {
    const row = await insertOwnProfile(client, { orgId: owner.id, code, name: profile.name, baseProfile: input.from, createdBy: ctx.actor.id }).catch((e: unknown) => {
      if ((e as { code?: string }).code === '23505') throw new AppError(ErrorCode.CONFLICT, `方案编码「${code}」已被使用，请换一个`, [{ field: 'code', reason: '已被使用' }]);
      throw e;
    });
    await appendProfileVersion(client, {
      profileId: row.id, effectiveFrom, definition: profile, hash: profileHash(profile),
      note: input.note?.trim() || `复制自「${source.profile.name}」${source.builtIn ? '（内置方案）' : `第 ${source.version} 版`}`, createdBy: ctx.actor.id,
    });
    await appendAudit(client, auditEntry(ctx, 'profile.copy', { type: 'policy_profile', id: code },
      `复制监管方案「${source.profile.name}」为「${profile.name}」（${code}，${effectiveFrom} 起生效）`,
      { from: input.from, fromVersion: source.version, orgId: owner.id, effectiveFrom, definitionHash: profileHash(profile) }));
  });
  return getProfileDetail(ctx, code);
}

async function latestVersion(ctx: Ctx, code: string): Promise<number> {
  const row = await ownProfileRow(ctx, code);
  return (await listProfileVersions(ctx.database.pool, row.id)).at(-1)?.version ?? 0;
}

export interface SaveVersionInput { definition: unknown; effectiveFrom: string; note?: string }

/**
 * Saves an edited definition as the next version. The code stays the profile's id; the effective
 * date may not precede the latest version's (a version never slips in under one already saved);
 * a definition identical to the latest version is refused as a no-op.
 */
export async function saveProfileVersion(ctx: Ctx, code: string, input: SaveVersionInput): Promise<ProfileDetailDto> {
  assertAllowed(ctx, 'read');
  const row = await ownProfileRow(ctx, code);
  const owner = (await getOrg(ctx.database.pool, { id: row.orgId }))!;
  if (!canEditOwnProfile(ctx, owner)) throw new AppError(ErrorCode.FORBIDDEN, '只有本单位（或上级）的系统管理员可以修改监管方案');
  const effectiveFrom = assertDate(input.effectiveFrom, 'effectiveFrom');
  if (typeof input.definition !== 'object' || input.definition === null || Array.isArray(input.definition)) {
    throw new AppError(ErrorCode.VALIDATION, '方案内容应为 JSON 对象', [{ field: 'definition', reason: '不是 JSON 对象' }]);
  }
  const profile = loadProfile({ ...input.definition, id: code });
  const hash = profileHash(profile);
  await inTransaction(ctx.database.pool, async (client) => {
    // Lock the profile row so two saves cannot both take the same "next" number.
    await lockOwnProfile(client, row.id);
    const latest = (await listProfileVersions(client, row.id)).at(-1);
    if (latest && latest.hash === hash) {
      throw new AppError(ErrorCode.VALIDATION, `内容与第 ${latest.version} 版相同，无需保存新版本`, [{ field: 'definition', reason: '没有修改' }]);
    }
    if (latest && effectiveFrom < latest.effectiveFrom) {
      throw new AppError(ErrorCode.VALIDATION, `生效日期 ${effectiveFrom} 早于第 ${latest.version} 版的生效日期 ${latest.effectiveFrom}；新版本只能在其后生效`, [{ field: 'effectiveFrom', reason: '早于上一版本' }]);
    }
    await appendProfileVersion(client, { profileId: row.id, effectiveFrom, definition: profile, hash, note: input.note?.trim() || null, createdBy: ctx.actor.id });
    if (profile.name !== row.name) await renameOwnProfile(client, row.id, profile.name);
    await appendAudit(client, auditEntry(ctx, 'profile.version', { type: 'policy_profile', id: code },
      `保存监管方案「${profile.name}」（${code}）第 ${(latest?.version ?? 0) + 1} 版（${effectiveFrom} 起生效）`,
      { version: (latest?.version ?? 0) + 1, effectiveFrom, definitionHash: hash, note: input.note?.trim() || null }));
  });
  return getProfileDetail(ctx, code);
}

/** What changed from version `from` to version `to` of an own profile. */
export async function diffProfileVersions(ctx: Ctx, code: string, from: number, to: number): Promise<ProfileChange[]> {
  assertAllowed(ctx, 'read');
  const row = await ownProfileRow(ctx, code);
  const versions = await listProfileVersions(ctx.database.pool, row.id);
  const pick = (n: number) => {
    const v = versions.find((x) => x.version === n);
    if (!v) throw new AppError(ErrorCode.NOT_FOUND, `方案「${row.name}」没有第 ${n} 版`, [{ field: n === from ? 'from' : 'to', reason: '版本不存在' }]);
    return v.definition;
  };
  return diffProfiles(pick(from), pick(to));
}
