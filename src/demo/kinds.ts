/**
 * Kind-specific parts of a demo target: identifier, name, location, industry, permit and tags.
 * Attributes common to all kinds (credit, status, contact, events) are added by target-gen.ts.
 */
import { creditCodeFor, permitNoFor, placeCodeFor, projectCodeFor } from './codes.ts';
import type { Place } from './common.ts';
import { INDUSTRIES, KIND_INDUSTRY, type Industry } from './industries.ts';
import { type Rng, weighted } from './prng.ts';
import { BRAND_CHARS, COMPANY_SUFFIXES, MOUNTAIN_WORDS, RESERVOIR_WORDS, VILLAGE_SUFFIXES, VILLAGE_WORDS } from './words.ts';

export interface Draft {
  identifier: string;
  name: string;
  address: string | null;
  region: string | null;
  industryCode: string | null;
  industryName: string | null;
  permitNo: string | null;
  permitClass: string | null;
  keyUnit: boolean;
  vocsGrade: string | null;
  weatherGrade: string | null;
  tags: string[];
  /** A legal person (or 个体工商户) with contacts, a credit rating and an enforcement history. */
  enterprise: boolean;
  /** Outlet type of online monitoring ('DA' air, 'DW' water) when the target has it. */
  online: 'DA' | 'DW' | null;
}

export interface Env { index: number; place: Place; loc: Place; cityName: string; lastYear: number }

const INDUSTRY = weighted(INDUSTRIES.map((x) => [x, x.weight] as const));
const HEAVY = weighted(INDUSTRIES.filter((x) => x.heavy).map((x) => [x, x.weight] as const));
const SUFFIX = weighted(COMPANY_SUFFIXES);
// Permit class by emitter type; with the table's weights this gives ≈ 8 % 重点, 27 % 简化, 65 % 登记.
const PERMIT_HEAVY = weighted([['重点管理', 26], ['简化管理', 44], ['登记管理', 30]] as const);
const PERMIT_LIGHT = weighted([['重点管理', 2], ['简化管理', 21], ['登记管理', 77]] as const);
const VOCS = weighted([['A', 10], ['B', 45], ['C', 35], [null, 10]] as const);
const WEATHER = weighted([['A', 6], ['B', 22], ['B-', 10], ['C', 38], ['D', 14], ['引领性', 4], [null, 6]] as const);
const CHEMICAL = /^C2[5-7]/;
const TWO_HIGH = new Set(['C2521', 'C3011', 'C3041', 'C3110', 'C3120', 'C3216', 'D4411', 'C2511']);

/** A 字号 of two (sometimes three) characters without a repeated character. */
export function brand(rng: Rng): string {
  const a = rng.pick(BRAND_CHARS);
  let b = rng.pick(BRAND_CHARS);
  while (b === a) b = rng.pick(BRAND_CHARS);
  if (!rng.chance(0.2)) return a + b;
  let c = rng.pick(BRAND_CHARS);
  while (c === a || c === b) c = rng.pick(BRAND_CHARS);
  return a + b + c;
}

/** 行政区划 + 字号 + 行业 + 组织形式, or 字号 + 行业 + （行政区划） + 组织形式 as the naming rules allow. */
export function companyName(rng: Rng, env: Env, words: readonly string[]): string {
  const r = rng.next();
  const word = rng.pick(words);
  if (r < 0.12) return `${brand(rng)}${word}（${env.cityName.replace(/市$/, '')}）${SUFFIX(rng)}`;
  const region = r < 0.62 || !env.loc.district ? env.cityName : env.loc.prefix;
  return `${region}${brand(rng)}${word}${SUFFIX(rng)}`;
}

function street(rng: Rng, env: Env, area: string): string {
  return `${env.loc.prefix}${area}${rng.pick(env.loc.roads)}${rng.between(1, 999)}号`;
}

function base(rng: Rng, env: Env, identifier: string, name: string, area: string, enterprise: boolean): Draft {
  return {
    identifier, name, address: street(rng, env, area), region: area, industryCode: null, industryName: null, permitNo: null,
    permitClass: null, keyUnit: false, vocsGrade: null, weatherGrade: null, tags: [], enterprise, online: null,
  };
}

