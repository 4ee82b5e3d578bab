/**
 * SHA-256 (FIPS 180-4) of `prefix ‖ tail` for many tails sharing one prefix, in plain JavaScript:
 * the prefix's complete 64-byte blocks are compressed once (the "midstate"), and each call only
 * compresses the rest — usually one block. A draw hashes a million tickets that share
 * enc("target") ‖ seed ‖ enc(label), and thousands of pair tickets per task sharing
 * enc("assign") ‖ seed ‖ enc(targetId); node:crypto's per-call overhead (an object per hash) costs
 * several times the compression itself. The output is plain SHA-256, checked against node:crypto
 * in sha256-prefix.test.ts. Many tails at once (`keys48`) go four at a time through the WebAssembly
 * SIMD kernel of sha256-x4.ts where it is available.
 */
import { MAX_GROUPS, SHA256_K, sha256x4 } from './sha256-x4.ts';

const K = new Int32Array(SHA256_K);
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

/** Compresses the 64-byte blocks of `data` (length a multiple of 64) into `h` in place. */
function compress(h: Int32Array, data: Uint8Array, w: Int32Array): void {
  for (let off = 0; off < data.length; off += 64) {
    for (let i = 0; i < 16; i++) {
      const j = off + i * 4;
      w[i] = (data[j]! << 24) | (data[j + 1]! << 16) | (data[j + 2]! << 8) | data[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] = (h[0]! + a) | 0; h[1] = (h[1]! + b) | 0; h[2] = (h[2]! + c) | 0; h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0; h[5] = (h[5]! + f) | 0; h[6] = (h[6]! + g) | 0; h[7] = (h[7]! + hh) | 0;
  }
}

/** `(tail) => SHA-256(prefix ‖ tail)`; each result is a new 32-byte array. */
export function sha256Prefixed(prefix: Uint8Array): (...tail: Uint8Array[]) => Uint8Array {
  return sha256PrefixedEnc(prefix).bytes;
}

/**
 * The same, plus `enc(s)`: SHA-256(prefix ‖ enc(s)) for an ASCII string without building enc(s)
 * first (a million ids at a freeze or draw); undefined for other strings, which go through `bytes`.
 */
export function sha256PrefixedEnc(prefix: Uint8Array): {
  bytes: (...tail: Uint8Array[]) => Uint8Array;
  ascii: (s: string) => Uint8Array | undefined;
  /** `out[i]` = the first 48 bits of SHA-256(prefix ‖ enc(ids[i])) for every id (any string; `encode` gives enc(s) of a non-ASCII one). */
  keys48: (ids: readonly string[], out: Float64Array, encode: (s: string) => Uint8Array) => void;
} {
  const full = prefix.length - (prefix.length % 64);
  const mid = new Int32Array(IV);
  const w = new Int32Array(64);
  compress(mid, prefix.subarray(0, full), w);
  const rest = prefix.slice(full);
  const h = new Int32Array(8);
  let buf = new Uint8Array(128);
  const pad = (block: Uint8Array, at: number, total: number, blocks: number): void => {
    block[at++] = 0x80;
    block.fill(0, at, blocks - 8);
    const bits = total * 8;
    const hi = Math.floor(bits / 0x100000000);
    const lo = bits >>> 0;
    block[blocks - 8] = hi >>> 24; block[blocks - 7] = hi >>> 16; block[blocks - 6] = hi >>> 8; block[blocks - 5] = hi;
    block[blocks - 4] = lo >>> 24; block[blocks - 3] = lo >>> 16; block[blocks - 2] = lo >>> 8; block[blocks - 1] = lo;
  };
  /** The state in h as the 32-byte digest. */
  const digest = (): Uint8Array => {
    const out = new Uint8Array(32);
    for (let i = 0; i < 8; i++) {
      const v = h[i]!;
      out[i * 4] = v >>> 24; out[i * 4 + 1] = v >>> 16; out[i * 4 + 2] = v >>> 8; out[i * 4 + 3] = v;
    }
    return out;
  };
  const finish = (block: Uint8Array, at: number, total: number, blocks: number): Uint8Array => {
    pad(block, at, total, blocks);
    h.set(mid);
    compress(h, block, w);
    return digest();
  };
  /** Writes rest ‖ enc(s) ‖ padding into buf for an ASCII string: the bytes to compress after the midstate, or 0 for other strings. */
  const fillAscii = (s: string): number => {
    const n = s.length;
    const blocks = Math.ceil((rest.length + 4 + n + 9) / 64) * 64;
    if (buf.length < blocks) buf = new Uint8Array(blocks);
    buf.set(rest, 0);
    let at = rest.length;
    buf[at] = n >>> 24; buf[at + 1] = n >>> 16; buf[at + 2] = n >>> 8; buf[at + 3] = n;
    at += 4;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) return 0;
      buf[at++] = c;
    }
    pad(buf, at, prefix.length + 4 + n, blocks);
    return blocks;
  };
  /** Compresses prefix ‖ enc(s) into h; false for a non-ASCII string. */
  const hashAscii = (s: string): boolean => {
    const blocks = fillAscii(s);
    if (blocks === 0) return false;
    h.set(mid);
    compress(h, buf.subarray(0, blocks), w);
    return true;
  };
  /** The first 48 bits of SHA-256(prefix ‖ enc(s)) as a number (exact in a double), without allocating; -1 for non-ASCII. */
  const asciiKey48 = (s: string): number => (hashAscii(s) ? (h[0]! >>> 0) * 65536 + (h[1]! >>> 16) : -1);
  const ascii = (s: string): Uint8Array | undefined => (hashAscii(s) ? digest() : undefined);
  const bytes = (...tail: Uint8Array[]): Uint8Array => {
    let tailLength = 0;
    for (const t of tail) tailLength += t.length;
    const total = prefix.length + tailLength;
    const used = rest.length + tailLength; // bytes after the midstate
    const blocks = Math.ceil((used + 9) / 64) * 64;
    if (buf.length < blocks) buf = new Uint8Array(blocks);
    const block = buf.subarray(0, blocks);
    block.set(rest, 0);
    let at = rest.length;
    for (const t of tail) { block.set(t, at); at += t.length; }
    // Padding and the message length in bits, big-endian 64-bit (far below 2^53 bits here).
    return finish(block, at, total, blocks);
  };
  const keyOfDigest = (t: Uint8Array) => ((((t[0]! * 256 + t[1]!) * 256 + t[2]!) * 256 + t[3]!) * 256 + t[4]!) * 256 + t[5]!;
  const keys48 = (ids: readonly string[], out: Float64Array, encode: (s: string) => Uint8Array): void => {
    const slow = (s: string) => keyOfDigest(bytes(encode(s)));
    const x4 = sha256x4();
    if (x4) return keys48x4(x4, ids, out, slow);
    for (let i = 0; i < ids.length; i++) {
      const k = asciiKey48(ids[i]!);
      out[i] = k >= 0 ? k : slow(ids[i]!);
    }
  };
  /** Four lanes at a time: batches of up to MAX_GROUPS blocks, one kernel call per block position. */
  const keys48x4 = (x4: NonNullable<ReturnType<typeof sha256x4>>, ids: readonly string[], out: Float64Array, slow: (s: string) => number): void => {
    const { words, msgWord, midWord } = x4;
    for (let w = 0; w < 8; w++) for (let l = 0; l < 4; l++) words[midWord + w * 4 + l] = mid[w]!;
    const blocksOf = (n: number) => Math.ceil((rest.length + 4 + n + 9) / 64);
    for (let i0 = 0; i0 < ids.length;) {
      // The batch: as many ids as fit when every lane gets the longest one's number of blocks.
      let count = 0;
      let most = 1;
      while (i0 + count < ids.length) {
        const nb = Math.max(most, blocksOf(ids[i0 + count]!.length));
        if (((count >> 2) + 1) * nb > MAX_GROUPS) break;
        most = nb;
        count++;
      }
      const groups = (count + 3) >> 2;
      for (let j = 0; j < count; j++) {
        const s = ids[i0 + j]!;
        const nb = fillAscii(s) / 64;
        lanes[j] = nb;
        if (nb === 0) {
          out[i0 + j] = slow(s);
          continue;
        }
        const base = msgWord + (j >> 2) * 64 + (j & 3);
        for (let p = 0, q = 0; p < nb; p++) {
          const blockBase = base + p * groups * 64;
          for (let w = 0; w < 16; w++, q += 4) words[blockBase + w * 4] = (buf[q]! << 24) | (buf[q + 1]! << 16) | (buf[q + 2]! << 8) | buf[q + 3]!;
        }
      }
      for (let p = 0; p < most; p++) {
        x4.compress(groups, p === 0 ? 1 : 0, p * groups * 64);
        for (let j = 0; j < count; j++) {
          if (lanes[j] !== p + 1) continue;
          const at = (j >> 2) * 32 + (j & 3);
          out[i0 + j] = (words[at]! >>> 0) * 65536 + (words[at + 4]! >>> 16);
        }
      }
      i0 += count;
    }
  };
  return { bytes, ascii, keys48 };
}

/** Blocks per lane of the batch being hashed by keys48 (0 = hashed one by one). */
const lanes = new Uint8Array(MAX_GROUPS * 4);
