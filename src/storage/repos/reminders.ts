/**
 * Reminders, notifications and the scheduler's runs (migration 0010). Firing is one UPDATE … WHERE
 * fired_at IS NULL … RETURNING in the caller's transaction, so a reminder fires once however many
 * ticks (or servers) race for it; a run of a daily job is claimed by inserting its (job, day) key.
 */
import type { DueDate } from '../../domain/supervision-calendar.ts';
import type { Queryable } from './directory.ts';

/** Inserts the due dates not yet known for the organisation; returns how many were new. */
export async function insertReminders(q: Queryable, orgId: number, dates: DueDate[]): Promise<number> {
  if (!dates.length) return 0;
  const res = await q.query(
    `INSERT INTO reminders (org_id, key, kind, title, detail, due, remind_on)
     SELECT $1, x.key, x.kind, x.title, x.detail, x.due::date, x."remindOn"::date
       FROM json_to_recordset($2::json) AS x(key text, kind text, title text, detail text, due text, "remindOn" text)
     ON CONFLICT (org_id, key) DO NOTHING`,
    [orgId, JSON.stringify(dates)],
  );
  return res.rowCount ?? 0;
}

export interface FiredReminder { id: number; orgId: number; kind: string; title: string; detail: string | null; due: string }

/** Marks every reminder due by `today` and not yet fired as fired, returning them (once, ever). */
export async function fireDueReminders(q: Queryable, today: string, at: Date): Promise<FiredReminder[]> {
  return (await q.query(
    `UPDATE reminders SET fired_at = $2 WHERE fired_at IS NULL AND remind_on <= $1::date
     RETURNING id, org_id AS "orgId", kind, title, detail, due::text AS due`,
    [today, at],
  )).rows;
}

export async function insertNotification(q: Queryable, n: { orgId: number; kind: 'reminder' | 'digest' | 'approval'; reminderId?: number; title: string; body: string; due?: string | null; at: Date }): Promise<number> {
  return (await q.query(
    `INSERT INTO notifications (org_id, kind, reminder_id, title, body, due, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [n.orgId, n.kind, n.reminderId ?? null, n.title, n.body, n.due ?? null, n.at],
  )).rows[0].id;
}

/** Claims the run of `job` for `day`: true the first time only. */
export async function claimRun(q: Queryable, job: string, day: string, detail: Record<string, unknown> = {}): Promise<boolean> {
  const res = await q.query(
    `INSERT INTO scheduler_runs (job, run_on, detail) VALUES ($1, $2, $3) ON CONFLICT (job, run_on) DO NOTHING`,
    [job, day, JSON.stringify(detail)],
  );
  return (res.rowCount ?? 0) > 0;
}

/** The organisations with an approved plan for `year` and that plan's profile (the newest approved revision). */
export async function orgsWithPlans(q: Queryable, year: number): Promise<{ orgId: number; profileKey: string; profileVersion: number }[]> {
  return (await q.query(
    `SELECT DISTINCT ON (org_id) org_id AS "orgId", profile_key AS "profileKey", profile_version AS "profileVersion"
       FROM annual_plans WHERE year = $1 AND status = 'approved' ORDER BY org_id, revision DESC, id DESC`,
    [year],
  )).rows;
}

/** What the daily digest of an organisation says: due dates of the coming week, overdue tasks and publications. */
export async function digestFacts(q: Queryable, orgId: number, today: string, orgIds: number[]) {
  const upcoming = (await q.query(
    `SELECT title, due::text AS due FROM reminders WHERE org_id = $1 AND due >= $2::date AND due < $2::date + 8 ORDER BY due, id`,
    [orgId, today],
  )).rows as { title: string; due: string }[];
  const overdueTasks = (await q.query(
    `SELECT count(*)::int AS n FROM draw_tasks WHERE dispatched_org_id = ANY($1::int[]) AND status = '待检查' AND deadline < $2::date`,
    [orgIds, today],
  )).rows[0].n as number;
  const publications = (await q.query(
    `SELECT count(*) FILTER (WHERE due_on < $2::date)::int AS overdue, count(*) FILTER (WHERE due_on >= $2::date AND due_on < $2::date + 4)::int AS soon
       FROM publications WHERE org_id = ANY($1::int[]) AND published_at IS NULL`,
    [orgIds, today],
  )).rows[0] as { overdue: number; soon: number };
  return { upcoming, overdueTasks, publications };
}

export interface NotificationRow { id: number; kind: string; title: string; body: string; due: string | null; createdAt: Date; read: boolean }

/** The newest notifications of the organisations (the user's own and those above it), with the user's read marks. */
export async function listNotifications(q: Queryable, orgIds: number[], userId: number, limit: number): Promise<{ rows: NotificationRow[]; unread: number }> {
  const rows = (await q.query(
    `SELECT n.id, n.kind, n.title, n.body, n.due::text AS due, n.created_at AS "createdAt", (r.user_id IS NOT NULL) AS read
       FROM notifications n LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = $2
      WHERE n.org_id = ANY($1::int[]) ORDER BY n.created_at DESC, n.id DESC LIMIT $3`,
    [orgIds, userId, limit],
  )).rows;
  const unread = (await q.query(
    `SELECT count(*)::int AS n FROM notifications n
      WHERE n.org_id = ANY($1::int[]) AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.user_id = $2)`,
    [orgIds, userId],
  )).rows[0].n;
  return { rows, unread };
}

/** Marks notifications (all of the organisations when `ids` is null) read for the user. */
export async function markNotificationsRead(q: Queryable, orgIds: number[], userId: number, ids: number[] | null, at: Date): Promise<number> {
  const res = await q.query(
    `INSERT INTO notification_reads (notification_id, user_id, read_at)
     SELECT n.id, $2, $4 FROM notifications n WHERE n.org_id = ANY($1::int[]) AND ($3::int[] IS NULL OR n.id = ANY($3::int[]))
     ON CONFLICT DO NOTHING`,
    [orgIds, userId, ids, at],
  );
  return res.rowCount ?? 0;
}

/** The organisation's materialised reminders of a year (the 提醒日历 table). */
export async function listReminders(q: Queryable, orgId: number, year: number) {
  return (await q.query(
    `SELECT id, kind, title, detail, due::text AS due, remind_on::text AS "remindOn", fired_at AS "firedAt"
       FROM reminders WHERE org_id = $1 AND due >= $2::date AND due < $3::date ORDER BY due, id`,
    [orgId, `${year}-01-01`, `${year + 1}-02-01`],
  )).rows as { id: number; kind: string; title: string; detail: string | null; due: string; remindOn: string; firedAt: Date | null }[];
}
