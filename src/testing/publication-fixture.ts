/**
 * A quarter run through for the 一公开 tests: the draw fixture's city draw (南山, 2025-Q2) drawn and
 * revealed, the county's draw drawn but NOT revealed, submitted records for the city draw's tasks
 * (inserted as the services leave them: a draft with its lines, then moved to submitted), a targeted
 * check of a private person's business to be redacted, and one of another enterprise left unpublished
 * (both joint inspections: 市场监管局、卫生健康委 and 应急管理局 take part).
 */
import type { Database } from '../storage/database.ts';
import { freezeDraw } from '../services/draw/freeze-draw.ts';
import { executeDraw, revealDraw } from '../services/draw/run-draw.ts';
import { ctxOfUser, seedDrawFixture, type DrawFixture } from './draw-fixture.ts';

export interface PublicationFixture {
  f: DrawFixture;
  revealed: { id: number; drawNo: string };
  hidden: { id: number; drawNo: string; secret: string; targetKeys: string[] };
  /** The city draw's tasks (target name, code, record id) in position order. */
  tasks: { taskId: number; recordId: number; name: string; code: string; orgId: number }[];
  privateRecord: { recordId: number; name: string; code: string; remark: string; jointPartners: string[] };
  unpublishedRecord: { recordId: number; name: string; code: string; jointPartners: string[] };
}

export async function submitRecord(db: Database, r: {
  orgId: number; taskId: number | null; targetId: number; team: number[]; kind: string; category: string; inspectedOn: string; submittedAt: string; items?: string[];
  /** A targeted check (no task) is submitted only once approved (凡检查必审批): who asked, which leader approved. */
  approval?: { requestedBy: number; decidedBy: number };
  /** 跨部门联合检查: the other bodies taking part (none by default). */
  jointPartners?: string[];
}): Promise<number> {
  const q = db.pool;
  const id = (await q.query(`INSERT INTO inspection_records (org_id, task_id, target_id, kind, counts_to_quota, mode, inspected_on, team, result_category, status, client_key, submitted_at, joint_partners)
    VALUES ($1, $2, $3, $4, $5, '现场', $6, $7, $8, 'draft', gen_random_uuid()::text, NULL, $9) RETURNING id`,
  [r.orgId, r.taskId, r.targetId, r.kind, r.kind === '双随机抽查', r.inspectedOn, r.team, r.category, r.jointPartners ?? []])).rows[0].id as number;
  for (const [i, item] of (r.items ?? ['污染防治设施运行情况', '排污许可证载明事项落实情况']).entries()) {
    await q.query(`INSERT INTO inspection_lines (record_id, position, item, content, verdict) VALUES ($1, $2, $3, $3, '符合')`, [id, i + 1, item]);
  }
  if (r.approval) {
    await q.query(`INSERT INTO inspection_approvals (record_id, org_id, basis, planned_from, planned_to, team, requested_by, requested_at)
      VALUES ($1, $2, '群众投诉线索', $3, $3, $4, $5, $6)`, [id, r.orgId, r.inspectedOn, r.team, r.approval.requestedBy, `${r.inspectedOn}T01:00:00Z`]);
    await q.query(`UPDATE inspection_approvals SET status = 'approved', decided_by = $2, decided_at = $3, opinion = '同意检查' WHERE record_id = $1`,
      [id, r.approval.decidedBy, `${r.inspectedOn}T02:00:00Z`]);
  }
  await q.query(`UPDATE inspection_records SET status = 'submitted', submitted_at = $2 WHERE id = $1`, [id, r.submittedAt]);
  if (r.taskId !== null) await q.query(`UPDATE draw_tasks SET status = '已检查' WHERE id = $1`, [r.taskId]);
  return id;
}

async function newTarget(db: Database, orgId: number, code: string, name: string): Promise<number> {
  return (await db.pool.query(`INSERT INTO targets (org_id, kind, identifier, name, name_key) VALUES ($1, '排污单位', $2, $3, $2) RETURNING id`, [orgId, code, name])).rows[0].id;
}

