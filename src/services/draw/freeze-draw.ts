/**
 * 准备抽取 (freeze, DRAW-PROTOCOL.md § Phases 1): from the organisation's approved annual plan and a
 * period, the strata with their quotas (the plan's lines of that period), the pools (the targets of
 * the organisation's subtree classified with the plan's profile, narrowed for a 定向 campaign), every
 * excluded target with its reason, the roster with its conflicts, a fresh secret and the manifest.
 * Stored in one transaction; the public sees the draw id, manifest hash, commitment and the source
 * of the public value at once.
 */
import { randomBytes } from 'node:crypto';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { periodKind, periodOf, periodRange, shiftPeriod } from '../../domain/calendar/dates.ts';
import type { PeriodKind } from '../../domain/calendar/dates.ts';
import { targetClassifier, type Classification } from '../../domain/policy/classify.ts';
import type { Profile } from '../../domain/policy/schema.ts';
import { freezeManifest, type StratumInput } from '../../domain/draw/freeze.ts';
import { capExclusionReason } from '../../domain/policy/enterprise-checks.ts';
import { capCounts, rulesForOrg } from '../enterprise-checks/annual-cap.ts';
import { newSecret } from '../../domain/draw/protocol.ts';
import { sortUtf8 } from '../../domain/draw/encoding.ts';
import type { RosterEntry } from '../../domain/draw/types.ts';
import type { PlanLine } from '../../storage/schema.ts';
import { inTransaction } from '../../storage/database.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { listOrgs } from '../../storage/repos/orgs.ts';
import { getApprovedPlan } from '../../storage/repos/plans.ts';
import {
  eventsInIdRange, getDraw, insertFrozenDraw, iteratePoolTargets, lastTeams, listRosterInspectors, nextDrawSeq, targetsDrawnBy,
  type DrawFilter, type DrawRow, type ExcludedTarget, type PoolEvent, type PoolFacts, type PoolTarget, type PoolTargetBatch,
} from '../../storage/repos/draws.ts';
import { resolveProfile } from '../policy/resolve-profile.ts';
import { assertJointPartners, jointPartnersText } from '../../domain/joint-partners.ts';
import { assertAllowed, orgInScope, type Ctx } from '../context.ts';
import { assertDrawOfficer, rosterId } from './access.ts';
import { appendAudit, auditEntry } from '../audit/append-audit.ts';

export interface FreezeInput {
  orgId?: number;
  profileKey: string;
  period: string;
  drawDate: string;
  publicValueSource: string;
  /** Stratum keys of the plan to draw (default: every line of the period). */
  strata?: string[];
  /** Members per team (default the profile's minimum, at least 2). */
  teamSize?: number;
  /** 定向: the pool narrowed by the filter; 不定向: the whole pool. */
  kind: '不定向' | '定向';
  filter?: DrawFilter;
  /** 回避: an inspector is not sent again to a target its latest random inspection team included (default true). */
  avoidRepeat?: boolean;
  /** 跨部门联合检查: the other bodies taking part (stored on the draw, outside the manifest; never changed after the freeze). */
  jointPartners?: string[];
}

const KIND_ORDER: PeriodKind[] = ['month', 'quarter', 'half', 'year'];

/** Period ids of `kind` that lie within `window` (e.g. the quarters of 2025-H1). */
function periodsWithin(window: string, kind: PeriodKind): string[] {
  const range = periodRange(window);
  const out: string[] = [];
  for (let p = periodOf(range.start, kind); periodRange(p).start <= range.end; p = shiftPeriod(p, 1)) out.push(p);
  return out;
}

/** The period itself and the longer periods that contain it ('2025-Q2' → 2025-Q2, 2025-H1, 2025). */
function containingPeriods(period: string): string[] {
  const kind = periodKind(period);
  const start = periodRange(period).start;
  return KIND_ORDER.slice(KIND_ORDER.indexOf(kind)).map((k) => periodOf(start, k));
}

