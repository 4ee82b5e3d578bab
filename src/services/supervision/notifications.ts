/**
 * The bell: a user's notifications (fired reminders and daily digests of the user's organisation),
 * newest first with the unread count, and marking them read (per user; the notifications themselves
 * never change).
 */
import { listNotifications, listReminders, markNotificationsRead, type NotificationRow } from '../../storage/repos/reminders.ts';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';

function userId(ctx: Ctx): number {
  if (ctx.actor.id === null) throw new AppError(ErrorCode.FORBIDDEN, '系统账号没有提醒');
  return ctx.actor.id;
}

/** The newest notifications of the user's organisation. */
export async function myNotifications(ctx: Ctx, limit = 30): Promise<{ rows: NotificationRow[]; unread: number }> {
  return listNotifications(ctx.database.pool, [ctx.actor.orgId], userId(ctx), limit);
}

/** Marks the given notifications (or all of the user's organisation) read; returns how many were newly marked. */
export async function markRead(ctx: Ctx, ids: number[] | null): Promise<number> {
  return markNotificationsRead(ctx.database.pool, [ctx.actor.orgId], userId(ctx), ids, ctx.now());
}

/** The organisation's reminder calendar of a year (materialised by the scheduler), with what has fired. */
export async function reminderCalendar(ctx: Ctx, opts: { orgId?: number; year: number }) {
  assertAllowed(ctx, 'read');
  const org = await orgInScope(ctx, opts.orgId);
  return listReminders(ctx.database.pool, org.id, opts.year);
}
