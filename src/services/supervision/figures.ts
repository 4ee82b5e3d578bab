/**
 * The one place supervision figures come from (dashboards, the 统计表, the annual report): the
 * database aggregates per organisation (storage/repos/supervision.ts), this file sums them over a
 * subtree and over each child (a city drills down into its counties), and domain/supervision.ts
 * turns counts into rates, milestone progress, joint shares and 无事不扰 flags.
 */
import { periodRange } from '../../domain/calendar/dates.ts';
import { computeJointQuotas } from '../../domain/policy/joint.ts';
import type { Profile } from '../../domain/policy/schema.ts';
import {
  flagOverInspected, milestoneProgress, rate, type JointShare, type MonthProgress, type Rate, type TargetCountVerdict,
} from '../../domain/supervision.ts';
import { listOrgs } from '../../storage/repos/orgs.ts';
import {
  approvedPlansOf, drawFigures, inspectorCounts, publicationCounts, targetFigures, type PublicationRow, type ResultRow, type TaskCountRow,
} from '../../storage/repos/supervision.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { AppError, ErrorCode } from '../../domain/errors.ts';

/** The figures of one organisation's subtree (or one child's) for a year. */
export interface OrgFigures {
  org: { id: number; name: string };
  planned: number;
  drawn: number;
  completed: number;
  completion: Rate;
  records: number;
  problemRate: Rate;
  caseRate: Rate;
  rectification: Rate;
  transfers: number;
  published: number;
  timeliness: Rate;
  overdue: number;
}

export interface PeriodFigures { period: string; planned: number; drawn: number; completed: number; published: number }

export interface SupervisionFigures extends OrgFigures {
  year: number;
  /** The period the task figures cover: the year, or one period of it ('2026-Q1'). */
  period: string;
  /** The organisation's own draws (without its children's). */
  own: OrgFigures;
  profile: { key: string; name: string } | null;
  byPeriod: PeriodFigures[];
  progress: MonthProgress[];
  joint: JointShare[];
  publicationsLate: number;
  targets: { inspected: number; records: number; randomRecords: number; flagged: TargetCountVerdict[]; frequent: TargetCountVerdict[] };
  inspectors: { inspectorId: number; name: string; orgName: string; inspections: number; random: number; problems: number }[];
  children: OrgFigures[];
}

const zeroResult = (): Omit<ResultRow, 'orgId'> => ({ records: 0, problems: 0, cases: 0, transfers: 0, rectifications: 0, rectified: 0, caseFollowups: 0 });

function sumBy<T extends { orgId: number }>(rows: T[], ids: Set<number>, key: keyof T): number {
  let n = 0;
  for (const r of rows) if (ids.has(r.orgId)) n += r[key] as unknown as number;
  return n;
}

/** Figures of a year for the organisation `orgId` (default the actor's) and each of its children. */
export async function supervisionFigures(ctx: Ctx, opts: { orgId?: number; year: number; period?: string }): Promise<SupervisionFigures> {
  assertAllowed(ctx, 'read');
  if (!Number.isInteger(opts.year) || opts.year < 2000 || opts.year > 2100) throw new AppError(ErrorCode.VALIDATION, `年度「${opts.year}」无效`);
  const scope = opts.period ?? String(opts.year);
  if (!/^\d{4}(-(Q[1-4]|H[12]|(0[1-9]|1[0-2])))?$/.test(scope) || !scope.startsWith(String(opts.year))) {
    throw new AppError(ErrorCode.VALIDATION, `期间「${scope}」无效，应为 ${opts.year}、${opts.year}-Q1、${opts.year}-H1 或 ${opts.year}-01 这样的格式`);
  }
  const q = ctx.database.pool;
  const org = await orgInScope(ctx, opts.orgId);
  const orgs = await listOrgs(q, org.path);
  const ids = orgs.map((o) => o.id);
  const year = opts.year;
  const today = ctx.now().toISOString().slice(0, 10);
  // Independent queries: on PostgreSQL they run side by side on the pool (the embedded pool queues them).
  const [plans, { tasks, completions, results }, pubs, { totals, frequent }, inspectors] = await Promise.all([
    approvedPlansOf(q, ids, year), drawFigures(q, ids, scope), publicationCounts(q, ids, scope, today),
    targetFigures(q, org.id, ids, year, 2, 200), inspectorCounts(q, org.id, year),
  ]);
  // The profile of the organisation's own plan, else of the first plan below it.
  const main = plans.find((p) => p.orgId === org.id) ?? plans[0];
  const resolved = main ? await resolveProfile(q, main.profileKey, { version: main.profileVersion }) : null;
  const profile = resolved?.profile ?? null;

  const inScope = (period: string) => period === scope || period.startsWith(`${scope}-`);
  const figuresOf = (id: number, name: string, subtree: Set<number>): OrgFigures => {
    const planned = plans.filter((p) => subtree.has(p.orgId)).reduce((n, p) => n + p.lines.filter((l) => inScope(l.period)).reduce((m, l) => m + l.count, 0), 0);
    const r = { ...zeroResult() };
    for (const k of Object.keys(r) as (keyof typeof r)[]) r[k] = sumBy(results, subtree, k);
    const drawn = sumBy(tasks, subtree, 'tasks');
    const completed = sumBy(tasks, subtree, 'completed');
    const pub = (k: keyof PublicationRow) => sumBy(pubs, subtree, k);
    return {
      org: { id, name }, planned, drawn, completed, completion: rate(completed, drawn), records: r.records,
      problemRate: rate(r.problems, r.records), caseRate: rate(r.cases, r.records),
      rectification: rate(r.rectified, r.rectifications), transfers: r.transfers,
      published: pub('published'), timeliness: rate(pub('timely'), pub('published') + pub('overdue')), overdue: pub('overdue'),
    };
  };
  const all = new Set(ids);
  const head = figuresOf(org.id, org.name, all);
  const children = orgs.filter((o) => o.parentId === org.id).map((c) => {
    const sub = new Set(orgs.filter((o) => o.path.startsWith(c.path)).map((o) => o.id));
    return figuresOf(c.id, c.name, sub);
  });

  return {
    ...head,
    year,
    period: scope,
    own: figuresOf(org.id, `${org.name}（本级）`, new Set([org.id])),
    profile: resolved ? { key: resolved.key, name: resolved.profile.name } : null,
    byPeriod: periodFigures(plans.map((p) => ({ ...p, lines: p.lines.filter((l) => inScope(l.period)) })), tasks, publishedPerPeriod(pubs)),
    progress: profile ? milestoneProgress(profile, progressInputs(tasks, completions), today) : [],
    joint: profile ? jointShares(profile, plans, tasks, year) : [],
    publicationsLate: sumBy(pubs, all, 'late'),
    targets: {
      inspected: totals.targets, records: totals.records, randomRecords: totals.random,
      frequent: profile ? flagOverInspected(profile, frequent) : frequent.map((t) => ({ ...t, allowed: null, excessive: false })),
      flagged: profile ? flagOverInspected(profile, frequent).filter((t) => t.excessive) : [],
    },
    inspectors,
    children,
  };
}

