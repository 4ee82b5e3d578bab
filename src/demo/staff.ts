/**
 * The inspector directory (检查人员名录库): enforcement officers of every org plus about 10 % experts
 * and auxiliary staff (Z, B, W). One officer per ~40 targets, as in B's 1:5–1:10 yearly ratios.
 */
import { EXPERTISE_TAGS } from '../domain/inspectors.ts';
import { Rng, weighted } from './prng.ts';
import { mobilePhone, personName, placesOf } from './common.ts';
import {
  AUXILIARY_TITLES, AUXILIARY_UNITS, BRANCHES, CITY_NAME, ENFORCER_TITLES, EXPERT_TITLES, EXPERT_UNITS, LEADER_TITLES,
} from './words.ts';
import type { DemoDepartment, DemoInspector, DemoOrg, DemoSquad } from './types.ts';

/** Expertise that comes with a department; enforcement units draw from the general pool instead. */
const DEPARTMENT_EXPERTISE: Record<string, string[]> = {
  大气环境科: ['气', '自动监控'], 水生态环境科: ['水', '海洋'], 土壤与固体废物科: ['土壤', '固废', '危废', '化学品'],
  自然生态保护科: ['生态'], 核与辐射安全管理科: ['辐射'], 环境影响评价与排放管理科: ['环评', '排污许可'],
  生态环境监测站: ['监测', '自动监控'], 监测站: ['监测', '自动监控'], 环境管理科: ['环评', '排污许可', '固废'],
};
// Field enforcement is mostly water, air and waste; radiation and marine specialists are rare.
const FIELD_EXPERTISE = weighted<string>([
  ['水', 20], ['气', 22], ['固废', 12], ['危废', 12], ['排污许可', 14], ['自动监控', 8], ['噪声', 5], ['土壤', 5],
  ['移动源', 4], ['化学品', 3], ['环评', 4], ['监测', 3], ['辐射', 2], ['生态', 2], ['海洋', 1],
]);
const ISSUE_YEAR = weighted<number>([[2019, 5], [2020, 8], [2021, 15], [2022, 20], [2023, 24], [2024, 28]]);

/** Splits `total` over weights by largest remainder, then lifts each entry to its minimum. */
export function apportion(total: number, weights: readonly number[], minimum: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) if (left-- > 0) counts[i]!++;
  return counts.map((c, i) => Math.max(c, minimum[i]!));
}

function expertiseFor(rng: Rng, department: string | null): string[] {
  const own = department ? DEPARTMENT_EXPERTISE[department] : undefined;
  const tags = new Set<string>(own ? rng.sample(own, 1 + rng.int(own.length)) : []);
  const extra = own ? rng.int(2) : 1 + rng.int(3);
  for (let i = 0; i < extra; i++) tags.add(FIELD_EXPERTISE(rng));
  // Keep the catalogue's order so exports look tidy and compare equal after a round trip.
  return EXPERTISE_TAGS.filter((t) => tags.has(t));
}

/** Enforcement officers (执法人员) and experts/auxiliary staff, ~targets/40 in all, clamped to [12, 3000]. */
export function generateInspectors(
  seed: string, targets: number, orgs: readonly DemoOrg[], departments: readonly DemoDepartment[], squads: readonly DemoSquad[],
): DemoInspector[] {
  const rng = new Rng(`${seed}/inspectors`);
  const total = Math.min(3000, Math.max(12, Math.round(targets / 40)));
  const nonEnforcement = Math.max(1, Math.round(total * 0.1));
  const places = placesOf(seed, orgs);
  // City staff 8 %, detachment 22 %, branches 70 % in proportion to their targets; ≥2 per field unit.
  const weights = orgs.map((o) => o.level === '市' ? 0.08 : o.level === '支队' ? 0.22 : 0.7 * (places.find((p) => p.org === o)?.share ?? 0) / 0.95);
  const counts = apportion(total - nonEnforcement, weights, orgs.map((o) => (o.level === '市' ? 1 : 2)));
  const certSerial = new Map<string, number>();
  const out: DemoInspector[] = [];

  orgs.forEach((org, k) => {
    const depts = departments.filter((d) => d.orgCode === org.code && d.name !== '办公室');
    const orgSquads = squads.filter((s) => s.orgCode === org.code);
    const district = BRANCHES.find((b) => b.regionCode === org.regionCode)?.district ?? CITY_NAME;
    for (let n = 0; n < counts[k]!; n++) {
      // Field units put most officers in their enforcement brigades; the city's are section staff.
      const field = depts.filter((d) => d.kind === '执法大队');
      const dept = field.length && rng.chance(org.level === '支队' ? 0.85 : 0.75) ? rng.pick(field) : rng.pick(depts);
      const deptSquads = orgSquads.filter((s) => s.departmentName === dept.name);
      const squad = deptSquads.length ? rng.pick(deptSquads).name : null;
      const year = ISSUE_YEAR(rng);
      const month = rng.between(1, 12), day = rng.between(2, 28);
      const mmdd = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      const serial = (certSerial.get(org.regionCode) ?? 0) + 1;
      certSerial.set(org.regionCode, serial);
      const gender = rng.chance(0.66) ? '男' : '女';
      out.push({
        orgCode: org.code, kind: '执法人员', certNo: `${org.regionCode}${year}${String(serial).padStart(4, '0')}`,
        name: personName(rng, gender), gender, unit: org.name, department: dept.name, squad,
        position: rng.pick(dept.kind === '执法大队' ? ENFORCER_TITLES : LEADER_TITLES), region: district,
        yearsOfService: Math.min(38, 2025 - year + rng.int(18) + 1), expertise: expertiseFor(rng, dept.kind === '执法大队' ? null : dept.name),
        certValidFrom: `${year}-${mmdd}`, certValidTo: `${year + 5}-${String(month).padStart(2, '0')}-${String(day - 1).padStart(2, '0')}`,
        onDuty: rng.chance(0.95), phone: mobilePhone(rng),
      });
    }
  });

  // Experts sit in the city's 专家库; auxiliary staff (monitoring, third-party O&M) with the branches.
  const city = orgs.find((o) => o.level === '市') ?? orgs[0]!;
  const branches = orgs.filter((o) => o.level === '分局' || o.level === '县区');
  const experts = Math.ceil(nonEnforcement / 2);
  for (let n = 0; n < nonEnforcement; n++) {
    const expert = n < experts || branches.length === 0;
    const org = expert ? city : branches[(n - experts) % branches.length]!;
    const gender = rng.chance(0.6) ? '男' : '女';
    const serial = expert ? n + 1 : n - experts + 1;
    out.push({
      orgCode: org.code, kind: expert ? '专家' : '辅助检查人员', certNo: `${expert ? 'ZJ' : 'FZ'}-${String(serial).padStart(4, '0')}`,
      name: personName(rng, gender), gender, unit: rng.pick(expert ? EXPERT_UNITS : AUXILIARY_UNITS), department: null, squad: null,
      position: rng.pick(expert ? EXPERT_TITLES : AUXILIARY_TITLES), region: CITY_NAME,
      yearsOfService: expert ? rng.between(8, 32) : rng.between(2, 15), expertise: expertiseFor(rng, null),
      certValidFrom: null, certValidTo: null, onDuty: rng.chance(0.95), phone: mobilePhone(rng),
    });
  }
  return out;
}
