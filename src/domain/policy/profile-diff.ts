/**
 * What changed between two versions of a profile, as a list of paths with the old and new values.
 * Lists of keyed entries (categories and strata by key, items by number) are matched by their key,
 * so inserting a stratum shows as one addition rather than every later stratum "changing".
 */

export interface ProfileChange {
  /** 'strata[重点].rules[0].amount.percent' */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** The identifying field of an array element, if the whole array is keyed by one. */
function keyOf(list: Json[]): 'key' | 'no' | null {
  for (const field of ['key', 'no'] as const) {
    const keys = list.map((x) => (x && typeof x === 'object' && !Array.isArray(x) ? x[field] : undefined));
    if (keys.length > 0 && keys.every((k) => typeof k === 'string') && new Set(keys).size === keys.length) return field;
  }
  return null;
}

function isObject(x: Json | undefined): x is { [k: string]: Json } {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Every difference between `a` and `b` (plain JSON values), in document order. */
export function diffProfiles(a: unknown, b: unknown): ProfileChange[] {
  const out: ProfileChange[] = [];
  walk(JSON.parse(JSON.stringify(a ?? null)) as Json, JSON.parse(JSON.stringify(b ?? null)) as Json, '', out);
  return out;
}

function walk(a: Json | undefined, b: Json | undefined, path: string, out: ProfileChange[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) return void out.push({ path, kind: 'added', to: b });
  if (b === undefined) return void out.push({ path, kind: 'removed', from: a });
  if (Array.isArray(a) && Array.isArray(b)) {
    const field = keyOf(a) && keyOf(a) === keyOf(b) ? keyOf(a)! : null;
    if (field) {
      const byKey = (list: Json[]) => new Map(list.map((x) => [String((x as Record<string, Json>)[field]), x]));
      const am = byKey(a);
      const bm = byKey(b);
      for (const [k, v] of am) walk(v, bm.get(k), `${path}[${k}]`, out);
      for (const [k, v] of bm) if (!am.has(k)) walk(undefined, v, `${path}[${k}]`, out);
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) walk(a[k], b[k], path ? `${path}.${k}` : k, out);
    for (const k of Object.keys(b)) if (!(k in a)) walk(undefined, b[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path, kind: 'changed', from: a, to: b });
}
