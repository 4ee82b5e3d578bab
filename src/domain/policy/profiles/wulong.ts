/**
 * 武隆区2024年生态环境“双随机、一公开”实施方案（武环发〔2024〕3号，2024-01-17）with its annex
 * 随机抽查事项清单 (20 rows, wulong-annex-a.ts and wulong-annex-b.ts). A district bureau whose
 * 科室 each initiate their own items; quotas are per annex row, not per category.
 */
import { loadProfile } from '../validate.ts';
import type { ProfileInput } from '../schema.ts';
import { anyOf, citer, credit, keyUnit, otherwise, outOfBusiness, permit, tag } from './dsl.ts';
import { itemsA, strataA } from './wulong-annex-a.ts';
import { itemsB, strataB } from './wulong-annex-b.ts';

const W = citer('wulong');
const 分类 = (note: string) =>
  W('三、（二）', '结合排污许可管理类别、排污单位信用记录和生态环境管理需要等因素，将被检查对象分为一般监管对象、重点监管对象、特殊监管对象三类', note);

const profile: ProfileInput = {
  id: 'wulong',
  name: '重庆市武隆区生态环境局',
  document: '武隆区2024年生态环境“双随机、一公开”实施方案（武环发〔2024〕3号）及随机抽查事项清单',
  levels: ['county'],
  categories: [
    { key: '特殊', label: '特殊监管对象', priority: 3, when: anyOf(credit('警示', '不良'), tag('特殊监管对象')),
      cite: 分类('信用记录：信用警示、不良企业（附件第 15 项单列）；因管理需要列为特殊的对象以标签标注') },
    { key: '重点', label: '重点监管对象', priority: 2, when: anyOf(permit('重点管理'), keyUnit),
      cite: 分类('排污许可管理类别：重点管理；或列入重点排污单位名录') },
    { key: '一般', label: '一般监管对象', priority: 1, when: otherwise, cite: 分类('其余对象') },
  ],
  strata: [...strataA, ...strataB],
  items: [...itemsA, ...itemsB],
  exclusions: [outOfBusiness(W('三、（二）', '要及时对被检查对象的存续变动、停工停产等信息进行修改和补充，实行动态管理'))],
  defaultMode: '现场',
  modes: [],
  drawWindows: [],
  disclosures: [
    { what: '检查时间、内容、结果', after: 'taskCompleted', within: { workdays: 20 },
      cite: W('三、（六）', '在随机抽查任务完成后的20个工作日内，主动将检查时间、内容、结果等情况在地方政府或相关部门规定的平台公开') },
  ],
  joint: [],
  reports: [
    { what: '年度“双随机、一公开”抽查计划（制定、上报和公示）', every: 'year', due: [{ monthOffset: 0, day: 'end' }],
      cite: W('三、（五）', '抽查计划原则上应于每年1月底前完成制定、上报和公示工作') },
  ],
  team: { minSize: 2, cite: { doc: 'law', article: '第四十二条', text: '执法人员不得少于两人', note: '武隆方案未规定检查人数' } },
  // Item 15 draws 重点管理类 every quarter and 信用警示/不良 every half-year, which meets this floor;
  // plan compliance checks it for targets designated 特殊 by tag as well.
  floors: [{ categories: ['重点', '特殊'], timesPerYear: 1,
    cite: W('三、（五）', '其中重点监管对象、特殊监管对象等2类随机抽查频次每年不低于1次') }],
  unexpressed: [
    { what: '可按季度或月份针对不同类别设置不同抽查比例；对违法、群众反映强烈、信用低等对象适当增加频次，对管理水平高、信用好、风险低的企业适当减少频次（未给出数值）',
      cite: W('三、（五）', '对存在生态环境违法问题、群众普遍反映强烈、社会关注度高、信用评价等级低、有特殊管理需要以及污染防治技术不能稳定达到排污许可证规定的监管对象，可适当增加抽查频次') },
    { what: '避免重复检查（文件未给出剔除条件；附件多项要求每季度 100%，故不自动剔除已检查对象）',
      cite: W('三、（五）', '在随机抽查工作中，要确保抽查质量，避免重复检查。') },
    { what: '被检查次数年度统计、检查人员年度检查次数标记（由统计与考核功能实现）',
      cite: W('三、（二）', '建立被检查次数年度统计制度，用以评估检查效果和企业守法情况，科学调整检查计划') },
    { what: '年度抽查结果公开率 100%（由公开统计实现）', cite: W('二、', '年度抽查结果公开率100%，抽查事项清单做到年度全覆盖') },
  ],
};

/** 武隆 (district level, 20-row item list), validated at load. */
export const wulong = loadProfile(profile);
