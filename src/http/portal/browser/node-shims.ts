/**
 * Browser stand-ins for the two Node APIs the pure draw code touches: `createHash('sha256')` (over the
 * plain-JavaScript SHA-256 of sha256-prefix.ts, checked against node:crypto in its test) and the hex
 * conversions of `Buffer`. Only what src/domain/draw uses is implemented.
 */
import { sha256Prefixed } from '../../../domain/draw/sha256-prefix.ts';

const hashAll = sha256Prefixed(new Uint8Array(0));

class Bytes extends Uint8Array {
  override toString(encoding?: string): string {
    if (encoding === 'hex') { let s = ''; for (const b of this) s += b.toString(16).padStart(2, '0'); return s; }
    return new TextDecoder().decode(this);
  }
}

export function createHash(algorithm: string) {
  if (algorithm !== 'sha256') throw new Error(`不支持的摘要算法 ${algorithm}`);
  const parts: Uint8Array[] = [];
  return {
    update(data: Uint8Array | string) { parts.push(typeof data === 'string' ? new TextEncoder().encode(data) : data); return this; },
    digest(encoding?: string): any { const out = new Bytes(hashAll(...parts)); return encoding === 'hex' ? out.toString('hex') : out; },
  };
}

export const Buffer = {
  from(value: ArrayBufferLike | Uint8Array | string, a?: number | string, b?: number): Bytes {
    if (typeof value === 'string') {
      if (a === 'hex') {
        const n = Math.floor(value.length / 2);
        const out = new Bytes(n);
        for (let i = 0; i < n; i++) {
          const v = parseInt(value.slice(2 * i, 2 * i + 2), 16);
          if (Number.isNaN(v)) return out.slice(0, i) as Bytes;
          out[i] = v;
        }
        return out;
      }
      return new Bytes(new TextEncoder().encode(value));
    }
    if (value instanceof Uint8Array) return new Bytes(value);
    return new Bytes(value as ArrayBuffer, a as number | undefined, b);
  },
};
