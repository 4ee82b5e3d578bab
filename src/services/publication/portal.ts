/**
 * What the public portal and the open data read (no login, no Ctx): published results only (through
 * the pub_* columns of storage/repos/publications.ts), plans marked published, and draws — the
 * commitment from freeze time, the bundle only after the reveal (services/draw/read-draw.ts).
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { periodRange } from '../../domain/calendar/dates.ts';
import { listOrgs } from '../../storage/repos/orgs.ts';
import { searchPublished, type PortalSearch, type PublicResult } from '../../storage/repos/publications.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import type { PlanLine } from '../../storage/schema.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';

export interface PortalOrg { id: number; code: string; name: string; path: string }

const orgCache = new WeakMap<object, { at: number; orgs: PortalOrg[] }>();

/** Every organisation (names and codes are public); cached for 60 s. */
export async function portalOrgs(q: Queryable, nowMs = Date.now()): Promise<PortalOrg[]> {
  const hit = orgCache.get(q);
  if (hit && nowMs - hit.at < 60_000 && nowMs >= hit.at) return hit.orgs;
  const orgs = (await listOrgs(q, '')).map((o) => ({ id: o.id, code: o.code, name: o.name, path: o.path }));
  orgCache.set(q, { at: nowMs, orgs });
  return orgs;
}

export interface PortalQuery { q?: string; code?: string; org?: string; period?: string; result?: string; after?: string }

/** Search published results; the period is '2025', '2025-Q1', '2025-H1' or '2025-M03'. Throws VALIDATION in Chinese. */
export async function portalSearch(q: Queryable, query: PortalQuery, limit = 20): Promise<{ rows: PublicResult[]; next: string | null }> {
  const s: PortalSearch = { limit: limit + 1 };
  const text = query.q?.trim();
  if (text) {
    if (text.length > 50) throw new AppError(ErrorCode.VALIDATION, '企业名称关键词不能超过 50 个字');
    // A credit code typed into the name box is searched as a code.
    if (/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(text.toUpperCase())) s.creditCode = text.toUpperCase(); else s.q = text;
  }
  if (query.code?.trim()) s.creditCode = query.code.trim().toUpperCase();
  if (query.org) {
    const orgs = await portalOrgs(q);
    const org = orgs.find((o) => o.code === query.org);
    if (!org) throw new AppError(ErrorCode.VALIDATION, `没有代码为「${query.org}」的检查机关`);
    s.orgIds = orgs.filter((o) => o.path.startsWith(org.path)).map((o) => o.id);
  }
  if (query.period?.trim()) {
    try { const r = periodRange(query.period.trim()); s.from = r.start; s.to = r.end; } catch {
      throw new AppError(ErrorCode.VALIDATION, `期间「${query.period}」格式不对：应为 2025、2025-Q1、2025-H1 或 2025-M03`);
    }
  }
  if (query.result) s.result = query.result;
  if (query.after) {
    const m = /^(\d{4}-\d{2}-\d{2})_(\d+)$/.exec(query.after);
    if (!m) throw new AppError(ErrorCode.VALIDATION, '翻页参数无效');
    s.after = { completedOn: m[1]!, id: Number(m[2]) };
  }
  const rows = await searchPublished(q, s);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: more && last ? `${last.completedOn}_${last.id}` : null };
}

export interface PublicPlan { id: number; orgName: string; orgCode: string; year: number; revision: number; profileKey: string; profileVersion: number; publishedAt: Date; lines: PlanLine[] }

/** Plans marked for publication (保定, 武隆), newest first. */
export async function publishedPlans(q: Queryable): Promise<PublicPlan[]> {
  const res = await q.query(`SELECT p.id, o.name AS "orgName", o.code AS "orgCode", p.year, p.revision, p.profile_key AS "profileKey",
      p.profile_version AS "profileVersion", p.published_at AS "publishedAt", p.lines
    FROM annual_plans p JOIN organizations o ON o.id = p.org_id WHERE p.published_at IS NOT NULL ORDER BY p.year DESC, o.path, p.revision DESC`);
  return res.rows as PublicPlan[];
}

export async function publishedPlan(q: Queryable, id: number) {
  const plan = (await publishedPlans(q)).find((p) => p.id === id);
  if (!plan) throw new AppError(ErrorCode.NOT_FOUND, '该抽查计划不存在或尚未公开');
  const { profile } = await resolveProfile(q, plan.profileKey, { version: plan.profileVersion });
  return { plan, profile };
}

/**
 * The year's list of sources under random supervision (保定: 每年年初公开本年度列入随机抽查日常监管污染源名单):
 * the targets of the plan's organisation classified into a category (not excluded) by the latest finished
 * classification run of the plan's profile and year. Only for a published plan. Keyset-paged by name.
 */
export async function sourcesOfPlan(q: Queryable, planId: number, page: number, pageSize = 100) {
  const res = await q.query(`SELECT r.id, r.period, r.as_of::text AS "asOf" FROM annual_plans p
      JOIN classification_runs r ON r.org_id = p.org_id AND r.profile_key = p.profile_key AND r.period LIKE p.year::text || '%' AND r.status = 'done'
     WHERE p.id = $1 AND p.published_at IS NOT NULL ORDER BY r.period, r.id DESC LIMIT 1`, [planId]);
  const run = res.rows[0] as { id: number; period: string; asOf: string } | undefined;
  if (!run) return { run: null, total: 0, rows: [] as { name: string; identifier: string; category: string; region: string | null }[] };
  const total = (await q.query(`SELECT count(*)::int AS n FROM target_classifications c WHERE c.run_id = $1 AND c.category IS NOT NULL AND c.excluded IS NULL`, [run.id])).rows[0].n as number;
  const rows = (await q.query(`SELECT t.name, t.identifier, c.category, t.region FROM target_classifications c JOIN targets t ON t.id = c.target_id
     WHERE c.run_id = $1 AND c.category IS NOT NULL AND c.excluded IS NULL ORDER BY c.category, t.name_key, t.id LIMIT $2 OFFSET $3`, [run.id, pageSize, (page - 1) * pageSize])).rows;
  return { run, total, rows };
}
