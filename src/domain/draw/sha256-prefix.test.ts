import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Prefixed } from './sha256-prefix.ts';

const node = (...parts: Uint8Array[]) => { const h = createHash('sha256'); for (const p of parts) h.update(p); return new Uint8Array(h.digest()); };

test('equals node:crypto SHA-256 for every prefix and tail length around the block boundaries', () => {
  let x = 7;
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => (x = (x * 1103515245 + 12345) & 0xff)); // fixed test data
  for (const p of [0, 1, 55, 56, 63, 64, 65, 119, 128, 200]) {
    const prefix = bytes(p);
    const hash = sha256Prefixed(prefix);
    for (const t of [0, 1, 8, 9, 54, 55, 56, 63, 64, 65, 130]) {
      const tail = bytes(t);
      assert.deepEqual(hash(tail), node(prefix, tail), `prefix ${p}, tail ${t}`);
      assert.deepEqual(hash(tail.subarray(0, t >> 1), tail.subarray(t >> 1)), node(prefix, tail), `split tail ${t}`);
    }
  }
  assert.equal(Buffer.from(sha256Prefixed(new Uint8Array())(new TextEncoder().encode('abc'))).toString('hex'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('results are independent arrays (no shared buffer between calls)', () => {
  const hash = sha256Prefixed(new Uint8Array(10));
  const a = hash(new Uint8Array([1]));
  const b = hash(new Uint8Array([2]));
  assert.notDeepEqual(a, b);
  assert.deepEqual(a, node(new Uint8Array(10), new Uint8Array([1])));
});

test('the ASCII enc(s) path equals SHA-256(prefix ‖ enc(s)), and declines other strings', async () => {
  const { sha256PrefixedEnc } = await import('./sha256-prefix.ts');
  const { enc } = await import('./encoding.ts');
  for (const p of [0, 10, 60, 64, 86]) {
    const prefix = new Uint8Array(p).map((_, i) => i * 31);
    const h = sha256PrefixedEnc(prefix);
    for (const s of ['', 'I1', '91440300000000000001', 'x'.repeat(51), 'x'.repeat(52), 'x'.repeat(120)]) {
      assert.deepEqual(h.ascii(s), node(prefix, enc(s)), `prefix ${p}, ${s.length} chars`);
    }
    assert.equal(h.ascii('重点'), undefined);
  }
});
