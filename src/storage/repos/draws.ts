/**
 * Draws (SSJ-DRAW/1): the draw rows, their frozen inputs, the secret, the tasks, replacements and the
 * access log. The triggers of migration 0003 refuse every change a draw's history does not allow
 * (see shuangsui_draw_guard); this file only ever inserts, or moves a draw's status forward.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Queryable } from './directory.ts';

export type DrawStatus = 'frozen' | 'drawn' | 'revealed' | 'abandoned';

export interface DrawRow {
  id: number;
  orgId: number;
  orgName: string;
  orgPath: string;
  seq: number;
  drawNo: string;
  planId: number | null;
  profileKey: string;
  profileVersion: number;
  profileHash: string;
  period: string;
  drawDate: string;
  kind: '不定向' | '定向';
  filter: DrawFilter;
  /** 跨部门联合检查: the other bodies taking part (set at freeze, outside the manifest). */
  jointPartners: string[];
  status: DrawStatus;
  manifest: Record<string, unknown>;
  manifestHash: string;
  commitment: string;
  publicValueSource: string;
  exclusionSummary: { reason: string; count: number }[];
  frozenBy: number | null;
  frozenAt: Date;
  publicValue: string | null;
  seed: string | null;
  witnesses: string[] | null;
  minutes: string | null;
  resultHash: string | null;
  taskCount: number | null;
  drawnBy: number | null;
  drawnAt: Date | null;
  revealedBy: number | null;
  revealedAt: Date | null;
  abandonReason: string | null;
}

/** The 定向 narrowing of a pool (any list left empty does not narrow). */
export interface DrawFilter {
  campaign?: string;
  tags?: string[];
  industryCodes?: string[];
  regions?: string[];
  kinds?: string[];
}

const COLS = `d.id, d.org_id AS "orgId", o.name AS "orgName", o.path AS "orgPath", d.seq, d.draw_no AS "drawNo",
  d.plan_id AS "planId", d.profile_key AS "profileKey", d.profile_version AS "profileVersion", d.profile_hash AS "profileHash",
  d.period, d.draw_date AS "drawDate", d.kind, d.filter, d.joint_partners AS "jointPartners", d.status, d.manifest, d.manifest_hash AS "manifestHash",
  d.commitment, d.public_value_source AS "publicValueSource", d.exclusion_summary AS "exclusionSummary",
  d.frozen_by AS "frozenBy", d.frozen_at AS "frozenAt", d.public_value AS "publicValue", d.seed, d.witnesses, d.minutes,
  d.result_hash AS "resultHash", d.task_count AS "taskCount", d.drawn_by AS "drawnBy", d.drawn_at AS "drawnAt",
  d.revealed_by AS "revealedBy", d.revealed_at AS "revealedAt", d.abandon_reason AS "abandonReason"`;
const FROM = 'draws d JOIN organizations o ON o.id = d.org_id';

/** The organisation's next draw number (1, 2, …) and the manifest hash of its latest draw ('' for the first). */
export async function nextDrawSeq(q: Queryable, orgId: number): Promise<{ seq: number; previousManifestHash: string }> {
  const row = (await q.query(
    `SELECT seq, manifest_hash AS "manifestHash" FROM draws WHERE org_id = $1 ORDER BY seq DESC LIMIT 1`, [orgId],
  )).rows[0];
  return { seq: (row?.seq ?? 0) + 1, previousManifestHash: row?.manifestHash ?? '' };
}

export interface NewDraw {
  orgId: number; seq: number; drawNo: string; planId: number | null;
  profileKey: string; profileVersion: number; profileHash: string;
  period: string; drawDate: string; kind: string; filter: DrawFilter; jointPartners?: string[];
  manifest: unknown; manifestHash: string; commitment: string; publicValueSource: string;
  exclusionSummary: { reason: string; count: number }[]; frozenBy: number | null; frozenAt: Date;
}

