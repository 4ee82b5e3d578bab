/**
 * Reading and maintaining the working-day calendar (日历维护): everyone may read which days are worked
 * and why; an administrator of a top-level organisation adds or withdraws overrides. The table is
 * shared by all organisations, so a county's administrator may not change it.
 */
import { AppError, ErrorCode, type FieldIssue } from '../../domain/errors.ts';
import { createCalendar, type DayInfo } from '../../domain/calendar/calendar.ts';
import { addDays, assertDate, diffDays, isValidDate, yearOf } from '../../domain/calendar/dates.ts';
import {
  getActiveOverride, insertCalendarOverride, listCalendarOverrides, revokeCalendarOverride, type CalendarOverrideRow,
} from '../../storage/repos/calendar.ts';
import { inTransaction } from '../../storage/database.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { invalidateCalendar, loadCalendar } from './load-calendar.ts';

export interface CalendarOverview {
  /** Years whose holidays are known (chinese-days plus override years). */
  knownYears: number[];
  /** Every override ever entered, withdrawn ones included (newest state first by day). */
  overrides: CalendarOverrideRow[];
  canEdit: boolean;
}

/** The known years and the override table, withdrawn rows included. */
export async function getCalendarOverview(ctx: Ctx): Promise<CalendarOverview> {
  assertAllowed(ctx, 'read');
  const calendar = await loadCalendar(ctx.database.pool);
  return {
    knownYears: calendar.knownYears(),
    overrides: await listCalendarOverrides(ctx.database.pool, { withdrawn: true }),
    canEdit: await canEditCalendar(ctx),
  };
}

