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

test('the four-lane WebAssembly kernel compresses like node:crypto, from the shared state and from each lane\'s own', async () => {
  const { sha256x4 } = await import('./sha256-x4.ts');
  const x4 = sha256x4();
  assert.ok(x4, 'WebAssembly SIMD is available in Node 20');
  let x = 11;
  const messages = Array.from({ length: 12 }, (_, i) => Uint8Array.from({ length: 64 + i * 9 }, () => (x = (x * 1103515245 + 12345) & 0xff)));
  // Two-block messages (64…163 bytes): block 1 from the IV (shared), block 2 from each lane's state.
  const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  for (let w = 0; w < 8; w++) for (let l = 0; l < 4; l++) x4.words[x4.midWord + w * 4 + l] = IV[w]! | 0;
  const padded = messages.map((m) => {
    const blocks = Math.ceil((m.length + 9) / 64) * 64;
    const b = new Uint8Array(blocks); b.set(m); b[m.length] = 0x80;
    new DataView(b.buffer).setUint32(blocks - 4, m.length * 8);
    return b;
  });
  const groups = 3;
  for (let pass = 0; pass < 3; pass++) {
    padded.forEach((b, j) => {
      const view = new DataView(b.buffer);
      for (let w = 0; w < 16; w++) x4.words[x4.msgWord + pass * groups * 64 + (j >> 2) * 64 + w * 4 + (j & 3)] = pass * 64 < b.length ? view.getInt32(pass * 64 + w * 4) : 0;
    });
    x4.compress(groups, pass === 0 ? 1 : 0, pass * groups * 64);
    padded.forEach((b, j) => {
      if (b.length !== (pass + 1) * 64) return;
      const out = Buffer.alloc(32);
      for (let w = 0; w < 8; w++) out.writeInt32BE(x4.words[(j >> 2) * 32 + w * 4 + (j & 3)]!, w * 4);
      assert.equal(out.toString('hex'), createHash('sha256').update(messages[j]!).digest('hex'), `message ${j} (${messages[j]!.length} bytes)`);
    });
  }
});

test('keys48 of many ids equals the first 48 bits of SHA-256(prefix ‖ enc(id)), with and without the kernel', async () => {
  const { sha256PrefixedEnc } = await import('./sha256-prefix.ts');
  const { useSha256x4 } = await import('./sha256-x4.ts');
  const { enc } = await import('./encoding.ts');
  const key = (d: Uint8Array) => Buffer.from(d).readUIntBE(0, 6);
  // Batches cross the kernel's 2,048 lanes; ids of 0…200 characters put lanes at 1 to 5 blocks; some are not ASCII.
  const ids = Array.from({ length: 4500 }, (_, i) => (i % 97 === 5 ? `重点企业${i}` : i % 1000 === 999 ? 'y'.repeat(i % 201) : `91440300${String(i).padStart(10, '0')}`));
  for (const p of [0, 52, 64, 70]) {
    const prefix = new Uint8Array(p).map((_, i) => i * 7);
    const expected = ids.map((s) => key(node(prefix, enc(s))));
    for (const on of [true, false]) {
      useSha256x4(on);
      const out = new Float64Array(ids.length);
      sha256PrefixedEnc(prefix).keys48(ids, out, enc);
      ids.forEach((s, i) => assert.equal(out[i], expected[i], `prefix ${p}, kernel ${on}, id ${s}`));
    }
    useSha256x4(true);
  }
});