export async function seedPublicationFixture(db: Database, opts: { existingOrgs?: boolean } = {}): Promise<PublicationFixture> {
  const f = await seedDrawFixture(db, opts);
  const as = (n: string) => ctxOfUser(f, db, n);
  const input = { profileKey: 'nanshan', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '见证人掷骰', kind: '不定向' as const };
  const a = await freezeDraw(as('city-coordinator'), input);
  await executeDraw(as('city-coordinator'), a.id, { publicValue: '3 1 4 1 5', witnesses: ['王监督'], minutes: '' });
  await revealDraw(as('city-coordinator'), a.id);
  const b = await freezeDraw(as('county-coordinator'), input);
  await executeDraw(as('county-coordinator'), b.id, { publicValue: '2 7 1 8', witnesses: ['李监督'], minutes: '' });
  const secret = (await db.pool.query(`SELECT secret FROM draw_secrets WHERE draw_id = $1`, [b.id])).rows[0]?.secret as string;
  const targetKeys = (await db.pool.query(`SELECT target_key FROM draw_tasks WHERE draw_id = $1`, [b.id])).rows.map((r) => r.target_key as string);

  const taskRows = (await db.pool.query(`SELECT t.id, t.team, t.target_id AS "targetId", t.dispatched_org_id AS "orgId", g.name, g.identifier
      FROM draw_tasks t JOIN targets g ON g.id = t.target_id WHERE t.draw_id = $1 ORDER BY t.position`, [a.id])).rows;
  const tasks: PublicationFixture['tasks'] = [];
  for (const [i, t] of taskRows.entries()) {
    const recordId = await submitRecord(db, {
      orgId: t.orgId, taskId: t.id, targetId: t.targetId, team: t.team, kind: '双随机抽查',
      category: i === 1 ? '发现问题，责令整改' : '未发现问题', inspectedOn: '2025-04-10', submittedAt: `2025-04-${String(10 + i).padStart(2, '0')}T03:00:00Z`,
    });
    tasks.push({ taskId: t.id, recordId, name: t.name, code: t.identifier, orgId: t.orgId });
  }
  const approval = { requestedBy: as('county-coordinator').actor.id!, decidedBy: as('county-leader').actor.id! };
  const privId = await newTarget(db, f.county.id, '92440300MA5PRIV001', '张某某个体诊所');
  const privateRecordId = await submitRecord(db, { orgId: f.county.id, taskId: null, targetId: privId, team: [f.inspectorIds.county[0]!, f.inspectorIds.county[1]!], kind: '投诉举报', category: '未发现问题', inspectedOn: '2025-04-15', submittedAt: '2025-04-15T08:00:00Z', items: ['医疗废物贮存情况'], approval, jointPartners: ['市场监管局', '卫生健康委'] });
  const hidId = await newTarget(db, f.county.id, '91440300MA5UNPUB01', '未公开精细化工有限公司');
  const unpublishedId = await submitRecord(db, { orgId: f.county.id, taskId: null, targetId: hidId, team: [f.inspectorIds.county[0]!, f.inspectorIds.county[1]!], kind: '专项', category: '发现问题，责令整改', inspectedOn: '2025-04-16', submittedAt: '2025-04-16T08:00:00Z', approval, jointPartners: ['应急管理局'] });
  return {
    f, revealed: { id: a.id, drawNo: a.drawNo }, hidden: { id: b.id, drawNo: b.drawNo, secret, targetKeys }, tasks,
    privateRecord: { recordId: privateRecordId, name: '张某某个体诊所', code: '92440300MA5PRIV001', remark: '负责人住址：某街道 8 号', jointPartners: ['市场监管局', '卫生健康委'] },
    unpublishedRecord: { recordId: unpublishedId, name: '未公开精细化工有限公司', code: '91440300MA5UNPUB01', jointPartners: ['应急管理局'] },
  };
}
