/**
 * The item list (随机抽查事项清单) of the demo city: the 20 rows of 武隆's annex (seeds/004) transcribed,
 * plus a few city-wide items for the target kinds the annex does not cover.
 *
 * Transcription notes: blank 发起部门/事项名称 cells are merged cells in the source and inherit the
 * row above; "A、B" departments are lead A with cooperating B; the source's 检查对象 is mapped onto
 * TARGET_KINDS and, where that loses detail, kept in brackets after the name (without 武隆's own
 * counts such as “（9个）”, which do not fit the demo city); list numbering
 * ("1.") is dropped because the checklist is already a list; a '；' inside one numbered point
 * (row 15 point 2, row 19) becomes '，' so the point survives as one line of the 'lines' field.
 */
import type { DemoItem } from './types.ts';

type Row = [lead: string, name: string, scope: string | null, kind: string, checklist: string[], frequency: string, ratio: string, method: string, expertise: string[]];

const WATER_FACILITY = ['水污染防治设施是否运行。', '入河排污口设置是否审批。', '污水排放是否达标。'];
const SOURCE_SIGNS = '保护区是否设立明确的地理界标和明显的警示标志。';
const HW = [
  '是否按经营许可类别、规模规范经营活动。',
  '是否执行危险废物管理计划、申报登记、应急预案、转移联单、危险废物经营记录簿等危险废物规范化管理制度。',
  '是否建立规范的贮存设施并分类分区规范贮存。',
];
const RADIATION = ['辐射源基本情况。', '辐射安全防护设施与运行情况。', '法规执行情况。', '管理制度与执行情况。'];
const RAD_LEAD = '法规科（核与辐射安全管理科）、执法支队';
const ONSITE = '现场检查';

