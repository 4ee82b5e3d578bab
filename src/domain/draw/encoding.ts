/**
 * Byte encodings of SSJ-DRAW/1 (DRAW-PROTOCOL.md § Encoding). Every hash an independent verifier
 * recomputes is built here, so another language only has to match this file byte for byte.
 */
import { createHash } from 'node:crypto';
import { AppError, ErrorCode } from '../errors.ts';
import { jcs } from './jcs.ts';
import { sha256Prefixed, sha256PrefixedEnc } from './sha256-prefix.ts';

export { jcs } from './jcs.ts';

const utf8 = new TextEncoder();
// Lone surrogates would be replaced by U+FFFD in UTF-8, so two different ids could encode alike.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The UTF-8 bytes of `s`; refuses strings with unpaired surrogates (they have no UTF-8 form). */
export function utf8Bytes(s: string): Uint8Array {
  if (LONE_SURROGATE.test(s)) {
    throw new AppError(ErrorCode.VALIDATION, `字符串含有无效的 Unicode 代理字符：${JSON.stringify(s)}`);
  }
  return utf8.encode(s);
}

/** `enc(s)`: 4-byte big-endian length of the UTF-8 bytes, then the bytes (§ Encoding). */
export function enc(s: string): Uint8Array {
  const n = s.length;
  ascii: {
    // Fast path for ASCII (credit codes, inspector ids): the UTF-8 bytes are the char codes.
    const out = new Uint8Array(4 + n);
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) break ascii;
      out[4 + i] = c;
    }
    out[0] = n >>> 24; out[1] = n >>> 16; out[2] = n >>> 8; out[3] = n;
    return out;
  }
  const body = utf8Bytes(s);
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length, false);
  out.set(body, 4);
  return out;
}

/** `enc32(b)`: a 32-byte digest as is, without a length prefix (§ Encoding). */
export function enc32(bytes: Uint8Array): Uint8Array {
  if (bytes.length !== 32) throw new AppError(ErrorCode.VALIDATION, `enc32 需要 32 字节，实际为 ${bytes.length} 字节`);
  return bytes;
}

/** `H(x)`: SHA-256 of the concatenation of the given byte strings. */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/**
 * `(…rest) => H(prefix ‖ …rest)`, the prefix's blocks compressed once: tickets of a whole pool share
 * enc("target") ‖ seed ‖ enc(label), pair tickets of a task enc("assign") ‖ seed ‖ enc(targetId).
 * Plain SHA-256 in JavaScript (sha256-prefix.ts), several times faster than node:crypto per call.
 */
export function sha256WithPrefix(...prefix: Uint8Array[]): (...rest: Uint8Array[]) => Uint8Array {
  return sha256Prefixed(joinBytes(prefix));
}

/** `(s) => H(prefix ‖ enc(s))`, without building enc(s) for ASCII strings. */
export function sha256WithPrefixEnc(...prefix: Uint8Array[]): (s: string) => Uint8Array {
  const { bytes, ascii } = sha256PrefixedEnc(joinBytes(prefix));
  return (s) => ascii(s) ?? bytes(enc(s));
}

/**
 * For many `s` sharing a prefix: `keys(ids, out)`, the first 48 bits of each H(prefix ‖ enc(s)) as a
 * number (they order the hashes except for ties; four at a time in WebAssembly SIMD where
 * available), and `full(s)`, the whole hash to settle ties.
 */
export function sha256KeyWithPrefixEnc(...prefix: Uint8Array[]): { keys: (ids: readonly string[], out: Float64Array) => void; full: (s: string) => Uint8Array } {
  const { bytes, ascii, keys48 } = sha256PrefixedEnc(joinBytes(prefix));
  return { keys: (ids, out) => keys48(ids, out, enc), full: (s) => ascii(s) ?? bytes(enc(s)) };
}

function joinBytes(parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { joined.set(p, at); at += p.length; }
  return joined;
}

/** Lowercase hex of bytes (the protocol's only hex form). */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

/** Bytes of a lowercase hex string of exactly `length` bytes; `what` names it in the Chinese error. */
export function fromHex(hex: string, length: number, what: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length !== length * 2 || !/^[0-9a-f]*$/.test(hex)) {
    throw new AppError(ErrorCode.VALIDATION, `${what}应为 ${length * 2} 位小写十六进制字符`);
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Lexicographic byte comparison (= big-endian unsigned integers for equal lengths), for sort(). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  // A plain loop: tickets differ within the first bytes, and Buffer.compare's native call costs more.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Compares strings by their UTF-8 bytes — the protocol's order for ids, departments and expertise. */
export function compareUtf8(a: string, b: string): number {
  // Without surrogates, UTF-16 code unit order is code point order, which is UTF-8 byte order.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return compareBytes(utf8Bytes(a), utf8Bytes(b));
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Sorts strings ascending by UTF-8 bytes, which differs from JS (UTF-16) order above U+FFFF. */
export function sortUtf8(values: readonly string[]): string[] {
  // Fast path: without surrogates, JS's default (UTF-16 code unit) order is UTF-8 byte order.
  if (!values.some((v) => SURROGATE.test(v))) return [...values].sort();
  return values
    .map((v) => ({ v, b: utf8Bytes(v) }))
    .sort((x, y) => compareBytes(x.b, y.b))
    .map((x) => x.v);
}

/** `manifestHash = hex(H(JCS(manifest)))` — every field of the manifest is hashed, known or not. */
export function manifestHash(manifest: unknown): string {
  return toHex(sha256(utf8Bytes(jcs(manifest))));
}

/** `poolHash = hex(H(enc(id_1) ‖ …))` over the ids sorted by UTF-8 bytes; duplicates are an error. */
export function poolHash(ids: readonly string[]): string {
  const sorted = sortUtf8(ids);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) {
      throw new AppError(ErrorCode.VALIDATION, `名录中检查对象「${sorted[i]}」重复出现`, [], { id: sorted[i] });
    }
  }
  const h = createHash('sha256'); // incremental: a pool of a million ids is too many arguments for sha256(...)
  for (const id of sorted) h.update(enc(id));
  return h.digest('hex');
}

/** `rosterHash = hex(H(JCS(roster)))` over the roster exactly as listed (order matters). */
export function rosterHash(roster: unknown): string {
  return toHex(sha256(utf8Bytes(jcs(roster))));
}
