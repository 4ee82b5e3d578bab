/**
 * The reminder scheduler, started with the server (`serve` / `start`). Its state lives in the
 * database, not in timers: each tick (at start and every minute)
 *   1. once an hour, materialises every organisation's due dates of this year and next (the profile of
 *      its approved plan) into `reminders` — only dates not yet past, so a new installation does not
 *      announce last year;
 *   2. fires every reminder whose day has come and that has not fired, with its notification, in one
 *      transaction (a reminder due while the server was stopped fires exactly once after restart);
 *   3. once a day, writes each organisation's digest (the coming week's due dates, overdue tasks and
 *      publications).
 * Ticks never overlap; a failed tick is logged and retried at the next one.
 */
import { dueDates } from '../../domain/supervision-calendar.ts';
import { chinaDay } from '../../domain/calendar/dates.ts';
import { inTransaction, type Database } from '../../storage/database.ts';
import { claimRun, digestFacts, fireDueReminders, insertNotification, insertReminders, orgsWithPlans } from '../../storage/repos/reminders.ts';
import { listOrgs, getOrg } from '../../storage/repos/orgs.ts';
import { loadCalendar } from '../calendar/load-calendar.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';
import { appendAudit } from '../audit/append-audit.ts';


const SYSTEM = { id: null, orgId: null, displayName: '系统（提醒）' };

export interface TickResult { materialised: number; fired: number; digests: number }

/** Materialises the due dates of `year` for every organisation with an approved plan that year; returns new reminders. */
export async function materialiseReminders(database: Database, today: string): Promise<number> {
  const q = database.pool;
  const cal = await loadCalendar(q);
  let added = 0;
  const year = Number(today.slice(0, 4));
  for (const y of [year, year + 1]) {
    for (const p of await orgsWithPlans(q, y)) {
      let profile;
      try {
        profile = (await resolveProfile(q, p.profileKey, { version: p.profileVersion })).profile;
      } catch {
        continue; // a plan whose profile no longer resolves has no calendar to remind of
      }
      let dates;
      try {
        dates = dueDates(profile, String(y), cal).filter((d) => d.due >= today);
      } catch {
        continue; // a year the working-day calendar does not describe yet
      }
      added += await insertReminders(q, p.orgId, dates);
    }
  }
  return added;
}

/** Fires what is due by `now` (each reminder once, ever) with its notification, in one transaction. */
export async function fireReminders(database: Database, now: Date): Promise<number> {
  return inTransaction(database.pool, async (client) => {
    const fired = await fireDueReminders(client, chinaDay(now), now);
    for (const r of fired) {
      await insertNotification(client, { orgId: r.orgId, kind: 'reminder', reminderId: r.id, title: r.title, body: `截止日期 ${r.due}${r.detail ? `。依据：${r.detail}` : ''}`, due: r.due, at: now });
    }
    if (fired.length) {
      await appendAudit(client, {
        actor: SYSTEM, at: now, action: 'reminder.fire', object: { type: 'reminders' },
        summary: `发出 ${fired.length} 条到期提醒`, detail: { reminderIds: fired.map((r) => r.id) },
      });
    }
    return fired.length;
  });
}

/** Writes today's digest for each organisation with a plan, once per day. */
export async function writeDigests(database: Database, now: Date): Promise<number> {
  const today = chinaDay(now);
  return inTransaction(database.pool, async (client) => {
    if (!(await claimRun(client, 'digest', today))) return 0;
    let n = 0;
    for (const p of await orgsWithPlans(client, Number(today.slice(0, 4)))) {
      const org = await getOrg(client, { id: p.orgId });
      if (!org) continue;
      const ids = (await listOrgs(client, org.path)).map((o) => o.id);
      const facts = await digestFacts(client, p.orgId, today, ids);
      const lines = [
        ...facts.upcoming.map((u) => `· ${u.due} ${u.title}`),
        ...(facts.overdueTasks ? [`· 超过检查期限未完成的任务 ${facts.overdueTasks} 项`] : []),
        ...(facts.publications.overdue ? [`· 超过公开期限未公开的检查结果 ${facts.publications.overdue} 条`] : []),
        ...(facts.publications.soon ? [`· 3 日内到期待公开的检查结果 ${facts.publications.soon} 条`] : []),
      ];
      if (!lines.length) continue;
      await insertNotification(client, { orgId: p.orgId, kind: 'digest', title: `每日提醒 ${today}（${org.name}）`, body: lines.join('\n'), at: now });
      n++;
    }
    if (n) await appendAudit(client, { actor: SYSTEM, at: now, action: 'reminder.digest', object: { type: 'notifications' }, summary: `生成 ${today} 每日提醒 ${n} 份` });
    return n;
  });
}

async function hasRun(database: Database, job: string, day: string): Promise<boolean> {
  return (await database.pool.query(`SELECT 1 FROM scheduler_runs WHERE job = $1 AND run_on = $2`, [job, day])).rowCount! > 0;
}

/** One pass of the scheduler. */
export async function schedulerTick(database: Database, now: Date): Promise<TickResult> {
  const today = chinaDay(now);
  // Hourly (a plan approved this morning gets its reminders within the hour); idempotent, so the run
  // is recorded only after it succeeded.
  const job = `materialise-${String(new Date(now.getTime() + 8 * 3_600_000).getUTCHours()).padStart(2, '0')}`;
  let materialised = 0;
  if (!(await hasRun(database, job, today))) {
    materialised = await materialiseReminders(database, today);
    await claimRun(database.pool, job, today, { materialised });
  }
  const fired = await fireReminders(database, now);
  const digests = await writeDigests(database, now);
  return { materialised, fired, digests };
}

export interface Scheduler {
  /** Resolves once the tick in progress (if any) has finished; no tick starts afterwards. */
  stop(): Promise<void>;
  /** Runs a tick now (after the one in progress). */
  tick(): Promise<TickResult>;
}

/** Starts ticking at once and every `intervalMs` (default one minute). */
export function startScheduler(database: Database, opts: { now?: () => Date; intervalMs?: number; onError?: (e: unknown) => void } = {}): Scheduler {
  const now = opts.now ?? (() => new Date());
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const run = (): Promise<TickResult> => {
    const p = chain.then(() => (stopped ? { materialised: 0, fired: 0, digests: 0 } : schedulerTick(database, now())));
    chain = p.catch((e) => (opts.onError ?? ((err) => process.stderr.write(`提醒任务失败：${err instanceof Error ? err.message : String(err)}\n`)))(e));
    return p;
  };
  void run().catch(() => {});
  const timer = setInterval(() => { void run().catch(() => {}); }, opts.intervalMs ?? 60_000);
  timer.unref();
  return {
    tick: run,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}
