/**
 * `shuangsui plan` as an operator runs it: a scenario file for 武隆 (the annex's counts), the text
 * table, every kind of bad scenario named by field, and planning from the directories in the database.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../testing/cli.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../testing/database.ts';
import { creditCode, writeText } from '../testing/fixtures.ts';
import { createDirectoryRecord } from '../services/directory/save-record.ts';
import { wulong } from '../domain/policy/profiles/index.ts';
import { createPlanCommand, type WithCtx } from './plan-command.ts';

let db: TestDatabase;

const cli = (...args: string[]) => runCli(db, ...args);

/** The command run in-process (no database needed for a built-in profile with a scenario). */
async function runInProcess(values: Record<string, string | boolean>): Promise<string> {
  let out = '';
  const noDb: WithCtx = () => Promise.reject(new Error('no database expected'));
  await createPlanCommand((t) => { out += t; })(values, noDb);
  return out;
}

const wulongPools = Object.fromEntries(wulong.strata.map((s) => [s.key, 5]));
Object.assign(wulongPools, { '3-城市千吨万人水源地': 9, '4-涉气重点企业油库加油站': 26, '5-排污许可证核发质量': 57, '18-非千吨万人水源地': 39 });

before(async () => {
  db = await openTestDatabase();
  const { ctx } = await seedMinimalOrgs(db);
  // 枣庄 at county level, as of 2025-01-01: 重点管理 ×3 (one 停产 → excluded), 简化管理 ×2, 登记管理 ×1.
  const rows: Record<string, unknown>[] = [
    { permitClass: '重点管理' }, { permitClass: '重点管理' }, { permitClass: '重点管理', status: '停产' },
    { permitClass: '简化管理' }, { permitClass: '简化管理' }, { permitClass: '登记管理' },
  ];
  for (const [i, attrs] of rows.entries()) {
    await createDirectoryRecord(ctx, 'targets', { kind: '排污单位', identifier: creditCode(i + 1), name: `单位${i + 1}有限公司`, ...attrs });
  }
  await db.close();
});
after(async () => db.dispose());

test('plan --scenario --json for 武隆 2024: annex rows 3, 4, 5, 18 give 8, 12 (3 a quarter), 6, 8', () => {
  const file = writeText(join(db.dataDir, 'wulong.json'), JSON.stringify({ level: 'county', inspectors: 12, squads: 0, pools: wulongPools }));
  const r = cli('plan', '--profile', 'wulong', '--year', '2024', '--scenario', file, '--json');
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out);
  const by = Object.fromEntries(json.strata.map((s: { key: string }) => [s.key, s]));
  assert.deepEqual(
    [by['4-涉气重点企业油库加油站'].period, by['4-涉气重点企业油库加油站'].countPerPeriod, by['4-涉气重点企业油库加油站'].countPerYear, by['4-涉气重点企业油库加油站'].formula],
    ['quarter', 3, 12, 'ceil(10% × 26) = 3 / 季度，全年 12'],
  );
  assert.equal(by['3-城市千吨万人水源地'].countPerYear, 8);
  assert.deepEqual([by['5-排污许可证核发质量'].period, by['5-排污许可证核发质量'].countPerYear], ['year', 6]);
  assert.equal(by['18-非千吨万人水源地'].countPerYear, 8);
  assert.deepEqual(by['4-涉气重点企业油库加油站'].citations, ['武隆方案 附件 序号4']);
  assert.equal(by['4-涉气重点企业油库加油站'].label, '涉气重点企业、油库加油站（约26家）');
  assert.deepEqual(json.undetermined, ['12-环评报告编制单位']);
});

test('without --json the plan is a Chinese table with the formulas and the year total', async () => {
  const file = writeText(join(db.dataDir, 'lingchuan.json'), JSON.stringify({ squads: 3, pools: { 重点: 10, 一般: 100, 特殊: 3, 正面清单: 4 } }));
  const out = await runInProcess({ profile: 'lingchuan', year: '2025', scenario: file });
  assert.match(out, /晋城市生态环境局陵川分局 2025 年度抽查计划（县级）/);
  assert.match(out, /分层\s+检查对象\s+周期\s+对象数\s+每期\s+全年\s+计算公式/);
  assert.match(out, /一般\s+一般监管对象\s+季度\s+100\s+30\s+120\s+10 × 3 个分队 = 30 \/ 季度，全年 120/);
  assert.match(out, /特殊\s+特殊监管对象\s+季度\s+3\s+1\/1\/1\/0\s+3\s/);
  assert.match(out, /全年合计：139 家次/);
});

