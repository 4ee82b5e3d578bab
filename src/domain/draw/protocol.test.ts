import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AppError } from '../errors.ts';
import { jcs, toHex } from './encoding.ts';
import { pairTicket } from './assign.ts';
import {
  assignInspectors, buildTasks, combineShares, commitment, deriveSeed, newSecret, resultHash, runDraw,
  selectStratum, targetTicket, type Bundle, type PlannedTask, type RosterEntry,
} from './protocol.ts';

const vector = (): Bundle => JSON.parse(readFileSync(new URL('./draw-vector-1.json', import.meta.url), 'utf8'));
const seed = deriveSeed('00'.repeat(32), '42', 'ab'.repeat(32));
const person = (id: string, department = '执法支队', expertise: string[] = [], conflicts: string[] = []): RosterEntry => ({ id, department, expertise, conflicts });

test('draw-vector-1: the result is reproduced byte for byte', () => {
  const b = vector();
  const result = runDraw(b.manifest, b.pools, b.roster, b.publicValue, b.secret);
  assert.equal(jcs(result), jcs(b.result));
  assert.equal(resultHash(result), '2aaf3d05e38da4dccb3146b2423623ff9055fa1642b6ca16befa2e190dafb1ef');
});

test('draw-vector-1: the commitment is H of the 32 secret bytes, not of its hex text', () => {
  const b = vector();
  assert.equal(commitment(b.secret), b.manifest.commitment);
});

test('the secret must be 64 lowercase hex characters (its hex form is hashed into the seed)', () => {
  assert.throws(() => deriveSeed('00', 'x', 'AB'.repeat(32)), /64 位小写十六进制/);
  assert.throws(() => commitment('ab'), /64 位小写十六进制/);
});

test('newSecret takes its 32 bytes from the CSPRNG passed in', () => {
  assert.equal(newSecret((n) => new Uint8Array(n).fill(0xab)), 'ab'.repeat(32));
  assert.throws(() => newSecret(() => new Uint8Array(16)), /32 字节/);
});

test('combineShares XORs two shares; either share alone says nothing', () => {
  assert.equal(combineShares('ff'.repeat(32), '0f'.repeat(32)), 'f0'.repeat(32));
  const s = combineShares('12'.repeat(32), '34'.repeat(32));
  assert.equal(combineShares(s, '34'.repeat(32)), '12'.repeat(32));
});

test('selection does not depend on the order the pool is listed in', () => {
  const pool = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
  const forward = selectStratum(seed, { label: 'L', quota: 3 }, pool);
  assert.deepEqual(selectStratum(seed, { label: 'L', quota: 3 }, [...pool].reverse()), forward);
  assert.equal(forward.length, 3);
});

test('selection is the quota smallest tickets', () => {
  const pool = ['A', 'B', 'C', 'D', 'E'];
  const byTicket = [...pool].sort((x, y) => Buffer.compare(targetTicket(seed, 'L', x), targetTicket(seed, 'L', y)));
  assert.deepEqual(selectStratum(seed, { label: 'L', quota: 2 }, pool), byTicket.slice(0, 2));
});

test('quota ≥ pool size selects the whole pool; quota 0 selects none', () => {
  assert.equal(selectStratum(seed, { label: 'L', quota: 5 }, ['A', 'B', 'C']).length, 3);
  assert.deepEqual(selectStratum(seed, { label: 'L', quota: 0 }, ['A', 'B']), []);
  assert.throws(() => selectStratum(seed, { label: 'L', quota: 1.5 }, ['A']), /非负整数/);
});

test('the stratum label is part of the ticket, so strata draw independently', () => {
  assert.notEqual(toHex(targetTicket(seed, '重点', 'A')), toHex(targetTicket(seed, '一般', 'A')));
});

test('with equal loads the smallest pairTicket is picked first', () => {
  const roster = ['I1', 'I2', 'I3', 'I4'].map((id) => person(id));
  const byTicket = roster.map((r) => r.id).sort((a, b) => Buffer.compare(pairTicket(seed, 'T', a), pairTicket(seed, 'T', b)));
  const [task] = assignInspectors(seed, [{ targetId: 'T', items: ['L'] }], [{ label: 'L' }], roster, 2);
  assert.deepEqual(task!.inspectors, byTicket.slice(0, 2));
});

test('a target selected in two strata is one task with both labels in manifest order', () => {
  const tasks = buildTasks(seed, [{ label: '重点' }, { label: '特殊' }], new Map([['特殊', ['X', 'Y']], ['重点', ['X']]]));
  assert.equal(tasks.length, 2);
  assert.deepEqual(tasks.find((t) => t.targetId === 'X')!.items, ['重点', '特殊']);
});

