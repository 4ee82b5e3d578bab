/**
 * Plan compliance: for an organisation, profile and year, the approved plan's lines (stratum ×
 * period) against what its draws actually drew so far and how many of those tasks have been
 * inspected, listing every shortfall. A line counts the tasks of drawn or revealed draws of that
 * period carrying the line's stratum label; a task is completed once it has left '待检查'.
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { periodRange } from '../../domain/calendar/dates.ts';
import { getApprovedPlan } from '../../storage/repos/plans.ts';
import type { ComplianceDto, ComplianceLineDto } from '../../http/contract-draw.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';

/** Drawn and completed counts per (period, stratum label) with the draw ids that contributed. */
async function drawnCounts(ctx: Ctx, orgId: number, year: number): Promise<Map<string, { count: number; completed: number; draws: Set<string> }>> {
  const rows = (await ctx.database.pool.query(
    `SELECT d.period, d.draw_no AS "drawNo", item, count(*)::int AS n, count(*) FILTER (WHERE t.status <> '待检查')::int AS done
       FROM draws d JOIN draw_tasks t ON t.draw_id = d.id CROSS JOIN LATERAL unnest(t.items) AS item
      WHERE d.org_id = $1 AND d.status IN ('drawn', 'revealed') AND d.period LIKE $2
      GROUP BY d.period, d.draw_no, item`,
    [orgId, `${year}%`],
  )).rows as { period: string; drawNo: string; item: string; n: number; done: number }[];
  const map = new Map<string, { count: number; completed: number; draws: Set<string> }>();
  for (const r of rows) {
    const key = `${r.period}\u0000${r.item}`;
    const entry = map.get(key) ?? map.set(key, { count: 0, completed: 0, draws: new Set() }).get(key)!;
    entry.count += r.n;
    entry.completed += r.done;
    entry.draws.add(r.drawNo);
  }
  return map;
}

export async function planCompliance(ctx: Ctx, opts: { orgId?: number; profileKey: string; year: number }): Promise<ComplianceDto> {
  assertAllowed(ctx, 'read');
  const org = await orgInScope(ctx, opts.orgId);
  const plan = await getApprovedPlan(ctx.database.pool, org.id, opts.profileKey, opts.year);
  const base = { org: { id: org.id, name: org.name }, profileKey: opts.profileKey, year: opts.year };
  if (!plan) return { ...base, planRevision: null, lines: [], shortfalls: [], message: `${org.name}没有已审批的 ${opts.year} 年度抽查计划（方案 ${opts.profileKey}）` };
  if (!Number.isInteger(opts.year)) throw new AppError(ErrorCode.VALIDATION, '年度无效');
  const counts = await drawnCounts(ctx, org.id, opts.year);
  const today = ctx.now().toISOString().slice(0, 10);
  const lines: ComplianceLineDto[] = plan.lines.map((l) => {
    const got = counts.get(`${l.period}\u0000${l.label}`);
    const drawn = got?.count ?? 0;
    const range = periodRange(l.period);
    const shortfall = Math.max(0, l.count - drawn);
    const state: ComplianceLineDto['state'] = shortfall === 0 ? '达标' : range.end < today ? '未达标' : range.start > today ? '未开始' : '进行中';
    return { stratum: l.stratum, label: l.label, period: l.period, required: l.count, drawn, completed: got?.completed ?? 0, shortfall, state, draws: [...(got?.draws ?? [])].sort() };
  });
  return { ...base, planRevision: plan.revision, lines, shortfalls: lines.filter((l) => l.shortfall > 0), message: null };
}