/** Whether a target is within a 定向 campaign's narrowing. */
export function matchesFilter(t: Pick<PoolTarget, 'tags' | 'industryCode' | 'region' | 'kind'>, f: DrawFilter): boolean {
  if (f.tags?.length && !f.tags.some((tag) => t.tags.includes(tag))) return false;
  if (f.industryCodes?.length && !f.industryCodes.some((c) => (t.industryCode ?? '').startsWith(c))) return false;
  if (f.regions?.length && !f.regions.includes(t.region ?? '')) return false;
  if (f.kinds?.length && !f.kinds.includes(t.kind)) return false;
  return true;
}

function checkInput(input: FreezeInput): void {
  const issues = [];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.drawDate)) issues.push({ field: 'drawDate', reason: '抽取日期应为 YYYY-MM-DD' });
  if (!input.publicValueSource?.trim()) issues.push({ field: 'publicValueSource', reason: '请写明公开随机值的来源（如：抽取会议现场掷骰）' });
  if (input.kind === '定向') {
    const f = input.filter ?? {};
    if (!f.tags?.length && !f.industryCodes?.length && !f.regions?.length && !f.kinds?.length) {
      issues.push({ field: 'filter', reason: '定向抽取须至少指定一个标签、行业、区域或对象类型' });
    }
  }
  if (issues.length) throw new AppError(ErrorCode.VALIDATION, `准备抽取的参数有误：${issues.map((i) => i.reason).join('；')}`, issues);
}

/** The plan lines of the period to draw (all, or the chosen strata), with a clear error when none. */
function linesToDraw(lines: PlanLine[], period: string, strata: string[] | undefined, planName: string): PlanLine[] {
  const ofPeriod = lines.filter((l) => l.period === period);
  if (ofPeriod.length === 0) throw new AppError(ErrorCode.VALIDATION, `${planName}中没有 ${period} 的抽查数量，请核对期间`);
  if (!strata?.length) return ofPeriod.filter((l) => l.count > 0);
  const chosen = strata.map((key) => {
    const line = ofPeriod.find((l) => l.stratum === key);
    if (!line) throw new AppError(ErrorCode.VALIDATION, `${planName}中没有层级「${key}」在 ${period} 的抽查数量`, [{ field: 'strata', reason: `未知层级 ${key}` }]);
    return line;
  });
  return chosen;
}

const NO_EVENTS: readonly PoolEvent[] = Object.freeze([]);

/**
 * The subtree's targets in id order, batch by batch, each with the events of its id range. The next
 * batch is already being read while the caller classifies this one (the embedded database works in
 * its own process, PostgreSQL on its own cores).
 */
async function* poolTargetBatches(q: Queryable, orgIds: number[]): AsyncGenerator<{ batch: PoolTargetBatch; events: PoolEvent[] }> {
  const batches = iteratePoolTargets(q, orgIds);
  let after = 0;
  const fetchNext = async (): Promise<{ batch: PoolTargetBatch; events: PoolEvent[] } | null> => {
    const next = await batches.next();
    if (next.done) return null;
    const batch = next.value;
    const upTo = batch.ids[batch.ids.length - 1]!;
    const events = await eventsInIdRange(q, after, upTo);
    after = upTo;
    return { batch, events };
  };
  let pending = fetchNext();
  for (;;) {
    const batch = await pending;
    if (!batch) return;
    pending = fetchNext();
    pending.catch(() => {}); // awaited on the next turn; an error then surfaces there
    yield batch;
  }
}

export interface BuiltPools {
  strata: StratumInput[];
  exclusions: ExcludedTarget[];
  /** Every identifier of the subtree → the record id of the target pooled under it, 0 when none is. */
  pooledIds: Map<string, number>;
  /** Targets of the subtree outside the 定向 narrowing. */
  outsideFilter: number;
  /** Pooled ids that other targets of the subtree carry too → the pooled target's record id. */
  targetRefs: Record<string, number>;
}

/**
 * Classifies the subtree's targets and builds each chosen stratum's pool. Excluded: by the profile
 * (with its reason and citation), drawn by an upper level in this period (or a longer one containing
 * it), drawn earlier by this organisation in the stratum's coverage window.
 */
