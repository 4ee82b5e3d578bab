/**
 * A small jurisdiction for draw tests: the city of seedMinimalOrgs with its branch (东城分局), an
 * enforcement department in each, inspectors, 排污单位 targets of every kind the 南山 profile sorts
 * (重点, 一般, excluded for credit, VOCs A, 正面清单, closed), users of every role, and an approved
 * 2025 plan (profile nanshan) with lines for 2025-Q2.
 */
import type { Database } from '../storage/database.ts';
import { getOrg, insertDepartment, insertUser } from '../storage/repos/orgs.ts';
import { hashPassword } from '../services/passwords.ts';
import type { Ctx } from '../services/context.ts';
import type { Role } from '../domain/orgs.ts';
import { seedMinimalOrgs } from './database.ts';

export const DRAW_PASSWORD = 'draw-pass-1';

export interface DrawFixture {
  city: { id: number; path: string; name: string; code: string };
  county: { id: number; path: string; name: string; code: string };
  ctxOf(role: Role, who?: 'city' | 'county'): Ctx;
  users: Record<string, { id: number; orgId: number; role: Role; inspectorId?: number }>;
  inspectorIds: { city: number[]; county: number[] };
  targetIds: Record<string, number>;
  planId: number;
}

async function target(database: Database, orgId: number, identifier: string, attrs: Record<string, unknown>): Promise<number> {
  const cols = ['org_id', 'kind', 'identifier', 'name', 'name_key', ...Object.keys(attrs)];
  const values = [orgId, '排污单位', identifier, `${identifier.slice(-4)}号公司`, identifier, ...Object.values(attrs)];
  return (await database.pool.query(
    `INSERT INTO targets (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`, values,
  )).rows[0].id;
}

/** Seeds the fixture; `now` is 2025-04-01 (inside 2025-Q2). */
export async function seedDrawFixture(database: Database, opts: { inspectorsPerOrg?: number; existingOrgs?: boolean } = {}): Promise<DrawFixture> {
  // existingOrgs: seedMinimalOrgs already ran (the browser test environment).
  const { city, county } = opts.existingOrgs
    ? { city: (await getOrg(database.pool, { code: 'city' }))!, county: (await getOrg(database.pool, { code: 'county' }))! }
    : await seedMinimalOrgs(database);
  const q = database.pool;
  const inspectorIds = { city: [] as number[], county: [] as number[] };
  for (const [org, key] of [[city, 'city'], [county, 'county']] as const) {
    const dept = await insertDepartment(q, org.id, { name: '执法支队', kind: '执法支队' });
    for (let i = 0; i < (opts.inspectorsPerOrg ?? 4); i++) {
      const id = (await q.query(
        `INSERT INTO inspectors (org_id, kind, cert_no, name, name_key, department_id, expertise, cert_valid_to)
         VALUES ($1, '执法人员', $2, $3, $3, $4, $5, '2030-12-31') RETURNING id`,
        [org.id, `${key}-${i}`, `${key === 'city' ? '市' : '区'}检查员${i + 1}`, dept.id, i % 2 ? ['水'] : ['气']],
      )).rows[0].id;
      inspectorIds[key].push(id);
    }
  }
  const targetIds: Record<string, number> = {};
  const code = (n: number) => `9144030000000${String(n).padStart(5, '0')}`;
  let n = 0;
  const add = async (orgId: number, label: string, count: number, attrs: Record<string, unknown>) => {
    for (let i = 0; i < count; i++) targetIds[`${label}${i}`] = await target(database, orgId, code(++n), attrs);
  };
  await add(city.id, '市重点', 4, { permit_class: '重点管理' });
  await add(county.id, '区重点', 4, { permit_class: '重点管理' });
  await add(city.id, '市一般', 5, {});
  await add(county.id, '区一般', 5, {});
  await add(county.id, '信用良好', 2, { credit_rating: '良好' });
  await add(county.id, 'VOCsA', 1, { vocs_grade: 'A' });
  await add(city.id, '正面清单', 1, { positive_list: true });
  await add(county.id, '关闭', 1, { status: '关闭' });
  await add(county.id, '化工', 3, { tags: ['化工园区'] });

  const users: DrawFixture['users'] = {};
  const hash = await hashPassword(DRAW_PASSWORD);
  const user = async (name: string, orgId: number, role: Role, inspectorId?: number) => {
    const id = await insertUser(q, { orgId, username: name, displayName: name, role, passwordHash: hash });
    if (inspectorId !== undefined) await q.query(`UPDATE users SET inspector_id = $2 WHERE id = $1`, [id, inspectorId]);
    users[name] = { id, orgId, role, ...(inspectorId !== undefined ? { inspectorId } : {}) };
  };
  await user('city-admin', city.id, 'admin');
  await user('city-leader', city.id, 'leader');
  await user('city-coordinator', city.id, 'coordinator');
  await user('city-supervisor', city.id, 'supervisor');
  await user('county-coordinator', county.id, 'coordinator');
  await user('county-leader', county.id, 'leader');
  for (const [i, id] of inspectorIds.city.entries()) await user(`city-inspector-${i}`, city.id, 'inspector', id);
  for (const [i, id] of inspectorIds.county.entries()) await user(`county-inspector-${i}`, county.id, 'inspector', id);

  const lines = [
    { stratum: '重点', label: '重点监管对象', item: null, period: '2025-Q2', pool: 11, count: 3, formula: 'ceil(25% × 11) = 3', drawnBy: null },
    { stratum: '一般', label: '一般监管对象', item: null, period: '2025-Q2', pool: 13, count: 3, formula: 'ceil(20% × 13) = 3', drawnBy: null },
    { stratum: '重点', label: '重点监管对象', item: null, period: '2025-Q3', pool: 11, count: 3, formula: 'ceil(25% × 11) = 3', drawnBy: null },
  ];
  const planId = (await q.query(
    `INSERT INTO annual_plans (org_id, profile_key, profile_hash, year, level, revision, status, inputs, lines, decided_at)
     VALUES ($1, 'nanshan', 'h', 2025, 'city', 1, 'approved', '{}', $2, now()) RETURNING id`,
    [city.id, JSON.stringify(lines)],
  )).rows[0].id;
  // The branch's own plan (for its draw after the city's).
  await q.query(
    `INSERT INTO annual_plans (org_id, profile_key, profile_hash, year, level, revision, status, inputs, lines, decided_at)
     VALUES ($1, 'nanshan', 'h', 2025, 'county', 1, 'approved', '{}', $2, now())`,
    [county.id, JSON.stringify(lines.slice(0, 2))],
  );
  const now = () => new Date('2025-04-01T02:00:00Z');
  const ctxOf = (role: Role, who: 'city' | 'county' = 'city'): Ctx => {
    const u = Object.entries(users).find(([k, v]) => v.role === role && k.startsWith(who))![1];
    const org = who === 'city' ? city : county;
    return { database, actor: { id: u.id, orgId: org.id, orgPath: org.path, role, displayName: role }, now };
  };
  return { city, county, ctxOf, users, inspectorIds, targetIds, planId };
}

/** The Ctx of one fixture user by name. */
export function ctxOfUser(f: DrawFixture, database: Database, name: string): Ctx {
  const u = f.users[name]!;
  const org = u.orgId === f.city.id ? f.city : f.county;
  return { database, actor: { id: u.id, orgId: org.id, orgPath: org.path, role: u.role, displayName: name }, now: () => new Date('2025-04-01T02:00:00Z') };
}
