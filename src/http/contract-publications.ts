/** Request schemas of the publication (一公开) API. */
import { z } from 'zod';

export const publicationIdParam = z.object({ id: z.coerce.number().int().positive() });
const periodId = z.string().regex(/^\d{4}(-(Q[1-4]|H[12]|\d{2}))?$/, '期间格式应为 2025、2025-Q1、2025-H1 或 2025-03');

export const publicationQueueQuery = z.object({
  orgId: z.coerce.number().int().positive().optional(),
  status: z.enum(['pending', 'published']).optional(),
  period: periodId.optional(),
  overdue: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const publicationRateQuery = z.object({ orgId: z.coerce.number().int().positive().optional(), period: periodId.optional() });
export const wordingBody = z.object({ wording: z.string().max(500), reason: z.string().max(500) });
export const wordingDecisionBody = z.object({ approve: z.boolean(), note: z.string().max(500).optional() });
export const redactionBody = z.object({ basis: z.string().max(20), reason: z.string().max(500), fields: z.array(z.string().max(30)).max(10) });
export const publishBody = z.object({ remark: z.string().max(500).optional() });

/** One publication as the 一公开 page shows it (state: published | publishedLate | overdue | due | open). */
export interface PublicationDto {
  id: number; orgName: string; period: string; planNo: string | null; planName: string | null; taskNo: string; taskName: string;
  checkType: string; authority: string; enterpriseName: string; creditCode: string; inspectedOn: string; completedOn: string;
  content: string; standardPhrase: string; wording: string | null; wordingStatus: string; proposedWording: string | null;
  proposedReason: string | null; proposedBy: string | null; proposedById: number | null; wordingNote: string | null; remark: string | null;
  redactionBasis: string | null; redactionReason: string | null; redactedFields: string[]; redactedLabels: string[];
  dueOn: string | null; dueRule: string | null; state: string; status: string; publishedAt: string | null; publishedBy: string | null;
  publicResult: string | null; recordId: number;
}

export interface PublicationQueueDto { today: string; total: number; items: PublicationDto[] }
export interface PublicationRateRowDto { orgId: number; orgName: string; period: string; total: number; published: number; onTime: number; overdue: number; rate: number; onTimeRate: number }
export interface PublicationRatesDto { today: string; rows: PublicationRateRowDto[]; total: Omit<PublicationRateRowDto, 'orgId' | 'orgName' | 'period'> }
