/**
 * Fills an empty database with the synthetic demo jurisdiction (src/demo): organisations,
 * departments, squads, users, inspectors, the item list and N targets with their event history.
 * Everything goes through the same storage functions as real imports.
 */
import { generateJurisdiction, generateTargets, type DemoOptions } from '../demo/generate.ts';
import { inTransaction, type Database } from '../storage/database.ts';
import { upsertRecords, type UpsertRow } from '../storage/repos/directory.ts';
import { insertDepartment, insertOrg, insertSquad, insertUser, listRootOrgs } from '../storage/repos/orgs.ts';
import { AppError, ErrorCode } from '../domain/errors.ts';
import { CATALOGUES, loadOrgUnits, parseRecord, toStorageRow, cellsFromJson } from './directory/catalogue.ts';
import { hashPassword } from './passwords.ts';
import type { Entity } from '../http/contract.ts';

export const DEMO_PASSWORD = 'shuangsui';
const BATCH = 1000;

/** Whether the database has no organisation yet. */
export async function isEmpty(database: Database): Promise<boolean> {
  return (await listRootOrgs(database.pool)).length === 0;
}

/** Seeds the demo jurisdiction; refuses a database that already has organisations. */
export async function seedDemo(database: Database, opts: DemoOptions, onProgress?: (done: number, total: number) => void): Promise<{ orgs: number; users: number; inspectors: number; items: number; targets: number; events: number }> {
  if (!(await isEmpty(database))) throw new AppError(ErrorCode.CONFLICT, '数据库中已有数据，demo 只能用于空数据库（可用 --data 指定新的数据目录）');
  const j = generateJurisdiction(opts);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return inTransaction(database.pool, async (c) => {
    const orgIds = new Map<string, number>();
    for (const o of j.orgs) {
      const org = await insertOrg(c, { code: o.code, name: o.name, level: o.level, parentId: o.parentCode ? orgIds.get(o.parentCode)! : null, regionCode: o.regionCode });
      orgIds.set(o.code, org.id);
    }
    const deptIds = new Map<string, number>();
    for (const d of j.departments) deptIds.set(`${d.orgCode}/${d.name}`, (await insertDepartment(c, orgIds.get(d.orgCode)!, d)).id);
    for (const s of j.squads) await insertSquad(c, orgIds.get(s.orgCode)!, { name: s.name, departmentId: s.departmentName ? deptIds.get(`${s.orgCode}/${s.departmentName}`) ?? null : null });
    for (const u of j.users) await insertUser(c, { orgId: orgIds.get(u.orgCode)!, username: u.username, displayName: u.displayName, role: u.role, passwordHash });
    const units = await loadOrgUnits(c, [...orgIds.values()]);

    const store = async (entity: Entity, records: Iterable<Record<string, unknown> & { orgCode: string }>, each?: (n: number) => Promise<void>) => {
      const cat = CATALOGUES[entity];
      let batch: UpsertRow[] = [];
      let n = 0;
      for (const rec of records) {
        const orgId = orgIds.get(rec.orgCode)!;
        const { record, issues } = parseRecord(cat, cellsFromJson(cat.fields, rec));
        if (issues.length) throw new Error(`demo ${entity} record invalid: ${JSON.stringify(issues)} ${JSON.stringify(rec)}`);
        batch.push({ orgId, record: toStorageRow(cat, record, orgId, units).row });
        if (batch.length >= BATCH) {
          await upsertRecords(c, cat.def, batch, null, null);
          n += batch.length;
          await each?.(n);
          batch = [];
        }
      }
      if (batch.length) await upsertRecords(c, cat.def, batch, null, null);
      return n + batch.length;
    };
    const inspectors = await store('inspectors', j.inspectors);
    // Inspector accounts belong to their inspector record (certificate number), so 我的任务 lists their tasks.
    const linked = j.users.filter((u) => u.inspectorCertNo);
    if (linked.length) {
      await c.query(
        `UPDATE users u SET inspector_id = i.id FROM unnest($1::text[], $2::text[]) AS l(username, cert_no)
           JOIN inspectors i ON i.cert_no = l.cert_no WHERE u.username = l.username AND i.org_id = u.org_id`,
        [linked.map((u) => u.username), linked.map((u) => u.inspectorCertNo!)],
      );
    }
    const items = await store('items', j.items);

    // Targets stream from the generator; their events are inserted after each batch, by identifier.
    let events = 0;
    const pendingEvents: { kind: string; identifier: string; ev: { kind: string; occurredOn: string; reference: string | null; outlet: string | null; detail: string | null } }[] = [];
    const flushEvents = async () => {
      if (!pendingEvents.length) return;
      const col = <K extends keyof (typeof pendingEvents)[number]['ev']>(k: K) => pendingEvents.map((p) => p.ev[k]);
      await c.query(
        `INSERT INTO target_events (target_id, kind, occurred_on, reference, outlet, detail)
         SELECT t.id, u.ekind, u.occurred_on, u.reference, u.outlet, u.detail
         FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[]) AS u(tkind, identifier, ekind, occurred_on, reference, outlet, detail)
         JOIN targets t ON t.kind = u.tkind AND t.identifier = u.identifier`,
        [pendingEvents.map((p) => p.kind), pendingEvents.map((p) => p.identifier), col('kind'), col('occurredOn'), col('reference'), col('outlet'), col('detail')],
      );
      events += pendingEvents.length;
      pendingEvents.length = 0;
    };
    function* targetsWithEvents() {
      for (const t of generateTargets(opts, j.orgs)) {
        for (const ev of t.events) pendingEvents.push({ kind: String(t.kind), identifier: String(t.identifier), ev });
        yield t;
      }
    }
    const targets = await store('targets', targetsWithEvents(), async (n) => {
      await flushEvents();
      onProgress?.(n, opts.targets);
    });
    await flushEvents();
    return { orgs: j.orgs.length, users: j.users.length, inspectors, items, targets, events };
  });
}
