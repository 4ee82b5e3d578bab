/**
 * SHA-256 compression of four independent messages at once, one per 32-bit lane of WebAssembly
 * SIMD (128-bit) vectors. The module is generated here as bytes — 64 unrolled rounds, no build
 * step, nothing binary in the tree — and compiled once. A draw hashes a million target tickets and
 * millions of pair tickets that differ only in their last block; four lanes per instruction are
 * about three times the plain-JavaScript compression of sha256-prefix.ts. Where WebAssembly SIMD is
 * unavailable (or forbidden, e.g. by a page's Content-Security-Policy) `sha256x4()` returns null and
 * callers use the plain path; both are checked against node:crypto in sha256-prefix.test.ts.
 *
 * Memory (Int32Array view `words`, lane-interleaved: word w of lane l of group g at [g·G + w·4 + l]):
 * - states at byte 0: `MAX_GROUPS` groups of 8 vectors (a…h), compressed in place;
 * - message blocks from `MSG`: per group 16 vectors (the block's 16 big-endian words as integers),
 *   `MAX_GROUPS` blocks in all — a batch of two-block messages uses half the groups;
 * - the shared starting state at `MID`: 8 vectors, used when `compress(groups, 1)`.
 */
export const MAX_GROUPS = 512;
const STATE = 0;
const MSG = MAX_GROUPS * 128;
const MID = MSG + MAX_GROUPS * 256;
const PAGES = Math.ceil((MID + 128) / 65536);

export interface Sha256x4 {
  /** Lane-interleaved 32-bit words over the module's memory (see the layout above). */
  words: Int32Array;
  /** Word index of the message region and of the shared starting state. */
  msgWord: number;
  midWord: number;
  /**
   * Compresses groups 0…groups−1: state g ← compress(state g, block g), starting from the shared
   * state when fromMid; block g is read at message word `msgWord + at + 64·g`.
   */
  compress(groups: number, fromMid: 0 | 1, at: number): void;
}

/** SHA-256's round constants (FIPS 180-4 § 4.2.2), also used by the plain path of sha256-prefix.ts. */
export const SHA256_K = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];

// WebAssembly opcodes used (core spec § 5.4; SIMD instructions are 0xFD followed by a LEB128 number).
const OP = { block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, brIf: 0x0d, localGet: 0x20, localSet: 0x21, localTee: 0x22, i32Const: 0x41, i32Eqz: 0x45, i32Add: 0x6a, i32Sub: 0x6b, void: 0x40, i32: 0x7f, v128: 0x7b };
const SIMD = { load: 0, store: 11, const: 12, and: 78, or: 80, xor: 81, bitselect: 82, shl: 171, shrU: 173, add: 174 };

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

