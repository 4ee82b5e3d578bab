import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_WINDOWS } from './condition-schema.ts';
import { computeWindowRange, windowRange } from './describe.ts';

const periods: string[] = [];
for (const y of [2023, 2024, 2025, 2026]) {
  periods.push(String(y), `${y}-H1`, `${y}-H2`, `${y}-Q1`, `${y}-Q2`, `${y}-Q3`, `${y}-Q4`);
  for (let m = 1; m <= 12; m++) periods.push(`${y}-${String(m).padStart(2, '0')}`);
}
const days = [undefined, '2022-06-30', '2024-02-29', '2024-12-31', '2025-01-01', '2025-04-01', '2025-05-15', '2025-06-30', '2026-12-31'];

test('windowRange (cached) gives what the uncached computation gives, on a miss, on a hit and after eviction', () => {
  let n = 0;
  for (let round = 0; round < 2; round++) {
    for (const w of EVENT_WINDOWS) {
      for (const p of periods) {
        for (const d of days) {
          const want = computeWindowRange(w, p, d);
          assert.deepEqual({ ...windowRange(w, p, d) }, want, `${w} ${p} ${d ?? '—'} (round ${round + 1})`);
          assert.deepEqual({ ...windowRange(w, p, d) }, want, `${w} ${p} ${d ?? '—'} again`);
          n++;
        }
      }
    }
  }
  assert.ok(n > 2 * 512, `${n} calls, more distinct arguments than the cache holds`);
});

test('windowRange: a shared result cannot be changed by a caller; a malformed period is refused every time', () => {
  const r = windowRange('previousQuarter', '2025-Q2', '2025-04-01');
  assert.deepEqual({ ...r }, { start: '2025-01-01', end: '2025-03-31', label: '上一季度（2025-01-01 至 2025-03-31）' });
  assert.ok(Object.isFrozen(r));
  assert.equal(windowRange('previousQuarter', '2025-Q2', '2025-04-01'), r, 'the same object on a hit');
  assert.notEqual(windowRange('anyTime', '2025-Q2'), windowRange('anyTime', '2025-Q2', ''), 'no asOf and an empty asOf are different keys');
  for (let i = 0; i < 2; i++) assert.throws(() => windowRange('currentMonth', '2025-Q9'), /期间「2025-Q9」无效/);
});
