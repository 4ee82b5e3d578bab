/**
 * 2024年南山区生态环境领域“双随机、一公开”监管工作方案 (深圳市南山区). A district whose 执法科 has
 * three teams; 执法二队 draws fixed sources, the city's 执法支队 draws mobile sources. Categories and
 * ratios by target kind are in nanshan-categories.ts; this file holds exclusions, dates and reports.
 */
import { loadProfile } from '../validate.ts';
import type { ProfileInput } from '../schema.ts';
import { allOf, citer, credit, not, outOfBusiness, permit, positiveList, vocs } from './dsl.ts';
import { categories, strata } from './nanshan-categories.ts';

const N = citer('nanshan');

// 四、（二）1 二是/三是 apply to 排污单位: the other kinds have their own lines and no such exclusion.
const 排污单位类别 = ['重点', '一般', '特殊'];
const notDaily = N('四、（二）1 二是', '对环境信用等级评价结果为环保诚信企业或环保良好企业、涉 VOCs A 级企业不纳入双随机日常监管',
  '文件未说明这些企业同时符合特殊监管对象条件时是否仍排除；按原文排除');
const positive = N('四、（二）1 三是', '对于纳入正面清单管理的排污许可重点管理单位以非现场方式开展检查，其他类监管单位不抽查');

const profile: ProfileInput = {
  id: 'nanshan',
  name: '深圳市生态环境局南山管理局',
  document: '2024年南山区生态环境领域“双随机、一公开”监管工作方案',
  levels: ['county'],
  categories,
  strata,
  items: [],
  exclusions: [
    outOfBusiness(N('四、（一）', '对检查对象名录库、检查人员名录库和专家库实施动态管理，及时纳入及移出、更改基础信息等')),
    { reason: '环保信用等级为诚信或良好，不纳入双随机日常监管', when: credit('诚信', '良好'), categories: 排污单位类别, cite: notDaily },
    { reason: '涉 VOCs A 级企业，不纳入双随机日常监管', when: vocs('A'), categories: 排污单位类别, cite: notDaily },
    { reason: '纳入正面清单的非排污许可重点管理单位，不抽查', when: allOf(positiveList, not(permit('重点管理'))), categories: 排污单位类别, cite: positive },
  ],
  defaultMode: '现场',
  modes: [{ when: allOf(positiveList, permit('重点管理')), mode: '非现场', cite: positive }],
  drawWindows: [
    { cadence: 'quarter', window: { lastWorkdaysOfPrevious: 5 },
      cite: N('五、（二）1', '在摇号抽取任务前完成“三库”的信息更新，于当季结束前5个工作日完成下一季度的任务抽查') },
    { cadence: 'year', strata: ['入海排污口-重点', '入海排污口-一般', '入海排污口-特殊'], window: { before: { month: 3, day: 1 } },
      cite: N('四、（二）2', '每年 3 月份之前抽取入海排污口本年度检查任务') },
  ],
  disclosures: [
    { what: '双随机任务检查结果（广东省行政执法信息公示平台、深圳市生态环境局官网）', after: 'taskCompleted', within: { workdays: 18 },
      cite: N('五、（三）2', '在每一个双随机任务检查结束之日起18个工作日内，执法科二队安排专人在省平台导出台账，在广东省行政执法信息公示平台、深圳市生态环境局官网公示检查结果') },
    { what: '季度任务台账及检查结果', after: 'periodTasksCompleted', period: 'quarter', within: { naturalDays: 13 },
      cite: N('五、（二）2', '在双随机检查任务全部结束后13个自然日内，在省平台导出季度任务台账，在深圳市生态环境局官网公示检查结果') },
  ],
  milestones: { per: 'quarter', cumulativePercent: [30, 60, 100],
    cite: N('五、（三）1', '执法科各队按照规定的时序进度开展各项执法检查工作，季度内各月的完成率依次为30%、60%、100%') },
  joint: [
    { kind: '跨部门联合', amount: { percentOfTasks: 15 }, per: 'year', by: { month: 10, day: 31 },
      cite: N('四、（四）', '全年跨部门联合抽查任务数不低于双随机任务总数的 15%，10 月底前完成所有跨部门联合抽查任务') },
  ],
  reports: [
    { what: '特殊监管对象清单（报执法科二队汇总）', every: 'quarter', due: [{ monthOffset: 2, day: 17 }],
      cite: N('四、（二）1 一是', '执法科各队每季度最后一个月 17 日前，将以上四类污染源的特殊监管对象清单报执法科二队汇总') },
    { what: '本年度跨部门联合抽查工作总结（报执法支队）', every: 'year', due: [{ monthOffset: 10, day: 5 }],
      cite: N('四、（四）', '11 月 5 日前由执法科二队安排专人报送本年度工作总结到执法支队') },
    { what: '全年双随机监管工作总结及下一年度工作思路（报执法支队）', every: 'year', due: [{ monthOffset: 11, day: 1 }],
      cite: N('五、（一）2', '总结本辖区全年双随机监管工作，提出下一年度工作思路，于每年12月1日前报执法支队') },
  ],
  team: { minSize: 2, cite: { doc: 'law', article: '第四十二条', text: '执法人员不得少于两人', note: '南山方案未规定检查人数' } },
  floors: [],
  unexpressed: [
    { what: '专项随机抽查：按任务需求在省平台定向抽取（抽取时按标签限定范围）',
      cite: N('四、（三）', '依据各类执法任务需求，不定期开展随机专项执法检查') },
    { what: '检查比例若与市场监管部门最新要求不符，以最新发布文件为准（须人工修订本方案）',
      cite: N('四、（四）', '对于规定的检查比例等要求，若与市场监管部门最新要求不符，以最新发布文件为准。') },
    { what: '对各队问题发现率、立案率、后续整改落实情况抽查、通报（监督统计）',
      cite: N('六、（三）', '通过会议、通报、约谈等方式对执法科各队双随机问题发现率、立案率、后续整改措施落实等进行抽查') },
  ],
};

/** 南山 (district level), validated at load. */
export const nanshan = loadProfile(profile);
