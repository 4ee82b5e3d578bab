/**
 * Identifiers of demo targets. Every identifier is derived from the target's index through a
 * bijection, so a run of any size (1,000,000 and more) has no duplicates without a lookup table.
 */
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '../domain/credit-code.ts';

const BASE = CREDIT_CODE_ALPHABET.length; // 31
const NEW_SPACE = BASE ** 6; // 887,503,681 org codes of the post-2015 'MA……' form
const OLD_SPACE = 10 ** 8; // 8-digit pre-2015 organisation codes
/** Largest run the identifier scheme can number without repeating. */
export const MAX_TARGETS = NEW_SPACE;

// Affine maps x → (a·x + b) mod m are bijections when gcd(a, m) = 1; they scatter consecutive
// indices so neighbouring rows do not get neighbouring codes. a < 2^20 keeps a·x below 2^53.
const NEW_A = 742_717, NEW_B = 314_159_265; // 742717 is not a multiple of 31
const OLD_A = 650_163, OLD_B = 27_182_818; // odd and not a multiple of 5
const SIX_A = 7_919, SIX_B = 271_828; // for 6-digit project serials

/** GB 11714 check character of an 8-character organisation code body ('X' for 10). */
export function orgCodeCheckChar(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8.charCodeAt(i);
    const v = c <= 57 ? c - 48 : c - 55; // '0'–'9' → 0–9, 'A'–'Z' → 10–35
    sum += v * weights[i]!;
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/**
 * The 9-character organisation-code part for target `index`: a 'MA' code for post-2015 registrations
 * or an 8-digit code for older units. The two forms cannot collide (letter vs digit first), and each
 * is an injective function of the index.
 */
export function orgCodeFor(index: number, modern: boolean): string {
  let body: string;
  if (modern) {
    let x = (NEW_A * index + NEW_B) % NEW_SPACE;
    let tail = '';
    for (let i = 0; i < 6; i++) {
      tail = CREDIT_CODE_ALPHABET[x % BASE]! + tail;
      x = Math.floor(x / BASE);
    }
    body = 'MA' + tail;
  } else {
    body = String((OLD_A * index + OLD_B) % OLD_SPACE).padStart(8, '0');
  }
  return body + orgCodeCheckChar(body);
}

/** A valid 18-character 统一社会信用代码: registration authority/type (e.g. '91'), region, org code, check. */
export function creditCodeFor(prefix: string, regionCode: string, index: number, modern: boolean): string {
  const first17 = prefix + regionCode + orgCodeFor(index, modern);
  return first17 + creditCodeCheckChar(first17)!;
}

/** 排污许可证编号 (credit code + serial + 'P') or 排污登记编号 (… + 'W'). */
export function permitNoFor(creditCode: string, registrationOnly: boolean): string {
  return `${creditCode}001${registrationOnly ? 'W' : 'P'}`;
}

/** 投资项目统一代码 'YYYY-region-industry-type-serial'; serials of runs past 10^6 get 7+ digits. */
export function projectCodeFor(year: number, regionCode: string, industry2: string, type2: string, index: number): string {
  const serial = index < 1_000_000 ? String((SIX_A * index + SIX_B) % 1_000_000).padStart(6, '0') : String(index);
  return `${year}-${regionCode}-${industry2}-${type2}-${serial}`;
}

/** Code of a place-like target (水源地 'SYD', 排污口 'RHK' …), unique through the index. */
export function placeCodeFor(prefix: string, regionCode: string, index: number): string {
  return `${prefix}-${regionCode}-${String(index).padStart(7, '0')}`;
}
