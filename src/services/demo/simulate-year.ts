/**
 * Runs the seeded demo jurisdiction (services/seed-demo.ts) through its year, from 1 January up to
 * `through`, with the same use cases a bureau's staff would use — so the records, the publications,
 * the portal and the audit chain are exactly what real use produces:
 *
 *   January   classification, the 枣庄 profile's annual plans drafted by the coordinators of the city
 *             (市级) and of each branch (县级) and approved by the leader
 *   per period the city draws the quarter's lines (and the half-year's in its first quarter); the
 *             branches do the same for their own plans — freeze, draw with witnesses and a public value
 *             (dice from the seeded PRNG), reveal the next working day
 *   weeks on  each task inspected by its team: checklist verdicts, signatures of the team and of the
 *             enterprise, result (mostly 未发现问题, some 责令整改, a few 立案), submitted; 责令整改
 *             with a deadline, most verified and closed afterwards; 立案 with a case number
 *   publication queued at submission and published some working days later — a few late, one
 *             targeted check redacted (商业秘密)
 *   targeted  a handful of 投诉举报 / 上级转办 / 专项 / 监测发现线索 checks in 东城分局, the first of each quarter a 跨部门联合检查
 *
 * The clock (`ctx.now`) walks forward through the simulated days, so every row and audit entry carries
 * its simulated date. Choices come from the demo's seeded PRNG (src/demo/prng.ts); the draw's server
 * secret is random as the protocol requires, so the drawn targets differ between runs.
 *
 * Scale: with the default 2,000 targets, three quarters are about 35 draws and 530 inspections, ≈ 45 s
 * on the embedded database (README); `allBranches: false` limits the draws to the city and 东城分局.
 */
import { Readable } from 'node:stream';
import { strokePng } from '../../files/png.ts';
import { AppError, ErrorCode } from '../../domain/errors.ts';
import { addDays, chinaDay, diffDays } from '../../domain/calendar/dates.ts';
import type { InspectionKind, ResultCategory } from '../../domain/inspections.ts';
import type { Role } from '../../domain/orgs.ts';
import { Rng } from '../../demo/prng.ts';
import { personName } from '../../demo/common.ts';
import { CITY_CODE } from '../../demo/jurisdiction.ts';
import { DEFAULT_SEED } from '../../demo/types.ts';
import type { Database } from '../../storage/database.ts';
import type { Ctx } from '../context.ts';
import { runClassification } from '../classification/run-classification.ts';
import { draftPlan } from '../plans/draft-plan.ts';
import { decidePlan } from '../plans/decide-plan.ts';
import { freezeDraw } from '../draw/freeze-draw.ts';
import { abandonDraw, executeDraw, revealDraw } from '../draw/run-draw.ts';
import { saveInspection } from '../inspection/save-inspection.ts';
import { requestTargetedCheck } from '../enterprise-checks/request-targeted-check.ts';
import { decideTargetedCheck } from '../enterprise-checks/decide-targeted-check.ts';
import { attachToRecord } from '../inspection/attach-file.ts';
import { openFollowup, verifyFollowup } from '../inspection/followups.ts';
import { queuePublications } from '../publication/queue-publications.ts';
import { publishPublication } from '../publication/publish-publication.ts';
import { redactPublication } from '../publication/redact-publication.ts';

export const DEMO_PROFILE = 'zaozhuang';
/** The branch of the targeted checks (and the only one drawing besides the city with allBranches: false). */
export const DEMO_ACTIVE_BRANCH = 'demo-dongcheng';

export interface SimulateOptions {
  /** Last simulated day (YYYY-MM-DD); the year simulated is its year, from 1 January. */
  through: string;
  seed?: string;
  /** Where signatures are stored: the server's files directory (`<data>/files`, see http/app.ts). */
  filesDir: string;
  onProgress?: (message: string) => void;
  /** false: only the city and 东城分局 draw and inspect (the other branches just get their plans). Default: every branch. */
  allBranches?: boolean;
}

export interface SimulateSummary {
  year: number;
  through: string;
  plans: number;
  draws: number;
  /** Draws abandoned because no team could be formed even without avoidance. */
  abandoned: number;
  tasks: number;
  records: number;
  targeted: number;
  followups: number;
  closedFollowups: number;
  published: number;
  late: number;
  pendingPublications: number;
}

