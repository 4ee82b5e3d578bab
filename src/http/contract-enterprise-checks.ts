/**
 * Request schemas of the 涉企行政检查 routes (#9): inspection codes, the public code page, recusal
 * requests, the cap warning list and approvals, the figures.
 */
import { z } from 'zod';

const id = z.coerce.number().int().positive();
const year = z.coerce.number().int().min(2000).max(2100);

export const taskIdParam = z.object({ id });
/** A code as printed: `<taskId>.<YYYYMMDD>.<mac>`; anything else is answered by the service as forged. */
export const codeParam = z.object({ code: z.string().max(500) });
export const recusalBody = z.object({
  inspectorId: z.number().int().positive(),
  reason: z.string().max(1000),
  applicant: z.string().max(100),
  contact: z.string().max(100).nullish(),
});
export const recusalListQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() });
export const recusalDecisionBody = z.object({ approve: z.boolean(), note: z.string().max(1000) });
export const orgYearQuery = z.object({ year, orgId: id.optional() });
export const capExceptionBody = z.object({ targetId: z.number().int().positive(), year: z.number().int().min(2000).max(2100), reason: z.string().max(1000), orgId: z.number().int().positive().optional() });
