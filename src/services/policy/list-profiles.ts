/**
 * Which profiles a user may choose: the built-ins, and the own profiles of the user's organisation,
 * its ancestors (a city's profile applies to its counties) and its subtree. Also one profile in full
 * (definition and versions) for the editor.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { chinaDay } from '../../domain/calendar/dates.ts';
import { PROFILES } from '../../domain/policy/profiles/index.ts';
import type { Profile } from '../../domain/policy/schema.ts';
import { getOrg, listOrgs } from '../../storage/repos/orgs.ts';
import { getOwnProfile, listOwnProfiles, listProfileVersions, userNames, type ProfileRow, type ProfileVersionRow } from '../../storage/repos/profiles.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import type { ProfileDetailDto, ProfileSummaryDto, ProfileVersionDto } from '../../http/contract.ts';
import { assertAllowed, type Ctx } from '../context.ts';
import { resolveProfile, type ResolvedProfile } from './resolve-profile.ts';

/** Today in the server's clock as 'YYYY-MM-DD' (UTC+8: the bureaus' day). */
export function todayOf(ctx: Ctx): string {
  return chinaDay(ctx.now());
}

/** Ids of the organisations whose own profiles the actor sees: ancestors, itself and its subtree. */
export async function visibleOwnerIds(ctx: Ctx): Promise<number[]> {
  const ancestors = ctx.actor.orgPath.split('/').filter(Boolean).map(Number);
  const subtree = (await listOrgs(ctx.database.pool, ctx.actor.orgPath)).map((o) => o.id);
  return [...new Set([...ancestors, ...subtree])];
}

/** Throws NOT_FOUND (not FORBIDDEN: existence is not disclosed) when an own profile is outside the actor's view. */
export async function assertProfileVisible(ctx: Ctx, resolved: Pick<ResolvedProfile, 'builtIn' | 'orgId' | 'key'>): Promise<void> {
  if (resolved.builtIn) return;
  if (!(await visibleOwnerIds(ctx)).includes(resolved.orgId!)) {
    throw new AppError(ErrorCode.NOT_FOUND, `没有方案「${resolved.key}」，可选：${PROFILES.map((p) => p.id).join('、')} 或本单位自定义方案`);
  }
}

/** Resolves a key as resolveProfile does, refusing own profiles of organisations outside the actor's view. */
export async function resolveVisibleProfile(ctx: Ctx, key: string, at: { day: string } | { version: number }): Promise<ResolvedProfile> {
  const own = PROFILES.some((p) => p.id === key) ? undefined : await getOwnProfile(ctx.database.pool, key);
  if (own) await assertProfileVisible(ctx, { builtIn: false, orgId: own.orgId, key });
  return resolveProfile(ctx.database.pool, key, at);
}

/** True when the actor may edit profiles of `orgId`: an administrator of that organisation or above. */
export function canEditOwnProfile(ctx: Ctx, owner: { path: string }): boolean {
  return ctx.actor.role === 'admin' && owner.path.startsWith(ctx.actor.orgPath);
}

function summary(p: Profile): ProfileSummaryDto {
  return {
    id: p.id, name: p.name, document: p.document, levels: [...p.levels],
    categories: p.categories.map((c) => ({ key: c.key, label: c.label })),
    strata: p.strata.map((s) => ({ key: s.key, label: s.label })),
  };
}