function company(rng: Rng, env: Env, words: readonly string[], prefix = '91'): Draft {
  const code = creditCodeFor(prefix, env.place.org.regionCode, env.index, rng.chance(0.55));
  return base(rng, env, code, companyName(rng, env, words), rng.pick(env.loc.towns), true);
}

function withIndustry(d: Draft, [code, name]: readonly [string, string]): Draft {
  d.industryCode = code;
  d.industryName = name;
  return d;
}

function withPermit(rng: Rng, d: Draft, cls: string | null): Draft {
  d.permitClass = cls;
  if (cls === '重点管理' || cls === '简化管理') d.permitNo = permitNoFor(d.identifier, false);
  else if (cls === '登记管理' && rng.chance(0.5)) d.permitNo = permitNoFor(d.identifier, true);
  return d;
}

/** A 排污单位 (or an industrial unit of another kind) of the given industry. */
function emitter(rng: Rng, env: Env, ind: Industry): Draft {
  const d = withIndustry(company(rng, env, ind.words), [ind.code, ind.name]);
  const inPark = rng.chance(ind.heavy || CHEMICAL.test(ind.code) ? 0.45 : 0.12);
  if (inPark) {
    // Chemical units go to the chemical park where there is one, others to the development zone.
    const park = CHEMICAL.test(ind.code) ? env.loc.parks.find((p) => p.endsWith('化工产业园')) ?? env.loc.parks[0]! : env.loc.parks[0]!;
    d.region = park;
    d.address = street(rng, env, park);
    if (park.endsWith('化工产业园')) d.tags.push('化工园区');
  }
  withPermit(rng, d, (ind.heavy ? PERMIT_HEAVY : PERMIT_LIGHT)(rng));
  d.keyUnit = d.permitClass === '重点管理' ? rng.chance(0.85) : d.permitClass === '简化管理' && rng.chance(0.04);
  if (ind.vocs) d.vocsGrade = VOCS(rng);
  if (ind.weather) d.weatherGrade = WEATHER(rng);
  d.tags.push(...ind.tags);
  if (ind.vocs) d.tags.push('涉VOCs');
  if (TWO_HIGH.has(ind.code)) d.tags.push('两高');
  if (d.permitClass === '重点管理' || d.keyUnit) {
    d.online = ind.tags.includes('涉气') && (!ind.tags.includes('涉水') || rng.chance(0.6)) ? 'DA' : 'DW';
    d.tags.push('在线监测');
  }
  if (rng.chance(0.3)) d.tags.push('规模以上');
  if (rng.chance(0.04)) d.tags.push('季节性生产');
  return d;
}

const SEWAGE = weighted([['城市污水处理厂', 20], ['工业聚集区污水处理厂', 20], ['乡镇污水处理厂', 60]] as const);
const CITY_PLANT = ['城东', '城西', '城北', '城南', '新城', '滨河'];
const INDIVIDUAL: Record<string, string[]> = { O8111: ['汽车修理部', '汽修厂'], O8030: ['干洗店'], H6210: ['饭店', '酒楼', '餐馆'], C2110: ['家具加工厂', '木器加工部'] };
const HOSPITALS = ['人民医院', '中医医院', '妇幼保健院', '骨科医院'];
const PROJECT_WORDS = ['新建', '扩建', '技术改造', '搬迁改造', '二期'];
const PROJECT_TYPE = weighted([['01', 25], ['02', 15], ['03', 60]] as const); // 审批, 核准, 备案
const OUTFALLS = ['工业', '城镇污水处理厂', '养殖尾水', '雨洪'];
const RESERVES = ['省级自然保护区', '市级自然保护区', '森林公园', '湿地公园', '地质公园'];
const kindIndustry = (rng: Rng, kind: string) => rng.pick(KIND_INDUSTRY[kind]!);
const townBase = (town: string) => town.replace(/(街道|镇|乡)$/, '');

