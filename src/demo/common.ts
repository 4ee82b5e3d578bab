/**
 * Helpers shared by the jurisdiction and target generators: people, phone numbers, dates and the
 * places (district, towns, parks) of each organisation.
 */
import { Rng } from './prng.ts';
import type { DemoOrg } from './types.ts';
import {
  BRANCHES, CITY_NAME, FEMALE_GIVEN, MALE_GIVEN, ROAD_SUFFIXES, ROAD_WORDS, SURNAMES, TOWN_WORDS,
} from './words.ts';

/** A Chinese personal name: surname plus one or two given characters suited to the gender. */
export function personName(rng: Rng, gender: '男' | '女'): string {
  const chars = gender === '男' ? MALE_GIVEN : FEMALE_GIVEN;
  const given = rng.chance(0.3) ? rng.pick(chars) : rng.pick(chars) + rng.pick(chars);
  return rng.pick(SURNAMES) + given;
}

const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '155', '158', '159', '176', '177', '180', '182', '186', '187', '188', '189', '199'];

/** An 11-digit mainland mobile number. */
export function mobilePhone(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8);
}

/** A landline in the demo city's (borrowed) area code. */
export function landline(rng: Rng): string {
  return `0632-${rng.between(2, 8)}${rng.digits(6)}`;
}

/** 'YYYY-MM-DD' of a UTC day number (days since 1970-01-01). */
export function dayString(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** UTC day number of a 'YYYY-MM-DD' string. */
export function dayNumber(text: string): number {
  return Math.round(Date.parse(`${text}T00:00:00Z`) / 86_400_000);
}

/** Where an organisation's targets are: its district and a fixed set of towns, roads and parks. */
export interface Place {
  org: DemoOrg;
  /** '东城' for 示范市生态环境局东城分局; the city name for the city bureau. */
  short: string;
  /** '示范市东城区' — the start of every address in the place. */
  prefix: string;
  /** '东城区', or '' for the city bureau. */
  district: string;
  towns: string[];
  roads: string[];
  /** Industrial parks: the region of park-located units, and the 化工园区 tag for chemical ones. */
  parks: string[];
  coastal: boolean;
  /** Share of the run's targets (sums to 1 over all places). */
  share: number;
}

/** The short name of a branch org ('东城'), or null for an org that is not a 分局/县区. */
export function branchShort(org: DemoOrg): string | null {
  if (org.level !== '分局' && org.level !== '县区') return null;
  const m = /生态环境局(.+?)分局$/.exec(org.name) ?? /^(.+?)(区|县|市)?生态环境局$/.exec(org.name);
  return m ? m[1]!.replace(new RegExp(`^${CITY_NAME}`), '') : org.name;
}

/** Places of the organisations that own targets (市, 县区, 分局), in the order given. */
export function placesOf(seed: string, orgs: readonly DemoOrg[]): Place[] {
  const places: Place[] = [];
  const city = orgs.find((o) => o.level === '市');
  const cityName = city ? city.name.replace(/生态环境局$/, '') : CITY_NAME;
  for (const org of orgs) {
    if (org.level === '支队') continue;
    const rng = new Rng(`${seed}/place/${org.code}`);
    const short = org.level === '市' ? cityName : branchShort(org)!;
    const known = BRANCHES.find((b) => b.short === short);
    const district = org.level === '市' ? '' : known?.district ?? `${short}区`;
    const towns = rng.sample(TOWN_WORDS, 9).map((w, i) => w + (i < 3 ? '街道' : i < 8 ? '镇' : '乡'));
    const roads = rng.sample(ROAD_WORDS, 10).map((w) => w + rng.pick(ROAD_SUFFIXES));
    const parkBase = org.level === '市' ? cityName : short;
    const parks = org.level === '市'
      ? [`${cityName}高新技术产业开发区`]
      : [`${parkBase}经济开发区`, `${parkBase}化工产业园`];
    places.push({
      org, short, prefix: cityName + district, district, towns, roads, parks,
      coastal: !!(known && 'coastal' in known && known.coastal),
      share: org.level === '市' ? 0.05 : known?.weight ?? 1,
    });
  }
  // The city bureau keeps 5 % (units it supervises directly); branches share the rest by weight.
  const branchTotal = places.filter((p) => p.org.level !== '市').reduce((s, p) => s + p.share, 0);
  const cityShare = places.some((p) => p.org.level === '市') ? (branchTotal > 0 ? 0.05 : 1) : 0;
  for (const p of places) p.share = p.org.level === '市' ? cityShare : (p.share / branchTotal) * (1 - cityShare);
  return places;
}