/** The end of the last complete quarter before `today` (YYYY-MM-DD): the default of `demo --through`. */
export function lastCompleteQuarterEnd(today: string): string {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const q = Math.floor((m - 1) / 3); // complete quarters this year
  if (q === 0) return `${y - 1}-12-31`;
  return [`${y}-03-31`, `${y}-06-30`, `${y}-09-30`][q - 1]!;
}

const at = (day: string, hour: number, minute = 0) => new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);
/** The basis a coordinator writes when registering a targeted check of `kind` (凡检查必审批). */
const TARGETED_BASIS: Record<Exclude<InspectionKind, '双随机抽查'>, (year: number, n: number) => { basis: string; basisRef: string }> = {
  投诉举报: (y, n) => ({ basis: '群众通过 12345 热线反映该企业夜间排放刺激性气味', basisRef: `12345-${y}-${n}` }),
  上级转办: (y, n) => ({ basis: '市生态环境局转办的信访件，要求核实企业污染防治设施运行情况', basisRef: `示环转〔${y}〕${n}号` }),
  专项: (y, n) => ({ basis: '按全市大气污染防治专项执法行动部署开展检查', basisRef: `示环发〔${y}〕${n}号` }),
  监测发现线索: (y, n) => ({ basis: '在线监测数据显示排放浓度异常波动', basisRef: `监测预警 ${y}-${n}` }),
};

/**
 * 跨部门联合检查 in the demo: the bodies that join a targeted check of `kind` — the first always, both when
 * the check's (already drawn) reference number is even, so no extra draw from the PRNG shifts the year.
 */
const JOINT_BODIES: Record<Exclude<InspectionKind, '双随机抽查'>, readonly [string, string]> = {
  投诉举报: ['城市管理局', '公安局'],
  上级转办: ['市场监管局', '应急管理局'],
  专项: ['应急管理局', '市场监管局'],
  监测发现线索: ['水务局', '市场监管局'],
};
const jointBodies = (kind: Exclude<InspectionKind, '双随机抽查'>, ref: number): string[] => JOINT_BODIES[kind].slice(0, ref % 2 === 0 ? 2 : 1);

