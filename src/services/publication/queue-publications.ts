/**
 * Puts every submitted inspection record of the given organisations into the publication queue (one
 * publication per record: a drawn task's record or a targeted check), copying the national 公示 fields
 * and dating it with the profile's disclosure rules on the working-day calendar. Idempotent: a record
 * that already has its publication is skipped. Called before the queue is read, so a record submitted
 * in the field appears in the queue on the next visit without a second write path in inspections.
 */
import { periodOf } from '../../domain/calendar/dates.ts';
import type { DisclosureRule } from '../../domain/policy/schedule-schema.ts';
import { publicationDue, standardPhrase } from '../../domain/publication/publication.ts';
import { chinaDay } from '../../domain/calendar/dates.ts';
import { jointInspectionWording } from '../../domain/joint-partners.ts';
import { inTransaction } from '../../storage/database.ts';
import { drawsDoneOn, insertPublications, unqueuedRecords, type NewPublication, type UnqueuedRecord } from '../../storage/repos/publications.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { loadCalendar } from '../calendar/load-calendar.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';
import type { Ctx } from '../context.ts';


/** Task number of a drawn task: the draw id and the task's 1-based position, e.g. 'city-0007-012'. */
export function taskNo(drawNo: string, position: number): string {
  return `${drawNo}-${String(position + 1).padStart(3, '0')}`;
}

async function rulesOf(q: Queryable, cache: Map<string, DisclosureRule[]>, key: string | null, day: string): Promise<DisclosureRule[]> {
  if (!key) return [];
  const k = `${key}@${day.slice(0, 4)}`;
  if (!cache.has(k)) {
    try { cache.set(k, (await resolveProfile(q, key, { day })).profile.disclosures); } catch { cache.set(k, []); }
  }
  return cache.get(k)!;
}

/**
 * 任务名称 with, for a joint inspection, 「，联合检查（与市场监管局…）」: the task name is one of the fields that are
 * always public (copied at queueing, never redacted), so the partners reach the portal and the open data only
 * through a published row, and no schema change is needed.
 */
function describe(r: UnqueuedRecord): Pick<NewPublication, 'planNo' | 'planName' | 'taskNo' | 'taskName' | 'checkType' | 'period'> {
  const d = describeTask(r);
  const joint = jointInspectionWording(r.jointPartners ?? []);
  return joint ? { ...d, taskName: `${d.taskName}，${joint}` } : d;
}

function describeTask(r: UnqueuedRecord): Pick<NewPublication, 'planNo' | 'planName' | 'taskNo' | 'taskName' | 'checkType' | 'period'> {
  if (r.drawNo !== null && r.position !== null) {
    return {
      planNo: r.planId !== null ? `${r.planYear}-P${String(r.planId).padStart(4, '0')}-R${r.planRevision}` : null,
      planName: r.planId !== null ? `${r.planOrgName}${r.planYear}年度“双随机、一公开”抽查计划` : null,
      taskNo: taskNo(r.drawNo, r.position),
      taskName: `${r.drawPeriod} 双随机抽查（第 ${r.drawNo} 次抽取）`,
      checkType: r.drawKind === '定向' ? '定向' : '不定向',
      period: r.drawPeriod!,
    };
  }
  return {
    planNo: null, planName: null,
    taskNo: `JC-${String(r.recordId).padStart(7, '0')}`,
    taskName: `${r.recordKind}检查`,
    checkType: '定向',
    period: periodOf(r.inspectedOn, 'quarter'),
  };
}

/** Queues the submitted records of `orgIds` that have no publication yet; returns how many were added. */
export async function queuePublications(ctx: Ctx, orgIds: number[]): Promise<number> {
  const q = ctx.database.pool;
  const cal = await loadCalendar(q, ctx.now().getTime());
  const rules = new Map<string, DisclosureRule[]>();
  let added = 0;
  for (;;) {
    const records = await unqueuedRecords(q, orgIds);
    if (!records.length) return added;
    const done = await drawsDoneOn(q, [...new Set(records.map((r) => r.drawId).filter((d): d is number => d !== null))]);
    const rows: NewPublication[] = [];
    for (const r of records) {
      const completedOn = chinaDay(new Date(r.submittedAt));
      const profileKey = r.profileKey ?? r.orgProfileKey;
      const doneOn = r.drawId !== null ? done.get(r.drawId) ?? null : null;
      const due = publicationDue(await rulesOf(q, rules, profileKey, completedOn), { completedOn, periodTasksDoneOn: doneOn ? chinaDay(new Date(doneOn)) : null }, cal);
      let phrase: string;
      try { phrase = standardPhrase(r.amendedCategory ?? r.resultCategory, r.followupKinds); } catch { phrase = '检查结果待确认'; }
      rows.push({
        orgId: r.orgId, recordId: r.recordId, taskId: r.taskId, drawId: r.drawId, targetId: r.targetId, profileKey,
        ...describe(r), authority: r.orgName, enterpriseName: r.targetName, creditCode: r.identifier,
        inspectedOn: r.inspectedOn, completedOn, content: r.items.length ? r.items.join('；') : '污染源日常监管检查',
        standardPhrase: phrase, dueOn: due?.due ?? null, dueRule: due?.rule ?? null,
      });
    }
    // Appending to the queue is not a decision of anyone: no audit row (the record's submission has one).
    added += await inTransaction(q, (client) => insertPublications(client, rows));
    if (records.length < 2000) return added;
  }
}