/** Built-ins first (document order), then own profiles by code with the version in effect today. */
export async function listProfiles(ctx: Ctx): Promise<ProfileSummaryDto[]> {
  assertAllowed(ctx, 'read');
  const builtIns = PROFILES.map((p): ProfileSummaryDto => ({ ...summary(p), builtIn: true, orgId: null, orgName: null, baseProfile: null, version: 0, effectiveFrom: null }));
  const own = await listOwnProfiles(ctx.database.pool, await visibleOwnerIds(ctx));
  const today = todayOf(ctx);
  const orgNames = new Map<number, string>();
  const out: ProfileSummaryDto[] = [];
  for (const row of own) {
    if (!orgNames.has(row.orgId)) orgNames.set(row.orgId, (await getOrg(ctx.database.pool, { id: row.orgId }))?.name ?? '');
    const versions = await listProfileVersions(ctx.database.pool, row.id);
    const current = inEffect(versions, today) ?? versions.at(-1);
    if (!current) continue;
    const p = (await resolveProfile(ctx.database.pool, row.code, { version: current.version })).profile;
    out.push({
      ...summary(p), id: row.code, name: row.name, builtIn: false, orgId: row.orgId, orgName: orgNames.get(row.orgId) ?? null,
      baseProfile: row.baseProfile, version: inEffect(versions, today)?.version ?? null, effectiveFrom: inEffect(versions, today)?.effectiveFrom ?? null,
    });
  }
  return [...builtIns, ...out];
}

/** The version in effect on `day`: the latest effective date on or before it, the highest number on ties. */
function inEffect(versions: ProfileVersionRow[], day: string): ProfileVersionRow | undefined {
  return versions.filter((v) => v.effectiveFrom <= day).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.version - b.version).at(-1);
}

/** Versions as shown in the editor, marking the one in effect today. */
export async function versionDtos(q: Queryable, versions: ProfileVersionRow[], today: string): Promise<ProfileVersionDto[]> {
  const names = await userNames(q, [...new Set(versions.map((v) => v.createdBy).filter((x): x is number => x !== null))]);
  const current = inEffect(versions, today)?.version;
  return versions.map((v) => ({
    version: v.version, effectiveFrom: v.effectiveFrom, hash: v.hash, note: v.note,
    createdBy: v.createdBy === null ? null : names.get(v.createdBy) ?? null, createdAt: v.createdAt.toISOString(), inEffect: v.version === current,
  }));
}

/** One profile in full: a built-in as shipped, or an own profile's given version (default: the latest). */
export async function getProfileDetail(ctx: Ctx, key: string, version?: number): Promise<ProfileDetailDto> {
  assertAllowed(ctx, 'read');
  const builtIn = PROFILES.find((p) => p.id === key);
  if (builtIn) {
    const resolved = await resolveProfile(ctx.database.pool, key, { version: version ?? 0 });
    return {
      key, builtIn: true, name: builtIn.name, orgId: null, orgName: null, baseProfile: null, version: 0, effectiveFrom: null,
      hash: resolved.hash, definition: builtIn as unknown as Record<string, unknown>, versions: [], canEdit: false,
    };
  }
  const row = await ownProfileRow(ctx, key);
  const versions = await listProfileVersions(ctx.database.pool, row.id);
  const shown = version === undefined ? versions.at(-1) : versions.find((v) => v.version === version);
  if (!shown) throw new AppError(ErrorCode.NOT_FOUND, `方案「${row.name}」没有第 ${version} 版`);
  const owner = (await getOrg(ctx.database.pool, { id: row.orgId }))!;
  return {
    key, builtIn: false, name: row.name, orgId: row.orgId, orgName: owner.name, baseProfile: row.baseProfile,
    version: shown.version, effectiveFrom: shown.effectiveFrom, hash: shown.hash, definition: shown.definition as Record<string, unknown>,
    versions: await versionDtos(ctx.database.pool, versions, todayOf(ctx)), canEdit: canEditOwnProfile(ctx, owner),
  };
}

/** The own profile row for `code`, or NOT_FOUND when it does not exist or is outside the actor's view. */
export async function ownProfileRow(ctx: Ctx, code: string): Promise<ProfileRow> {
  const row = await getOwnProfile(ctx.database.pool, code);
  if (!row) throw new AppError(ErrorCode.NOT_FOUND, `没有自定义方案「${code}」`);
  await assertProfileVisible(ctx, { builtIn: false, orgId: row.orgId, key: code });
  return row;
}

