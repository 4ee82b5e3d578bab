/**
 * The publication queue of an organisation's subtree (what is due, overdue, published) and the
 * publication rate per organisation and period (goal 100 %). Records submitted since the last visit
 * are queued first (queue-publications.ts).
 */
import { dueState, publicationRate, REDACTABLE_FIELDS } from '../../domain/publication/publication.ts';
import { listPublications, publicationRates, type PublicationRow } from '../../storage/repos/publications.ts';
import { assertAllowed, scopeOrgIds, type Ctx } from '../context.ts';
import { queuePublications } from './queue-publications.ts';
import { chinaDay } from '../../domain/calendar/dates.ts';
import type { PublicationDto, PublicationQueueDto, PublicationRatesDto } from '../../http/contract-publications.ts';

export type { PublicationDto };


export function toPublicationDto(r: PublicationRow, today: string): PublicationDto {
  const publishedOn = r.publishedAt ? chinaDay(new Date(r.publishedAt)) : null;
  return {
    id: r.id, orgName: r.orgName, period: r.period, planNo: r.planNo, planName: r.planName, taskNo: r.taskNo, taskName: r.taskName,
    checkType: r.checkType, authority: r.authority, enterpriseName: r.enterpriseName, creditCode: r.creditCode, inspectedOn: r.inspectedOn,
    completedOn: r.completedOn, content: r.content, standardPhrase: r.standardPhrase, wording: r.wording, wordingStatus: r.wordingStatus,
    proposedWording: r.proposedWording, proposedReason: r.proposedReason, proposedBy: r.proposedByName, proposedById: r.proposedById, wordingNote: r.wordingNote,
    remark: r.remark, redactionBasis: r.redactionBasis, redactionReason: r.redactionReason, redactedFields: r.redactedFields,
    redactedLabels: r.redactedFields.map((f) => REDACTABLE_FIELDS[f as keyof typeof REDACTABLE_FIELDS] ?? f),
    dueOn: r.dueOn, dueRule: r.dueRule, state: dueState({ status: r.status, dueOn: r.dueOn, publishedOn }, today), status: r.status,
    publishedAt: r.publishedAt ? new Date(r.publishedAt).toISOString() : null, publishedBy: r.publishedByName, publicResult: r.pubResult, recordId: r.recordId,
  };
}

export interface QueueQuery { orgId?: number; status?: 'pending' | 'published'; period?: string; overdue?: boolean; page: number; pageSize: number }

export async function listPublicationQueue(ctx: Ctx, query: QueueQuery): Promise<PublicationQueueDto> {
  assertAllowed(ctx, 'read');
  const orgIds = await scopeOrgIds(ctx, query.orgId);
  await queuePublications(ctx, orgIds);
  const today = chinaDay(ctx.now());
  const { rows, total } = await listPublications(ctx.database.pool, {
    orgIds, status: query.status, period: query.period, overdueOn: query.overdue ? today : undefined,
    limit: query.pageSize, offset: (query.page - 1) * query.pageSize,
  });
  return { today, total, items: rows.map((r) => toPublicationDto(r, today)) };
}

export async function publicationRateTable(ctx: Ctx, query: { orgId?: number; period?: string }): Promise<PublicationRatesDto> {
  assertAllowed(ctx, 'read');
  const orgIds = await scopeOrgIds(ctx, query.orgId);
  await queuePublications(ctx, orgIds);
  const today = chinaDay(ctx.now());
  const rows = await publicationRates(ctx.database.pool, orgIds, today, query.period);
  const sum = rows.reduce((a, r) => ({ total: a.total + r.total, published: a.published + r.published, onTime: a.onTime + r.onTime, overdue: a.overdue + r.overdue }), { total: 0, published: 0, onTime: 0, overdue: 0 });
  return {
    today,
    rows: rows.map((r) => ({ ...r, rate: publicationRate(r.published, r.total), onTimeRate: publicationRate(r.onTime, r.total) })),
    total: { ...sum, rate: publicationRate(sum.published, sum.total), onTimeRate: publicationRate(sum.onTime, sum.total) },
  };
}
