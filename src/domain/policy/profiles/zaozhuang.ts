/**
 * 枣庄市生态环境“双随机、一公开”监管工作实施方案（枣环函字〔2024〕20号，2024-05-23）.
 * A city: the 市综合执法支队 (city level) and the 分局 (county level) each draw, or the city draws
 * and dispatches (二、（五）1). Article numbers follow the document: 二、（四）2（1） etc.
 */
import { loadProfile } from '../validate.ts';
import type { ProfileInput } from '../schema.ts';
import { anyOf, categoryStratum, citer, coverAll, credit, events, otherwise, outOfBusiness, percent, permit, tag } from './dsl.ts';

const Z = citer('zaozhuang');

// 二、（三）1 — four categories. 特殊 wins: its whole point is closer watching than the permit class gives.
const 特殊 = {
  key: '特殊', label: '特殊监管对象', priority: 4,
  when: anyOf(
    credit('警示', '不良'),
    events('挂牌督办', 'past12Months', 1),
    tag('群众反映强烈'), tag('社会关注度高'), tag('不能稳定达标'), tag('矿井企业'), tag('特殊监管对象'),
  ),
  cite: Z('二、（三）1（4）',
    '群众普遍反映强烈、社会关注度高、信用评价等级低、被挂牌督办、污染防治技术不能稳定达到排污许可证规定及矿井企业等其他需要进行特殊管理的被检查对象，可列为特殊监管对象。',
    '“信用评价等级低”按环保信用等级警示、不良；“被挂牌督办”按所抽查期间之前 12 个月内的挂牌督办事件；其余情形文件未给客观标准（“可列为”），由分局以标签标注'),
};
const 重点 = {
  key: '重点', label: '重点监管对象', priority: 3,
  when: anyOf(permit('重点管理'), tag('重点监管对象')),
  cite: Z('二、（三）1（1）', '实行排污许可重点管理及其他需要进行重点监管的被检查对象，列为重点监管对象。'),
};
const 简化 = {
  key: '简化', label: '简化监管对象', priority: 2,
  when: permit('简化管理'),
  cite: Z('二、（三）1（2）', '实行排污许可简化管理的被检查对象，列为简化监管对象。'),
};
const 一般 = {
  key: '一般', label: '一般监管对象', priority: 1,
  when: otherwise,
  cite: Z('二、（三）1（3）', '填报排污登记表及其他需要进行一般监管的被检查对象，列为一般监管对象。'),
};

const profile: ProfileInput = {
  id: 'zaozhuang',
  name: '枣庄市生态环境局',
  document: '枣庄市生态环境“双随机、一公开”监管工作实施方案（枣环函字〔2024〕20号）',
  levels: ['city', 'county'],
  categories: [特殊, 重点, 简化, 一般],
  // 二、（四）2 — minimum ratios per quarter.
  strata: [
    categoryStratum(重点, [
      { amount: percent(25), per: 'quarter', cite: Z('二、（四）2（1）', '各市每季度对本行政区域内重点监管对象抽查比例不低于 25%。') },
    ]),
    categoryStratum(简化, [
      { amount: percent(5), per: 'quarter', cite: Z('二、（四）2（2）', '各市每季度对本行政区域内简化监管对象抽查比例不低于 5%。') },
    ]),
    categoryStratum(一般, [
      { amount: percent(1), per: 'quarter', levels: ['county'],
        cite: Z('二、（四）2（3）', '各市每季度对本行政区域内一般监管对象抽查比例不低于 1%，原则上由县级抽取。') },
    ]),
    categoryStratum(特殊, [
      { amount: coverAll, per: 'half',
        cite: Z('二、（四）2（4）', '各市对所有特殊监管对象每半年开展 1 次抽查，并可以根据监管需要增加抽查频次。') },
    ]),
  ],
  items: [],
  exclusions: [
    outOfBusiness(Z('二、（三）', '各分局、市综合执法支队要认真做好名录库的日常管理工作，实现检查对象和检查人员信息的动态更新。',
      '停产、关闭、注销的单位不再是可检查的污染源')),
    // 二、（五）1 — "原则上可剔除"; 特殊 is left in because 二、（四）2（4） wants every one of them each half-year.
    { reason: '本年度已被本级抽取检查且未发现生态环境问题，避免重复检查', when: { inspected: 'currentYear', by: 'self', problemsFound: false },
      categories: ['重点', '简化', '一般'],
      cite: Z('二、（五）1', '原则上可剔除年度已抽取或者上级已抽取且未发现生态环境问题的监管对象，避免重复检查。', '特殊监管对象须每半年抽查 1 次，不剔除') },
    { reason: '本年度已被上级抽取检查且未发现生态环境问题，避免重复检查', when: { inspected: 'currentYear', by: 'upper', problemsFound: false },
      categories: ['重点', '简化', '一般'],
      cite: Z('二、（五）1', '原则上可剔除年度已抽取或者上级已抽取且未发现生态环境问题的监管对象，避免重复检查。', '特殊监管对象须每半年抽查 1 次，不剔除') },
  ],
  defaultMode: '现场',
  modes: [],
  drawWindows: [],
  disclosures: [
    { what: '检查时间、内容、结果', after: 'taskCompleted', within: { workdays: 20 },
      cite: Z('二、（六）', '各分局、市综合执法支队应在随机抽查任务完成后的 20 个工作日内，主动将检查时间、内容、结果等情况在地方政府或相关部门规定的平台公开') },
  ],
  joint: [],
  reports: [
    { what: '“双随机、一公开”监管情况统计表', every: 'quarter', due: [{ monthOffset: 3, day: 5 }],
      cite: Z('三、（三）', '各分局应于每季度随机抽查任务完成后的次月 5 日前，通过智慧监管系统上报行政区域内生态环境“双随机、一公开”监管情况统计表。') },
    { what: '上一年度“双随机、一公开”工作报告', every: 'year', due: [{ monthOffset: 12, day: 5 }],
      cite: Z('三、（三）', '每年 1 月 5 日前，将上一年度“双随机、一公开”工作报告报送市局。') },
  ],
  team: { minSize: 2, cite: Z('二、（五）3', '检查人员执行抽查任务时不得少于 2 人') },
  floors: [],
  unexpressed: [
    { what: '对信用风险高和涉“两高”项目的监管对象应提高抽查比例；对环境管理水平高、信用评价好和纳入正面清单的对象减少现场检查次数（未给出数值）',
      cite: Z('二、（四）2', '对信用风险高和涉“两高”项目的监管对象，应提高抽查比例；对环境管理水平高、信用评价好和纳入监督执法正面清单的监管对象，减少现场检查次数。') },
    { what: '随机抽查采取定向和不定向两种方式；推行非现场监管执法（由抽取流程按标签筛选实现）',
      cite: Z('二、（四）1', '随机抽查采取定向和不定向两种方式') },
    { what: '已抽取的检查人员原则上不得更换，特殊情况经分管负责同志同意后调整（由选派流程记录）',
      cite: Z('二、（五）2', '已抽取的检查人员原则上不得更换，但因特殊情况无法继续履行检查任务的，经本部门分管负责同志同意后，可调整更换。') },
    { what: '年度抽查工作计划报省生态环境厅备案（未规定日期）',
      cite: Z('二、（二）', '根据事项清单制定年度“双随机、一公开”抽查工作计划，报省生态环境厅备案。') },
  ],
};

/** 枣庄 (city and county levels), validated at load. */
export const zaozhuang = loadProfile(profile);
