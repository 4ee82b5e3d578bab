/**
 * 南山 categories and quotas by target kind: 排污单位 (四、（二）1), other fixed sources (四、（二）2),
 * mobile sources (四、（二）3). Kinds do not overlap, so priorities only matter within 排污单位 and
 * within 入海排污口.
 */
import type { ProfileInput } from '../schema.ts';
import { allOf, anyOf, categoryStratum, citer, credit, events, keyUnit, kind, percent, permit, perInspector, tag, vocs } from './dsl.ts';

const N = citer('nanshan');

/** Kinds that are 排污单位 in the sense of 四、（二）1 (the other kinds have their own lines). */
const 排污单位 = kind('排污单位', '污水处理厂', '危险废物经营单位', '土壤污染重点监管单位', '个体工商户');

const 特殊 = {
  key: '特殊', label: '特殊监管对象', priority: 30,
  when: allOf(排污单位, anyOf(
    events('行政处罚', 'previousQuarter', 1),
    credit('警示', '不良'),
    vocs('C'),
    events('信访投诉', 'previousQuarter', 10),
  )),
  cite: N('四、（二）1 一是',
    '将受到环境行政处罚、环境信用等级评价结果为环保警示企业及环保不良企业、涉 VOCs C 级企业和季度内受到投诉 10 宗（含）以上的污染源列为特殊监管对象',
    '清单于每季度最后一个月 17 日前报送、用于下一季度抽取，故“季度内”和“受到环境行政处罚”均按所抽查季度的上一季度计'),
};
const 重点 = {
  key: '重点', label: '重点监管对象', priority: 20,
  when: allOf(排污单位, anyOf(permit('重点管理'), keyUnit)),
  cite: N('四、（二）1', '每季度按不少于 12.5% 的比例抽取重点监管对象', '文件未定义重点监管对象；按排污许可重点管理或重点排污单位名录认定'),
};
const 一般 = { key: '一般', label: '一般监管对象', priority: 10, when: 排污单位, cite: N('四、（二）1', '每季度至少按执法人员数量的 2.5 倍抽取一般监管对象') };

const 重点建设项目 = {
  key: '重点建设项目', label: '重点建设项目', priority: 22, when: allOf(kind('建设项目'), tag('重点建设项目')),
  cite: N('四、（二）2', '按 2.5% 的比例抽取重点建设项目', '以「重点建设项目」标签区分'),
};
const 一般建设项目 = { key: '一般建设项目', label: '一般建设项目', priority: 21, when: kind('建设项目'), cite: N('四、（二）2', '每季度按执法人员数量的 2.5 倍抽取一般建设项目') };

const outfall = (text: string) => N('四、（二）2', text, '文件未定义入海排污口的重点、特殊对象；以「重点监管对象」「特殊监管对象」标签或重点排污单位名录区分');
const 入海特殊 = { key: '入海排污口-特殊', label: '入海排污口特殊监管对象', priority: 43, when: allOf(kind('入海排污口'), tag('特殊监管对象')), cite: outfall('按 30% 的比例抽取特殊监管对象') };
const 入海重点 = { key: '入海排污口-重点', label: '入海排污口重点监管对象', priority: 42, when: allOf(kind('入海排污口'), anyOf(keyUnit, tag('重点监管对象'))), cite: outfall('按 20% 的比例抽取重点监管对象') };
const 入海一般 = { key: '入海排污口-一般', label: '入海排污口一般监管对象', priority: 41, when: kind('入海排污口'), cite: outfall('按参与执法检查人员总数的 2 倍抽取一般监管对象') };

const 监测机构 = { key: '社会生态环境监测机构', label: '社会生态环境监测机构', priority: 50, when: kind('社会生态环境监测机构'), cite: N('四、（二）2', '每季度按 25% 的比例抽取社会生态环境监测机构') };
const 柴油车 = { key: '柴油车用车大户', label: '柴油车用车大户', priority: 60, when: kind('柴油车用车大户'), cite: N('四、（二）3', '对柴油车用车大户，每季度按 1% 的比例抽取') };
const 检验机构 = { key: '机动车排放检验机构', label: '机动车排放检验机构', priority: 61, when: kind('机动车排放检验机构'), cite: N('四、（二）3', '对机动车排放检验机构、加油站和储油库，每季度按 2.5% 的比例抽取') };
const 油站油库 = { key: '加油站和储油库', label: '加油站和储油库', priority: 62, when: kind('加油站', '储油库'), cite: N('四、（二）3', '对机动车排放检验机构、加油站和储油库，每季度按 2.5% 的比例抽取', '“涉移动源的三项监管对象”：柴油车用车大户、机动车排放检验机构、加油站和储油库') };

/** All 南山 categories. */
export const categories: ProfileInput['categories'] = [特殊, 重点, 一般, 重点建设项目, 一般建设项目, 入海特殊, 入海重点, 入海一般, 监测机构, 柴油车, 检验机构, 油站油库];

const 入海 = N('四、（二）2', '每年 3 月份之前抽取入海排污口本年度检查任务，按 20% 的比例抽取重点监管对象，按参与执法检查人员总数的 2 倍抽取一般监管对象，按 30% 的比例抽取特殊监管对象');
const 支队 = N('四、（二）3', '由执法支队摇号抽取涉移动源的三项监管对象，由执法科各队开展检查');

/** One stratum per category, each with the ratio of its line. */
export const strata: ProfileInput['strata'] = [
  categoryStratum(重点, [{ amount: percent(12.5), per: 'quarter', cite: 重点.cite }]),
  categoryStratum(一般, [{ amount: perInspector(2.5), per: 'quarter', cite: 一般.cite }]),
  categoryStratum(特殊, [{ amount: percent(25), per: 'quarter', cite: N('四、（二）1 一是', '由执法二队安排专人负责每季度抽取不少于 25% 的特殊监管对象生成执法任务') }]),
  categoryStratum(一般建设项目, [{ amount: perInspector(2.5), per: 'quarter', cite: 一般建设项目.cite }]),
  categoryStratum(重点建设项目, [{ amount: percent(2.5), per: 'quarter', cite: N('四、（二）2', '每季度按执法人员数量的 2.5 倍抽取一般建设项目，按 2.5% 的比例抽取重点建设项目') }]),
  categoryStratum(入海重点, [{ amount: percent(20), per: 'year', cite: 入海 }]),
  categoryStratum(入海一般, [{ amount: perInspector(2), per: 'year', cite: 入海 }]),
  categoryStratum(入海特殊, [{ amount: percent(30), per: 'year', cite: 入海 }]),
  categoryStratum(监测机构, [{ amount: percent(25), per: 'quarter', cite: 监测机构.cite }]),
  categoryStratum(柴油车, [{ amount: percent(1), per: 'quarter', drawnBy: '执法支队', cite: { ...支队, text: '对柴油车用车大户，每季度按 1% 的比例抽取' } }]),
  categoryStratum(检验机构, [{ amount: percent(2.5), per: 'quarter', drawnBy: '执法支队', cite: { ...支队, text: '对机动车排放检验机构、加油站和储油库，每季度按 2.5% 的比例抽取' } }]),
  categoryStratum(油站油库, [{ amount: percent(2.5), per: 'quarter', drawnBy: '执法支队', cite: { ...支队, text: '对机动车排放检验机构、加油站和储油库，每季度按 2.5% 的比例抽取' } }]),
];