export async function buildPools(q: Queryable, args: {
  profile: Profile; orgId: number; orgPath: string; orgIds: number[]; period: string; lines: PlanLine[]; filter: DrawFilter | null; planRevision: number;
}): Promise<BuiltPools> {
  const { profile, period } = args;
  // 涉企检查 (#9): targets the organisation (with the units below it) has inspected or scheduled up to the annual cap.
  const year = Number(period.slice(0, 4));
  const cap = (await rulesForOrg(q, args.orgPath, year, { key: '', profile })).annualCap.perBody;
  const yearCounts = await capCounts(q, args.orgPath, year);
  const ancestorIds = args.orgPath.split('/').filter(Boolean).map(Number).filter((id) => id !== args.orgId);
  const upper = await targetsDrawnBy(q, ancestorIds, containingPeriods(period));
  const kind = periodKind(period);
  const coverage = new Map<string, Map<number, string>>();
  const coverageLabel = new Map<string, string>();
  for (const line of args.lines) {
    const stratum = profile.strata.find((s) => s.key === line.stratum);
    // The longest `per` of the stratum's rules that is longer than the draw's period: its window must complete coverage.
    const per = stratum?.rules.map((r) => r.per).filter((p) => KIND_ORDER.indexOf(p) > KIND_ORDER.indexOf(kind))
      .sort((a, b) => KIND_ORDER.indexOf(b) - KIND_ORDER.indexOf(a))[0];
    if (!per) continue;
    const window = periodOf(periodRange(period).start, per);
    coverageLabel.set(line.label, window);
    coverage.set(line.label, await targetsDrawnBy(q, [args.orgId], periodsWithin(window, kind), line.label));
  }
  const ids = new Map<string, string[]>(args.lines.map((l) => [l.label, []]));
  // Per stratum key of the profile: its plan line, its pool and what it drew earlier in its coverage window.
  const slots = new Map(args.lines.map((line) => [line.stratum, { line, pool: ids.get(line.label)!, earlier: coverage.get(line.label), window: coverageLabel.get(line.label) }]));
  const exclusions: ExcludedTarget[] = [];
  const pooledIds = new Map<string, number>(); // one table for "seen" and "pooled": a million entries each cost
  let outsideFilter = 0;
  const asOf = periodRange(period).start;
  const shared = new Set<string>(); // identifiers carried by more than one target (e.g. 排污单位 and 建设项目)
  const classify = targetClassifier(profile, period, { asOf });
  /** Puts target i of a batch, classified `c`, in its pools or lists why not; whether it was pooled. */
  const place = (b: PoolTargetBatch, i: number, c: Readonly<Classification>): boolean => {
    const id = b.ids[i]!, identifier = b.identifiers[i]!;
    if (c.excluded) {
      exclusions.push({ targetId: identifier, name: b.nameOf(i), reason: c.excluded.reason });
      return false;
    }
    const inspected = yearCounts.get(id) ?? 0;
    let cappedListed = false; // the cap is listed once, after the more specific reasons below
    const upperDraw = upper.get(id);
    let placed = false;
    for (const key of c.strata) {
      const slot = slots.get(key);
      if (!slot) continue;
      if (upperDraw) {
        exclusions.push({ targetId: identifier, name: b.nameOf(i), reason: `上级已于本期抽取（抽取编号 ${upperDraw}）` });
        break;
      }
      const earlier = slot.earlier?.get(id);
      if (earlier) {
        exclusions.push({ targetId: identifier, name: b.nameOf(i), reason: `本覆盖周期（${slot.window}）已抽取，待其余对象覆盖（抽取编号 ${earlier}，层级「${slot.line.label}」）` });
        continue;
      }
      if (inspected >= cap) {
        if (!cappedListed) exclusions.push({ targetId: identifier, name: b.nameOf(i), reason: capExclusionReason(inspected, cap) });
        cappedListed = true;
        continue;
      }
      slot.pool.push(identifier);
      placed = true;
    }
    return placed;
  };
  for await (const { batch: b, events } of poolTargetBatches(q, args.orgIds)) {
    const eventsOf = new Map<number, PoolEvent[]>();
    for (const e of events) (eventsOf.get(e.targetId) ?? eventsOf.set(e.targetId, []).get(e.targetId)!).push(e);
    // The targets of one set of facts share one object: the filter and an event-less classification are worked out once for it.
    const inScopeOf = new Map<Readonly<PoolFacts>, boolean>();
    const classOf = new Map<Readonly<PoolFacts>, Readonly<Classification>>();
    for (let i = 0; i < b.ids.length; i++) {
      const id = b.ids[i]!, identifier = b.identifiers[i]!, facts = b.facts[i]!;
      // undefined: first target with this identifier; 0: seen, none pooled; else the pooled target's id.
      const before = pooledIds.get(identifier);
      if (before !== undefined) shared.add(identifier);
      let inScope = inScopeOf.get(facts);
      if (inScope === undefined) inScopeOf.set(facts, inScope = !args.filter || matchesFilter(facts, args.filter));
      if (!inScope) outsideFilter++;
      let placed = false;
      if (inScope) {
        const own = eventsOf.get(id);
        let c = own ? undefined : classOf.get(facts);
        if (!c) {
          c = classify(facts, own ?? NO_EVENTS);
          if (!own) classOf.set(facts, c);
        }
        placed = place(b, i, c);
      }
      if (placed) {
        if (before && before !== id) {
          throw new AppError(ErrorCode.VALIDATION, `检查对象标识「${identifier}」对应多个对象（不同对象类型），无法唯一抽取，请先核对名录`);
        }
        pooledIds.set(identifier, id);
      } else if (before === undefined) {
        pooledIds.set(identifier, 0);
      }
    }
  }
  const strata: StratumInput[] = args.lines.map((line) => {
    const item = line.item ? profile.items.find((i) => i.no === line.item) : undefined;
    return {
      label: line.label,
      item: item?.name ?? line.item ?? line.label,
      quota: line.count,
      formula: `${line.formula}（年度抽查计划第 ${args.planRevision} 版）`,
      ids: ids.get(line.label)!,
      ...(item ? { department: item.department } : {}),
      ...(item && item.expertise.length ? { expertise: item.expertise } : {}),
      extra: { key: line.stratum },
    };
  });
  const targetRefs: Record<string, number> = {};
  for (const key of shared) {
    const id = pooledIds.get(key);
    if (id) targetRefs[key] = id;
  }
  return { strata, exclusions, pooledIds, outsideFilter, targetRefs };
}