const WULONG: Row[] = [
  ['水科', '水污染防治设施运行情况', null, '污水处理厂', WATER_FACILITY,
    '城市污水处理厂4次/年；工业聚集区污水处理厂2次/年；乡镇污水处理厂1次/年',
    '城市污水处理厂每季度抽查100%；工业聚集区污水处理厂每半年抽查50%；乡镇污水处理厂30%', ONSITE, ['水']],
  ['水科', '水污染防治设施运行情况', '涉水重点工业企业污水处理设施', '排污单位', WATER_FACILITY, '1次/年', '10%', ONSITE, ['水']],
  ['水科', '水源地保护区污染防治监督检查', '城市、千吨万人集中式饮用水水源地', '饮用水水源地', [SOURCE_SIGNS, '规范化建设情况。'], '4次/年', '每季度抽查20%', ONSITE, ['水']],
  ['大气科（总量科）', '大气污染防治设施运行情况', '涉气重点企业、油库加油站', '排污单位',
    ['污染治理设施运行和污染物排放状况。', '是否建立环境管理台账。'], '4次/年', '每季度抽查10%', ONSITE, ['气']],
  ['大气科（总量科）', '排污许可证核发质量', '纳入排污许可管理的排污单位', '排污单位',
    ['检查已核发的排污许可证质量', '是否存在降级管理情况'], '1次/年', '10%，可委托第三方机构实施', '书面检查', ['排污许可']],
  ['大气科（总量科）', '碳排放情况', '纳入全国和重庆碳市场的排放单位', '碳排放单位',
    ['是否依规报告碳排放数据，确保数据的真实性、完整性、准确性。', '是否完成年度碳排放履约工作。'], '1次/年', '100%，可委托第三方机构实施', '现场检查、非现场检查', []],
  ['土壤科', '土壤污染重点监管单位隐患排查和自行监测情况', null, '土壤污染重点监管单位', [
    '是否按年度向生态环境主管部门报告有毒有害物质排放',
    '是否建立土壤污染隐患排查制度并按要求开展隐患排查',
    '是否制定、实施自行监测方案，并将监测数据报生态环境主管部门和按照规定公开相关信息。',
  ], '1次/年', '100%', ONSITE, ['土壤']],
  ['土壤科', '建设用地土壤污染状况调查开展情况', '土壤污染责任人或土地使用权人', '其他', [
    '是否按照《土壤法》第59条用途变更为住宅、公共管理与公共服务用地的，变更前按照规定进行土壤污染状况调查。',
    '是否及时将土壤污染状况监测数据、调查报告等上传全国土壤环境信息平台。',
  ], '1次/年', '10%', ONSITE, ['土壤']],
  ['土壤科', '危险废物规范化环境管理评估', null, '危险废物经营单位', HW, '1次/年', '100%', ONSITE, ['危废']],
  ['土壤科', '新污染物', '新污染物涉及企业', '排污单位',
    ['是否按要求开展新污染调查', '是否完成新污染调查系统填报', '是否建立新污染物台账'], '1次/年', '100%', ONSITE, ['化学品']],
  ['土壤科', '农村生活污水处理设施运行情况', null, '农村生活污水处理设施',
    ['设施是否运行。', '运行记录台账是否齐全', '出水排放是否达标。'], '1次/年', '10%', ONSITE, ['水']],
  ['行政许可科', '环评报告质量', null, '环评报告编制单位',
    ['环评报告编制的规范性。', '环评报告编制质量。', '环评审批情况。', '评审专家履职情况。'], '4次/年', '按年度监管工作方案执行', '书面检查', ['环评']],
  ['自然生态保护科', '自然保护地', null, '自然保护地', ['自然保护地内是否存在环境违法行为'], '1次/年', '60%', ONSITE, ['生态']],
  ['法规科', '辐射安全许可制度落实情况', '区生态环境局核发辐射安全许可证的重点检查对象', '辐射安全许可持证单位', RADIATION, '1次/年', '100%', ONSITE, ['辐射']],
  ['执法支队', '污染源日常监督检查，排污许可制度落实及执行情况，以及突发环境事件应急预案备案情况、环境安全隐患情况',
    '核发排污许可证的企业；信用评价警示企业、不良企业；其他一般单位', '排污单位', [
      '重点排污单位的日常监督检查。',
      '企业突发环境事件应急管理检查。突发环境事件风险评估，确定风险等级情况，应急预案制定备案情况，建立健全隐患排查治理制度，隐患排查治理和建立档案情况，突发环境事件应急培训情况，企业突发环境事件风险防控措施，必要环境应急装备和物资储备情况，应急预案及演练公开情况。',
      '企业持证排污、按证排污和证后管理制度落实情况，入河排污口管理情况。',
      '企业污染防治设施运行情况监督。',
    ], '4次/年',
    '重点管理类排污单位每季度抽查100%，简化管理类排污单位每季度抽查10%；信用评价警示企业、不良企业每半年抽查100%；其他一般单位每季度抽查10%',
    '现场检查、非现场检查', ['排污许可']],
  [RAD_LEAD, '辐射类建设项目环评及批复落实情况、“三同时”制度落实情况', '2022年以来生态环境部门审批的辐射类建设项目', '建设项目',
    ['按照生态环境部和市生态环境局有关要求，重点检查辐射类建设项目环境影响报告书（表）及批复要求落实情况，建设项目环境保护“三同时”及竣工环境保护自主验收有关制度落实情况。'],
    '1次/年', '20%', ONSITE, ['辐射', '环评']],
  [RAD_LEAD, '辐射安全许可制度落实及执行情况', '区生态环境局核发辐射安全许可证的一般检查对象', '辐射安全许可持证单位', RADIATION, '1次/年', '20%', ONSITE, ['辐射']],
  ['水科、执法支队', '水源地保护区污染防治监督检查', '非千吨万人乡镇集中式饮用水水源地', '饮用水水源地',
    [SOURCE_SIGNS, '一、二级保护区内是否存在环境违法行为。'], '1次/年', '20%', ONSITE, ['水']],
  ['许可科、执法支队', '建设项目环评及批复落实情况、“三同时”制度落实情况、竣工环境保护自主验收落实情况',
    '2022年以来生态环境部门审批建设项目，建成1年以内的生态环境部门审批建设项目（不含辐射类建设项目）', '建设项目',
    ['按照生态环境部和市生态环境局有关要求，重点检查检查建设项目环境影响报告书（表）及批复要求落实情况；建设项目环境保护“三同时”及竣工环境保护自主验收有关制度落实情况。'.replace('；', '，')],
    '项目开工建设后至投入生产或使用1年内抽查1次', '部批项目抽查100%，市批项目抽查50%，区批项目抽查10%', ONSITE, ['环评']],
  ['土壤科、执法支队', '危险废物规范化环境管理评估', '年产生量50吨及以上或拥有危险废物自行利用处置设施的重点危险废物产生单位', '排污单位', HW, '1次/年', '100%', ONSITE, ['危废']],
];

type CityRow = [code: string, lead: string, coop: string[], name: string, kind: string, category: string, method: string, frequency: string, ratio: string, checklist: string[], basis: string, expertise: string[]];

