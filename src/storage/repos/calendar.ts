/**
 * The working-day override table: rows are added and withdrawn (revoked_at), never deleted, so the
 * history of why a day was or was not worked stays readable.
 */
import type { Queryable } from './directory.ts';

export interface CalendarOverrideRow {
  id: number;
  day: string;
  kind: 'workday' | 'holiday';
  reason: string;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

const COLS = `o.id, o.day::text AS day, o.kind, o.reason, cu.display_name AS "createdBy", o.created_at AS "createdAt",
  o.revoked_at AS "revokedAt", ru.display_name AS "revokedBy", o.revoke_reason AS "revokeReason"`;
const FROM = `calendar_overrides o LEFT JOIN users cu ON cu.id = o.created_by LEFT JOIN users ru ON ru.id = o.revoked_by`;

/** Overrides in force (not withdrawn), by day; with `withdrawn`, every row ever entered. */
export async function listCalendarOverrides(q: Queryable, opts: { withdrawn?: boolean } = {}): Promise<CalendarOverrideRow[]> {
  const where = opts.withdrawn ? '' : 'WHERE o.revoked_at IS NULL';
  return (await q.query(`SELECT ${COLS} FROM ${FROM} ${where} ORDER BY o.day, o.id`)).rows;
}

/** The override in force on `day`, if any. */
export async function getActiveOverride(q: Queryable, day: string): Promise<CalendarOverrideRow | undefined> {
  return (await q.query(`SELECT ${COLS} FROM ${FROM} WHERE o.day = $1 AND o.revoked_at IS NULL`, [day])).rows[0];
}

/** Inserts an override; the partial unique index refuses a second one in force for the same day. */
export async function insertCalendarOverride(q: Queryable, o: { day: string; kind: string; reason: string; createdBy: number | null }): Promise<number> {
  return (await q.query(
    `INSERT INTO calendar_overrides (day, kind, reason, created_by) VALUES ($1, $2, $3, $4) RETURNING id`,
    [o.day, o.kind, o.reason, o.createdBy],
  )).rows[0].id;
}

/** Withdraws an override in force with the reason; false when it does not exist or was already withdrawn. */
export async function revokeCalendarOverride(q: Queryable, id: number, by: number | null, at: Date, reason: string): Promise<boolean> {
  const r = await q.query(`UPDATE calendar_overrides SET revoked_at = $2, revoked_by = $3, revoke_reason = $4 WHERE id = $1 AND revoked_at IS NULL`, [id, at, by, reason]);
  return (r.rowCount ?? 0) > 0;
}
