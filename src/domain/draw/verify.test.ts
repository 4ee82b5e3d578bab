import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AppError } from '../errors.ts';
import { ticketReport, verifyBundle, type Verification } from './verify.ts';
import type { Bundle } from './types.ts';

const vector = (): Bundle => JSON.parse(readFileSync(new URL('./draw-vector-1.json', import.meta.url), 'utf8'));
const failed = (v: Verification) => v.checks.filter((c) => !c.ok).map((c) => c.name);
const check = (v: Verification, name: string) => v.checks.find((c) => c.name === name)!;

test('draw-vector-1 verifies, and the report shows the manifest and result hashes', () => {
  const v = verifyBundle(vector());
  assert.deepEqual(failed(v), []);
  assert.equal(v.ok, true);
  assert.equal(check(v, '清单哈希').detail, '4429c92ca4476bfcca1078fb819cafd445212aa33a96da3aad529968357766fb');
  assert.equal(check(v, '结果哈希').detail, '2aaf3d05e38da4dccb3146b2423623ff9055fa1642b6ca16befa2e190dafb1ef');
  assert.equal(v.checks.filter((c) => c.name.startsWith('任务 ')).length, 5);
});

test('a different secret fails the commitment (and the draw no longer matches)', () => {
  const b = vector();
  b.secret = '00'.repeat(32);
  const v = verifyBundle(b);
  assert.equal(v.ok, false);
  assert.match(check(v, '承诺值').detail!, /不是冻结时承诺的密钥/);
  assert.equal(check(v, '结果哈希').ok, false);
});

test('a different public value keeps every hash but fails the result', () => {
  const b = vector();
  b.publicValue = '357457';
  const v = verifyBundle(b);
  assert.equal(check(v, '承诺值').ok, true);
  assert.equal(check(v, '检查人员名单哈希').ok, true);
  assert.equal(check(v, '结果哈希').ok, false);
  assert.equal(v.ok, false);
});

test('a changed pool id fails that stratum\'s pool hash, named in the detail', () => {
  const b = vector();
  b.pools['一般']![0] = '91000000000000000X';
  const v = verifyBundle(b);
  assert.deepEqual(failed(v).filter((n) => n.startsWith('名录')), ['名录「一般」']);
  assert.match(check(v, '名录「一般」').detail!, /层级「一般」名录哈希重新计算为 [0-9a-f]{64}，清单中为 3d1ec11b/);
});

test('a pool with an extra id fails on its size too; a duplicated id is reported, not thrown', () => {
  const b = vector();
  b.pools['重点']!.push('X1');
  assert.match(check(verifyBundle(b), '名录「重点」').detail!, /名录中有 7 个检查对象，清单中为 6 个/);
  const d = vector();
  d.pools['重点']![1] = d.pools['重点']![0]!;
  const v = verifyBundle(d);
  assert.match(check(v, '名录「重点」').detail!, /重复/);
  assert.match(check(v, '重新抽取').detail!, /重复/);
});

test('a changed roster fails the roster hash', () => {
  const b = vector();
  b.roster[0]!.conflicts = [];
  const v = verifyBundle(b);
  assert.match(check(v, '检查人员名单哈希').detail!, /清单中的名单哈希为 027bdb99/);
  assert.equal(v.ok, false);
});

test('two inspectors swapped in the result fail exactly that task', () => {
  const b = vector();
  b.result.tasks[2]!.inspectors.reverse();
  const v = verifyBundle(b);
  assert.deepEqual(failed(v), ['任务 3：11736625HWNQMPB2ED', '结果哈希']);
  assert.equal(check(v, '任务 3：11736625HWNQMPB2ED').detail, '任务 11736625HWNQMPB2ED 的检查人员应为 I004、I003，结果中为 I003、I004');
});

test('a changed quota changes the selection; with the published manifest hash it fails that too', () => {
  const b = vector();
  b.manifest.strata[0]!.quota = 3;
  const v = verifyBundle(b);
  assert.match(check(v, '抽中「重点」').detail!, /层级「重点」应抽中 .*、.*、.*；结果中为/);
  assert.equal(v.ok, false);
  const p = verifyBundle(b, { manifestHash: '4429c92ca4476bfcca1078fb819cafd445212aa33a96da3aad529968357766fb' });
  assert.match(check(p, '清单哈希').detail!, /冻结时公布的清单哈希为 4429c92c/);
});

test('a pool listed in another order still verifies: selection and poolHash are order-independent', () => {
  const b = vector();
  for (const ids of Object.values(b.pools)) ids.reverse();
  assert.deepEqual(failed(verifyBundle(b)), []);
});

test('a published result hash that differs fails; the matching one passes', () => {
  assert.equal(verifyBundle(vector(), { resultHash: '2aaf3d05e38da4dccb3146b2423623ff9055fa1642b6ca16befa2e190dafb1ef' }).ok, true);
  assert.match(check(verifyBundle(vector(), { resultHash: '00'.repeat(32) }), '结果哈希').detail!, /抽取时公布的结果哈希为 0000/);
});

test('a malformed secret fails its checks instead of throwing', () => {
  const b = vector();
  b.secret = 'XYZ';
  const v = verifyBundle(b);
  assert.match(check(v, '承诺值').detail!, /64 位小写十六进制/);
  assert.match(check(v, '重新抽取').detail!, /64 位小写十六进制/);
});

test('a missing and an extra task are both reported', () => {
  const b = vector();
  const last = b.result.tasks.pop()!;
  assert.match(check(verifyBundle(b), '任务 5：11447577309CADR68A').detail!, /结果中缺少此任务/);
  b.result.tasks.push(last, { ...last, targetId: 'EXTRA' });
  assert.match(check(verifyBundle(b), '任务 6：EXTRA').detail!, /多出任务/);
});

test('ticketReport: a drawn enterprise is within the cut-off, an undrawn one above it', () => {
  const b = vector();
  const drawn = ticketReport(b, '重点', '911777633F0WTCDKQB');
  assert.equal(drawn.selected, true);
  assert.ok(drawn.rank <= 2 && drawn.ticket <= drawn.cutoff!);
  const other = b.pools['重点']!.find((id) => !['911777633F0WTCDKQB', '11736625HWNQMPB2ED'].includes(id))!;
  const missed = ticketReport(b, '重点', other);
  assert.equal(missed.selected, false);
  assert.ok(missed.ticket > missed.cutoff!);
  assert.equal(missed.cutoff, drawn.cutoff);
  assert.equal(ticketReport(b, '重点', '11736625HWNQMPB2ED').selected, true);
  assert.equal(ticketReport(b, '特殊', '11736625HWNQMPB2ED').selected, true);
});

test('ticketReport names an unknown stratum or enterprise', () => {
  assert.throws(() => ticketReport(vector(), '不存在', 'X'), (e) => e instanceof AppError && e.code === 'NOT_FOUND' && /「不存在」/.test(e.message));
  assert.throws(() => ticketReport(vector(), '重点', 'X'), /检查对象 X 不在层级「重点」的名录中/);
});
