/**
 * The draw fixture's city (市) and branch (东城分局) run through 2026 under the 南山 profile, written
 * straight into the tables so every supervision figure can be counted by hand:
 *
 *   plans     city: 2026-Q1 重点 4, 2026-Q2 一般 4 (8)      county: 2026-Q1 重点 3, 2026-Q3 一般 2 (5)
 *   draws     D1 city Q1 4 tasks (the 4th has two items: 内部联合)   D2 city Q2 3 tasks, 定向「跨部门联合抽查」 with 市场监管局、应急管理局 (跨部门联合)
 *             D3 county Q1 3 tasks                               D4 county Q3 2 tasks
 *             D5 county Q4 1 task, abandoned (never counts)
 *   records   D1: 01-15 未发现问题 · 01-28 责令整改 (closed) · 03-20 立案查处 (立案 + 责令整改 open) · 03-25 未发现问题
 *             D3: 01-20 未发现问题 (区重点0, 入海排污口重点) · 03-05 责令整改 (closed) · 3rd still 待检查
 *             D2: 04-10 未发现问题 · 05-12 移交处理 (dispatched to the branch) · 3rd 待检查
 *             D4: 07-08 未发现问题 · 08-01 区重点0 again (入海排污口重点) 责令整改 (open)
 *             targeted: 区重点0 投诉举报 09-01 发现问题
 *   publications  D1#1 due 01-29 published 01-20 (timely) · D1#2 due 02-11 published 02-20 (late)
 *                 D3#1 due 02-03 unpublished (overdue) · D2#1 due 04-24 published 04-15 (timely)
 *
 * Teams: D1 市检查员1+2, D2 市检查员3+4, D3 区检查员1+2, D4 区检查员1+3, targeted 区检查员1+4.
 * "Now" is 2027-01-04: the whole year is over.
 */
import type { Database } from '../storage/database.ts';
import type { Ctx } from '../services/context.ts';
import { seedDrawFixture, type DrawFixture } from './draw-fixture.ts';

export const SUPERVISION_NOW = new Date('2027-01-04T02:00:00Z');

export interface SupervisionFixture extends DrawFixture {
  ctx(name: string): Ctx;
  drawIds: number[];
}

interface TaskSpec { target: string; items?: string[]; org?: 'city' | 'county'; record?: RecordSpec }
interface RecordSpec { on: string; result: string; followups?: { kind: string; closed: boolean }[]; publication?: { due: string; publishedOn?: string } }

const ZHONGDIAN = '重点监管对象';
const OUTFALL = '入海排污口重点监管对象';

