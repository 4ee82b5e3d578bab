/**
 * The demo city's organisations, departments, squads and user accounts: one city bureau, its
 * enforcement detachment (支队) and 4–6 branches (分局), shaped like 枣庄's set-up (seeds/000).
 */
import { Rng } from './prng.ts';
import { BRANCHES, CITY_NAME, CITY_REGION_CODE } from './words.ts';
import { personName } from './common.ts';
import { generateInspectors } from './staff.ts';
import { demoItems } from './items-data.ts';
import { DEFAULT_SEED, type DemoDepartment, type DemoJurisdiction, type DemoOptions, type DemoOrg, type DemoSquad, type DemoUser } from './types.ts';

export const CITY_CODE = 'demo-city';
export const DETACHMENT_CODE = 'demo-zhidui';

type Kind = DemoDepartment['kind'];
const CITY_DEPARTMENTS: [string, Kind][] = [
  ['办公室', '科室'], ['法规与标准科', '科室'], ['大气环境科', '科室'], ['水生态环境科', '科室'], ['土壤与固体废物科', '科室'],
  ['自然生态保护科', '科室'], ['核与辐射安全管理科', '科室'], ['环境影响评价与排放管理科', '科室'], ['生态环境监测站', '监测站'],
];
const DETACHMENT_DEPARTMENTS: [string, Kind][] = [
  ['综合科', '科室'], ['法制审核科', '科室'], ['执法一大队', '执法大队'], ['执法二大队', '执法大队'], ['执法三大队', '执法大队'],
];
const BRANCH_DEPARTMENTS: [string, Kind][] = [['综合科', '科室'], ['环境管理科', '科室'], ['执法大队', '执法大队'], ['监测站', '监测站']];
const SQUAD_NUMERALS = ['一', '二', '三'];

/** Organisations: city, detachment, then the branches in a fixed order (so codes are stable). */
export function demoOrgs(rng: Rng): DemoOrg[] {
  const cityName = `${CITY_NAME}生态环境局`;
  const orgs: DemoOrg[] = [
    { code: CITY_CODE, name: cityName, level: '市', parentCode: null, regionCode: CITY_REGION_CODE },
    { code: DETACHMENT_CODE, name: `${CITY_NAME}生态环境保护综合执法支队`, level: '支队', parentCode: CITY_CODE, regionCode: CITY_REGION_CODE },
  ];
  const count = 4 + rng.int(3);
  for (const b of BRANCHES.slice(0, count)) {
    orgs.push({ code: `demo-${b.key}`, name: `${cityName}${b.short}分局`, level: '分局', parentCode: CITY_CODE, regionCode: b.regionCode });
  }
  return orgs;
}

/** Departments and squads of each org; branches get two or three 执法分队. */
export function demoUnits(rng: Rng, orgs: readonly DemoOrg[]): { departments: DemoDepartment[]; squads: DemoSquad[] } {
  const departments: DemoDepartment[] = [];
  const squads: DemoSquad[] = [];
  for (const org of orgs) {
    const list = org.level === '市' ? CITY_DEPARTMENTS : org.level === '支队' ? DETACHMENT_DEPARTMENTS : BRANCH_DEPARTMENTS;
    for (const [name, kind] of list) departments.push({ orgCode: org.code, name, kind });
    if (org.level === '支队') {
      // One squad per 大队, as in 南山's 执法科一、二、三队.
      SQUAD_NUMERALS.forEach((n) => squads.push({ orgCode: org.code, departmentName: `执法${n}大队`, name: `执法${n}分队` }));
    } else if (org.level !== '市') {
      const count = 2 + rng.int(2);
      for (let i = 0; i < count; i++) squads.push({ orgCode: org.code, departmentName: '执法大队', name: `执法${SQUAD_NUMERALS[i]}分队` });
    }
  }
  return { departments, squads };
}

/** Login accounts: admin, leader and supervisor at the city, a coordinator per org, some inspectors. */
export function demoUsers(rng: Rng, orgs: readonly DemoOrg[], inspectors: DemoJurisdiction['inspectors']): DemoUser[] {
  const person = () => personName(rng, rng.chance(0.6) ? '男' : '女');
  const users: DemoUser[] = [
    { orgCode: CITY_CODE, username: 'admin', displayName: '系统管理员', role: 'admin' },
    { orgCode: CITY_CODE, username: 'leader', displayName: person(), role: 'leader' },
    { orgCode: CITY_CODE, username: 'supervisor', displayName: person(), role: 'supervisor' },
  ];
  for (const org of orgs) {
    const suffix = org.code.replace(/^demo-/, '');
    users.push({ orgCode: org.code, username: `coord-${suffix}`, displayName: person(), role: 'coordinator' });
    // The first enforcement officer of each detachment/branch can log in and see their tasks.
    const officer = inspectors.find((i) => i.orgCode === org.code && i.kind === '执法人员');
    if (officer && org.level !== '市') {
      users.push({ orgCode: org.code, username: `insp-${suffix}`, displayName: String(officer.name), role: 'inspector', inspectorCertNo: String(officer.certNo) });
    }
  }
  return users;
}

/** The whole demo jurisdiction except targets; deterministic for a seed. */
export function generateJurisdiction(opts: DemoOptions): DemoJurisdiction {
  const seed = opts.seed ?? DEFAULT_SEED;
  const rng = new Rng(`${seed}/jurisdiction`);
  const orgs = demoOrgs(rng);
  const { departments, squads } = demoUnits(rng, orgs);
  const inspectors = generateInspectors(seed, opts.targets, orgs, departments, squads);
  const users = demoUsers(rng, orgs, inspectors);
  return { orgs, departments, squads, users, inspectors, items: demoItems(CITY_CODE) };
}