/** The function body: locals, then the code of compress(groups, fromMid). */
function body(): number[] {
  // Locals: 0 groups, 1 fromMid, 2 at (params); 3 sp, 4 mp, 5 src (i32); 6…13 a…h, 14…29 w0…w15, 30 t (v128).
  const SP = 3, MP = 4, SRC = 5, V = 6, W = 14, T = 30;
  const c: number[] = [];
  const simd = (op: number) => c.push(0xfd, ...uleb(op));
  const get = (l: number) => c.push(OP.localGet, ...uleb(l));
  const set = (l: number) => c.push(OP.localSet, ...uleb(l));
  const i32 = (n: number) => c.push(OP.i32Const, ...sleb(n));
  const load = (addrLocal: number, offset: number) => { get(addrLocal); simd(SIMD.load); c.push(4, ...uleb(offset)); };
  const splat = (k: number) => { simd(SIMD.const); for (let l = 0; l < 4; l++) c.push(k & 0xff, (k >>> 8) & 0xff, (k >>> 16) & 0xff, (k >>> 24) & 0xff); };
  /** Pushes rotr(x, n) (or x >>> n when shiftOnly). */
  const rotr = (x: number, n: number, shiftOnly = false) => {
    get(x); i32(n); simd(SIMD.shrU);
    if (shiftOnly) return;
    get(x); i32(32 - n); simd(SIMD.shl); simd(SIMD.or);
  };
  const sigma = (x: number, r1: number, r2: number, r3: number, lastIsShift: boolean) => {
    rotr(x, r1); rotr(x, r2); simd(SIMD.xor); rotr(x, r3, lastIsShift); simd(SIMD.xor);
  };

  // if groups == 0: return
  get(0); c.push(OP.i32Eqz, OP.if, OP.void, 0x0f, OP.end);
  i32(STATE); set(SP);
  get(2); i32(4); c.push(0x6c /* i32.mul */); i32(MSG); c.push(OP.i32Add); set(MP);
  c.push(OP.loop, OP.void);
  // src = fromMid ? MID : sp
  get(1); c.push(OP.if, OP.i32); i32(MID); c.push(OP.else); get(SP); c.push(OP.end); set(SRC);
  for (let k = 0; k < 8; k++) { load(SRC, k * 16); set(V + k); }
  for (let k = 0; k < 16; k++) { load(MP, k * 16); set(W + k); }
  for (let i = 0; i < 64; i++) {
    const w = W + (i % 16);
    if (i >= 16) {
      // w[i] = σ1(w[i−2]) + w[i−7] + σ0(w[i−15]) + w[i−16]
      sigma(W + ((i - 2) % 16), 17, 19, 10, true);
      get(W + ((i - 7) % 16)); simd(SIMD.add);
      sigma(W + ((i - 15) % 16), 7, 18, 3, true); simd(SIMD.add);
      get(w); simd(SIMD.add); set(w);
    }
    const r = (k: number) => V + ((k - i + 64) % 8); // register renaming instead of moves
    const [a, b, cc, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map(r) as [number, number, number, number, number, number, number, number];
    // t = h + Σ1(e) + Ch(e, f, g) + K[i] + w[i]
    get(h); sigma(e, 6, 11, 25, false); simd(SIMD.add);
    get(f); get(g); get(e); simd(SIMD.bitselect); simd(SIMD.add);
    splat(SHA256_K[i]!); simd(SIMD.add);
    get(w); simd(SIMD.add); set(T);
    // d += t; h = t + Σ0(a) + Maj(a, b, c)   (h becomes the next round's a, d its e)
    get(d); get(T); simd(SIMD.add); set(d);
    get(T); sigma(a, 2, 13, 22, false); simd(SIMD.add);
    get(b); get(a); get(a); get(cc); simd(SIMD.xor); simd(SIMD.bitselect); simd(SIMD.add); set(h);
  }
  // state = src + (a…h); after 64 rounds the renaming is back where it started.
  for (let k = 0; k < 8; k++) {
    get(SP); load(SRC, k * 16); get(V + k); simd(SIMD.add); simd(SIMD.store); c.push(4, ...uleb(k * 16));
  }
  get(SP); i32(128); c.push(OP.i32Add); set(SP);
  get(MP); i32(256); c.push(OP.i32Add); set(MP);
  get(0); i32(1); c.push(OP.i32Sub); c.push(OP.localTee, ...uleb(0)); c.push(OP.brIf, 0);
  c.push(OP.end, OP.end);
  const locals = vec([[...uleb(3), OP.i32], [...uleb(25), OP.v128]]);
  const fn = [...locals, ...c];
  return [...uleb(fn.length), ...fn];
}

/** The module's bytes. */
export function sha256x4Module(): Uint8Array<ArrayBuffer> {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, 3, OP.i32, OP.i32, OP.i32, 0]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...uleb(PAGES)]])),
    ...section(7, vec([[...name('compress'), 0x00, 0], [...name('memory'), 0x02, 0]])),
    ...section(10, vec([body()])),
  ]);
}

let cached: Sha256x4 | null | undefined;
let enabled = true;

/** Turns the kernel off (and on again): tests and the benchmark compare both paths. */
export function useSha256x4(on: boolean): void {
  enabled = on;
}

/** The compiled kernel, or null where WebAssembly SIMD cannot be used. */
export function sha256x4(): Sha256x4 | null {
  if (!enabled) return null;
  if (cached !== undefined) return cached;
  cached = null;
  try {
    if (typeof WebAssembly !== 'object') return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(sha256x4Module()));
    const memory = instance.exports.memory as WebAssembly.Memory;
    const compress = instance.exports.compress as (groups: number, fromMid: number, at: number) => void;
    cached = { words: new Int32Array(memory.buffer), msgWord: MSG / 4, midWord: MID / 4, compress };
  } catch {
    cached = null; // no SIMD support, or compiling WebAssembly is not allowed here
  }
  return cached;
}
