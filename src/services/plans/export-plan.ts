/**
 * Downloads of a 年度抽查计划 revision: .xlsx in the columns of the item list, or PDF.
 */
import type { PlanDto } from '../../http/contract.ts';
import type { Ctx } from '../context.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';
import { getPlanRevision } from './list-plans.ts';
import { planPdf, planXlsx } from './plan-sheet.ts';

export interface PlanFile { fileName: string; contentType: string; body: Buffer }

const TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' };

/** The file name: 年度抽查计划-武隆-2025-第2版.xlsx. */
function fileNameOf(plan: PlanDto, format: 'xlsx' | 'pdf'): string {
  return `年度抽查计划-${plan.orgName}-${plan.year}-第${plan.revision}版.${format}`;
}

/** Renders the revision in the format asked for. */
export async function exportPlan(ctx: Ctx, planId: number, format: 'xlsx' | 'pdf'): Promise<PlanFile> {
  const plan = await getPlanRevision(ctx, planId);
  const { profile } = await resolveProfile(ctx.database.pool, plan.profileKey, { version: plan.profileVersion });
  const body = format === 'xlsx' ? await planXlsx(plan, profile) : await planPdf(plan, profile);
  return { fileName: fileNameOf(plan, format), contentType: TYPES[format], body };
}