/**
 * The roster: on-duty 执法人员 of the subtree with valid certificates, each with its conflicts (回避).
 * `keysOf` names the given target ids by their protocol id (pooled targets only; others cannot be drawn).
 */
export async function buildRoster(q: Queryable, orgIds: number[], drawDate: string, keysOf: (targetIds: ReadonlySet<number>) => Map<number, string>, avoidRepeat: boolean): Promise<RosterEntry[]> {
  const inspectors = await listRosterInspectors(q, orgIds, drawDate);
  const repeat = new Map<number, number[]>();
  if (avoidRepeat) {
    for (const { targetId, team } of await lastTeams(q, orgIds)) for (const i of team) (repeat.get(i) ?? repeat.set(i, []).get(i)!).push(targetId);
  }
  const wanted = new Set<number>();
  for (const i of inspectors) for (const id of i.conflicts) wanted.add(id);
  for (const ids of repeat.values()) for (const id of ids) wanted.add(id);
  const keys = keysOf(wanted);
  const keyOf = (id: number) => keys.get(id);
  return inspectors.map((i) => {
    const conflicts = new Set<string>();
    for (const id of [...i.conflicts, ...(repeat.get(i.id) ?? [])]) {
      const key = keyOf(id);
      if (key !== undefined) conflicts.add(key);
    }
    return { id: rosterId(i.id), department: i.department ?? '', expertise: sortUtf8(i.expertise), conflicts: sortUtf8([...conflicts]) };
  });
}

