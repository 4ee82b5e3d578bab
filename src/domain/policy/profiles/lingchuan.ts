/**
 * 陵川县污染源日常环境监管领域“双随机、一公开”抽查工作实施方案（陵环发〔2024〕1号，2024-01-03）.
 * A county bureau whose 综合行政执法队 has three 分队; the general-unit quota counts squads. The
 * document has two chapters numbered 四 (配套制度和机制, 工作要求); citations name which.
 */
import { loadProfile } from '../validate.ts';
import type { ProfileInput } from '../schema.ts';
import { anyOf, categoryStratum, citer, coverAll, events, inCategory, keyUnit, otherwise, outOfBusiness, percent, permit, perSquad, positiveList } from './dsl.ts';

const L = citer('lingchuan');

// 二、（四） 最低抽查比例 — four groups. 特殊 first: a positive-list unit that was punished twice is no
// longer the low-risk unit the list was made for.
const 特殊 = {
  key: '特殊', label: '特殊监管对象', priority: 4,
  when: anyOf(
    events('行政处罚', 'previousYear', 2),
    events(['红牌', '黑牌'], 'previousYear', 2),
    events('问题未整改', 'anyTime', 1),
    events('信访投诉', 'past12Months', 2),
  ),
  cite: L('二、（四）3',
    '特殊监管对象（指上年度被行政处罚 2 次以上、挂红、黑牌 2 次以上企业，以及在执法中发现的存在问题尚未整改到位、群众多次举报投诉的企业），实现年度全覆盖检查',
    '“2 次以上”含本数；红牌、黑牌合计；“问题尚未整改到位”按未作废的「问题未整改」事件计；“多次举报投诉”未定期限，按所抽查期间之前 12 个月内 2 次及以上计'),
};
const 正面清单 = {
  key: '正面清单', label: '正面清单对象', priority: 3,
  when: positiveList,
  cite: L('二、（四）4', '正面清单对象：县级执法队伍按照每季度 25%的比例对正面清单内企业开展一次“体检式”执法帮扶',
    '文件未说明正面清单企业同时属于重点监管对象时如何处理；按正面清单对象（体检式执法帮扶）计'),
};
const 重点 = {
  key: '重点', label: '重点监管对象', priority: 2,
  when: anyOf(keyUnit, permit('重点管理')),
  cite: L('二、（四）1', '重点监管对象：县级执法队队伍每季度按照 25%的比例抽查，年度实现全覆盖',
    '文件未定义重点监管对象；按重点排污单位名录或排污许可重点管理认定'),
};
const 一般 = {
  key: '一般', label: '一般监管对象', priority: 1,
  when: otherwise,
  cite: L('二、（三）', '本行政区内所有污染源作为随机抽查对象'),
};

const profile: ProfileInput = {
  id: 'lingchuan',
  name: '晋城市生态环境局陵川分局',
  document: '陵川县污染源日常环境监管领域“双随机、一公开”抽查工作实施方案（陵环发〔2024〕1号）',
  levels: ['county'],
  categories: [特殊, 正面清单, 重点, 一般],
  strata: [
    categoryStratum(重点, [
      { amount: percent(25), per: 'quarter', cite: L('二、（四）1', '重点监管对象：县级执法队队伍每季度按照 25%的比例抽查') },
      { amount: coverAll, per: 'year', drawEvery: 'quarter', cite: L('二、（四）1', '年度实现全覆盖', '每季度抽取（四、工作要求（二）），按剩余季度分摊') },
    ]),
    categoryStratum(一般, [
      { amount: perSquad(10), per: 'quarter',
        cite: L('二、（四）2', '一般监管对象：县级执法队队伍每季度按照 1：10（执法分队数量：监管对象数量）的比例抽查') },
    ]),
    categoryStratum(特殊, [
      { amount: coverAll, per: 'year', drawEvery: 'quarter', cite: L('二、（四）3', '实现年度全覆盖检查', '每季度抽取（四、工作要求（二）），按剩余季度分摊') },
    ]),
    categoryStratum(正面清单, [
      { amount: percent(25), per: 'quarter', cite: L('二、（四）4', '县级执法队伍按照每季度 25%的比例对正面清单内企业开展一次“体检式”执法帮扶') },
    ]),
  ],
  items: [],
  exclusions: [outOfBusiness(L('二、（三）', '本行政区内所有污染源作为随机抽查对象', '停产、关闭、注销的单位已不是在产污染源'))],
  defaultMode: '现场',
  modes: [
    { when: inCategory('正面清单'), mode: '体检式执法帮扶', cite: L('二、（四）4', '对正面清单内企业开展一次“体检式”执法帮扶') },
  ],
  drawWindows: [
    { cadence: 'quarter', window: { firstDays: 10 },
      cite: L('四、工作要求（二）', '“双随机、一公开”领导小组办公室要在每季度初10日内，完成抽取本季度“双随机”任务') },
  ],
  disclosures: [
    { what: '双随机抽查情况和查处结果', after: 'periodEnd', period: 'quarter',
      cite: L('四、配套制度和机制（五）', '每季度将双随机抽查情况和查处结果及时向社会公开，接受社会监督', '文件未规定天数') },
  ],
  joint: [],
  reports: [
    { what: '抽取到的企业名单（报市生态环境保护综合行政执法队备案）', every: 'quarter', due: [{ monthOffset: 0, day: 10 }],
      cite: L('四、工作要求（二）', '在每季度初10日内，完成抽取本季度“双随机”任务，并将抽取到的企业名单上报市生态环境保护综合行政执法队备案') },
  ],
  team: { minSize: 2, cite: { doc: 'law', article: '第四十二条', text: '执法人员不得少于两人', note: '陵川方案未规定检查人数' } },
  floors: [],
  unexpressed: [
    { what: '确定抽查比例和摇号须有会议记录、会议纪要等书面材料（由抽取流程存档）',
      cite: L('二、（四）', '确定抽查比例和摇号确定抽查单位要有会议记录、会议纪要等书面材料，以备上级部门核查') },
    { what: '双随机抽查名单一经确定，不得随机变更（由抽取流程保证，不重抽）',
      cite: L('四、配套制度和机制（一）', '双随机抽查名单一经确定，不得随机变更') },
    { what: '现场检查实施前抽查名单对被检查单位保密（由权限与公开时点保证）',
      cite: L('四、配套制度和机制（四）', '在现场检查工作实施前，随机抽查名单应对被检查单位保密') },
  ],
};

/** 陵川 (county level, three squads), validated at load. */
export const lingchuan = loadProfile(profile);
