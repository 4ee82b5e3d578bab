/**
 * 涉企检查预警 (#9): the enterprises an organisation (with the units below it) has inspected or
 * scheduled near, at or beyond the annual cap this year, and those visited by several organisations
 * or departments — with the suggestion to merge the visits into one joint inspection ("综合查一次").
 * A leader may approve one more inspection of an enterprise at its cap, with a reason (cap_exceptions).
 */
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { citeText } from '../../domain/policy/cite.ts';
import { warnAt } from '../../domain/policy/enterprise-checks.ts';
import { inTransaction } from '../../storage/database.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { actorInspectorId } from '../draw/access.ts';
import { rulesForOrg, VISITS_SQL, yearParams, type CheckRules } from './annual-cap.ts';

export interface WarningRow {
  targetId: number; targetName: string; identifier: string;
  /** Inspections of the year: submitted and still scheduled. */
  count: number; done: number; scheduled: number;
  orgs: string[]; departments: string[]; kinds: string[];
  level: '超出上限' | '已达上限' | '接近上限' | null;
  multi: boolean;
  suggestion: string;
  exceptions: { id: number; reason: string; approvedAt: Date; used: boolean }[];
}

export interface WarningList { org: { id: number; name: string }; year: number; cap: number; warnAt: number; rules: CheckRules; capCite: string; rows: WarningRow[] }

export async function listCapWarnings(ctx: Ctx, opts: { orgId?: number; year: number }): Promise<WarningList> {
  assertAllowed(ctx, 'read');
  const org = await orgInScope(ctx, opts.orgId);
  const q = ctx.database.pool;
  const rules = await rulesForOrg(q, org.path, opts.year);
  const cap = rules.annualCap.perBody;
  const from = warnAt(rules);
  // Counted per enterprise first; names of organisations and departments only for the enterprises listed.
  const rows = (await q.query(
    `WITH v AS (${VISITS_SQL}),
     led AS (SELECT v.target_id, v.org_id, v.kind, v.record_id, li.department_id AS dept FROM v LEFT JOIN inspectors li ON li.id = v.team[1]),
     g AS (SELECT target_id, count(*)::int AS n, count(record_id)::int AS done, count(DISTINCT org_id) AS orgs, count(DISTINCT dept) AS depts
             FROM led GROUP BY target_id),
     hit AS (SELECT * FROM g WHERE n >= $5 OR (n > 1 AND (orgs > 1 OR depts > 1)) ORDER BY n DESC, target_id LIMIT 1000)
     SELECT hit.target_id AS "targetId", tg.name AS "targetName", tg.identifier, hit.n AS count, hit.done,
            array_agg(DISTINCT o.name) AS orgs, array_remove(array_agg(DISTINCT dp.name), NULL) AS departments, array_agg(DISTINCT led.kind) AS kinds
       FROM hit JOIN led ON led.target_id = hit.target_id JOIN targets tg ON tg.id = hit.target_id
       JOIN organizations o ON o.id = led.org_id LEFT JOIN departments dp ON dp.id = led.dept
      GROUP BY hit.target_id, hit.n, hit.done, tg.name, tg.identifier
      ORDER BY hit.n DESC, tg.name`, [...yearParams(org.path, opts.year), from],
  )).rows as Omit<WarningRow, 'level' | 'multi' | 'suggestion' | 'exceptions' | 'scheduled'>[];
  const exceptions = (await q.query(
    `SELECT id, target_id AS "targetId", reason, approved_at AS "approvedAt", record_id IS NOT NULL AS used FROM cap_exceptions
      WHERE org_id = $1 AND year = $2 AND target_id = ANY($3::int[]) ORDER BY id`, [org.id, opts.year, rows.map((r) => r.targetId)],
  )).rows as ({ targetId: number } & WarningRow['exceptions'][number])[];
  return {
    org: { id: org.id, name: org.name }, year: opts.year, cap, warnAt: from, rules, capCite: citeText(rules.annualCap.cite),
    rows: rows.map((r) => {
      const level = r.count > cap ? '超出上限' : r.count === cap ? '已达上限' : r.count >= from ? '接近上限' : null;
      const multi = r.count > 1 && (r.orgs.length > 1 || r.departments.length > 1);
      const parts: string[] = [];
      if (multi) parts.push(`由${[...r.orgs, ...r.departments].join('、')}分别检查 ${r.count} 次，建议合并为一次联合检查（综合查一次）`);
      if (level === '接近上限') parts.push(`再检查 ${cap - r.count} 次即达上限，后续检查宜与其他事项合并`);
      if (level === '已达上限' || level === '超出上限') parts.push('本年度不再安排检查；确需检查的，须经局领导批准并写明理由');
      return {
        ...r, scheduled: r.count - r.done, level, multi, suggestion: parts.join('；'),
        exceptions: exceptions.filter((e) => e.targetId === r.targetId).map(({ targetId: _, ...e }) => e),
      };
    }),
  };
}

/**
 * A leader approves one more inspection of an enterprise this year beyond the cap, with the reason.
 * Not a leader whose own inspector record is on the team of a pending request for the enterprise (the
 * request would use the approval); a later request never uses an approval of one of its team members.
 */
export async function approveCapException(ctx: Ctx, input: { orgId?: number; targetId: number; year: number; reason: string }): Promise<number> {
  assertAllowed(ctx, 'write');
  if (ctx.actor.role !== 'leader' || ctx.actor.id === null) throw new AppError(ErrorCode.FORBIDDEN, '超出年度检查上限的检查须由局领导批准');
  const reason = input.reason?.trim();
  if (!reason) throw new AppError(ErrorCode.VALIDATION, '请填写批准理由（如：投诉举报线索明确、上级交办）', [{ field: 'reason', reason: '不能为空' }]);
  const org = await orgInScope(ctx, input.orgId);
  if (org.id !== ctx.actor.orgId) throw new AppError(ErrorCode.FORBIDDEN, '只能批准本单位的超频次检查');
  return inTransaction(ctx.database.pool, async (c) => {
    const t = (await c.query(`SELECT t.name FROM targets t JOIN organizations o ON o.id = t.org_id WHERE t.id = $1 AND o.path LIKE $2 || '%'`, [input.targetId, org.path])).rows[0];
    if (!t) throw new AppError(ErrorCode.NOT_FOUND, `检查对象不存在或不在您的管辖范围内（ID ${input.targetId}）`);
    const me = await actorInspectorId(c, ctx);
    const own = me === null ? undefined : (await c.query(
      `SELECT a.record_id FROM inspection_approvals a JOIN inspection_records r ON r.id = a.record_id
        WHERE a.org_id = $1 AND r.target_id = $2 AND a.status = 'pending' AND extract(year FROM a.planned_from)::int = $3 AND $4 = ANY(r.team) LIMIT 1`,
      [org.id, input.targetId, input.year, me],
    )).rows[0];
    if (own) throw new AppError(ErrorCode.FORBIDDEN, '您本人在该企业待审批检查的检查组中，超出年度上限的检查不能由本人批准，请由其他领导审批', [], { recordId: own.record_id, inspectorId: me });
    const id = (await c.query(
      `INSERT INTO cap_exceptions (org_id, target_id, year, reason, approved_by, approved_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [org.id, input.targetId, input.year, reason.slice(0, 1000), ctx.actor.id, ctx.now()],
    )).rows[0].id as number;
    await appendAudit(c, auditEntry(ctx, 'enterprise.cap-exception', { type: 'target', id: input.targetId },
      `批准对「${t.name}」${input.year} 年超出年度检查上限再检查一次：${reason}`, { exceptionId: id, year: input.year }));
    return id;
  });
}