/** Seeds the year; `existingOrgs` as in seedDrawFixture (browser tests). */
export async function seedSupervisionFixture(database: Database, opts: { existingOrgs?: boolean } = {}): Promise<SupervisionFixture> {
  const f = await seedDrawFixture(database, opts);
  const q = database.pool;
  const plan = async (orgId: number, lines: [string, string, string, number][]) => q.query(
    `INSERT INTO annual_plans (org_id, profile_key, profile_hash, year, level, revision, status, inputs, lines, decided_at)
     VALUES ($1, 'nanshan', 'h', 2026, 'county', 1, 'approved', '{}', $2, now())`,
    [orgId, JSON.stringify(lines.map(([stratum, label, period, count]) => ({ stratum, label, item: null, period, pool: 10, count, formula: `${count}`, drawnBy: null })))],
  );
  await plan(f.city.id, [['重点', ZHONGDIAN, '2026-Q1', 4], ['一般', '一般监管对象', '2026-Q2', 4]]);
  await plan(f.county.id, [['重点', ZHONGDIAN, '2026-Q1', 3], ['一般', '一般监管对象', '2026-Q3', 2]]);

  const [c1, c2, c3, c4] = f.inspectorIds.city as [number, number, number, number];
  const [k1, k2, k3, k4] = f.inspectorIds.county as [number, number, number, number];
  const orgOf = (w: 'city' | 'county') => (w === 'city' ? f.city.id : f.county.id);
  let seq = 100;
  const drawIds: number[] = [];
  const draw = async (who: 'city' | 'county', period: string, team: number[], tasks: TaskSpec[], o: { campaign?: string; jointPartners?: string[]; abandon?: boolean } = {}) => {
    seq++;
    const id = (await q.query(
      `INSERT INTO draws (org_id, seq, draw_no, profile_key, profile_hash, period, draw_date, kind, filter, joint_partners, status, manifest, manifest_hash, commitment, public_value_source, frozen_at)
       VALUES ($1, $2, $3, 'nanshan', 'h', $4, $5, $6, $7, $8, 'frozen', '{}', 'mh', 'c', '掷骰', now()) RETURNING id`,
      [orgOf(who), seq, `${who}-${seq}`, period, `${period.slice(0, 4)}-01-02`, o.campaign ? '定向' : '不定向', JSON.stringify(o.campaign ? { campaign: o.campaign } : {}), o.jointPartners ?? []],
    )).rows[0].id as number;
    drawIds.push(id);
    const taskIds: number[] = [];
    for (const [i, t] of tasks.entries()) {
      const targetId = f.targetIds[t.target]!;
      taskIds.push((await q.query(
        `INSERT INTO draw_tasks (draw_id, position, target_id, target_key, items, drawn_inspectors, team, dispatched_org_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [id, i, targetId, t.target, t.items ?? [ZHONGDIAN], team.map(String), team, orgOf(t.org ?? who)],
      )).rows[0].id);
    }
    if (o.abandon) {
      await q.query(`UPDATE draws SET status = 'abandoned', abandon_reason = '演示：放弃' WHERE id = $1`, [id]);
      return;
    }
    await q.query(`UPDATE draws SET status = 'drawn', public_value = '1', seed = 's', result_hash = 'r', drawn_at = now(), task_count = $2 WHERE id = $1`, [id, tasks.length]);
    for (const [i, t] of tasks.entries()) {
      if (!t.record) continue;
      await q.query(`UPDATE draw_tasks SET status = '已检查' WHERE id = $1`, [taskIds[i]]);
      await record(orgOf(t.org ?? who), taskIds[i]!, f.targetIds[t.target]!, team, t.record, id, period);
    }
  };
  const record = async (orgId: number, taskId: number | null, targetId: number, team: number[], r: RecordSpec, drawId?: number, period?: string) => {
    const recordId = (await q.query(
      `INSERT INTO inspection_records (org_id, task_id, target_id, kind, counts_to_quota, mode, inspected_on, team, result_category, status, client_key, submitted_at)
       VALUES ($1, $2, $3, $4, $5, '现场', $6, $7, $8, 'submitted', $9, $6::date + time '10:00')
       RETURNING id`,
      [orgId, taskId, targetId, taskId ? '双随机抽查' : '投诉举报', taskId !== null, r.on, team, r.result, `sup-${orgId}-${taskId ?? 'x'}-${r.on}`],
    )).rows[0].id as number;
    for (const fu of r.followups ?? []) {
      await q.query(
        `INSERT INTO inspection_followups (record_id, kind, requirement, status, closed_at, deadline) VALUES ($1, $2, '限期整改', $3, $4, $5)`,
        [recordId, fu.kind, fu.closed ? 'closed' : 'open', fu.closed ? new Date(`${r.on}T08:00:00Z`) : null, r.on],
      );
    }
    if (r.publication && drawId !== undefined) {
      const p = r.publication;
      await q.query(
        `INSERT INTO publications (org_id, record_id, task_id, draw_id, target_id, period, task_no, task_name, check_type, authority, enterprise_name, credit_code,
                                   inspected_on, completed_on, content, standard_phrase, due_on, status, published_at)
         SELECT $1::int, $2::int, $3::int, $4::int, g.id, $5, 'T' || $2::int::text, '双随机抽查', '双随机抽查', '生态环境局', g.name, g.identifier, $6::date, $6::date, '污染源检查', '未发现问题', $7::date, $8, $9::timestamptz
           FROM targets g WHERE g.id = $10::int`,
        [orgId, recordId, taskId, drawId, period, r.on, p.due, p.publishedOn ? 'published' : 'pending', p.publishedOn ? new Date(`${p.publishedOn}T02:00:00Z`) : null, targetId],
      );
    }
  };

  await draw('city', '2026-Q1', [c1, c2], [
    { target: '市重点0', record: { on: '2026-01-15', result: '未发现问题', publication: { due: '2026-01-29', publishedOn: '2026-01-20' } } },
    { target: '市重点1', record: { on: '2026-01-28', result: '发现问题，责令整改', followups: [{ kind: '责令整改', closed: true }], publication: { due: '2026-02-11', publishedOn: '2026-02-20' } } },
    { target: '市重点2', record: { on: '2026-03-20', result: '涉嫌环境违法，立案查处', followups: [{ kind: '立案', closed: false }, { kind: '责令整改', closed: false }] } },
    { target: '市重点3', items: [ZHONGDIAN, '一般监管对象'], record: { on: '2026-03-25', result: '未发现问题' } },
  ]);
  await draw('city', '2026-Q2', [c3, c4], [
    { target: '市一般0', items: ['一般监管对象'], record: { on: '2026-04-10', result: '未发现问题', publication: { due: '2026-04-24', publishedOn: '2026-04-15' } } },
    { target: '市一般1', items: ['一般监管对象'], org: 'county', record: { on: '2026-05-12', result: '属其他部门职责，移交处理' } },
    { target: '市一般2', items: ['一般监管对象'] },
  ], { campaign: '跨部门联合抽查（市场监管、应急管理）', jointPartners: ['市场监管局', '应急管理局'] });
  await draw('county', '2026-Q1', [k1, k2], [
    { target: '区重点0', items: [OUTFALL], record: { on: '2026-01-20', result: '未发现问题', publication: { due: '2026-02-03' } } },
    { target: '区重点1', record: { on: '2026-03-05', result: '发现问题，责令整改', followups: [{ kind: '责令整改', closed: true }] } },
    { target: '区重点2' },
  ]);
  await draw('county', '2026-Q3', [k1, k3], [
    { target: '区一般0', items: ['一般监管对象'], record: { on: '2026-07-08', result: '未发现问题' } },
    { target: '区重点0', items: [OUTFALL], record: { on: '2026-08-01', result: '发现问题，责令整改', followups: [{ kind: '责令整改', closed: false }] } },
  ]);
  await draw('county', '2026-Q4', [k1, k2], [{ target: '区一般1', items: ['一般监管对象'] }], { abandon: true });
  await record(f.county.id, null, f.targetIds['区重点0']!, [k1, k4], { on: '2026-09-01', result: '发现问题，责令整改' });

  const ctx = (name: string): Ctx => {
    const u = f.users[name]!;
    const org = u.orgId === f.city.id ? f.city : f.county;
    return { database, actor: { id: u.id, orgId: org.id, orgPath: org.path, role: u.role, displayName: name }, now: () => SUPERVISION_NOW };
  };
  return { ...f, ctx, drawIds };
}
