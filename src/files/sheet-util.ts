/** Small helpers shared by the table writer and the template builder. */

/** A worksheet name Excel accepts: no []:*?/\, not quoted, at most 31 characters, never empty. */
export function safeSheetName(name: string | undefined, fallback = 'Sheet1'): string {
  const cleaned = (name ?? '').replace(/[[\]:*?/\\]/g, '').replace(/^'+|'+$/g, '').trim();
  return Array.from(cleaned || fallback).slice(0, 31).join('');
}

/** Display width in Excel column units: CJK and other wide characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

/** A column width for the given sample texts (longest line wins), within sensible bounds. */
export function columnWidth(samples: Iterable<string>, min = 8, max = 50): number {
  let widest = 0;
  for (const s of samples) for (const line of s.split('\n')) widest = Math.max(widest, displayWidth(line));
  return Math.min(max, Math.max(min, widest + 2));
}
