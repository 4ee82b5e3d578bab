/**
 * Own policy profiles and their append-only versions.
 */
import type { Queryable } from './directory.ts';

export interface ProfileRow { id: number; orgId: number; code: string; name: string; baseProfile: string; active: boolean; createdAt: Date }
export interface ProfileVersionRow { id: number; profileId: number; version: number; effectiveFrom: string; definition: unknown; hash: string; note: string | null; createdBy: number | null; createdAt: Date }

const PROFILE_COLS = `id, org_id AS "orgId", code, name, base_profile AS "baseProfile", active, created_at AS "createdAt"`;
const VERSION_COLS = `id, profile_id AS "profileId", version, effective_from::text AS "effectiveFrom", definition, hash, note, created_by AS "createdBy", created_at AS "createdAt"`;

/** The own profile with this code, or undefined. */
export async function getOwnProfile(q: Queryable, code: string): Promise<ProfileRow | undefined> {
  return (await q.query(`SELECT ${PROFILE_COLS} FROM policy_profiles WHERE code = $1`, [code])).rows[0];
}

/** Own profiles of the given organisations, by code. */
export async function listOwnProfiles(q: Queryable, orgIds: number[]): Promise<ProfileRow[]> {
  return (await q.query(`SELECT ${PROFILE_COLS} FROM policy_profiles WHERE org_id = ANY($1::int[]) ORDER BY code`, [orgIds])).rows;
}

export async function insertOwnProfile(q: Queryable, p: { orgId: number; code: string; name: string; baseProfile: string; createdBy: number | null }): Promise<ProfileRow> {
  return (await q.query(
    `INSERT INTO policy_profiles (org_id, code, name, base_profile, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${PROFILE_COLS}`,
    [p.orgId, p.code, p.name, p.baseProfile, p.createdBy],
  )).rows[0];
}

/** All versions of a profile, oldest first. */
export async function listProfileVersions(q: Queryable, profileId: number): Promise<ProfileVersionRow[]> {
  return (await q.query(`SELECT ${VERSION_COLS} FROM policy_profile_versions WHERE profile_id = $1 ORDER BY version`, [profileId])).rows;
}

/**
 * The version in effect on `day`: the latest effective date on or before it (the highest version
 * number when several take effect the same day); with `version`, exactly that version.
 */
export async function findProfileVersion(q: Queryable, profileId: number, by: { day: string } | { version: number }): Promise<ProfileVersionRow | undefined> {
  if ('version' in by) {
    return (await q.query(`SELECT ${VERSION_COLS} FROM policy_profile_versions WHERE profile_id = $1 AND version = $2`, [profileId, by.version])).rows[0];
  }
  return (await q.query(
    `SELECT ${VERSION_COLS} FROM policy_profile_versions WHERE profile_id = $1 AND effective_from <= $2
      ORDER BY effective_from DESC, version DESC LIMIT 1`,
    [profileId, by.day],
  )).rows[0];
}

/** Appends the next version (number = last + 1). */
export async function appendProfileVersion(q: Queryable, v: { profileId: number; effectiveFrom: string; definition: unknown; hash: string; note: string | null; createdBy: number | null }): Promise<ProfileVersionRow> {
  return (await q.query(
    `INSERT INTO policy_profile_versions (profile_id, version, effective_from, definition, hash, note, created_by)
     SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6 FROM policy_profile_versions WHERE profile_id = $1
     RETURNING ${VERSION_COLS}`,
    [v.profileId, v.effectiveFrom, JSON.stringify(v.definition), v.hash, v.note, v.createdBy],
  )).rows[0];
}

/** Renames an own profile (its name follows the latest saved version's). */
export async function renameOwnProfile(q: Queryable, id: number, name: string): Promise<void> {
  await q.query(`UPDATE policy_profiles SET name = $2 WHERE id = $1`, [id, name]);
}

/** Display names of users by id (authors of versions). */
export async function userNames(q: Queryable, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await q.query(`SELECT id, display_name AS name FROM users WHERE id = ANY($1::int[])`, [ids])).rows as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Locks an own profile's row until the transaction ends (serialises saving versions of one profile). */
export async function lockOwnProfile(q: Queryable, id: number): Promise<void> {
  await q.query('SELECT id FROM policy_profiles WHERE id = $1 FOR UPDATE', [id]);
}
