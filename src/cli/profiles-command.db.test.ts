/**
 * `shuangsui profiles list|show`: built-ins answered without a database, own profiles from it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../testing/cli.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../testing/database.ts';
import { copyProfile } from '../services/policy/edit-profile.ts';
import { createProfilesCommand, type StratumJson } from './profiles-command.ts';

let db: TestDatabase;

const cli = (...args: string[]) => runCli(db, ...args);

/** Runs the command in-process on built-ins only (no database). */
async function offline(...args: string[]): Promise<string> {
  let out = '';
  const json = args.includes('--json');
  const rest = args.filter((a) => a !== '--json');
  await createProfilesCommand((t) => void (out += t))({ json }, rest, () => { throw new Error('no database expected'); }, false);
  return out;
}

before(async () => {
  db = await openTestDatabase();
  const { ctx } = await seedMinimalOrgs(db);
  await copyProfile(ctx, { from: 'zaozhuang', code: 'city-own', name: '测试市自定义方案', effectiveFrom: '2025-01-01' });
  await db.close();
});
after(async () => db.dispose());

test('show lingchuan --json: every stratum with key, Chinese label, period, rule and citation', async () => {
  const out = JSON.parse(await offline('show', 'lingchuan', '--json')) as { id: string; builtIn: boolean; version: number; strata: StratumJson[] };
  assert.equal(out.id, 'lingchuan');
  assert.equal(out.builtIn, true);
  assert.equal(out.version, 0);
  assert.deepEqual(out.strata.map((s) => [s.key, s.label, s.period, s.rule, s.citation]), [
    ['重点', '重点监管对象', 'quarter', '每季度 25%；每年 全覆盖（每季度抽取）', '陵川方案 二、（四）1'],
    ['一般', '一般监管对象', 'quarter', '每季度 执法分队数 × 10', '陵川方案 二、（四）2'],
    ['特殊', '特殊监管对象', 'quarter', '每年 全覆盖（每季度抽取）', '陵川方案 二、（四）3'],
    ['正面清单', '正面清单对象', 'quarter', '每季度 25%', '陵川方案 二、（四）4'],
  ]);
  assert.match(out.strata[0]!.rules[0]!.text!, /每季度按照 25%的比例抽查/);
});

test('show baoding-city: city level, every stratum cited from the 保定 documents', async () => {
  const out = JSON.parse(await offline('show', 'baoding-city', '--json')) as { levels: string[]; strata: StratumJson[] };
  assert.deepEqual(out.levels, ['city']);
  assert.ok(out.strata.every((s) => s.citation.startsWith('保定')), out.strata.map((s) => s.citation).join());
});

test('list without a database gives the six built-ins; an unknown id is refused in Chinese', async () => {
  assert.deepEqual((await offline('list')).trim().split('\n').map((l) => l.split('\t')[0]), ['zaozhuang', 'baoding-city', 'baoding-county', 'lingchuan', 'nanshan', 'wulong']);
  await assert.rejects(offline('show', 'nowhere'), /没有内置方案「nowhere」/);
});

test('with the database: list includes the own profile, show gives its version; bad input exits 1 in Chinese', () => {
  const list = cli('profiles', 'list', '--json');
  assert.equal(list.code, 0, list.err);
  const own = (JSON.parse(list.out) as { id: string; builtIn: boolean; version: number; org: string }[]).find((p) => p.id === 'city-own')!;
  assert.deepEqual([own.builtIn, own.version, own.org], [false, 1, '测试市生态环境局']);

  const show = cli('profiles', 'show', 'city-own', '--json');
  assert.equal(show.code, 0, show.err);
  const p = JSON.parse(show.out) as { name: string; builtIn: boolean; version: number; strata: StratumJson[] };
  assert.deepEqual([p.name, p.builtIn, p.version], ['测试市自定义方案', false, 1]);
  assert.ok(p.strata.some((s) => s.key === '重点' && /25%/.test(s.rule) && s.citation.startsWith('枣庄方案')));

  const bad = cli('profiles', 'show', 'city-own', '--version', '9');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /错误：方案「测试市自定义方案」没有第 9 版/);
});
