import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { enc, enc32, sha256, toHex } from './encoding.ts';
import { runDrawWithSeed, type Bundle } from './protocol.ts';
import { chooseReplacement, replaceTicket } from './replace.ts';

const vector = (): Bundle => JSON.parse(readFileSync(new URL('./draw-vector-1.json', import.meta.url), 'utf8'));
const drawn = () => {
  const b = vector();
  const { seed, result } = runDrawWithSeed(b.manifest, b.pools, b.roster, b.publicValue, b.secret);
  const load = new Map<string, number>();
  for (const t of result.tasks) for (const i of t.inspectors) load.set(i, (load.get(i) ?? 0) + 1);
  return { b, seed, result, load };
};

test('replaceTicket is H(enc("replace") ‖ enc32(seed) ‖ enc(targetId) ‖ enc(n) ‖ enc(inspectorId))', () => {
  const seed = sha256(enc('x'));
  assert.equal(toHex(replaceTicket(seed, 'T1', 3, 'I9')), toHex(sha256(enc('replace'), enc32(seed), enc('T1'), enc('3'), enc('I9'))));
});

test('the replacement keeps the task\'s department, avoids conflicts and the team, prefers the least loaded, and is reproducible', () => {
  const { b, seed, result, load } = drawn();
  // Task 3 (11736625HWNQMPB2ED, 重点+特殊) needs 执法支队 and 大气科 with 气: I004 (大气科) is replaced.
  const task = { ...result.tasks[2]!, team: result.tasks[2]!.inspectors };
  assert.deepEqual(task.team, ['I004', 'I003']);
  const input = { seed, n: 1, task, replaced: 'I004', strata: b.manifest.strata, roster: b.roster, load };
  const r = chooseReplacement(input);
  const chosen = b.roster.find((x) => x.id === r.inspector)!;
  assert.equal(chosen.department, '大气科');
  assert.ok(chosen.expertise.includes('气'));
  assert.deepEqual(r.team, [r.inspector, 'I003']);
  assert.deepEqual(chooseReplacement(input), r, 'same inputs, same choice');
  // Among 大气科 with 气 (I001, I007, both load 1) the smaller replaceTicket wins.
  const expected = ['I001', 'I007'].sort((x, y) => Buffer.compare(Buffer.from(replaceTicket(seed, task.targetId, 1, x)), Buffer.from(replaceTicket(seed, task.targetId, 1, y))))[0];
  assert.equal(r.inspector, expected);
  // A lower load wins over the ticket.
  const other = expected === 'I001' ? 'I007' : 'I001';
  assert.equal(chooseReplacement({ ...input, load: new Map([...load, [other, 0]]) }).inspector, other);
  // Someone replaced out before does not come back; a conflict excludes.
  assert.equal(chooseReplacement({ ...input, removedBefore: [expected!] }).inspector, other);
  const roster = b.roster.map((x) => (x.id === expected ? { ...x, conflicts: [task.targetId] } : x));
  assert.equal(chooseReplacement({ ...input, roster }).inspector, other);
});

test('no candidate: a Chinese error naming the task and the unmet need', () => {
  const { b, seed, result, load } = drawn();
  const task = { ...result.tasks[2]!, team: result.tasks[2]!.inspectors };
  const roster = b.roster.map((x) => (x.department === '大气科' ? { ...x, conflicts: [task.targetId] } : x));
  assert.throws(() => chooseReplacement({ seed, n: 1, task, replaced: 'I004', strata: b.manifest.strata, roster, load }),
    /任务 11736625HWNQMPB2ED无法更换「I004」：没有满足「部门：大气科、专长：气」/);
  assert.throws(() => chooseReplacement({ seed, n: 1, task, replaced: 'I999', strata: b.manifest.strata, roster, load }), /没有「I999」/);
});
