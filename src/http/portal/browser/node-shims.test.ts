/**
 * The browser stand-ins of node:crypto's SHA-256 and Buffer's hex conversions give exactly what Node
 * gives (the in-browser verifier of /public/assets/verify.js depends on it), and the built script
 * verifies a real bundle when run with those stand-ins only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash as nodeHash, randomBytes } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { Buffer as ShimBuffer, createHash } from './node-shims.ts';
import { buildVerifyScript } from '../verify-script.ts';

test('createHash(sha256) matches node:crypto for empty, single and multi-part input of many lengths', () => {
  for (const len of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000]) {
    const a = new Uint8Array(randomBytes(len));
    const b = new Uint8Array(randomBytes(len % 70));
    assert.equal(createHash('sha256').update(a).update(b).digest('hex'), nodeHash('sha256').update(a).update(b).digest('hex'), `length ${len}`);
    assert.deepEqual([...createHash('sha256').update(a).digest()], [...nodeHash('sha256').update(a).digest()]);
  }
  assert.equal(createHash('sha256').update('双随机').digest('hex'), nodeHash('sha256').update('双随机').digest('hex'));
  assert.throws(() => createHash('md5'), /不支持/);
});

test('Buffer hex round trip matches Node, including invalid hex (Node stops at the first bad pair)', () => {
  const bytes = new Uint8Array(randomBytes(33));
  const hex = Buffer.from(bytes).toString('hex');
  assert.equal(ShimBuffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex'), hex);
  assert.deepEqual([...ShimBuffer.from(hex, 'hex')], [...bytes]);
  assert.deepEqual([...ShimBuffer.from('0aZZ01', 'hex')], [...Buffer.from('0aZZ01', 'hex')]);
});

test('the built verify.js references no Node API and installs nothing without its page', async () => {
  const js = await buildVerifyScript();
  assert.ok(!/require\(|node:crypto|process\./.test(js));
  // Without the draw page's elements the script does nothing (and does not throw).
  const listeners: string[] = [];
  runInNewContext(js, { document: { readyState: 'complete', getElementById: () => null, addEventListener: (t: string) => listeners.push(t) }, TextEncoder, TextDecoder });
  assert.deepEqual(listeners, []);
});
