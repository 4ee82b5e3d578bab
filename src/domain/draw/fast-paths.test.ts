/**
 * The fast paths (partial selection in selectStratum, least-loaded-only tickets in assignInspectors)
 * give exactly what the protocol's plain definitions give.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareBytes, compareUtf8, enc, sha256 } from './encoding.ts';
import { pairTicket } from './assign.ts';
import { assignInspectors, buildTasks, rankPool, selectStratum, type RosterEntry } from './protocol.ts';

const seed = sha256(enc('fast-path test seed'));
const pool = Array.from({ length: 20000 }, (_, i) => `9144${String(i * 7919 % 100003).padStart(14, '0')}`);

test('selectStratum on a large pool equals the first quota ids of the fully ranked pool', () => {
  const ranked = rankPool(seed, '一般', pool).map((r) => r.id);
  for (const quota of [0, 1, 2, 17, 1000, 4999, 5000, 12000]) {
    assert.deepEqual(selectStratum(seed, { label: '一般', quota }, pool), ranked.slice(0, quota), `quota ${quota}`);
  }
  assert.deepEqual(selectStratum(seed, { label: '一般', quota: 3 }, [...pool].reverse()), ranked.slice(0, 3));
});

test('selection with non-ASCII ids (hashed through the byte path) equals the ranked pool', () => {
  const chinese = pool.slice(0, 3000).map((id) => `企业${id}`);
  const ranked = rankPool(seed, '重点', chinese).map((r) => r.id);
  assert.deepEqual(selectStratum(seed, { label: '重点', quota: 25 }, chinese), ranked.slice(0, 25));
});

test('a duplicate id is refused on the fast path too, selected or not', () => {
  assert.throws(() => selectStratum(seed, { label: '一般', quota: 1 }, [...pool, pool[123]!]), /重复出现/);
});

for (const prefix of ['I', '检查员'])
test(`assignment equals the plain rule: sort every candidate by load, pairTicket, id (ids like ${prefix}1)`, () => {
  const roster: RosterEntry[] = Array.from({ length: 60 }, (_, i) => ({
    id: `${prefix}${i}`, department: ['甲', '乙', '丙'][i % 3]!, expertise: i % 5 === 0 ? ['气'] : [], conflicts: i % 7 === 0 ? [pool[i]!] : [],
  }));
  const strata = [{ label: 'A', department: '甲', expertise: ['气'] }, { label: 'B', department: '乙' }, { label: 'C' }];
  const selections = new Map([['A', pool.slice(0, 40)], ['B', pool.slice(30, 90)], ['C', pool.slice(80, 200)]]);
  const tasks = buildTasks(seed, strata, selections);
  const fast = assignInspectors(seed, tasks, strata, roster, 3);
  // The plain rule, written out.
  const load = new Map(roster.map((r) => [r.id, 0]));
  const plain = tasks.map((task) => {
    const team: RosterEntry[] = [];
    const pick = (fits: (r: RosterEntry) => boolean) => {
      const c = roster.filter((r) => fits(r) && !team.includes(r) && !r.conflicts.includes(task.targetId))
        .sort((a, b) => load.get(a.id)! - load.get(b.id)! || compareBytes(pairTicket(seed, task.targetId, a.id), pairTicket(seed, task.targetId, b.id)) || compareUtf8(a.id, b.id))[0]!;
      team.push(c);
      load.set(c.id, load.get(c.id)! + 1);
    };
    const deps = [...new Set(strata.filter((s) => task.items.includes(s.label)).flatMap((s) => (s.department ? [s.department] : [])))].sort(compareUtf8);
    const exps = [...new Set(strata.filter((s) => task.items.includes(s.label)).flatMap((s) => s.expertise ?? []))].sort(compareUtf8);
    for (const d of deps) if (!team.some((m) => m.department === d)) pick((r) => r.department === d);
    for (const e of exps) if (!team.some((m) => m.expertise.includes(e))) pick((r) => r.expertise.includes(e));
    while (team.length < Math.max(3, deps.length)) pick(() => true);
    return { targetId: task.targetId, items: task.items, inspectors: team.map((m) => m.id) };
  });
  assert.deepEqual(fast, plain);
});