/** Object keys in jsonb's order: shorter (in UTF-8 bytes) first, then bytewise. */
function jsonbKeyOrder(a: string, b: string): number {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length - y.length || Buffer.compare(x, y);
}

/**
 * A JSON value rebuilt with every object's keys in the order a jsonb column gives them back, so a
 * value read from a compressed column is the value, key order included, that jsonb would give
 * (bundles are served as stored). Arrays of plain values (a pool's ids) are kept as they are.
 */
function inJsonbOrder(v: unknown, orders = new Map<string, string[]>()): unknown {
  if (Array.isArray(v)) return v.some((x) => typeof x === 'object' && x !== null) ? v.map((x) => inJsonbOrder(x, orders)) : v;
  if (typeof v !== 'object' || v === null) return v;
  const keys = Object.keys(v);
  const signature = keys.join('\u0000');
  let sorted = orders.get(signature);
  if (!sorted) orders.set(signature, sorted = [...keys].sort(jsonbKeyOrder));
  const out: Record<string, unknown> = {};
  for (const k of sorted) out[k] = inJsonbOrder((v as Record<string, unknown>)[k], orders);
  return out;
}

/** gzip (level 1: ids compress about 5 ×, in tens of milliseconds) of a value's JSON in jsonb key order. */
function packJson(v: unknown): Buffer {
  return gzipSync(JSON.stringify(inJsonbOrder(v)), { level: 1 });
}

/** The value a packJson buffer holds. */
function unpackJson<T>(packed: Buffer): T {
  return JSON.parse(gunzipSync(packed).toString('utf8')) as T;
}

/** Inserts a frozen draw with its inputs and secret (call inside one transaction). */
export async function insertFrozenDraw(q: Queryable, d: NewDraw, inputs: { pools: unknown; roster: unknown; exclusions: unknown; targetRefs?: Record<string, number> }, secret: string): Promise<number> {
  const id = (await q.query(
    `INSERT INTO draws (org_id, seq, draw_no, plan_id, profile_key, profile_version, profile_hash, period, draw_date, kind, filter,
       status, manifest, manifest_hash, commitment, public_value_source, exclusion_summary, frozen_by, frozen_at, joint_partners)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'frozen',$12,$13,$14,$15,$16,$17,$18,$19) RETURNING id`,
    [d.orgId, d.seq, d.drawNo, d.planId, d.profileKey, d.profileVersion, d.profileHash, d.period, d.drawDate, d.kind,
      JSON.stringify(d.filter), JSON.stringify(d.manifest), d.manifestHash, d.commitment, d.publicValueSource,
      JSON.stringify(d.exclusionSummary), d.frozenBy, d.frozenAt, d.jointPartners ?? []],
  )).rows[0].id as number;
  // Pools and exclusions compressed (migration 0018): a million ids are 21 MB of jsonb, seconds to store.
  await q.query(`INSERT INTO draw_inputs (draw_id, pools_gzip, roster, exclusions_gzip, target_refs) VALUES ($1, $2, $3, $4, $5)`,
    [id, packJson(inputs.pools), JSON.stringify(inputs.roster), packJson(inputs.exclusions), JSON.stringify(inputs.targetRefs ?? {})]);
  await q.query(`INSERT INTO draw_secrets (draw_id, secret) VALUES ($1, $2)`, [id, secret]);
  return id;
}

/** One draw by id or protocol draw id, or undefined; `forUpdate` locks it for the transaction. */
export async function getDraw(q: Queryable, by: { id?: number; drawNo?: string }, forUpdate = false): Promise<DrawRow | undefined> {
  const [where, value] = by.id !== undefined ? ['d.id = $1', by.id] : ['d.draw_no = $1', by.drawNo];
  return (await q.query(`SELECT ${COLS} FROM ${FROM} WHERE ${where}${forUpdate ? ' FOR UPDATE OF d' : ''}`, [value])).rows[0];
}

