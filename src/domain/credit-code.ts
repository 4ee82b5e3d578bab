/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet without I, O, Z, S, V.
 * Positions 1–17 are weighted by 3^(i) mod 31; the 18th is the check character.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters of a credit code, or null if one is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  const c = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET[c]!;
}

/** Why a credit code is invalid (Chinese), or null when it is valid. Lower case is not accepted. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return `应为 18 位，实际 ${code.length} 位`;
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CODE_ALPHABET.includes(code[i]!)) {
      return `第 ${i + 1} 位字符「${code[i]}」不合法（只允许数字和除 I、O、Z、S、V 以外的大写字母）`;
    }
  }
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) return '第 3–8 位应为行政区划码（6 位数字）';
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return `校验码错误（第 18 位应为「${expected}」，实际为「${code[17]}」）`;
  return null;
}

/** True when `code` is a well-formed credit code with a correct check character. */
export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}
