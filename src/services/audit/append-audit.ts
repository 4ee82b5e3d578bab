/**
 * Appending to the audit log — the API every service calls after (and, where it has one, inside the
 * transaction of) a state change:
 *
 *   await appendAudit(client, auditEntry(ctx, 'plan.decide', { type: 'annual_plan', id: plan.id }, '批准了 2026 年度抽查计划', { decision }));
 *
 * `q` is the transaction's client (the row commits or rolls back with the change) or the pool (the
 * append runs in its own short transaction). A client must be inside a transaction (BEGIN): the head
 * row stays locked until it ends, which serialises appenders on PostgreSQL; the embedded database has
 * one connection anyway. `detail` is plain JSON; keys naming passwords, tokens, secrets or seeds are
 * dropped before hashing, so they can never reach the log.
 */
import pg from 'pg';
import { inTransaction } from '../../storage/database.ts';
import type { Queryable } from '../../storage/repos/directory.ts';
import { insertAuditRow, lockAuditHead } from '../../storage/repos/audit.ts';
import { auditHash, GENESIS_HASH, type AuditRow } from '../../domain/audit.ts';
import type { Ctx } from '../context.ts';

/** Action codes with their Chinese names (the page's filter lists them). Draws and inspections add theirs. */
export const AUDIT_ACTIONS = {
  'auth.login': '登录成功',
  'auth.login_failed': '登录失败',
  'auth.locked': '账号锁定',
  'auth.logout': '退出登录',
  'auth.ip_limited': '登录地址受限',
  'import.finished': '导入完成',
  'import.failed': '导入失败',
  'record.create': '新增名录记录',
  'record.update': '修改名录记录',
  'record.status': '名录记录状态变更',
  'event.add': '添加事件',
  'event.void': '作废事件',
  'conflict.declare': '申报回避',
  'conflict.revoke': '撤销回避',
  'org.create': '新增机构',
  'org.update': '修改机构',
  'department.create': '新增部门',
  'department.update': '修改部门',
  'squad.create': '新增分队',
  'squad.update': '修改分队',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'profile.copy': '复制监管方案',
  'profile.version': '保存方案版本',
  'calendar.add': '添加日历调整',
  'calendar.withdraw': '撤回日历调整',
  'classification.run': '分类计算',
  'plan.draft': '拟定年度计划',
  'plan.decide': '审定年度计划',
  'plan.publish': '公开年度计划',
  'draw.freeze': '冻结抽取',
  'draw.draw': '执行抽取',
  'draw.reveal': '公开抽取结果',
  'draw.abandon': '作废抽取',
  'draw.replace': '更换检查人员',
  'draw.read': '查看未公开抽取名单',
  'inspection.submit': '提交检查记录',
  'inspection.amend': '申请更正检查记录',
  'inspection.amendDecide': '审批检查记录更正',
  'inspection.check-request': '申请计划外检查',
  'inspection.check-decide': '审批计划外检查',
  'followup.open': '开始后续处理',
  'followup.link': '发送整改材料链接',
  'followup.verify': '核查整改',
  'enterprise.scan': '企业扫码确认检查',
  'enterprise.recusal': '企业申请回避',
  'enterprise.recusal-decide': '决定回避申请',
  'enterprise.cap-exception': '批准超频次检查',
  'publication.propose': '申请修改公示用语',
  'publication.decide': '审批公示用语',
  'publication.redact': '登记不予公开信息',
  'publication.publish': '公开检查结果',
  'reminder.fire': '发出到期提醒',
  'reminder.digest': '生成每日提醒',
} as const satisfies Record<string, string>;

export interface AuditActorRef { id: number | null; orgId: number | null; displayName: string }

export interface AuditEntry {
  actor: AuditActorRef;
  at: Date;
  /** A code such as 'plan.decide' (AUDIT_ACTIONS, or 'draw.*' / 'inspection.*' of their owners). */
  action: string;
  object: { type: string; id?: string | number | null };
  /** One Chinese sentence. */
  summary: string;
  detail?: Record<string, unknown>;
}

/** An entry for the context's actor at the context's time. */
export function auditEntry(ctx: Ctx, action: string, object: AuditEntry['object'], summary: string, detail?: Record<string, unknown>): AuditEntry {
  return { actor: { id: ctx.actor.id, orgId: ctx.actor.orgId, displayName: ctx.actor.displayName }, at: ctx.now(), action, object, summary, detail };
}

const SECRET_KEY = /passw|password|token|secret|seed|cookie/i;

/** Plain JSON without undefined values and without keys that could carry secrets. */
export function scrubDetail(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(scrubDetail);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined || SECRET_KEY.test(k)) continue;
      out[k] = scrubDetail(v);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

async function appendIn(c: Queryable, e: AuditEntry): Promise<AuditRow> {
  const head = await lockAuditHead(c, GENESIS_HASH);
  const fields = {
    seq: head.seq + 1,
    // The database keeps microseconds, the hash milliseconds: store exactly what is hashed.
    at: new Date(Math.floor(e.at.getTime())),
    actorId: e.actor.id,
    actorName: e.actor.displayName,
    actorOrgId: e.actor.orgId,
    action: e.action,
    objectType: e.object.type,
    objectId: e.object.id === undefined || e.object.id === null ? null : String(e.object.id),
    summary: e.summary,
    detail: scrubDetail(e.detail ?? {}),
  };
  const row: AuditRow = { ...fields, prevHash: head.hash, hash: auditHash(fields, head.hash) };
  await insertAuditRow(c, row);
  return row;
}

/** Appends one entry; see the file header for what `q` must be. */
export async function appendAudit(q: Queryable, entry: AuditEntry): Promise<AuditRow> {
  if (q instanceof pg.Pool) return inTransaction(q, (c) => appendIn(c, entry));
  return appendIn(q, entry);
}