/** Draws of the given organisations, newest first. */
export async function listDraws(q: Queryable, orgIds: number[], filter: { status?: string[]; period?: string; year?: number } = {}): Promise<DrawRow[]> {
  const params: unknown[] = [orgIds];
  let where = 'd.org_id = ANY($1::int[])';
  if (filter.status?.length) { params.push(filter.status); where += ` AND d.status = ANY($${params.length}::text[])`; }
  if (filter.period) { params.push(filter.period); where += ` AND d.period = $${params.length}`; }
  if (filter.year) { params.push(`${filter.year}%`); where += ` AND d.period LIKE $${params.length}`; }
  return (await q.query(`SELECT ${COLS} FROM ${FROM} WHERE ${where} ORDER BY d.org_id, d.seq DESC`, params)).rows;
}

/** The frozen pools (label → ids), roster and exclusions of a draw (jsonb or compressed, the same values). */
export async function getDrawInputs(q: Queryable, drawId: number): Promise<{ pools: Record<string, string[]>; roster: unknown[]; exclusions: ExcludedTarget[]; targetRefs: Record<string, number> }> {
  const row = (await q.query(
    `SELECT pools, pools_gzip AS "poolsGzip", roster, exclusions, exclusions_gzip AS "exclusionsGzip", target_refs AS "targetRefs"
     FROM draw_inputs WHERE draw_id = $1`, [drawId],
  )).rows[0];
  if (!row) return row;
  return {
    pools: row.pools ?? unpackJson(row.poolsGzip),
    roster: row.roster,
    exclusions: row.exclusions ?? unpackJson(row.exclusionsGzip),
    targetRefs: row.targetRefs,
  };
}

/** The frozen roster of a draw alone: its pools and exclusions (up to millions of ids, compressed) are not read. */
export async function getDrawRoster(q: Queryable, drawId: number): Promise<unknown[]> {
  return (await q.query(`SELECT roster FROM draw_inputs WHERE draw_id = $1`, [drawId])).rows[0].roster;
}

/** An excluded target as kept in the manifest's inputs. */
export interface ExcludedTarget { targetId: string; name: string; reason: string }

/** The secret. Only the draw and the reveal call this; no API returns it before the reveal. */
export async function getDrawSecret(q: Queryable, drawId: number): Promise<string> {
  return (await q.query(`SELECT secret FROM draw_secrets WHERE draw_id = $1`, [drawId])).rows[0].secret;
}

export interface NewTask {
  position: number; targetId: number; targetKey: string; items: string[]; drawnInspectors: string[];
  team: number[]; dispatchedOrgId: number; deadline: string | null;
}

/** Writes the result's tasks (while the draw is still frozen) in batches of one statement each. */
export async function insertDrawTasks(q: Queryable, drawId: number, tasks: NewTask[]): Promise<void> {
  const BATCH = 5000;
  for (let i = 0; i < tasks.length; i += BATCH) {
    const part = tasks.slice(i, i + BATCH);
    // Arrays of arrays become JSON text so rows can carry lists of different lengths.
    await q.query(
      `INSERT INTO draw_tasks (draw_id, position, target_id, target_key, items, drawn_inspectors, team, dispatched_org_id, deadline)
       SELECT $1, t.position, t.target_id, t.target_key,
              ARRAY(SELECT jsonb_array_elements_text(t.items)), ARRAY(SELECT jsonb_array_elements_text(t.inspectors)),
              ARRAY(SELECT jsonb_array_elements_text(t.team)::int), t.org_id, t.deadline
       FROM jsonb_to_recordset($2::jsonb) AS t(position int, target_id int, target_key text, items jsonb, inspectors jsonb,
              team jsonb, org_id int, deadline date)`,
      [drawId, JSON.stringify(part.map((t) => ({
        position: t.position, target_id: t.targetId, target_key: t.targetKey, items: t.items, inspectors: t.drawnInspectors,
        team: t.team, org_id: t.dispatchedOrgId, deadline: t.deadline,
      })))],
    );
  }
}

