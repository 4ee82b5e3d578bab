import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowedPerYear, flagOverInspected, milestoneProgress, percent } from './supervision.ts';
import { nanshan, zaozhuang } from './policy/profiles/index.ts';

test('percent rounds to one decimal and is null without a denominator: 1/3 → 33.3, 2/3 → 66.7, 0/0 → null', () => {
  assert.deepEqual([percent(1, 3), percent(2, 3), percent(0, 0), percent(5, 10)], [33.3, 66.7, null, 50]);
});

test('allowance per year: 南山 重点 drawn quarterly → 4, 入海排污口 drawn yearly → 1, an unknown label → null', () => {
  assert.deepEqual([allowedPerYear(nanshan, '重点监管对象'), allowedPerYear(nanshan, '入海排污口重点监管对象'), allowedPerYear(nanshan, '无此分层')], [4, 1, null]);
});

test('a target is flagged only when its random inspections exceed the largest allowance of its strata; targeted checks never flag', () => {
  const base = { targetId: 1, name: 'x', identifier: 'x', targeted: 9 };
  const [a, b, c] = flagOverInspected(nanshan, [
    { ...base, random: 2, strata: ['入海排污口重点监管对象'] },
    { ...base, random: 2, strata: ['入海排污口重点监管对象', '重点监管对象'] },
    { ...base, random: 1, strata: ['入海排污口重点监管对象'] },
  ]);
  assert.deepEqual([a!.excessive, b!.excessive, c!.excessive], [true, false, false]);
});

test('without milestones (枣庄) only the last month of a quarter requires every task; open months stay open', () => {
  const m = milestoneProgress(zaozhuang, [{ period: '2025-Q2', tasks: 4, completedByMonth: { '2025-04': 1, '2025-06': 3 } }], '2025-05-15');
  assert.deepEqual(m.map((x) => [x.month, x.required, x.cumulative, x.state]), [['2025-04', null, 1, 'met'], ['2025-05', null, 1, 'open'], ['2025-06', 4, 4, 'met']]);
});
