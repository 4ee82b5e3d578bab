/**
 * The target directory (检查对象名录库), generated lazily: one seeded stream, one record per step, so a
 * million targets stream to a database or CSV without ever being held in memory together.
 */
import { MAX_TARGETS } from './codes.ts';
import { landline, mobilePhone, personName, placesOf, type Place } from './common.ts';
import { byDate, creditChange, eventsFor, makeHistory, type Counters } from './events.ts';
import { draftFor, isFacilityName, numberedName, type Env } from './kinds.ts';
import { Rng, weighted } from './prng.ts';
import { DEFAULT_SEED, type DemoOptions, type DemoOrg, type DemoTarget } from './types.ts';

/** Target kinds and their shares (%): about 70 % 排污单位, the rest as in 南山's and 武隆's lists. */
export const KIND_SHARES: readonly (readonly [string, number])[] = [
  ['排污单位', 70], ['建设项目', 8], ['个体工商户', 4.5], ['加油站', 3.5], ['其他', 2.5], ['农村生活污水处理设施', 2],
  ['辐射安全许可持证单位', 1.6], ['柴油车用车大户', 1.5], ['土壤污染重点监管单位', 1], ['污水处理厂', 1],
  ['饮用水水源地', 0.8], ['入海排污口', 0.6], ['机动车排放检验机构', 0.5], ['社会生态环境监测机构', 0.5],
  ['危险废物经营单位', 0.5], ['环评报告编制单位', 0.5], ['碳排放单位', 0.5], ['储油库', 0.3], ['自然保护地', 0.2],
];
const KIND = weighted(KIND_SHARES);
const STATUS = weighted([['正常', 93], ['停产', 4], ['关闭', 2], ['注销', 1]] as const);
// Ratings of units without a recent penalty, and of units with one (credit follows enforcement).
const CREDIT_CLEAN = weighted([['良好', 56], ['诚信', 20.5], ['警示', 2.8], ['不良', 0.9], [null, 19.8]] as const);
const CREDIT_PUNISHED = weighted([['良好', 48], ['警示', 30], ['不良', 12], [null, 10]] as const);
const PREVIOUS: Record<string, string> = { 警示: '良好', 不良: '警示', 诚信: '良好' };

function placePicker(places: Place[]): (rng: Rng) => Place {
  return weighted(places.map((p) => [p, p.share] as const));
}

/** Lazily generates `opts.targets` targets for the orgs of a jurisdiction; deterministic for a seed. */
export function* generateTargets(opts: DemoOptions, orgs: DemoOrg[]): Generator<DemoTarget> {
  if (!Number.isInteger(opts.targets) || opts.targets < 0 || opts.targets > MAX_TARGETS) {
    throw new RangeError(`targets 应为 0–${MAX_TARGETS} 之间的整数`);
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  const places = placesOf(seed, orgs);
  if (places.length === 0 && opts.targets > 0) throw new RangeError('没有可以管辖检查对象的机构（市、县区或分局）');
  const branches = places.filter((p) => p.org.level !== '市');
  const coastal = places.find((p) => p.coastal);
  const city = places.find((p) => p.org.level === '市');
  const cityName = city?.short ?? '示范市';
  const pickPlace = placePicker(places);
  const history = makeHistory(opts.historyEnd ?? '2025-12-31');
  const counters: Counters = new Map();
  // Occurrences per facility name; bounded by the few hundred place-name combinations, not by N.
  const facilityNames = new Map<string, number>();
  const rng = new Rng(`${seed}/targets`);

  for (let index = 0; index < opts.targets; index++) {
    const kind = KIND(rng);
    const place = kind === '入海排污口' && coastal ? coastal : pickPlace(rng);
    // Units the city supervises directly still sit in some district.
    const loc = place.org.level === '市' && branches.length ? rng.pick(branches) : place;
    const env: Env = { index, place, loc, cityName, lastYear: history.lastYear };
    const d = draftFor(kind, rng, env);
    if (isFacilityName(d)) {
      const n = (facilityNames.get(d.name) ?? 0) + 1;
      facilityNames.set(d.name, n);
      d.name = numberedName(d.name, n);
    }

    const issuer = place.org.level === '市' ? '' : place.short;
    const risk = d.permitClass === '重点管理' ? 2 : d.permitClass === '简化管理' ? 1.3 : 1;
    const events = eventsFor(rng, history, { enterprise: d.enterprise, online: d.online, risk, issuer }, counters);
    let creditRating: string | null = null;
    let positiveList = false;
    let status: string = '正常';
    let contact: string | null = null;
    let phone: string | null = null;
    if (d.enterprise) {
      const punished = events.some((e) => e.kind === '行政处罚');
      creditRating = (punished ? CREDIT_PUNISHED : CREDIT_CLEAN)(rng);
      const previous = creditRating ? PREVIOUS[creditRating] : undefined;
      if (previous && (creditRating !== '诚信' || rng.chance(0.1))) events.push(creditChange(rng, history, events, previous, creditRating!));
      status = STATUS(rng);
      // 正面清单: well-behaved operating units only (南山, 保定).
      positiveList = status === '正常' && !punished && creditRating !== '警示' && creditRating !== '不良' && rng.chance(0.06);
      contact = personName(rng, rng.chance(0.7) ? '男' : '女');
      phone = rng.chance(0.75) ? mobilePhone(rng) : landline(rng);
    } else if (kind !== '建设项目' && rng.chance(0.6)) {
      contact = personName(rng, rng.chance(0.7) ? '男' : '女');
      phone = mobilePhone(rng);
    }

    // Keys in targetFields order, so JSON and CSV read the same way.
    const target = {
      kind, identifier: d.identifier, name: d.name, address: d.address, region: d.region,
      industryCode: d.industryCode, industryName: d.industryName, permitNo: d.permitNo, permitClass: d.permitClass,
      keyUnit: d.keyUnit, positiveList, creditRating, vocsGrade: d.vocsGrade, weatherGrade: d.weatherGrade, status,
      contact, phone, tags: d.tags, orgCode: place.org.code, events: events.length > 1 ? byDate(events) : events,
    };
    yield target as unknown as DemoTarget;
  }
}
