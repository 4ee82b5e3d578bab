import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lingchuan } from './profiles/index.ts';
import { diffProfiles } from './profile-diff.ts';
import { describeRule } from './rule-text.ts';

const copy = () => JSON.parse(JSON.stringify(lingchuan));

test('identical profiles have no differences', () => {
  assert.deepEqual(diffProfiles(lingchuan, copy()), []);
});

test('a changed percentage is one change addressed by stratum key, not by position', () => {
  const b = copy();
  b.strata[0].rules[0].amount.percent = 30;
  assert.deepEqual(diffProfiles(lingchuan, b), [{ path: 'strata[重点].rules[0].amount.percent', kind: 'changed', from: 25, to: 30 }]);
});

test('a stratum inserted first shows as one addition; a removed exclusion as one removal', () => {
  const b = copy();
  b.strata.unshift({ ...b.strata[1], key: '新增', label: '新增分层' });
  b.exclusions = [];
  const changes = diffProfiles(lingchuan, b);
  assert.deepEqual(changes.map((c) => [c.path, c.kind]), [['strata[新增]', 'added'], ['exclusions[0]', 'removed']]);
});

test('an amount of another kind shows the old key removed and the new one added', () => {
  const b = copy();
  b.strata[1].rules[0].amount = { fixed: 3 };
  assert.deepEqual(diffProfiles(lingchuan, b).map((c) => `${c.kind} ${c.path}`), ['removed strata[一般].rules[0].amount.perSquad', 'added strata[一般].rules[0].amount.fixed']);
});

test('rules read as the documents write them', () => {
  assert.equal(describeRule(lingchuan.strata[0]!.rules[0]!), '每季度 25%');
  assert.equal(describeRule(lingchuan.strata[0]!.rules[1]!), '每年 全覆盖（每季度抽取）');
  assert.equal(describeRule(lingchuan.strata[1]!.rules[0]!), '每季度 执法分队数 × 10');
  assert.equal(describeRule({ amount: { percent: 10 }, per: 'year', levels: ['city'], drawnBy: '执法支队', cite: { doc: 'law', article: 'x' } }), '每年 10%（市级），由执法支队抽取');
});
