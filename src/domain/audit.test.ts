import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditHash, GENESIS_HASH, verifyAuditChain, type AuditRow } from './audit.ts';

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const f = { seq, at: new Date(Date.UTC(2026, 0, 1, 8, 0, seq)), actorId: 7, actorName: '张三', actorOrgId: 2, action: 'record.update', objectType: 'targets', objectId: String(100 + seq), summary: `修改了检查对象 ${seq}`, detail: { fields: ['名称'], n: seq } };
    const hash = auditHash(f, prev);
    rows.push({ ...f, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}
const headOf = (rows: AuditRow[]) => ({ seq: rows.at(-1)!.seq, hash: rows.at(-1)!.hash });
function rehash(r: AuditRow): AuditRow { return { ...r, hash: auditHash(r, r.prevHash) }; }

test('an intact chain verifies; an empty log with no head too', () => {
  const rows = chain(10);
  const v = verifyAuditChain(rows, headOf(rows));
  assert.equal(v.ok, true);
  assert.equal(v.rows, 10);
  assert.equal(v.lastHash, rows[9]!.hash);
  assert.equal(verifyAuditChain([], null).ok, true);
});

test('the hash covers every field: changing any one changes it', () => {
  const r = chain(1)[0]!;
  for (const change of [{ seq: 2 }, { at: new Date(0) }, { actorId: 8 }, { actorName: '李四' }, { actorOrgId: 3 }, { action: 'x' }, { objectType: 'y' }, { objectId: '1' }, { summary: '改' }, { detail: { n: 2 } }]) {
    assert.notEqual(auditHash({ ...r, ...change }, r.prevHash), r.hash, JSON.stringify(change));
  }
  assert.notEqual(auditHash(r, '1'.repeat(64)), r.hash);
});

test('an edited summary is named by seq', () => {
  const rows = chain(10);
  rows[4] = { ...rows[4]!, summary: '什么也没发生' };
  const v = verifyAuditChain(rows, headOf(rows));
  assert.equal(v.ok, false);
  assert.equal(v.first?.seq, 5);
  assert.equal(v.first?.kind, 'edited');
});

test('an edited row whose hash the attacker recomputed is named by the next link', () => {
  const rows = chain(10);
  rows[4] = rehash({ ...rows[4]!, detail: { fields: [] } });
  const v = verifyAuditChain(rows, headOf(rows));
  assert.equal(v.first?.seq, 5);
  assert.equal(v.first?.kind, 'relinked');
  // The last row edited and rehashed: the head reveals it.
  const rows2 = chain(10);
  const head = headOf(rows2);
  rows2[9] = rehash({ ...rows2[9]!, summary: '改' });
  assert.equal(verifyAuditChain(rows2, head).first?.seq, 10);
});

test('a deleted row is named (middle, first and last)', () => {
  const rows = chain(10);
  const head = headOf(rows);
  assert.deepEqual(verifyAuditChain(rows.filter((r) => r.seq !== 4), head).first, { seq: 4, kind: 'deleted', message: '第 4 条记录缺失：记录被删除' });
  assert.equal(verifyAuditChain(rows.filter((r) => r.seq !== 1), head).first?.seq, 1);
  const v = verifyAuditChain(rows.filter((r) => r.seq !== 10), head);
  assert.equal(v.first?.seq, 10);
  assert.equal(v.first?.kind, 'deleted');
});

test('an inserted row is named (in the middle with later rows renumbered, and after the head)', () => {
  const rows = chain(10);
  const head = headOf(rows);
  const forged = { seq: 6, at: new Date(Date.UTC(2026, 0, 1, 8, 0, 5)), actorId: 1, actorName: '管理员', actorOrgId: 1, action: 'record.update', objectType: 'targets', objectId: '1', summary: '伪造', detail: {} };
  const fake: AuditRow = { ...forged, prevHash: rows[4]!.hash, hash: auditHash(forged, rows[4]!.hash) };
  const tampered = [...rows.slice(0, 5), fake, ...rows.slice(5).map((r) => ({ ...r, seq: r.seq + 1 }))];
  const v = verifyAuditChain(tampered, { seq: 11, hash: head.hash });
  assert.equal(v.first?.seq, 6);
  assert.equal(v.first?.kind, 'inserted');

  const after = { ...forged, seq: 11 };
  const tail: AuditRow = { ...after, prevHash: head.hash, hash: auditHash(after, head.hash) };
  const v2 = verifyAuditChain([...rows, tail], head);
  assert.equal(v2.first?.seq, 11);
  assert.equal(v2.first?.kind, 'inserted');
});

test('a deleted row whose gap was closed by renumbering the later rows is named at its position', () => {
  const rows = chain(10);
  const head = headOf(rows);
  const tampered = [...rows.slice(0, 3), ...rows.slice(4).map((r) => ({ ...r, seq: r.seq - 1 }))];
  const v = verifyAuditChain(tampered, { seq: 9, hash: tampered.at(-1)!.hash });
  assert.equal(v.first?.seq, 4);
  assert.equal(v.first?.kind, 'reordered');
  assert.match(v.first!.message, /第 4 条记录的内容原属第 5 条/);
  // With the head left alone, the missing last seq is reported as well.
  assert.ok(verifyAuditChain(tampered, head).problems.some((p) => p.seq === 10 && p.kind === 'deleted'));
});

test('reordered rows (seq swapped) are named', () => {
  const rows = chain(10);
  const head = headOf(rows);
  const swapped = rows.map((r) => (r.seq === 3 ? { ...r, seq: 4 } : r.seq === 4 ? { ...r, seq: 3 } : r));
  const v = verifyAuditChain(swapped, head);
  assert.equal(v.first?.seq, 3);
  assert.equal(v.first?.kind, 'reordered');
  assert.match(v.first!.message, /原属第 4 条/);
});

test('a missing head with rows present is reported', () => {
  assert.equal(verifyAuditChain(chain(3), null).ok, false);
});