/** Moves a frozen draw to drawn (the trigger refuses it for any other status). */
export async function markDrawn(q: Queryable, id: number, d: { publicValue: string; seed: string; witnesses: string[]; minutes: string; resultHash: string; taskCount: number; drawnBy: number | null; drawnAt: Date }): Promise<void> {
  await q.query(
    `UPDATE draws SET status = 'drawn', public_value = $2, seed = $3, witnesses = $4, minutes = $5, result_hash = $6,
       task_count = $7, drawn_by = $8, drawn_at = $9 WHERE id = $1`,
    [id, d.publicValue, d.seed, d.witnesses, d.minutes, d.resultHash, d.taskCount, d.drawnBy, d.drawnAt],
  );
}

/** Moves a drawn draw to revealed. */
export async function markRevealed(q: Queryable, id: number, by: number | null, at: Date): Promise<void> {
  await q.query(`UPDATE draws SET status = 'revealed', revealed_by = $2, revealed_at = $3 WHERE id = $1`, [id, by, at]);
}

/** Moves a frozen draw to abandoned with its reason (the number stays used, so the gap is visible). */
export async function markAbandoned(q: Queryable, id: number, reason: string): Promise<void> {
  await q.query(`UPDATE draws SET status = 'abandoned', abandon_reason = $2 WHERE id = $1`, [id, reason]);
}

export interface TaskRow {
  id: number; drawId: number; position: number; targetId: number; targetKey: string; targetName: string;
  items: string[]; drawnInspectors: string[]; team: number[]; teamNames: string[];
  dispatchedOrgId: number; dispatchedOrgName: string; deadline: string | null; status: string;
}

/** The draw's tasks in protocol order; with `inspectorId` only the tasks whose current team includes it. */
export async function listDrawTasks(q: Queryable, drawId: number, opts: { inspectorId?: number } = {}): Promise<TaskRow[]> {
  const params: unknown[] = [drawId];
  let where = 't.draw_id = $1';
  if (opts.inspectorId !== undefined) { params.push(opts.inspectorId); where += ` AND t.team @> ARRAY[$2::int]`; }
  return (await q.query(
    `SELECT t.id, t.draw_id AS "drawId", t.position, t.target_id AS "targetId", t.target_key AS "targetKey", g.name AS "targetName",
       t.items, t.drawn_inspectors AS "drawnInspectors", t.team,
       ARRAY(SELECT i.name FROM unnest(t.team) WITH ORDINALITY u(iid, n) JOIN inspectors i ON i.id = u.iid ORDER BY u.n) AS "teamNames",
       t.dispatched_org_id AS "dispatchedOrgId", o.name AS "dispatchedOrgName", t.deadline, t.status
     FROM draw_tasks t JOIN targets g ON g.id = t.target_id JOIN organizations o ON o.id = t.dispatched_org_id
     WHERE ${where} ORDER BY t.position`,
    params,
  )).rows;
}

/** The result exactly as drawn ({targetId, items, inspectors} in protocol order), rebuilt from the tasks. */
export async function drawnResult(q: Queryable, drawId: number): Promise<{ tasks: { targetId: string; items: string[]; inspectors: string[] }[] }> {
  const rows = (await q.query(
    `SELECT target_key AS "targetId", items, drawn_inspectors AS inspectors FROM draw_tasks WHERE draw_id = $1 ORDER BY position`, [drawId],
  )).rows;
  return { tasks: rows };
}

/** Appends a read of a draw's list to the access log. */
export async function logDrawAccess(q: Queryable, drawId: number, userId: number | null, what: string, at: Date): Promise<void> {
  await q.query(`INSERT INTO draw_access_log (draw_id, user_id, what, at) VALUES ($1, $2, $3, $4)`, [drawId, userId, what, at]);
}