test('bad scenario files are refused naming the field', async () => {
  const bad = async (content: string, pattern: RegExp, profile = 'wulong') => {
    const file = writeText(join(db.dataDir, 'bad.json'), content);
    await assert.rejects(runInProcess({ profile, year: '2025', scenario: file }), pattern);
  };
  await bad('{"pools": {', /情景文件不是有效的 JSON/);
  await bad('[1, 2]', /情景文件应为 JSON 对象/);
  await bad(JSON.stringify({ pools: { ...wulongPools, 涉气: 3 } }), /情景文件「pools\.涉气」不是方案「重庆市武隆区生态环境局」的抽查分层/);
  await bad(JSON.stringify({ pools: { ...wulongPools, '13-自然保护地': -1 } }), /情景文件「pools\.13-自然保护地」应为非负整数，收到 -1/);
  await bad(JSON.stringify({ level: 'city', pools: wulongPools }), /情景文件「level」为 "city"，但方案「重庆市武隆区生态环境局」只适用于县级机构/);
  await bad(JSON.stringify({ level: '区县', pools: wulongPools }), /情景文件「level」应为 "city"（市级）或 "county"（县级）/);
  await bad(JSON.stringify({ inspectors: 2.5, pools: wulongPools }), /情景文件「inspectors」应为非负整数/);
  await bad(JSON.stringify({ pool: wulongPools }), /情景文件「pool」不是情景文件的字段/);
  await bad(JSON.stringify({ pools: { '1-城市污水处理厂': 2 } }), /情景文件「pools」：缺少以下抽查分层的对象数：「1-乡镇|情景文件「pools」：缺少以下抽查分层的对象数：「1-工业聚集区污水处理厂」/);
  await bad(JSON.stringify({ pools: { 重点: 1, 一般: 1, 特殊: 1, 正面清单: 1 } }), /情景文件「squads」：「一般监管对象」按执法分队数量计算，请提供执法分队数量/, 'lingchuan');
  await assert.rejects(runInProcess({ profile: 'wulong', year: '25' }), /请用 --year 指定四位年度/);
});

test('a bad scenario exits 1 with the Chinese message and no stack trace', () => {
  const file = writeText(join(db.dataDir, 'neg.json'), JSON.stringify({ squads: 3, pools: { 重点: -4, 一般: 1, 特殊: 1, 正面清单: 1 } }));
  const r = cli('plan', '--profile', 'lingchuan', '--year', '2025', '--scenario', file);
  assert.equal(r.code, 1);
  assert.equal(r.err, '错误：情景文件「pools.重点」应为非负整数，收到 -4\n');
});

test('without --scenario it plans from the directories of --org (枣庄 county level, 停产 excluded)', () => {
  const r = cli('plan', '--profile', 'zaozhuang', '--year', '2025', '--level', 'county', '--org', 'city', '--json');
  assert.equal(r.code, 0, r.err);
  const json = JSON.parse(r.out);
  const by = Object.fromEntries(json.strata.map((s: { key: string }) => [s.key, s]));
  assert.deepEqual([by['重点'].pool, by['重点'].countPerPeriod, by['重点'].countPerYear, by['重点'].formula], [2, 1, 4, 'ceil(25% × 2) = 1 / 季度，全年 4']);
  assert.deepEqual([by['简化'].pool, by['一般'].pool, by['特殊'].pool], [2, 1, 0]);
  assert.deepEqual([json.inputs.targetCount, json.inputs.asOf, json.org.name], [6, '2025-01-01', '测试市生态环境局']);
  const text = cli('plan', '--profile', 'zaozhuang', '--year', '2025', '--level', 'county', '--org', 'city');
  assert.match(text.out, /测试市生态环境局：检查对象 6 个（按 2025-01-01 分类），执法人员 0 人，执法分队 0 个/);
});
