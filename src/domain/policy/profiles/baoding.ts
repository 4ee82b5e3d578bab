/**
 * 保定市生态环境局: 指导意见（保环办函〔2021〕13号）, 2021 年实施方案（保环办发〔2021〕2号） and its
 * 内部联合抽查工作机制 (annex). City and county ratios differ, so the rules carry their level and
 * two variants are exported: 市级 and 县级. Articles are prefixed by the document they come from.
 */
import { loadProfile } from '../validate.ts';
import type { PolicyLevel, ProfileInput } from '../schema.ts';
import { anyOf, categoryStratum, citer, coverAll, events, keyUnit, otherwise, outOfBusiness, percent, perInspector, positiveList } from './dsl.ts';

const B = citer('baoding');

// 实施方案 二、（二） — three categories; 正面清单 is a flag on top (it changes the mode, not the category).
const 特殊 = {
  key: '特殊', label: '特殊监管对象', priority: 3,
  when: anyOf(
    events('行政处罚', 'previousQuarter', 1),
    events('信访投诉', 'previousQuarter', 1),
    events('在线监测超标', 'previousQuarter', 5, true),
  ),
  cite: B('实施方案 二、（二）',
    '结合环境行政处罚系统和信访举报系统等，将上一季度因环境违法问题被行政处罚的、因环境污染问题被群众举报的、同一排口在线监测数据超标 5 次以上的等问题企业指定为特殊监管对象',
    '“5 次以上”含本数；“上一季度”指所抽查季度的上一季度'),
};
const 重点 = {
  key: '重点', label: '重点排污单位', priority: 2,
  when: keyUnit,
  cite: B('实施方案 二、（二）', '将市级生态环境部门制定并公开的重点排污单位名录中企业全部录入污染源动态管理系统，并指定为随机抽查重点排污单位'),
};
const 一般 = {
  key: '一般', label: '一般排污单位', priority: 1,
  when: otherwise,
  cite: B('实施方案 二、（二）', '将污染源动态管理系统中重点排污单位、特殊监管对象之外的企业，全部指定为一般排污单位'),
};

