/**
 * The working-day calendar in force: chinese-days plus the overrides table. Deadlines, draw windows
 * and workday commands all take their calendar from here, so an override entered by an administrator
 * (e.g. the 2027 holidays once the State Council publishes them) applies everywhere at once.
 */
import { createCalendar, type Calendar } from '../../domain/calendar/calendar.ts';
import { listCalendarOverrides } from '../../storage/repos/calendar.ts';
import type { Queryable } from '../../storage/repos/directory.ts';

/** How long a loaded calendar is reused; changes made by this process invalidate it at once. */
export const CALENDAR_CACHE_MS = 30_000;

// Keyed by pool/client object so each open database (tests open several) has its own entry; another
// process's change (a CLI run against PostgreSQL) is seen after at most CALENDAR_CACHE_MS.
let cache = new WeakMap<object, { calendar: Calendar; loadedAt: number }>();

/** The calendar built from chinese-days and the overrides in force (cached briefly). */
export async function loadCalendar(q: Queryable, nowMs: number = Date.now()): Promise<Calendar> {
  const hit = cache.get(q);
  if (hit && nowMs - hit.loadedAt < CALENDAR_CACHE_MS && nowMs >= hit.loadedAt) return hit.calendar;
  const rows = await listCalendarOverrides(q);
  const calendar = createCalendar(rows.map((r) => ({ date: r.day, kind: r.kind, reason: r.reason })));
  cache.set(q, { calendar, loadedAt: nowMs });
  return calendar;
}

/** Forgets every cached calendar (called after an override is added or withdrawn). */
export function invalidateCalendar(): void {
  cache = new WeakMap();
}