/** The access log of a draw, newest first. */
export async function listDrawAccess(q: Queryable, drawId: number): Promise<{ userId: number | null; userName: string | null; what: string; at: Date }[]> {
  return (await q.query(
    `SELECT l.user_id AS "userId", u.display_name AS "userName", l.what, l.at FROM draw_access_log l
       LEFT JOIN users u ON u.id = l.user_id WHERE l.draw_id = $1 ORDER BY l.at DESC, l.id DESC`, [drawId],
  )).rows;
}

/** Targets drawn (drawn or revealed draws) by the given organisations in a period, with the draw id. */
export async function targetsDrawnBy(q: Queryable, orgIds: number[], periods: string[], stratumLabel?: string): Promise<Map<number, string>> {
  if (orgIds.length === 0 || periods.length === 0) return new Map();
  const params: unknown[] = [orgIds, periods];
  let extra = '';
  if (stratumLabel !== undefined) { params.push(stratumLabel); extra = ` AND $3 = ANY(t.items)`; }
  const rows = (await q.query(
    `SELECT t.target_id AS "targetId", d.draw_no AS "drawNo" FROM draw_tasks t JOIN draws d ON d.id = t.draw_id
     WHERE d.org_id = ANY($1::int[]) AND d.period = ANY($2::text[]) AND d.status IN ('drawn', 'revealed')${extra}`,
    params,
  )).rows as { targetId: number; drawNo: string }[];
  return new Map(rows.map((r) => [r.targetId, r.drawNo]));
}

/** For each target of the organisations' earlier draws: the team of its latest task (回避 of a repeat inspector). */
export async function lastTeams(q: Queryable, orgIds: number[]): Promise<{ targetId: number; team: number[] }[]> {
  return (await q.query(
    `SELECT DISTINCT ON (t.target_id) t.target_id AS "targetId", t.team FROM draw_tasks t JOIN draws d ON d.id = t.draw_id
     WHERE d.org_id = ANY($1::int[]) AND d.status IN ('drawn', 'revealed') ORDER BY t.target_id, d.drawn_at DESC, t.id DESC`,
    [orgIds],
  )).rows;
}

/** One task by id with its draw id, locked for the transaction. */
export async function getTaskForUpdate(q: Queryable, taskId: number): Promise<{ id: number; drawId: number; targetId: number; targetKey: string; items: string[]; team: number[] } | undefined> {
  return (await q.query(
    `SELECT id, draw_id AS "drawId", target_id AS "targetId", target_key AS "targetKey", items, team FROM draw_tasks WHERE id = $1 FOR UPDATE`, [taskId],
  )).rows[0];
}

export interface ReplacementRow {
  id: number; taskId: number; seq: number; replacedInspector: string; replacement: string; ticket: string;
  reason: string; approvedBy: number; approverName: string | null; createdAt: Date;
}

/** The draw's replacements in order. */
export async function listReplacements(q: Queryable, drawId: number): Promise<ReplacementRow[]> {
  return (await q.query(
    `SELECT r.id, r.task_id AS "taskId", r.seq, r.replaced_inspector AS "replacedInspector", r.replacement, r.ticket, r.reason,
       r.approved_by AS "approvedBy", u.display_name AS "approverName", r.created_at AS "createdAt"
     FROM draw_task_replacements r LEFT JOIN users u ON u.id = r.approved_by WHERE r.draw_id = $1 ORDER BY r.seq`, [drawId],
  )).rows;
}

