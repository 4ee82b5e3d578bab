/**
 * Staff counts a plan's quotas depend on (1:5 inspectors, 10 × squads …).
 */
import type { Queryable } from './directory.ts';

/** 执法人员 on duty whose certificate is valid on `day`, in the given organisations. */
export async function countActiveInspectors(q: Queryable, orgIds: number[], day: string): Promise<number> {
  return (await q.query(
    `SELECT count(*)::int AS n FROM inspectors WHERE org_id = ANY($1::int[]) AND kind = '执法人员' AND on_duty
       AND (cert_valid_from IS NULL OR cert_valid_from <= $2) AND cert_valid_to >= $2`,
    [orgIds, day],
  )).rows[0].n;
}

/** Active squads (执法分队) in the given organisations. */
export async function countActiveSquads(q: Queryable, orgIds: number[]): Promise<number> {
  return (await q.query(`SELECT count(*)::int AS n FROM squads WHERE org_id = ANY($1::int[]) AND active`, [orgIds])).rows[0].n;
}