const CN = ['', '', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const FACILITY = /(人民医院|中医医院|妇幼保健院|骨科医院|污水处理厂|饮用水水源地|入海排污口|生活污水处理设施|自然保护区|森林公园|湿地公园|地质公园)$/;

/**
 * Names of facilities carry no trade name, so the same place name comes up again; the n-th one
 * becomes 第n… as real second plants are named (龙泉镇污水处理厂, 龙泉镇第二污水处理厂).
 */
export function numberedName(name: string, n: number): string {
  if (n < 2) return name;
  return name.replace(FACILITY, `第${n <= 10 ? CN[n] : n}$1`);
}

/** Whether a draft's name is a facility name that needs numberedName to stay unique. */
export function isFacilityName(d: Draft): boolean {
  return FACILITY.test(d.name) && (!d.enterprise || d.industryCode === 'Q8411' || d.industryCode === 'D4620');
}

/** The kind-specific draft of target `env.index`. */
export function draftFor(kind: string, rng: Rng, env: Env): Draft {
  const rc = env.place.org.regionCode;
  const town = rng.pick(env.loc.towns);
  switch (kind) {
    case '排污单位': return emitter(rng, env, INDUSTRY(rng));
    case '土壤污染重点监管单位': return emitter(rng, env, HEAVY(rng));
    case '污水处理厂': {
      const type = SEWAGE(rng);
      const d = withIndustry(company(rng, env, ['水务'], rng.chance(0.3) ? '12' : '91'), kindIndustry(rng, kind));
      const where = type === '城市污水处理厂' ? rng.pick(CITY_PLANT) : type === '乡镇污水处理厂' ? town : env.loc.parks[0]!;
      d.name = `${type === '工业聚集区污水处理厂' ? '' : env.loc.prefix}${where}污水处理厂`;
      d.region = type === '工业聚集区污水处理厂' ? env.loc.parks[0]! : town;
      d.address = street(rng, env, d.region);
      withPermit(rng, d, type === '乡镇污水处理厂' && rng.chance(0.7) ? '简化管理' : '重点管理');
      d.keyUnit = type !== '乡镇污水处理厂';
      d.online = 'DW';
      d.tags.push('涉水', type, '在线监测');
      return d;
    }
    case '加油站': {
      const d = withIndustry(company(rng, env, ['石油']), kindIndustry(rng, kind));
      d.name = `${env.cityName}${brand(rng)}石油销售有限公司${townBase(town)}加油站`;
      d.region = town;
      d.address = street(rng, env, town);
      withPermit(rng, d, rng.chance(0.7) ? '登记管理' : null);
      d.tags.push('涉气', '油气回收');
      return d;
    }
    case '储油库': {
      const d = withIndustry(company(rng, env, ['石油储运', '油品储运']), kindIndustry(rng, kind));
      withPermit(rng, d, rng.chance(0.6) ? '简化管理' : '重点管理');
      d.tags.push('涉气', '涉危废', '油气回收');
      return d;
    }
    case '危险废物经营单位': {
      const d = withIndustry(company(rng, env, ['环保科技', '固废处置', '再生资源']), kindIndustry(rng, kind));
      withPermit(rng, d, '重点管理');
      d.keyUnit = true;
      d.online = 'DA';
      d.tags.push('涉危废', '涉气', '危险废物经营许可证', '在线监测');
      return d;
    }
    case '碳排放单位': {
      const ind = kindIndustry(rng, kind);
      const d = withIndustry(company(rng, env, ind[0] === 'C3011' ? ['水泥', '建材'] : ['热电', '发电', '能源']), ind);
      withPermit(rng, d, '重点管理');
      d.keyUnit = true;
      d.online = 'DA';
      d.tags.push('涉气', '全国碳市场', '在线监测', '两高');
      return d;
    }
    case '社会生态环境监测机构': return withIndustry(company(rng, env, ['环境检测', '环境监测', '检测技术']), kindIndustry(rng, kind));
    case '机动车排放检验机构': return withIndustry(company(rng, env, ['机动车检测', '机动车检测服务']), kindIndustry(rng, kind));
    case '环评报告编制单位': return withIndustry(company(rng, env, ['环境科技', '环保咨询', '环境工程咨询']), kindIndustry(rng, kind));
    case '柴油车用车大户': {
      const d = withIndustry(company(rng, env, ['物流', '运输', '货运']), kindIndustry(rng, kind));
      d.tags.push('移动源');
      return d;
    }
    case '辐射安全许可持证单位': {
      const ind = kindIndustry(rng, kind);
      const hospital = ind[0] === 'Q8411';
      const d = withIndustry(company(rng, env, hospital ? ['医院'] : ind[0] === 'M7452' ? ['无损检测', '检测技术'] : ind[0] === 'C3130' ? ['钢材'] : ['科技'], hospital ? '12' : '91'), ind);
      if (hospital) d.name = `${env.loc.prefix || env.cityName}${rng.pick(HOSPITALS)}`;
      d.tags.push(hospital || rng.chance(0.5) ? '射线装置' : '放射源');
      return d;
    }
    case '个体工商户': {
      const ind = kindIndustry(rng, kind);
      // 个体工商户 are named 区划 + 字号 + 行业 without an organisational form (东城区祥龙汽修厂).
      const d = withIndustry(company(rng, env, INDIVIDUAL[ind[0]]!, '92'), ind);
      d.name = `${env.loc.prefix}${brand(rng)}${rng.pick(INDIVIDUAL[ind[0]]!)}`;
      if (ind[0] === 'O8111' || ind[0] === 'C2110') withPermit(rng, d, '登记管理');
      d.tags.push(ind[0] === 'H6210' ? '餐饮油烟' : ind[0] === 'O8030' ? '涉VOCs' : '涉气');
      return d;
    }
    case '建设项目': {
      const ind = INDUSTRY(rng);
      const year = env.lastYear - rng.int(4);
      const owner = companyName(rng, env, ind.words);
      const d = base(rng, env, projectCodeFor(year, rc, ind.code.slice(1, 3), PROJECT_TYPE(rng), env.index), `${owner}${rng.pick(PROJECT_WORDS)}项目`, town, false);
      withIndustry(d, [ind.code, ind.name]);
      d.tags.push(ind.heavy ? '重点建设项目' : '一般建设项目', `${year}年审批`);
      if (rng.chance(0.08)) d.tags.push('辐射类');
      return d;
    }
    case '饮用水水源地': {
      const d = base(rng, env, placeCodeFor('SYD', rc, env.index), `${env.loc.district || env.cityName}${townBase(town)}${rng.pick(RESERVOIR_WORDS)}饮用水水源地`, town, false);
      d.address = `${env.loc.prefix}${town}`;
      d.tags.push(rng.chance(0.2) ? '千吨万人' : '乡镇级', '集中式饮用水水源地');
      return d;
    }
    case '入海排污口': {
      const type = rng.pick(OUTFALLS);
      const d = base(rng, env, placeCodeFor('RHK', rc, env.index), `${env.loc.district || env.cityName}${townBase(town)}${type}入海排污口`, town, false);
      d.address = `${env.loc.prefix}${town}`;
      d.tags.push(type === '工业' ? '工业排污口' : `${type}排污口`, rng.chance(0.2) ? '重点排污口' : '一般排污口');
      return d;
    }
    case '农村生活污水处理设施': {
      const village = rng.pick(VILLAGE_WORDS) + rng.pick(VILLAGE_SUFFIXES);
      const d = base(rng, env, placeCodeFor('NWS', rc, env.index), `${env.loc.district || env.cityName}${town}${village}生活污水处理设施`, town, false);
      d.address = `${env.loc.prefix}${town}${village}`;
      d.tags.push('涉水', rng.chance(0.3) ? '日处理20吨及以上' : '日处理20吨以下');
      return d;
    }
    case '自然保护地': {
      const d = base(rng, env, placeCodeFor('ZBD', rc, env.index), `${env.cityName}${rng.pick(MOUNTAIN_WORDS)}${rng.pick(RESERVES)}`, town, false);
      d.address = `${env.loc.prefix}${town}`;
      d.tags.push('生态保护红线');
      return d;
    }
    default: {
      // 其他: a former industrial plot whose use changes (武隆 row 8, 土壤污染状况调查).
      const d = base(rng, env, placeCodeFor('DK', rc, env.index), `${env.loc.prefix}${town}原${brand(rng)}化工厂地块`, town, false);
      d.tags.push('建设用地地块', '用途变更');
      return d;
    }
  }
}