/** The day itself or the next Monday–Friday. */
function weekday(day: string): string {
  let d = day;
  while ([0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) d = addDays(d, 1);
  return d;
}
function addWorkdays(day: string, n: number): string {
  let d = day;
  for (let i = 0; i < n; i++) d = weekday(addDays(d, 1));
  return d;
}

/** A small hand-drawn-looking PNG (a wavy diagonal stroke), as the signature pad produces. */
function signaturePng(variant: number): Buffer {
  const w = 60, h = 24;
  return strokePng(w, h, (y) => (y * w) / h + 6 * Math.sin((y + variant) / 3));
}

interface Event { at: Date; seq: number; run: () => Promise<void> }

/** Runs the demo year through `through` on a database seeded by seedDemo (and not simulated yet). */
export async function simulateDemoYear(database: Database, opts: SimulateOptions): Promise<SimulateSummary> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.through) || Number.isNaN(Date.parse(`${opts.through}T00:00:00Z`))) {
    throw new AppError(ErrorCode.VALIDATION, `--through 应为日期 YYYY-MM-DD（收到「${opts.through}」）`, [{ field: 'through', reason: '日期格式有误' }]);
  }
  const q = database.pool;
  const year = Number(opts.through.slice(0, 4));
  const end = at(opts.through, 23, 59);
  const rng = new Rng(`${opts.seed ?? DEFAULT_SEED}/simulate/${year}`);
  const say = opts.onProgress ?? (() => {});

  const orgs = (await q.query(`SELECT id, code, name, path, level FROM organizations ORDER BY path`)).rows as { id: number; code: string; name: string; path: string; level: string }[];
  const city = orgs.find((o) => o.code === CITY_CODE);
  if (!city) throw new AppError(ErrorCode.VALIDATION, '数据库中没有示范辖区（请先运行 shuangsui demo 生成示范数据）');
  if ((await q.query(`SELECT 1 FROM annual_plans LIMIT 1`)).rows.length) throw new AppError(ErrorCode.CONFLICT, '数据库中已有年度抽查计划，示范年度只能在刚生成的示范数据上运行一次');
  const branches = orgs.filter((o) => o.level === '分局');
  const branch = branches.find((o) => o.code === DEMO_ACTIVE_BRANCH) ?? branches[0]!;
  const users = (await q.query(`SELECT id, org_id AS "orgId", username, display_name AS "displayName", role, inspector_id AS "inspectorId" FROM users`)).rows as { id: number; orgId: number; username: string; displayName: string; role: Role; inspectorId: number | null }[];

  // The clock every use case reads; the event loop moves it forward.
  let now = at(`${year}-01-05`, 9);
  const ctxOf = (role: Role, orgId: number): Ctx => {
    const org = orgs.find((o) => o.id === orgId)!;
    const u = users.find((x) => x.role === role && x.orgId === orgId) ?? users.find((x) => x.role === role && x.orgId === city.id)!;
    const actorOrg = orgs.find((o) => o.id === u.orgId)!;
    void org;
    return { database, actor: { id: u.id, orgId: actorOrg.id, orgPath: actorOrg.path, role, displayName: u.displayName }, now: () => now };
  };
  const coordinator = (orgId: number) => ctxOf('coordinator', orgId);
  /** Who fills a record: the team member with an account (an inspector on the phone), else the coordinator. */
  const recorder = (orgId: number, team: number[]): Ctx => {
    const u = users.find((x) => x.role === 'inspector' && x.inspectorId !== null && team.includes(x.inspectorId));
    if (!u) return coordinator(orgId);
    const org = orgs.find((o) => o.id === u.orgId)!;
    return { database, actor: { id: u.id, orgId: org.id, orgPath: org.path, role: 'inspector', displayName: u.displayName }, now: () => now };
  };
  const leader = ctxOf('leader', city.id);

  const events: Event[] = [];
  let seq = 0;
  const schedule = (when: Date, run: () => Promise<void>) => {
    if (when.getTime() > end.getTime()) return;
    events.push({ at: when, seq: seq++, run });
  };
  const sum: SimulateSummary = { year, through: opts.through, plans: 0, draws: 0, abandoned: 0, tasks: 0, records: 0, targeted: 0, followups: 0, closedFollowups: 0, published: 0, late: 0, pendingPublications: 0 };

  // January: plans of every branch and of the city, approved by the leader.
  const planned: { org: typeof city; level: 'city' | 'county'; draws: boolean }[] = [
    { org: city, level: 'city', draws: true },
    ...branches.map((b) => ({ org: b, level: 'county' as const, draws: opts.allBranches !== false || b.id === branch.id })),
  ];
  schedule(at(`${year}-01-05`, 9), async () => {
    await runClassification(coordinator(city.id), { profileKey: DEMO_PROFILE, period: `${year}-Q1`, orgId: city.id, asOf: `${year}-01-01` });
  });
  for (const [i, p] of planned.entries()) {
    schedule(at(`${year}-01-06`, 9, i * 5), async () => {
      const plan = await draftPlan(coordinator(p.org.id), { profileKey: DEMO_PROFILE, year, orgId: p.org.id, level: p.level, note: '根据名录库和年度监管工作方案编制' });
      schedule(at(`${year}-01-08`, 10, i * 5), async () => {
        await decidePlan(leader, { planId: plan.id, decision: 'approve', note: '同意' });
        sum.plans++;
      });
    });
  }

  // Draws: per quarter (the quarter's lines; the first quarter of a half draws the half's lines too).
  const teamInspectors = new Map<number, number[]>();
  let caseSeq = 0;
  /** Organisations whose inspectors are too few for avoiding last time's teams (learnt from a failed draw). */
  const noAvoid = new Set<number>();
  let redacted = false;
  for (let qn = 1; qn <= 4; qn++) {
    const qStart = `${year}-${String(qn * 3 - 2).padStart(2, '0')}-01`;
    const qEnd = addDays(qn === 4 ? `${year + 1}-01-01` : `${year}-${String(qn * 3 + 1).padStart(2, '0')}-01`, -1);
    const hEnd = qn <= 2 ? `${year}-06-30` : `${year}-12-31`;
    const periods = [`${year}-Q${qn}`, ...(qn % 2 === 1 ? [`${year}-H${(qn + 1) / 2}`] : [])];
    if (qn > 1) {
      schedule(at(weekday(addDays(qStart, 2)), 9), async () => {
        await runClassification(coordinator(city.id), { profileKey: DEMO_PROFILE, period: `${year}-Q${qn}`, orgId: city.id });
      });
    }
    for (const p of planned.filter((x) => x.draws)) {
      for (const [k, period] of periods.entries()) {
        const drawDay = weekday(addDays(qStart, qn === 1 ? 11 : 6 + k + (p.org.id === city.id ? 0 : 2)));
        schedule(at(drawDay, 9, 30 + k * 10), async () => {
          const ctx = coordinator(p.org.id);
          const dice = Array.from({ length: 5 }, () => rng.between(1, 6)).join(' ');
          const witnesses = [`${personName(rng, '男')}（驻局纪检监察组）`, `${personName(rng, '女')}（企业代表）`];
          const input = { orgId: p.org.id, profileKey: DEMO_PROFILE, period, drawDate: drawDay, publicValueSource: '抽取现场由见证人掷 5 枚骰子', kind: '不定向' as const };
          const minutes = `${period} 双随机抽取，见证人现场掷骰，结果当场确认。`;
          // Too few inspectors once last time's teams are avoided: as a coordinator would, abandon the
          // frozen draw with the reason and freeze it again without that avoidance (and from then on).
          const attempt = async (avoid: boolean) => {
            const frozen = await freezeDraw(ctx, avoid ? input : { ...input, avoidRepeat: false });
            now = new Date(now.getTime() + 20 * 60_000);
            try {
              return await executeDraw(ctx, frozen.id, { publicValue: dice, witnesses, minutes });
            } catch (e) {
              if (!(e instanceof AppError) || e.code !== ErrorCode.VALIDATION) throw e;
              await abandonDraw(ctx, frozen.id, avoid
                ? `检查人员回避后无法组成检查组（${e.message}），改为不回避上次检查组后重新抽取`
                : `检查人员不足，无法组成检查组（${e.message}）`);
              return null;
            }
          };
          let drawn = noAvoid.has(p.org.id) ? null : await attempt(true);
          if (!drawn) {
            noAvoid.add(p.org.id);
            drawn = await attempt(false);
          }
          if (!drawn) { sum.abandoned++; return; }
          sum.draws++;
          schedule(at(addWorkdays(drawDay, 1), 10), async () => { await revealDraw(ctx, drawn.id); });
          const tasks = (await q.query(
            `SELECT id, team, dispatched_org_id AS "orgId", target_id AS "targetId" FROM draw_tasks WHERE draw_id = $1 ORDER BY position`, [drawn.id],
          )).rows as { id: number; team: number[]; orgId: number; targetId: number }[];
          sum.tasks += tasks.length;
          const last = period.includes('-H') ? hEnd : qEnd;
          const span = Math.max(1, diffDays(drawDay, last) - 8);
          for (const t of tasks) {
            // Most are inspected within the period; a few of each period slip past its end.
            const day = weekday(addDays(drawDay, 3 + Math.floor(rng.next() ** 1.3 * span) + (rng.chance(0.03) ? 14 : 0)));
            const roll = rng.next();
            const result: ResultCategory = roll < 0.78 ? '未发现问题' : roll < 0.95 ? '发现问题，责令整改' : '涉嫌环境违法，立案查处';
            schedule(at(day, 9 + rng.int(7), rng.int(60)), () => inspect({ taskId: t.id, orgId: t.orgId, team: t.team, day, result }));
          }
        });
      }
    }
    // A handful of targeted checks in the branch each quarter: 凡检查必审批 — the coordinator registers each
    // with its basis a few days before, a leader decides the same afternoon (now and then rejects one), and
    // only an approved check is inspected, within its window. The first of each quarter is a joint
    // inspection with other bodies (跨部门联合检查).
    for (let n = 0; n < 3; n++) {
      const day = weekday(addDays(qStart, 10 + rng.int(70)));
      const requestDay = weekday(addDays(day, -3));
      const kind = rng.pick<Exclude<InspectionKind, '双随机抽查'>>(['投诉举报', '投诉举报', '上级转办', '专项', '监测发现线索']);
      const result: ResultCategory = rng.chance(0.5) ? '未发现问题' : '发现问题，责令整改';
      const pick = rng.next();
      const reject = rng.chance(0.1);
      const ref = rng.int(900) + 100;
      schedule(at(requestDay, 10, rng.int(60)), async () => {
        // Targets not inspected nor drawn this year: a targeted check never runs into the annual cap (#9).
        const targets = (await q.query(
          `SELECT t.id FROM targets t WHERE t.org_id = $1 AND t.status IS DISTINCT FROM '关闭'
              AND NOT EXISTS (SELECT 1 FROM inspection_records r WHERE r.target_id = t.id AND r.inspected_on >= $2::date)
              AND NOT EXISTS (SELECT 1 FROM draw_tasks dt JOIN draws d ON d.id = dt.draw_id WHERE dt.target_id = t.id AND d.period LIKE $3)
            ORDER BY t.id`, [branch.id, `${year}-01-01`, `${year}%`],
        )).rows as { id: number }[];
        if (!targets.length) return;
        const targetId = targets[Math.floor(pick * targets.length)]!.id;
        const team = await branchTeam();
        const clientKey = `demo-check-${targetId}-${day}-${seq}`;
        const { recordId } = await requestTargetedCheck(coordinator(branch.id), {
          clientKey, kind, targetId, team, mode: '现场', plannedFrom: day, plannedTo: addDays(day, 4), ...TARGETED_BASIS[kind](year, ref),
          ...(n === 0 ? { jointPartners: jointBodies(kind, ref) } : {}),
          lines: [{ position: 1, content: '污染防治设施运行情况' }, { position: 2, content: '污染物排放情况' }, { position: 3, content: '环境管理台账记录情况' }],
        });
        schedule(at(requestDay, 16, rng.int(60)), async () => {
          await decideTargetedCheck(ctxOf('leader', branch.id), recordId, reject
            ? { approve: false, opinion: '线索不具体，先电话核实，暂不安排现场检查' }
            : { approve: true, opinion: '同意按申请开展检查，注意不得干扰企业正常生产经营' });
          if (!reject) schedule(at(day, 14, rng.int(60)), () => inspect({ clientKey, targetId, kind, orgId: branch.id, team, day, result }));
        });
      });
    }
  }

  async function branchTeam(): Promise<number[]> {
    if (!teamInspectors.has(branch.id)) {
      teamInspectors.set(branch.id, (await q.query(
        `SELECT id FROM inspectors WHERE org_id = $1 AND kind = '执法人员' ORDER BY id`, [branch.id],
      )).rows.map((r) => r.id as number));
    }
    return rng.sample(teamInspectors.get(branch.id)!, 2);
  }

  /** One inspection: draft, signatures, submission; follow-ups; publication queued and scheduled. */
  async function inspect(i: { taskId?: number; clientKey?: string; targetId?: number; kind?: InspectionKind; orgId: number; team: number[]; day: string; result: ResultCategory }): Promise<void> {
    const ctx = recorder(i.orgId, i.team);
    // A targeted check's record exists since its request (approved): it is filled under the request's key.
    const clientKey = i.clientKey ?? `demo-task-${i.taskId}`;
    const base = { clientKey, mode: '现场' as const, inspectedOn: i.day };
    const draft = await saveInspection(ctx, i.taskId !== undefined ? { ...base, taskId: i.taskId } : base);
    const record = draft.record;
    const problem = i.result !== '未发现问题';
    const bad = problem ? record.lines[rng.int(record.lines.length)]!.position : -1;
    const findings = ['污染防治设施未按规定正常运行', '危险废物贮存场所标识不规范', '自动监测数据传输不完整', '环境管理台账记录不全', '雨污分流不彻底，雨水排口有污水'];
    const finding = rng.pick(findings);
    for (const [k, member] of record.team.entries()) {
      await attachToRecord(ctx, opts.filesDir, record.id, { stream: Readable.from([signaturePng(member % 7 + k)]), fileName: 'signature.png', signer: { inspectorId: member }, clientKey: `${clientKey}-sig-${member}` });
    }
    const representative = personName(rng, rng.chance(0.7) ? '男' : '女');
    await attachToRecord(ctx, opts.filesDir, record.id, { stream: Readable.from([signaturePng(11)]), fileName: 'signature.png', signer: { enterprise: representative }, clientKey: `${clientKey}-sig-ent` });
    now = new Date(now.getTime() + (60 + rng.int(120)) * 60_000);
    await saveInspection(ctx, {
      ...base, taskId: i.taskId, targetId: i.targetId, kind: i.kind, resultCategory: i.result, enterpriseRepresentative: representative,
      summary: problem ? finding : '现场检查未发现环境违法问题',
      lines: record.lines.map((l) => ({ position: l.position, verdict: l.position === bad ? '不符合' as const : rng.chance(0.1) ? '不涉及' as const : '符合' as const, finding: l.position === bad ? finding : null })),
      submit: true,
    });
    sum.records++;
    if (i.taskId === undefined) sum.targeted++;
    if (problem) {
      if (i.result === '涉嫌环境违法，立案查处') {
        await openFollowup(coordinator(i.orgId), record.id, { kind: '立案', requirement: `${finding}，涉嫌违反《中华人民共和国环境保护法》，予以立案调查`, caseNo: `示环罚〔${year}〕${String(++caseSeq).padStart(3, '0')}号` });
        sum.followups++;
      }
      const deadline = addDays(i.day, 15 + 15 * rng.int(2));
      const f = await openFollowup(ctx, record.id, { kind: '责令整改', linePosition: bad, requirement: `针对「${finding}」限期整改，并报送整改情况`, deadline });
      sum.followups++;
      if (rng.chance(0.85)) {
        schedule(at(weekday(addDays(deadline, 1 + rng.int(8))), 15), async () => {
          await verifyFollowup(coordinator(i.orgId), f.id, { accept: true, verification: '经现场复查，问题已整改到位' });
          sum.closedFollowups++;
        });
      }
    }
    await queuePublications(coordinator(i.orgId), [i.orgId]);
    const pub = (await q.query(`SELECT id, due_on AS "dueOn" FROM publications WHERE record_id = $1`, [record.id])).rows[0] as { id: number; dueOn: string | Date | null } | undefined;
    if (!pub) return;
    const due = pub.dueOn ? (typeof pub.dueOn === 'string' ? pub.dueOn.slice(0, 10) : chinaDay(pub.dueOn)) : addWorkdays(i.day, 20);
    const late = rng.chance(0.06);
    const publishDay = late ? weekday(addDays(due, 2 + rng.int(10))) : addWorkdays(chinaDay(now), 2 + rng.int(10));
    const redact = i.taskId === undefined && !redacted;
    if (redact) redacted = true;
    schedule(at(publishDay < due || late ? publishDay : due, 16, rng.int(50)), async () => {
      const pctx = coordinator(i.orgId);
      if (redact) await redactPublication(pctx, pub.id, { basis: '商业秘密', reason: '检查内容涉及企业生产工艺和原料配比，经审查属商业秘密', fields: ['content'] });
      await publishPublication(pctx, pub.id);
      sum.published++;
      if (late) sum.late++;
    });
  }

  // The event loop: earliest first; an event may schedule later ones.
  let done = 0;
  while (events.length) {
    let k = 0;
    for (let j = 1; j < events.length; j++) {
      const a = events[j]!, b = events[k]!;
      if (a.at.getTime() < b.at.getTime() || (a.at.getTime() === b.at.getTime() && a.seq < b.seq)) k = j;
    }
    const ev = events.splice(k, 1)[0]!;
    if (ev.at.getTime() > now.getTime()) now = ev.at;
    await ev.run();
    if (++done % 50 === 0) say(`已模拟到 ${chinaDay(now)}（${sum.records} 条检查记录，${sum.published} 条已公开）`);
  }
  sum.pendingPublications = Number((await q.query(`SELECT count(*)::int AS n FROM publications WHERE status = 'pending'`)).rows[0].n);
  return sum;
}