function publishedPerPeriod(pubs: PublicationRow[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of pubs) if (p.published) m.set(p.period, (m.get(p.period) ?? 0) + p.published);
  return m;
}

function periodFigures(plans: { lines: { period: string; count: number }[] }[], tasks: TaskCountRow[], published: Map<string, number>): PeriodFigures[] {
  const map = new Map<string, PeriodFigures>();
  const get = (period: string) => map.get(period) ?? map.set(period, { period, planned: 0, drawn: 0, completed: 0, published: 0 }).get(period)!;
  for (const p of plans) for (const l of p.lines) get(l.period).planned += l.count;
  for (const t of tasks) { const f = get(t.period); f.drawn += t.tasks; f.completed += t.completed; }
  for (const [period, n] of published) get(period).published += n;
  return [...map.values()].sort((a, b) => (periodRange(a.period).start < periodRange(b.period).start ? -1 : a.period < b.period ? -1 : 1));
}

function progressInputs(tasks: TaskCountRow[], completions: { period: string; month: string; n: number }[]) {
  const map = new Map<string, { period: string; tasks: number; completedByMonth: Record<string, number> }>();
  for (const t of tasks) {
    const e = map.get(t.period) ?? map.set(t.period, { period: t.period, tasks: 0, completedByMonth: {} }).get(t.period)!;
    e.tasks += t.tasks;
  }
  for (const c of completions) {
    const e = map.get(c.period);
    if (e) e.completedByMonth[c.month] = (e.completedByMonth[c.month] ?? 0) + c.n;
  }
  return [...map.values()].sort((a, b) => (a.period < b.period ? -1 : 1));
}

/**
 * Joint shares against the profile's minimums: each approved plan's quota (its level, the pool of the
 * named stratum from its lines, or its drawn tasks) summed; done = completed joint tasks of the year.
 */
function jointShares(profile: Profile, plans: { orgId: number; level: 'city' | 'county'; lines: { stratum: string; pool: number }[] }[], tasks: TaskCountRow[], year: number): JointShare[] {
  const out: JointShare[] = [];
  for (const kind of ['内部联合', '跨部门联合'] as const) {
    if (!profile.joint.some((j) => j.kind === kind)) continue;
    let quota = 0;
    let base = 0;
    const formulas: string[] = [];
    for (const plan of plans) {
      const pools: Record<string, number> = {};
      for (const l of plan.lines) pools[l.stratum] = Math.max(pools[l.stratum] ?? 0, l.pool);
      const totalTasks = tasks.filter((t) => t.orgId === plan.orgId).reduce((n, t) => n + t.tasks, 0);
      try {
        for (const q of computeJointQuotas(profile, { year: String(year), orgLevel: plan.level, pools, totalTasks }).filter((x) => x.kind === kind)) {
          quota += q.quota;
          formulas.push(q.formula);
          const rule = profile.joint.find((j) => j.kind === kind)!;
          base += 'percentOfStratum' in rule.amount ? pools[rule.amount.percentOfStratum] ?? 0 : totalTasks;
        }
      } catch {
        // The plan's level has no joint rule in this profile, or lacks the pool the rule needs.
      }
    }
    const done = tasks.reduce((n, t) => n + (kind === '内部联合' ? t.jointDone : t.crossDeptDone), 0);
    const has = formulas.length > 0;
    out.push({ kind, done, quota: has ? quota : null, share: rate(done, base), formula: has ? formulas.join('；') : null, met: has ? done >= quota : null });
  }
  return out;
}