const ENFORCEMENT = '生态环境保护综合执法支队';
const CITY: CityRow[] = [
  ['SF-01', ENFORCEMENT, ['大气环境科', '水生态环境科'], '排污单位污染源日常监管', '排污单位', '重点检查事项', ONSITE, '每季度1次',
    '重点管理每季度25%；简化管理每季度5%；登记管理每季度1%',
    ['污染防治设施运行情况', '污染物排放及自行监测情况', '排污许可证载明事项落实情况', '环境管理台账和执行报告情况', '危险废物规范化管理情况'],
    '《中华人民共和国环境保护法》第二十四条；《排污许可管理条例》', ['排污许可']],
  ['SF-02', ENFORCEMENT, ['生态环境监测站'], '重点排污单位自动监控非现场检查', '排污单位', '一般检查事项', '非现场检查', '每月1次', '纳入自动监控的排污单位100%',
    ['自动监测数据是否超标', '自动监控设施是否正常运行、数据是否完整有效', '是否存在篡改、伪造监测数据行为'],
    '《中华人民共和国大气污染防治法》；《中华人民共和国水污染防治法》', ['自动监控']],
  ['SF-03', '大气环境科', [ENFORCEMENT], '加油站油气回收治理情况', '加油站', '一般检查事项', ONSITE, '1次/年', '每季度2.5%',
    ['油气回收系统是否正常运行', '是否按规定开展油气回收检测', '卸油、储油、加油环节油气排放控制情况'], '《中华人民共和国大气污染防治法》', ['气']],
  ['SF-04', '大气环境科', [ENFORCEMENT], '储油库油气回收治理情况', '储油库', '一般检查事项', ONSITE, '1次/年', '每季度2.5%',
    ['油气回收装置是否正常使用', '储罐密封及泄漏检测与修复情况'], '《中华人民共和国大气污染防治法》', ['气']],
  ['SF-05', '大气环境科', [], '机动车排放检验机构检验情况', '机动车排放检验机构', '一般检查事项', '现场检查、非现场检查', '1次/年', '每季度2.5%',
    ['是否按照规范开展排放检验', '检验数据是否实时上传', '是否存在出具虚假检验报告行为'], '《中华人民共和国大气污染防治法》', ['移动源']],
  ['SF-06', '生态环境监测站', [ENFORCEMENT], '社会生态环境监测机构监测质量', '社会生态环境监测机构', '一般检查事项', ONSITE, '1次/年', '每季度25%',
    ['监测活动是否符合技术规范', '原始记录是否完整可追溯', '是否存在篡改、伪造监测数据行为'], '《中华人民共和国环境保护法》', ['监测']],
  ['SF-07', '大气环境科', [], '柴油车用车大户排放达标情况', '柴油车用车大户', '一般检查事项', ONSITE, '1次/年', '每季度1%',
    ['柴油车排放达标情况', '车辆维护保养及台账情况', '是否使用符合标准的燃料和车用尿素'], '《中华人民共和国大气污染防治法》', ['移动源']],
  ['SF-08', '水生态环境科', [ENFORCEMENT], '入海排污口设置和排放情况', '入海排污口', '重点检查事项', ONSITE, '1次/年（3月前抽取）', '重点20%；特殊30%',
    ['排污口设置是否备案', '排污口规范化建设及标识情况', '污水排放是否达标'], '《中华人民共和国海洋环境保护法》', ['海洋', '水']],
  ['SF-09', ENFORCEMENT, [], '个体工商户污染防治情况', '个体工商户', '一般检查事项', ONSITE, '1次/年', '1%',
    ['喷漆、干洗等废气治理设施运行情况', '废机油等危险废物贮存和转移情况', '油烟净化设施运行情况'], '《中华人民共和国环境保护法》第二十四条', ['气', '危废']],
];

/** All demo items for the city organisation `orgCode`. */
export function demoItems(orgCode: string): DemoItem[] {
  const wulong = WULONG.map(([lead, name, scope, kind, checklist, frequency, ratio, method, expertise], i): DemoItem => {
    const [leadDepartment, ...cooperating] = lead.split('、');
    return {
      orgCode, code: `WL-${String(i + 1).padStart(2, '0')}`, name: scope ? `${name}（${scope}）` : name,
      leadDepartment: leadDepartment!, cooperatingDepartments: cooperating, targetKind: kind, category: null, method,
      frequency, ratio, checklist: checklist.map((l) => l.replace(/^\d+\./, '')), basis: null, level: '县级',
      requiredExpertise: expertise, powerListCode: null, internetSupervisionCode: null,
    };
  });
  const city = CITY.map(([code, lead, coop, name, kind, category, method, frequency, ratio, checklist, basis, expertise]): DemoItem => ({
    orgCode, code, name, leadDepartment: lead, cooperatingDepartments: coop, targetKind: kind, category, method,
    frequency, ratio, checklist, basis, level: '市级、县级', requiredExpertise: expertise, powerListCode: null, internetSupervisionCode: null,
  }));
  return [...wulong, ...city];
}
