/**
 * The statistics table's columns and the annual work report's draft text (枣庄: 年度“双随机、一公开”
 * 工作报告 by 5 January; 南山: 全年双随机监管工作总结 by 1 December), filled in from the figures.
 * Pure: the figures in, rows and paragraphs out. The bureau edits the draft before sending it.
 */

/** What one row of the 统计表 needs (OrgFigures of services/supervision/figures.ts satisfies it). */
export interface StatsRowInput {
  org: { name: string };
  planned: number;
  drawn: number;
  completed: number;
  completion: { percent: number | null };
  records: number;
  problemRate: { n: number; percent: number | null };
  caseRate: { n: number };
  rectification: { n: number; d: number; percent: number | null };
  transfers: number;
  published: number;
  timeliness: { percent: number | null };
}

/** The 统计表 columns, in order. */
export const STATS_COLUMNS = [
  '序号', '单位', '计划抽查数', '实际抽取数', '已完成检查数', '完成率（%）', '检查记录数', '发现问题数', '问题发现率（%）',
  '立案查处数', '责令整改数', '整改完成数', '整改完成率（%）', '移送/移交数', '结果公开数', '按时公开率（%）',
] as const;

const pct = (x: number | null) => (x === null ? '—' : x);

/** One table row (序号 given by the caller; 合计 rows pass '合计'). */
export function statsRow(no: number | string, f: StatsRowInput): (string | number)[] {
  return [
    no, f.org.name, f.planned, f.drawn, f.completed, pct(f.completion.percent), f.records, f.problemRate.n, pct(f.problemRate.percent),
    f.caseRate.n, f.rectification.d, f.rectification.n, pct(f.rectification.percent), f.transfers, f.published, pct(f.timeliness.percent),
  ];
}

export interface AnnualReportInput extends StatsRowInput {
  year: number;
  profileName: string | null;
  joint: { kind: string; done: number; quota: number | null; met: boolean | null }[];
  flaggedTargets: number;
  inspectedTargets: number;
  inspectors: number;
  children: StatsRowInput[];
}

export interface ReportSection { heading: string; paragraphs: string[] }

const p1 = (x: number | null) => (x === null ? '—' : `${x}%`);

/** The sections of the annual report draft. */
export function annualReportSections(f: AnnualReportInput): ReportSection[] {
  const lagging = f.children.filter((c) => c.completion.percent !== null && c.completion.percent < 100).map((c) => `${c.org.name}（${p1(c.completion.percent)}）`);
  const joint = f.joint.map((j) => `${j.kind}抽查完成 ${j.done} 项${j.quota !== null ? `，年度目标 ${j.quota} 项，${j.met ? '已完成' : '未完成'}` : ''}`);
  return [
    {
      heading: '一、工作开展情况',
      paragraphs: [
        `${f.year} 年，${f.org.name}按照${f.profileName ? `《${f.profileName}》` : '年度抽查计划'}开展“双随机、一公开”监管工作。全年计划抽查 ${f.planned} 家次，实际抽取 ${f.drawn} 家次，完成检查 ${f.completed} 家次，完成率 ${p1(f.completion.percent)}。`,
        `全年共检查 ${f.inspectedTargets} 家检查对象，${f.inspectors} 名执法人员参与检查。${joint.length ? `${joint.join('；')}。` : ''}`,
      ],
    },
    {
      heading: '二、检查发现及处理情况',
      paragraphs: [
        `随机抽查形成检查记录 ${f.records} 份，发现问题 ${f.problemRate.n} 家次，问题发现率 ${p1(f.problemRate.percent)}；立案查处 ${f.caseRate.n} 家次；责令整改 ${f.rectification.d} 项，已完成整改 ${f.rectification.n} 项，整改完成率 ${p1(f.rectification.percent)}；移送、移交 ${f.transfers} 件。`,
      ],
    },
    {
      heading: '三、结果公开情况',
      paragraphs: [`检查结果已公开 ${f.published} 条，按时公开率 ${p1(f.timeliness.percent)}。`],
    },
    {
      heading: '四、存在的问题',
      paragraphs: [
        lagging.length ? `部分单位抽查任务未全部完成：${lagging.join('、')}。` : '各单位抽查任务均已完成。',
        f.flaggedTargets ? `有 ${f.flaggedTargets} 家检查对象的随机抽查次数超过其监管类别的要求，需落实“无事不扰”。` : '未发现超出监管类别要求频次的重复检查。',
      ],
    },
    {
      heading: '五、下一年度工作思路',
      paragraphs: ['（请根据本单位实际填写。）'],
    },
  ];
}