/** Appends a replacement and sets the task's current team. */
export async function insertReplacement(q: Queryable, r: { drawId: number; taskId: number; seq: number; replacedInspector: string; replacement: string; ticket: string; reason: string; approvedBy: number; at: Date }, team: number[]): Promise<void> {
  await q.query(
    `INSERT INTO draw_task_replacements (draw_id, task_id, seq, replaced_inspector, replacement, ticket, reason, approved_by, created_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
    [r.drawId, r.taskId, r.seq, r.replacedInspector, r.replacement, r.ticket, r.reason, r.approvedBy, r.at],
  );
  await q.query(`UPDATE draw_tasks SET team = $2, updated_at = $3 WHERE id = $1`, [r.taskId, team, r.at]);
}

/** Current teams of all tasks of a draw (loads for a replacement). */
export async function drawTeams(q: Queryable, drawId: number): Promise<{ id: number; targetKey: string; team: number[] }[]> {
  return (await q.query(`SELECT id, target_key AS "targetKey", team FROM draw_tasks WHERE draw_id = $1 ORDER BY position`, [drawId])).rows;
}

/** A target row with the facts classification needs. */
export interface PoolTarget extends PoolFacts {
  id: number; orgId: number; identifier: string; name: string;
}

/** The facts of a target classification and the 定向 filter read. */
export interface PoolFacts {
  kind: string; permitClass: string | null; creditRating: string | null; vocsGrade: string | null; weatherGrade: string | null;
  status: string | null; region: string | null; industryCode: string | null; keyUnit: boolean; positiveList: boolean; tags: string[];
}

/** A batch of pool targets in id order, column by column: target i is ids[i], identifiers[i], facts[i], nameOf(i). */
export interface PoolTargetBatch {
  ids: number[]; identifiers: string[];
  /** One shared (frozen) object per distinct set of facts in the batch. */
  facts: Readonly<PoolFacts>[];
  /** A target's name (only excluded targets need one, so names are decoded on first use). */
  nameOf(i: number): string;
}

const POOL_FACTS = 'kind, permit_class, credit_rating, vocs_grade, weather_grade, status, region, industry_code, key_unit, positive_list, tags';
const POSITION_BITS = 2 ** 21; // a batch position fits below it; ids (int4) times it stay below 2^53

/**
 * The targets of the organisations in id order, in batches, for building pools. Each batch comes as
 * one row per distinct set of facts with the batch's ids, identifiers and names aggregated: a million
 * rows of fifteen columns cost the database (above all the embedded one) and the decoding several
 * times more than a few rows of long lists.
 */
export async function* iteratePoolTargets(q: Queryable, orgIds: number[], batch = 20000): AsyncGenerator<PoolTargetBatch> {
  if (batch >= POSITION_BITS) throw new Error('iteratePoolTargets: batch too large');
  let last = 0;
  for (;;) {
    // Aggregates without ORDER BY in one grouping read their rows in one order, so the lists line up.
    const groups = (await q.query(
      `SELECT kind, permit_class AS "permitClass", credit_rating AS "creditRating", vocs_grade AS "vocsGrade",
         weather_grade AS "weatherGrade", status, region, industry_code AS "industryCode", key_unit AS "keyUnit",
         positive_list AS "positiveList", tags, count(*)::int AS n,
         string_agg(id::text, ',') AS ids, json_agg(identifier)::text AS identifiers, json_agg(name)::text AS names
       FROM (SELECT id, identifier, name, ${POOL_FACTS} FROM targets
             WHERE org_id = ANY($1::int[]) AND id > $2 ORDER BY id LIMIT ${batch}) b
       GROUP BY ${POOL_FACTS}`,
      [orgIds, last],
    )).rows as (PoolFacts & { n: number; ids: string; identifiers: string; names: string })[];
    // Per target (in the groups' order): id, identifier, facts, and where its name is (group, position).
    const ids: number[] = [], identifiers: string[] = [], facts: Readonly<PoolFacts>[] = [], groupOf: number[] = [], positionIn: number[] = [];
    const names: (string[] | undefined)[] = groups.map(() => undefined);
    for (const [k, g] of groups.entries()) {
      const gIds = g.ids.split(','), gIdentifiers = JSON.parse(g.identifiers) as string[];
      if (gIds.length !== g.n || gIdentifiers.length !== g.n) throw new Error('iteratePoolTargets: aggregated lists of unequal length');
      Object.freeze(g.tags);
      const shared = Object.freeze<PoolFacts>({
        kind: g.kind, permitClass: g.permitClass, creditRating: g.creditRating, vocsGrade: g.vocsGrade, weatherGrade: g.weatherGrade,
        status: g.status, region: g.region, industryCode: g.industryCode, keyUnit: g.keyUnit, positiveList: g.positiveList, tags: g.tags,
      });
      for (let i = 0; i < g.n; i++) {
        ids.push(Number(gIds[i])); identifiers.push(gIdentifiers[i]!); facts.push(shared); groupOf.push(k); positionIn.push(i);
      }
    }
    const nameAt = (k: number, i: number): string => {
      let list = names[k];
      if (!list) {
        list = names[k] = JSON.parse(groups[k]!.names) as string[];
        if (list.length !== groups[k]!.n) throw new Error('iteratePoolTargets: aggregated lists of unequal length');
      }
      return list[i]!;
    };
    const n = ids.length;
    if (n === 0) return;
    // Id order: sort id·2^21 + position numerically (a native sort), then read the positions back.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = ids[i]! * POSITION_BITS + i;
    keys.sort();
    const order = new Array<number>(n);
    const out: PoolTargetBatch = { ids: new Array(n), identifiers: new Array(n), facts: new Array(n), nameOf: (j) => nameAt(groupOf[order[j]!]!, positionIn[order[j]!]!) };
    for (let j = 0; j < n; j++) {
      const i = order[j] = keys[j]! % POSITION_BITS;
      out.ids[j] = ids[i]!; out.identifiers[j] = identifiers[i]!; out.facts[j] = facts[i]!;
    }
    last = out.ids[n - 1]!;
    yield out;
    if (n < batch) return;
  }
}

/** An event of a pool target, with the facts classification reads. */
export interface PoolEvent { targetId: number; kind: string; occurredOn: string; reference: string | null; outlet: string | null; voided: boolean }

/** Events of the targets with ids in (after, upTo] (a batch of iteratePoolTargets), by id range rather than a list of ids. */
export async function eventsInIdRange(q: Queryable, after: number, upTo: number): Promise<PoolEvent[]> {
  return (await q.query(
    `SELECT target_id AS "targetId", kind, occurred_on AS "occurredOn", reference, outlet, voided_at IS NOT NULL AS voided
     FROM target_events WHERE target_id > $1 AND target_id <= $2 ORDER BY occurred_on, id`,
    [after, upTo],
  )).rows;
}

/** Roster candidates: 执法人员 on duty with a certificate valid on `day`, with department and live conflicts. */
export async function listRosterInspectors(q: Queryable, orgIds: number[], day: string): Promise<{ id: number; orgId: number; name: string; department: string | null; expertise: string[]; conflicts: number[] }[]> {
  return (await q.query(
    `SELECT i.id, i.org_id AS "orgId", i.name, d.name AS department, i.expertise,
       ARRAY(SELECT c.target_id FROM inspector_conflicts c WHERE c.inspector_id = i.id AND c.revoked_at IS NULL AND c.declared_on <= $2 ORDER BY c.target_id) AS conflicts
     FROM inspectors i LEFT JOIN departments d ON d.id = i.department_id
     WHERE i.org_id = ANY($1::int[]) AND i.kind = '执法人员' AND i.on_duty
       AND (i.cert_valid_from IS NULL OR i.cert_valid_from <= $2) AND (i.cert_valid_to IS NULL OR i.cert_valid_to >= $2)
     ORDER BY i.id`,
    [orgIds, day],
  )).rows;
}

/** Identifiers of target ids (to name conflicts in the roster). */
export async function targetKeys(q: Queryable, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = (await q.query(`SELECT id, identifier FROM targets WHERE id = ANY($1::int[])`, [ids])).rows as { id: number; identifier: string }[];
  return new Map(rows.map((r) => [r.id, r.identifier]));
}