/** Freezes a draw and returns it (status 'frozen'). */
export async function freezeDraw(ctx: Ctx, input: FreezeInput): Promise<DrawRow> {
  assertAllowed(ctx, 'write');
  checkInput(input);
  const jointPartners = assertJointPartners(input.jointPartners);
  const org = await orgInScope(ctx, input.orgId);
  assertDrawOfficer(ctx, { orgId: org.id, orgPath: org.path }, '准备抽取');
  const q = ctx.database.pool;
  const year = Number(input.period.slice(0, 4));
  periodRange(input.period);
  const plan = await getApprovedPlan(q, org.id, input.profileKey, year);
  if (!plan) throw new AppError(ErrorCode.VALIDATION, `${org.name}没有已审批的 ${year} 年度抽查计划（方案 ${input.profileKey}），请先编制并审批年度计划`);
  const planName = `${year} 年度抽查计划（第 ${plan.revision} 版）`;
  const lines = linesToDraw(plan.lines, input.period, input.strata, planName);
  const resolved = await resolveProfile(q, plan.profileKey, { version: plan.profileVersion });
  const orgIds = (await listOrgs(q, org.path)).map((o) => o.id);
  const filter = input.kind === '定向' ? input.filter ?? {} : null;
  const built = await buildPools(q, { profile: resolved.profile, orgId: org.id, orgPath: org.path, orgIds, period: input.period, lines, filter, planRevision: plan.revision });
  // Conflicts are named by the identifiers of pool targets; others cannot be drawn anyway.
  const keysOf = (wanted: ReadonlySet<number>) => {
    const keys = new Map<number, string>();
    if (wanted.size > 0) for (const [key, id] of built.pooledIds) if (id && wanted.has(id)) keys.set(id, key);
    return keys;
  };
  const roster = await buildRoster(q, orgIds, input.drawDate, keysOf, input.avoidRepeat ?? true);
  const teamSize = Math.max(2, input.teamSize ?? resolved.profile.team.minSize);
  const secret = newSecret((n) => randomBytes(n));
  const summary = new Map<string, number>();
  for (const e of built.exclusions) {
    const head = e.reason.split('：')[0]!.replace(/（抽取编号.*$/, '');
    summary.set(head, (summary.get(head) ?? 0) + 1);
  }
  const exclusionSummary = [...summary].map(([reason, count]) => ({ reason, count }));
  return inTransaction(q, async (client) => {
    await client.query('SELECT id FROM organizations WHERE id = $1 FOR UPDATE', [org.id]); // one freeze per organisation at a time
    const { seq, previousManifestHash } = await nextDrawSeq(client, org.id);
    const drawNo = `${org.code}-${String(seq).padStart(4, '0')}`;
    const frozen = freezeManifest({
      drawId: drawNo, org: org.name, period: input.period, drawDate: input.drawDate, publicValueSource: input.publicValueSource.trim(),
      previousDrawHash: previousManifestHash, teamSize,
      extra: {
        profile: { key: resolved.key, version: resolved.version, hash: resolved.hash },
        plan: { year, revision: plan.revision },
        mode: input.kind,
        ...(filter ? { filter } : {}),
        exclusions: exclusionSummary,
        avoidRepeat: input.avoidRepeat ?? true,
      },
    }, built.strata, roster, secret);
    const id = await insertFrozenDraw(client, {
      orgId: org.id, seq, drawNo, planId: plan.id, profileKey: resolved.key, profileVersion: resolved.version, profileHash: resolved.hash,
      period: input.period, drawDate: input.drawDate, kind: input.kind, filter: filter ?? {}, manifest: frozen.manifest,
      manifestHash: frozen.manifestHash, commitment: frozen.manifest.commitment, publicValueSource: frozen.manifest.publicValueSource,
      exclusionSummary, frozenBy: ctx.actor.id, frozenAt: ctx.now(), jointPartners,
    }, { pools: frozen.pools, roster, exclusions: built.exclusions, targetRefs: built.targetRefs }, secret);
    // Published in the audit chain at once (DRAW-PROTOCOL.md § Phases 1): id, manifest hash, commitment, source.
    await appendAudit(client, auditEntry(ctx, 'draw.freeze', { type: 'draw', id: drawNo },
      `冻结抽取 ${drawNo}（${input.period}，${input.kind}${jointPartners.length ? `，会同${jointPartnersText(jointPartners)}联合检查` : ''}）：清单哈希 ${frozen.manifestHash}，承诺值 ${frozen.manifest.commitment}，公开随机值来源「${frozen.manifest.publicValueSource}」`,
      { drawNo, orgId: org.id, period: input.period, manifestHash: frozen.manifestHash, commitment: frozen.manifest.commitment, publicValueSource: frozen.manifest.publicValueSource, strata: frozen.manifest.strata.map((s) => ({ label: s.label, poolSize: s.poolSize, quota: s.quota })),
        ...(jointPartners.length ? { jointPartners } : {}) }));
    return (await getDraw(client, { id }))!;
  });
}