// 实施方案 二、（三） — ratios by level. "随机抽查工作以季度为周期推进" (指导意见 四、（七）): yearly
// counts and half-year coverage are drawn quarter by quarter.
const ratio = (text: string, note?: string) => B('实施方案 二、（三）', text, note);
const quarterly = '随机抽查工作以季度为周期推进（指导意见 四、（七）），按剩余季度分摊';
const base: ProfileInput = {
  id: 'baoding',
  name: '保定市生态环境局',
  document: '保环办函〔2021〕13号、保环办发〔2021〕2号及内部联合抽查工作机制',
  levels: ['city', 'county'],
  categories: [特殊, 重点, 一般],
  strata: [
    categoryStratum(重点, [
      { amount: percent(10), per: 'quarter', levels: ['city'],
        cite: ratio('市级生态环境部门每季度至少对本行政区 10%的重点排污单位进行抽查') },
      { amount: percent(50), per: 'quarter', levels: ['county'],
        cite: ratio('县级生态环境部门每季度至少对本行政区 50%的重点排污单位进行抽查') },
      { amount: coverAll, per: 'half', drawEvery: 'quarter', levels: ['county'],
        cite: ratio('（原则上应保证每半年对辖区所有重点排污单位进行一遍巡查）', quarterly) },
    ]),
    categoryStratum(特殊, [
      { amount: percent(50), per: 'quarter', cite: ratio('特殊监管对象：市、县两级生态环境部门每季度抽查比例均应不低于 50%') },
    ]),
    categoryStratum(一般, [
      { amount: perInspector(5), per: 'year', drawEvery: 'quarter', levels: ['city'],
        cite: ratio('市级生态环境部门至少按照 1：5 的比例（系统中执法部门的双随机执法人员数量：被抽查单位数量）确定年度被抽查单位数量', quarterly) },
      { amount: perInspector(10), per: 'year', drawEvery: 'quarter', levels: ['county'],
        cite: ratio('县级生态环境部门至少按照 1: 10 的比例确定年度被抽查单位数量', quarterly) },
    ]),
  ],
  items: [],
  exclusions: [outOfBusiness(B('实施方案 二、（一）', '进行动态管理，及时纳入新增检查对象，按季度报送消亡企业'))],
  defaultMode: '现场',
  modes: [
    { when: positiveList, mode: '非现场',
      cite: B('实施方案 二、（三）', '对正面清单企业“无事不扰”，优先使用“非现场”监管手段进行监管，原则上不进行现场执法检查',
        '通过非现场手段或群众举报发现违法线索后的现场检查属针对性检查，不在随机抽查之内') },
  ],
  drawWindows: [
    { cadence: 'quarter', window: { lastWorkdaysOfPrevious: 5 },
      cite: B('实施方案 二、（四）', '每季度结束前 5 个工作日内，在随机抽查系统内采用随机匹配的形式确定下一季度随机抽查对象及抽查数量并在系统平台发布') },
  ],
  disclosures: [
    { what: '随机抽查结果及环境违法行为查处情况', after: 'periodEnd', period: 'month', within: { naturalDays: 10 },
      cite: B('指导意见 五、（十一）', '每月月初由市生态环境局官方网站向社会公开随机抽查结果及环境违法行为查处情况', '“月初”未定天数，按次月 10 日前（上旬）计') },
    { what: '内部联合抽查结果', after: 'periodEnd', period: 'month', within: { workdays: 10 },
      cite: B('内部联合机制 二、（四）', '每月抽查结束之日起 10 个工作日内，向社会公开随机抽查结果') },
  ],
  joint: [
    { kind: '内部联合', amount: { percentOfStratum: '重点', percent: 5 }, per: 'year', atLeastOneEvery: 'quarter',
      cite: B('实施方案 二、（五）', '市、县两级生态环境部门每季度必须开展内部联合抽查，优先对重点排污单位开展联合抽查，年度内部联合抽查重点排污单位数量不低于当地重点排污单位数量的5%') },
  ],
  reports: [
    { what: '上月“双随机、一公开”情况明细表', every: 'month', due: [{ monthOffset: 1, day: 5 }],
      cite: B('实施方案 四、（三）', '每月5日前报送上月“双随机、一公开”情况明细表') },
    { what: '“双随机、一公开”监管工作落实情况', every: 'year',
      due: [{ monthOffset: 3, day: 10 }, { monthOffset: 6, day: 5 }, { monthOffset: 9, day: 11 }, { monthOffset: 11, day: 25 }],
      cite: B('实施方案 四、（三）', '4月10日、7月5日、10月11日、12月25日前报送“双随机、一公开”监管工作落实情况') },
    { what: '每季度需调整的检查人员库信息和检查对象名录库信息', every: 'quarter', due: [{ monthOffset: 2, day: 20 }],
      cite: B('实施方案 四、（三）', '3月、6月、9月、12月20日前报送每季度需调整的检查人员库信息和检查对象名录库信息') },
  ],
  team: { minSize: 2, cite: B('实施方案 二、（一）', '对特定领域的抽查，可在满足执法检查人数要求的基础上，吸收检测机构、科研院所和专家学者等参与',
    '执法检查人数要求：《行政处罚法》第四十二条，执法人员不得少于两人') },
  floors: [],
  unexpressed: [
    { what: '对信用状况好、风险小的企业合理降低抽查比例和频次；对污染严重、问题频发、群众反映强烈的企业提高抽查比例和频次（未给出数值）',
      cite: B('实施方案 二、（六）', '对信用状况好，风险小的企业，合理降低抽查比例和频次') },
    { what: '每年年初公开本年度列入随机抽查日常监管污染源名单（未规定日期）',
      cite: B('指导意见 五、（十一）', '每年年初，公开本年度确定的列入随机抽查日常监管污染源名单') },
    { what: '按季度报送消亡企业（未规定日期）', cite: B('实施方案 二、（一）', '按季度报送消亡企业') },
    { what: '随机抽查结果一经提交原则上不予撤销或修改（由检查结果流程实现）',
      cite: B('实施方案 二、（四）', '随机抽查结果一经提交原则上不予撤销或修改') },
  ],
};

/** The profile restricted to one level: only that level's rules, named for it. */
function forLevel(level: PolicyLevel): ProfileInput {
  const applies = (r: { levels?: PolicyLevel[] | undefined }): boolean => !r.levels || r.levels.includes(level);
  return {
    ...base,
    id: `baoding-${level}`,
    name: `保定市生态环境局（${level === 'city' ? '市级' : '县级'}）`,
    levels: [level],
    strata: base.strata.map((s) => ({ ...s, rules: s.rules.filter(applies) })),
    joint: base.joint.filter(applies),
  };
}

/** 保定 市级 (市生态环境局、综合执法支队), validated at load. */
export const baodingCity = loadProfile(forLevel('city'));
/** 保定 县级 (各县（市、区）生态环境分局), validated at load. */
export const baodingCounty = loadProfile(forLevel('county'));