/** Each day in [from, to] (at most 62 days) with whether it is worked and why; an unknown year is refused. */
export async function listCalendarDays(ctx: Ctx, from: string, to: string): Promise<DayInfo[]> {
  assertAllowed(ctx, 'read');
  assertDate(from, 'from');
  assertDate(to, 'to');
  const span = diffDays(from, to);
  if (span < 0) throw new AppError(ErrorCode.VALIDATION, `结束日期 ${to} 早于开始日期 ${from}`, [{ field: 'to', reason: '早于开始日期' }]);
  if (span > 61) throw new AppError(ErrorCode.VALIDATION, '一次最多查询 62 天', [{ field: 'to', reason: '范围过长' }]);
  const calendar = await loadCalendar(ctx.database.pool);
  const days: DayInfo[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(calendar.dayInfo(d));
  return days;
}

export interface OverrideInput { date: string; kind: 'workday' | 'holiday'; reason: string }

/** Adds an override for one day; a day that already has one in force must have it withdrawn first. */
export async function addCalendarOverride(ctx: Ctx, input: OverrideInput): Promise<CalendarOverrideRow> {
  await assertCanEdit(ctx);
  const date = assertDate(input.date, 'date');
  const year = yearOf(date);
  if (year < 2000 || year > 2100) throw new AppError(ErrorCode.VALIDATION, `日期 ${date} 超出可维护范围（2000–2100 年）`, [{ field: 'date', reason: '年份超出范围' }]);
  const reason = input.reason.trim();
  const row = await inTransaction(ctx.database.pool, async (client) => {
    const existing = await getActiveOverride(client, date);
    if (existing) {
      throw new AppError(ErrorCode.CONFLICT, `${date} 已有调整「${existing.reason}」（${kindLabel(existing.kind)}），请先撤销再录入`, [{ field: 'date', reason: '当天已有调整' }]);
    }
    // Validate the table as it will be, with the same rules the calendar applies when loading it.
    const current = await listCalendarOverrides(client);
    createCalendar([...current.map((r) => ({ date: r.day, kind: r.kind, reason: r.reason })), { date, kind: input.kind, reason }]);
    const id = await insertCalendarOverride(client, { day: date, kind: input.kind, reason, createdBy: ctx.actor.id }).catch((e: unknown) => {
      // Someone entered the same day between our check and the insert: the partial unique index refuses it.
      if ((e as { code?: string }).code === '23505') throw new AppError(ErrorCode.CONFLICT, `${date} 刚刚已被他人调整，请刷新后再试`, [{ field: 'date', reason: '当天已有调整' }]);
      throw e;
    });
    await appendAudit(client, auditEntry(ctx, 'calendar.add', { type: 'calendar_override', id },
      `添加日历调整：${date} ${kindLabel(input.kind)}（${reason}）`, { day: date, kind: input.kind, reason }));
    return (await listCalendarOverrides(client)).find((r) => r.id === id)!;
  });
  invalidateCalendar();
  return row;
}

/** At most this many days in one batch: a year's holidays and 调休 days are about 35. */
export const MAX_BATCH = 400;

/**
 * Adds many overrides at once (e.g. a year's holidays and 调休 days as the State Council publishes
 * them). All or nothing: every bad row is reported by its 1-based row number and nothing is stored.
 */
export async function addCalendarOverrides(ctx: Ctx, rows: OverrideInput[]): Promise<number> {
  await assertCanEdit(ctx);
  if (rows.length === 0) throw new AppError(ErrorCode.VALIDATION, '没有要录入的调整');
  if (rows.length > MAX_BATCH) throw new AppError(ErrorCode.VALIDATION, `一次最多录入 ${MAX_BATCH} 天，收到 ${rows.length} 天`);
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  const clean = rows.map((r, i) => {
    const row = i + 1;
    if (!isValidDate(r.date)) return void issues.push({ row, field: 'date', reason: `日期「${r.date}」无效，应为 YYYY-MM-DD` });
    const year = yearOf(r.date);
    if (year < 2000 || year > 2100) issues.push({ row, field: 'date', reason: `日期 ${r.date} 超出可维护范围（2000–2100 年）` });
    if (r.kind !== 'workday' && r.kind !== 'holiday') issues.push({ row, field: 'kind', reason: '类型应为「上班」或「休息」' });
    if (!r.reason?.trim()) issues.push({ row, field: 'reason', reason: '请填写调整原因' });
    const first = seen.get(r.date);
    if (first !== undefined) issues.push({ row, field: 'date', reason: `${r.date} 与第 ${first} 行重复` });
    else seen.set(r.date, row);
    return { date: r.date, kind: r.kind, reason: r.reason?.trim() ?? '' };
  });
  const count = await inTransaction(ctx.database.pool, async (client) => {
    const current = await listCalendarOverrides(client);
    const inForce = new Map(current.map((o) => [o.day, o]));
    clean.forEach((r, i) => {
      const existing = r && inForce.get(r.date);
      if (existing) issues.push({ row: i + 1, field: 'date', reason: `${r.date} 已有调整「${existing.reason}」（${kindLabel(existing.kind)}），请先撤销` });
    });
    if (issues.length > 0) {
      issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
      throw new AppError(ErrorCode.VALIDATION, `有 ${issues.length} 处问题，未录入任何调整：第 ${issues[0]!.row} 行：${issues[0]!.reason}`, issues);
    }
    for (const r of clean) {
      const id = await insertCalendarOverride(client, { day: r!.date, kind: r!.kind, reason: r!.reason, createdBy: ctx.actor.id });
      await appendAudit(client, auditEntry(ctx, 'calendar.add', { type: 'calendar_override', id },
        `添加日历调整：${r!.date} ${kindLabel(r!.kind)}（${r!.reason}）`, { day: r!.date, kind: r!.kind, reason: r!.reason, batch: clean.length }));
    }
    return clean.length;
  });
  invalidateCalendar();
  return count;
}

/** Withdraws an override in force with a reason (kept in the table with who withdrew it, when and why). */
export async function withdrawCalendarOverride(ctx: Ctx, id: number, input: { reason: string }): Promise<void> {
  await assertCanEdit(ctx);
  const reason = (input.reason ?? '').trim();
  if (reason.length < 2 || reason.length > 200) {
    throw new AppError(ErrorCode.VALIDATION, '请填写撤销原因（2–200 个字）', [{ field: 'reason', reason: reason ? `现为 ${reason.length} 个字` : '撤销原因不能为空' }]);
  }
  const done = await inTransaction(ctx.database.pool, async (client) => {
    const row = (await listCalendarOverrides(client)).find((r) => r.id === id);
    const ok = await revokeCalendarOverride(client, id, ctx.actor.id, ctx.now(), reason);
    if (ok) {
      await appendAudit(client, auditEntry(ctx, 'calendar.withdraw', { type: 'calendar_override', id },
        `撤回日历调整：${row ? `${row.day} ${kindLabel(row.kind)}（${row.reason}）` : `ID ${id}`}，撤销原因：${reason}`, { day: row?.day ?? null, reason }));
    }
    return ok;
  });
  if (!done) throw new AppError(ErrorCode.NOT_FOUND, `日历调整 ${id} 不存在或已撤销`);
  invalidateCalendar();
}

/** '上班' / '休息' for an override kind. */
export function kindLabel(kind: string): string {
  return kind === 'workday' ? '上班' : '休息';
}

async function canEditCalendar(ctx: Ctx): Promise<boolean> {
  if (ctx.actor.role !== 'admin') return false;
  const org = await orgInScope(ctx);
  return org.parentId === null;
}

async function assertCanEdit(ctx: Ctx): Promise<void> {
  if (!(await canEditCalendar(ctx))) {
    throw new AppError(ErrorCode.FORBIDDEN, '只有顶级机构的系统管理员可以维护工作日历（全系统共用）');
  }
}