test('an infeasible department slot names the task and the constraint', () => {
  const tasks: PlannedTask[] = [{ targetId: 'T1', items: ['重点'] }];
  const roster = [person('I1', '执法支队', [], ['T1']), person('I2', '大气科')];
  assert.throws(() => assignInspectors(seed, tasks, [{ label: '重点', department: '执法支队' }], roster, 2), (e: unknown) => {
    assert.ok(e instanceof AppError);
    assert.equal(e.code, 'VALIDATION');
    assert.equal(e.message, '任务 T1 无法满足「部门：执法支队」：没有可选的检查人员（均已回避或已在组内）');
    return true;
  });
});

test('an expertise nobody has, and a team larger than the roster, are named too', () => {
  const tasks: PlannedTask[] = [{ targetId: 'T1', items: ['特殊'] }];
  assert.throws(() => assignInspectors(seed, tasks, [{ label: '特殊', expertise: ['辐射'] }], [person('I1'), person('I2')], 2),
    /任务 T1 无法满足「专长：辐射」：检查人员名单中没有符合条件的人员/);
  assert.throws(() => assignInspectors(seed, tasks, [{ label: '特殊' }], [person('I1'), person('I2')], 3), /任务 T1 无法满足「组员人数：3」/);
});

test('departments come first in UTF-8 byte order, and the team grows to one per department', () => {
  const tasks: PlannedTask[] = [{ targetId: 'T', items: ['a', 'b', 'c'] }];
  const strata = [{ label: 'a', department: '水科' }, { label: 'b', department: '执法支队' }, { label: 'c', department: '大气科' }];
  const roster = [person('W', '水科'), person('Z', '执法支队'), person('D', '大气科')];
  // 大 U+5927 < 执 U+6267 < 水 U+6C34: one member from each, in that order, although teamSize is 2.
  assert.deepEqual(assignInspectors(seed, tasks, strata, roster, 2)[0]!.inspectors, ['D', 'Z', 'W']);
});

test('an expertise already covered by a department pick takes no extra slot', () => {
  const tasks: PlannedTask[] = [{ targetId: 'T', items: ['s'] }];
  const roster = [person('A', '大气科', ['气']), person('B', '水科'), person('C', '水科')];
  const [task] = assignInspectors(seed, tasks, [{ label: 's', department: '大气科', expertise: ['气'] }], roster, 2);
  assert.equal(task!.inspectors.length, 2);
  assert.equal(task!.inspectors[0], 'A');
});

test('load balancing: 40 tasks × 2 over 8 unconstrained inspectors gives everyone exactly 10', () => {
  const tasks: PlannedTask[] = Array.from({ length: 40 }, (_, i) => ({ targetId: `T${i}`, items: ['L'] }));
  const roster = Array.from({ length: 8 }, (_, i) => person(`I${i}`));
  const counts = new Map<string, number>();
  for (const t of assignInspectors(seed, tasks, [{ label: 'L' }], roster, 2)) for (const id of t.inspectors) counts.set(id, (counts.get(id) ?? 0) + 1);
  assert.deepEqual([...counts.values()], Array(8).fill(10));
});

test('load balancing under a department constraint: each group is even, as far as the constraint allows', () => {
  // Every task needs one of the 2 大气科 inspectors: 30 department slots → 15 each. The fill slot
  // always goes to a less-loaded 执法支队 inspector: 30 slots over 4 → 7 or 8 each, no more spread.
  const tasks: PlannedTask[] = Array.from({ length: 30 }, (_, i) => ({ targetId: `T${i}`, items: ['L'] }));
  const roster = [person('D1', '大气科'), person('D2', '大气科'), ...['Z1', 'Z2', 'Z3', 'Z4'].map((id) => person(id))];
  const counts = new Map<string, number>();
  for (const t of assignInspectors(seed, tasks, [{ label: 'L', department: '大气科' }], roster, 2)) {
    assert.ok(['D1', 'D2'].includes(t.inspectors[0]!));
    for (const id of t.inspectors) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  assert.equal(counts.get('D1'), 15);
  assert.equal(counts.get('D2'), 15);
  const others = ['Z1', 'Z2', 'Z3', 'Z4'].map((id) => counts.get(id)!);
  assert.equal(others.reduce((a, b) => a + b), 30);
  assert.ok(others.every((n) => n === 7 || n === 8), JSON.stringify(others));
});

test('runDraw refuses duplicate stratum labels, a missing pool and teamSize below 2', () => {
  const b = vector();
  assert.throws(() => runDraw({ ...b.manifest, teamSize: 1 }, b.pools, b.roster, b.publicValue, b.secret), /不小于 2/);
  assert.throws(() => runDraw(b.manifest, { 重点: b.pools['重点']! }, b.roster, b.publicValue, b.secret), /缺少层级「一般」/);
  const twice = { ...b.manifest, strata: [b.manifest.strata[0]!, b.manifest.strata[0]!] };
  assert.throws(() => runDraw(twice, b.pools, b.roster, b.publicValue, b.secret), /层级名称「重点」重复/);
});
