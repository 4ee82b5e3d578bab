import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enc, jcs, poolHash, sha256, sortUtf8, toHex } from './encoding.ts';

test('enc prefixes the UTF-8 byte length as 4 bytes big-endian ("抽" is 3 bytes)', () => {
  assert.equal(toHex(enc('抽')), '00000003e68abd');
  assert.equal(toHex(enc('')), '00000000');
});

test('enc refuses a lone surrogate, which has no UTF-8 form', () => {
  assert.throws(() => enc('\uD800'), /代理字符/);
});

test('poolHash is over ids sorted by UTF-8 bytes, not by JS (UTF-16) order', () => {
  // U+FF5E is EF BD 9E in UTF-8 and U+1F600 is F0 9F 98 80, so U+FF5E sorts first by bytes;
  // in UTF-16 U+1F600 starts with the surrogate D83D < FF5E, so JS sort() puts it first.
  const a = '\uFF5E';
  const b = '\u{1F600}';
  assert.deepEqual([a, b].sort(), [b, a]);
  assert.deepEqual(sortUtf8([b, a]), [a, b]);
  const expected = toHex(sha256(enc(a), enc(b)));
  assert.equal(poolHash([b, a]), expected);
  assert.equal(poolHash([a, b]), expected);
  assert.notEqual(toHex(sha256(enc(b), enc(a))), expected);
});

test('poolHash does not depend on the order the pool is listed in', () => {
  assert.equal(poolHash(['C', 'A', 'B']), poolHash(['A', 'B', 'C']));
});

test('poolHash of a large pool equals H(enc(id_1) ‖ enc(id_2) ‖ …), ASCII and not', () => {
  const ids = Array.from({ length: 60_000 }, (_, i) => (i % 7 === 0 ? `排污单位${i}号` : i === 3 ? 'x'.repeat(400_000) : `91440300${String(i).padStart(10, '0')}`));
  const all = sortUtf8(ids).map(enc);
  const joined = new Uint8Array(all.reduce((n, e) => n + e.length, 0));
  let at = 0;
  for (const e of all) { joined.set(e, at); at += e.length; }
  assert.equal(poolHash(ids), toHex(sha256(joined)));
});

test('a duplicate id in a pool is an error naming it', () => {
  assert.throws(() => poolHash(['A', 'B', 'A']), /「A」重复/);
});

test('JCS sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
  const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\u{1F600}': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
  // The emoji (D83D DE00) sorts before U+FB33 although its code point is larger; U+0080 is not escaped.
  assert.equal(jcs(input), '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\u{1F600}":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}');
});

test('JCS sorts Chinese keys and nested objects, no whitespace', () => {
  assert.equal(jcs({ 重点: 1, 一般: { b: [true, null], a: 'x' } }), '{"一般":{"a":"x","b":[true,null]},"重点":1}');
});

test('JCS of the RFC 8785 §3.2.2 sample', () => {
  const input = JSON.parse('{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}');
  assert.equal(jcs(input), '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
});

test('JCS numbers follow ECMAScript: 1e21, 0.1, -0, the RFC 8785 appendix B boundaries', () => {
  const cases: [number, string][] = [
    [1e21, '1e+21'], [1e20, '100000000000000000000'], [0.1, '0.1'], [-0, '0'], [0, '0'],
    [5e-324, '5e-324'], [-5e-324, '-5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'],
    [9007199254740992, '9007199254740992'], [295147905179352830000, '295147905179352830000'],
    [9.999999999999997e22, '9.999999999999997e+22'], [1e23, '1e+23'], [999999999999999700000, '999999999999999700000'],
    [9.999999999999997e-7, '9.999999999999997e-7'], [0.000001, '0.000001'], [333333333.33333325, '333333333.33333325'],
  ];
  for (const [n, s] of cases) assert.equal(jcs(n), s, `${n}`);
});

test('JCS refuses NaN and Infinity (not I-JSON)', () => {
  assert.throws(() => jcs({ a: NaN }), /有限数/);
  assert.throws(() => jcs([Infinity]), /有限数/);
});

test('JCS escapes only ", \\ and control characters; U+2028, U+2029 and U+007F are written as is', () => {
  assert.equal(jcs('\u0000\u0001\b\t\n\u000b\f\r\u001f'), '"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f"');
  assert.equal(jcs('\u2028\u2029\u007f/'), '"\u2028\u2029\u007f/"');
  assert.equal(jcs('"\\'), '"\\"\\\\"');
});

test('JCS refuses lone surrogates and non-JSON values; skips undefined properties like JSON', () => {
  assert.throws(() => jcs('\uDC00'), /代理字符/);
  assert.throws(() => jcs({ d: new Date(0) }), /普通对象/);
  assert.throws(() => jcs([undefined]), /undefined/);
  assert.equal(jcs({ a: undefined, b: 1 }), '{"b":1}');
});
