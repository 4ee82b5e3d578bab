/**
 * RFC 8785 JSON Canonicalization Scheme, used for manifestHash, rosterHash and resultHash
 * (DRAW-PROTOCOL.md § Encoding). Written out here rather than trusted to JSON.stringify so each
 * rule of the RFC is visible: sorted keys (§3.2.3), ECMAScript numbers (§3.2.2.3), minimal
 * string escapes (§3.2.2.2), and I-JSON input only (§3.1: no NaN/Infinity, no lone surrogates).
 */
import { AppError, ErrorCode } from '../errors.ts';

/** The RFC 8785 canonical JSON text of a JSON value; throws on values JSON cannot carry. */
export function jcs(value: unknown): string {
  return serialize(value, '$');
}

function fail(path: string, reason: string): never {
  throw new AppError(ErrorCode.VALIDATION, `无法规范化 JSON（${path}）：${reason}`, [], { path });
}

function serialize(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return serializeNumber(value, path);
    case 'string':
      return serializeString(value, path);
    case 'object':
      if (Array.isArray(value)) return serializeArray(value, path);
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
        fail(path, '只能包含普通对象、数组、字符串、数字、布尔值和 null');
      }
      return serializeObject(value as Record<string, unknown>, path);
    default:
      return fail(path, `不支持的值类型 ${typeof value}`);
  }
}

// §3.2.2.3: ECMAScript Number.prototype.toString, except that -0 serialises as "0".
function serializeNumber(n: number, path: string): string {
  if (!Number.isFinite(n)) fail(path, `数字 ${n} 不是有限数`);
  return Object.is(n, -0) ? '0' : String(n);
}

// §3.2.2.2: only ", \ and U+0000–U+001F are escaped; \b \t \n \f \r use their short forms, the
// rest \u00hh in lowercase. Everything else (including U+2028, U+2029, U+007F) is written as is.
const SHORT: Record<number, string> = { 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0c: '\\f', 0x0d: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

function serializeString(s: string, path: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) fail(path, '字符串含有不成对的 Unicode 代理字符');
      out += s[i]! + s[i + 1]!;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      fail(path, '字符串含有不成对的 Unicode 代理字符');
    } else if (SHORT[c] !== undefined) {
      out += SHORT[c];
    } else if (c < 0x20) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else {
      out += s[i];
    }
  }
  return out + '"';
}

function serializeArray(values: unknown[], path: string): string {
  return '[' + values.map((v, i) => {
    if (v === undefined) fail(`${path}[${i}]`, '数组中不能有 undefined');
    return serialize(v, `${path}[${i}]`);
  }).join(',') + ']';
}

// §3.2.3: keys sorted by their UTF-16 code units — JS's default string comparison, NOT UTF-8 order.
// Properties whose value is undefined are absent, as in JSON.stringify, so optional TS fields work.
function serializeObject(obj: Record<string, unknown>, path: string): string {
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return '{' + keys.map((k) => serializeString(k, path) + ':' + serialize(obj[k], `${path}.${k}`)).join(',') + '}';
}
