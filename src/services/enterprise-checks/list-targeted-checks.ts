/**
 * 凡检查必审批 (#9): the requests for targeted checks within the actor's subtree — the leaders' queue
 * (待审批) and the decided ones with their opinion — each with the target's annual-cap situation
 * (this body's other inspections of the year against the cap) so the leader decides both at once.
 * Withdrawn requests (撤回) are listed with their reason, out of the queue and of the cap count.
 */
import type { Queryable } from '../../storage/repos/directory.ts';
import { assertAllowed, scopeOrgIds, type Ctx } from '../context.ts';
import { actorInspectorId } from '../draw/access.ts';
import { capCounts, rulesForOrg } from './annual-cap.ts';

export interface TargetedCheckRequest {
  recordId: number;
  orgId: number;
  orgName: string;
  kind: string;
  targetId: number;
  targetName: string;
  targetIdentifier: string;
  basis: string;
  basisRef: string | null;
  plannedFrom: string;
  plannedTo: string;
  mode: string;
  /** What will be checked: the request's lines (检查内容) in order. */
  items: string[];
  team: { id: number; name: string; certNo: string }[];
  /** 跨部门联合检查: the other administrative bodies taking part (empty: the body's own check). */
  jointPartners: string[];
  requestedBy: string | null;
  requestedAt: Date;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  decidedBy: string | null;
  decidedAt: Date | null;
  opinion: string | null;
  withdrawnBy: string | null;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  recordStatus: 'draft' | 'submitted';
  /** This body's other inspections of the target this year, the cap, and whether approving needs the cap exception with it. */
  cap: { year: number; count: number; cap: number; beyond: boolean; exceptionReason: string | null };
  /** Whether the actor may decide it (a leader over the organisation who did not request it). */
  mayDecide: boolean;
  /** Why the actor may reject but not approve it (their own inspector record is on the team), else null. */
  approveBlocked: string | null;
  /** Whether the actor may withdraw it (pending; its requester or a coordinator over the organisation). */
  mayWithdraw: boolean;
}

interface Row extends Omit<TargetedCheckRequest, 'team' | 'cap' | 'mayDecide' | 'approveBlocked' | 'mayWithdraw'> { orgPath: string; teamIds: number[]; requestedById: number | null; exceptionReason: string | null; inspectedOn: string }

async function capOf(q: Queryable, rows: Row[]): Promise<Map<number, TargetedCheckRequest['cap']>> {
  const out = new Map<number, TargetedCheckRequest['cap']>();
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.orgPath}|${r.plannedFrom.slice(0, 4)}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(r);
  }
  for (const [key, list] of groups) {
    const [path, y] = key.split('|') as [string, string];
    const year = Number(y);
    const cap = (await rulesForOrg(q, path, year)).annualCap.perBody;
    const counts = await capCounts(q, path, year, [...new Set(list.map((r) => r.targetId))]);
    for (const r of list) {
      // The request itself is among the visits unless rejected or withdrawn (or moved to another year's day).
      const self = r.status !== 'rejected' && r.status !== 'withdrawn' && r.inspectedOn.startsWith(y) ? 1 : 0;
      const count = (counts.get(r.targetId) ?? 0) - self;
      out.set(r.recordId, { year, count, cap, beyond: count >= cap && r.exceptionReason === null, exceptionReason: r.exceptionReason });
    }
  }
  return out;
}

/** Requests of the actor's subtree (or of `orgId` within it), pending first, newest first. */
export async function listTargetedChecks(ctx: Ctx, opts: { status?: TargetedCheckRequest['status']; orgId?: number } = {}): Promise<TargetedCheckRequest[]> {
  assertAllowed(ctx, 'read');
  const q = ctx.database.pool;
  const orgIds = await scopeOrgIds(ctx, opts.orgId);
  const rows = (await q.query(
    `SELECT a.record_id AS "recordId", a.org_id AS "orgId", o.name AS "orgName", o.path AS "orgPath", r.kind, r.target_id AS "targetId",
            t.name AS "targetName", t.identifier AS "targetIdentifier", a.basis, a.basis_ref AS "basisRef",
            a.planned_from::text AS "plannedFrom", a.planned_to::text AS "plannedTo", r.mode, r.inspected_on::text AS "inspectedOn",
            ARRAY(SELECT l.content FROM inspection_lines l WHERE l.record_id = r.id ORDER BY l.position) AS items, a.team AS "teamIds", r.joint_partners AS "jointPartners",
            a.requested_by AS "requestedById", ru.display_name AS "requestedBy", a.requested_at AS "requestedAt", a.status,
            du.display_name AS "decidedBy", a.decided_at AS "decidedAt", a.opinion, r.status AS "recordStatus",
            wu.display_name AS "withdrawnBy", a.withdrawn_at AS "withdrawnAt", a.withdrawal_reason AS "withdrawalReason",
            (SELECT x.reason FROM cap_exceptions x WHERE x.record_id = r.id LIMIT 1) AS "exceptionReason"
       FROM inspection_approvals a JOIN inspection_records r ON r.id = a.record_id JOIN targets t ON t.id = r.target_id
       JOIN organizations o ON o.id = a.org_id LEFT JOIN users ru ON ru.id = a.requested_by LEFT JOIN users du ON du.id = a.decided_by
       LEFT JOIN users wu ON wu.id = a.withdrawn_by
      WHERE a.org_id = ANY($1::int[]) ${opts.status ? 'AND a.status = $2' : ''}
      ORDER BY a.status = 'pending' DESC, a.requested_at DESC, a.record_id DESC LIMIT 500`,
    opts.status ? [orgIds, opts.status] : [orgIds],
  )).rows as Row[];
  const ids = [...new Set(rows.flatMap((r) => r.teamIds))];
  const people = new Map(((await q.query(`SELECT id, name, cert_no AS "certNo" FROM inspectors WHERE id = ANY($1::int[])`, [ids])).rows as TargetedCheckRequest['team']).map((i) => [i.id, i]));
  const caps = await capOf(q, rows);
  const me = ctx.actor.role === 'leader' ? await actorInspectorId(q, ctx) : null;
  return rows.map(({ orgPath, teamIds, requestedById, exceptionReason: _, inspectedOn: __, ...r }) => {
    const mayDecide = r.status === 'pending' && ctx.actor.role === 'leader' && ctx.actor.id !== requestedById && orgPath.startsWith(ctx.actor.orgPath);
    return {
      ...r,
      team: teamIds.map((id) => people.get(id)).filter((i): i is TargetedCheckRequest['team'][number] => Boolean(i)),
      cap: caps.get(r.recordId)!,
      mayDecide,
      approveBlocked: mayDecide && me !== null && teamIds.includes(me) ? '您本人在该检查的检查组中，不能由本人批准，请由其他领导审批' : null,
      mayWithdraw: r.status === 'pending' && ctx.actor.id !== null
        && (ctx.actor.id === requestedById || (ctx.actor.role === 'coordinator' && orgPath.startsWith(ctx.actor.orgPath))),
    };
  });
}
