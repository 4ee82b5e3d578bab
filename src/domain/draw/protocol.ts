/**
 * SSJ-DRAW/1 computations (DRAW-PROTOCOL.md): the secret and its commitment, the seed, each
 * stratum's selection, the tasks, and the whole draw. Pure: randomness comes in as a parameter.
 */
import { AppError, ErrorCode } from '../errors.ts';
import { compareBytes, compareUtf8, enc, enc32, fromHex, jcs, manifestHash, sha256, sha256KeyWithPrefixEnc, sha256WithPrefixEnc, toHex, utf8Bytes } from './encoding.ts';
import { assignInspectors } from './assign.ts';
import { PROTOCOL, type DrawResult, type Manifest, type PlannedTask, type RosterEntry, type Stratum } from './types.ts';

export * from './types.ts';
export { assignInspectors } from './assign.ts';

/** A fresh 32-byte secret as hex, from a CSPRNG passed in (e.g. node:crypto randomBytes) (§ Phases 1). */
export function newSecret(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(32);
  if (bytes.length !== 32) throw new AppError(ErrorCode.INTERNAL, '随机数生成器未返回 32 字节');
  return toHex(bytes);
}

/** The secret as the XOR of two 32-byte hex shares (e.g. 承办人 and 监督人), so neither alone knows it. */
export function combineShares(a: string, b: string): string {
  const x = fromHex(a, 32, '密钥分量一');
  const y = fromHex(b, 32, '密钥分量二');
  return toHex(x.map((v, i) => v ^ y[i]!));
}

/** `commitment = hex(H(secret))` over the 32 raw secret bytes, published at freeze (§ Phases 1). */
export function commitment(secretHex: string): string {
  return toHex(sha256(fromHex(secretHex, 32, '密钥（secret）')));
}

/** `seed = H(enc("SSJ-DRAW/1") ‖ enc(manifestHash) ‖ enc(publicValue) ‖ enc(hex(secret)))` (§ Seed). */
export function deriveSeed(manifestHashHex: string, publicValue: string, secretHex: string): Uint8Array {
  fromHex(secretHex, 32, '密钥（secret）'); // the hex form is hashed, so only the canonical form is accepted
  return sha256(enc(PROTOCOL), enc(manifestHashHex), enc(publicValue), enc(secretHex));
}

/** `ticket = H(enc("target") ‖ enc32(seed) ‖ enc(label) ‖ enc(id))` (§ Selecting targets). */
export function targetTicket(seed: Uint8Array, stratumLabel: string, id: string): Uint8Array {
  return sha256(enc('target'), enc32(seed), enc(stratumLabel), enc(id));
}

/** Every pool id with its ticket, smallest ticket first, equal tickets by id bytes (§ Selecting targets). */
export function rankPool(seed: Uint8Array, stratumLabel: string, pool: readonly string[]): { id: string; ticket: Uint8Array }[] {
  const ticketOf = sha256WithPrefixEnc(enc('target'), enc32(seed), enc(stratumLabel)); // = targetTicket, faster
  const ranked = pool.map((id) => ({ id, ticket: ticketOf(id) }));
  ranked.sort((a, b) => compareBytes(a.ticket, b.ticket) || compareUtf8(a.id, b.id));
  for (let i = 1; i < ranked.length; i++) {
    if (ranked[i]!.id === ranked[i - 1]!.id) {
      throw new AppError(ErrorCode.VALIDATION, `层级「${stratumLabel}」的名录中检查对象「${ranked[i]!.id}」重复出现`);
    }
  }
  return ranked;
}

/** The stratum's `quota` ids with the smallest tickets (all if quota ≥ pool size), in ticket order. */
export function selectStratum(seed: Uint8Array, stratum: Pick<Stratum, 'label' | 'quota'>, pool: readonly string[]): string[] {
  if (!Number.isInteger(stratum.quota) || stratum.quota < 0) {
    throw new AppError(ErrorCode.VALIDATION, `层级「${stratum.label}」的抽取数量应为非负整数`);
  }
  const n = pool.length;
  if (stratum.quota * 4 >= n) return rankPool(seed, stratum.label, pool).slice(0, stratum.quota).map((r) => r.id);
  // Large pool, small quota: the same answer as rankPool without sorting the whole pool. Each ticket's
  // first 6 bytes, as a number, order the tickets except for ties; the quota-th smallest such key is
  // the threshold, and only tickets at or under it are sorted in full (ticket bytes, then id).
  const ticket = sha256KeyWithPrefixEnc(enc('target'), enc32(seed), enc(stratum.label));
  const keys = new Float64Array(n);
  ticket.keys(pool, keys);
  const sorted = keys.slice().sort();
  checkDuplicates(stratum.label, pool, keys, sorted);
  if (stratum.quota === 0) return [];
  const threshold = sorted[stratum.quota - 1]!;
  const candidates: { id: string; ticket: Uint8Array }[] = [];
  for (let i = 0; i < n; i++) if (keys[i]! <= threshold) candidates.push({ id: pool[i]!, ticket: ticket.full(pool[i]!) });
  candidates.sort((a, b) => compareBytes(a.ticket, b.ticket) || compareUtf8(a.id, b.id));
  return candidates.slice(0, stratum.quota).map((c) => c.id);
}

/** The same duplicate check as rankPool: equal ids have equal tickets, so only equal keys need a look. */
function checkDuplicates(label: string, pool: readonly string[], keys: Float64Array, sorted: Float64Array): void {
  const tied = new Set<number>();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) tied.add(sorted[i]!);
  if (tied.size === 0) return;
  const seen = new Set<string>();
  for (let i = 0; i < pool.length; i++) {
    if (!tied.has(keys[i]!)) continue;
    if (seen.has(pool[i]!)) throw new AppError(ErrorCode.VALIDATION, `层级「${label}」的名录中检查对象「${pool[i]}」重复出现`);
    seen.add(pool[i]!);
  }
}

/** `taskKey = H(enc("task") ‖ enc32(seed) ‖ enc(id))`, the order in which tasks are staffed. */
export function taskKey(seed: Uint8Array, targetId: string): Uint8Array {
  return sha256(enc('task'), enc32(seed), enc(targetId));
}

/**
 * One task per selected target, carrying the labels of all strata that selected it in manifest
 * order (一次完成), sorted by ascending taskKey (§ Selecting targets, § Result and bundle).
 */
export function buildTasks(seed: Uint8Array, strata: readonly Pick<Stratum, 'label'>[], selections: ReadonlyMap<string, readonly string[]>): PlannedTask[] {
  const byTarget = new Map<string, string[]>();
  for (const s of strata) {
    for (const id of selections.get(s.label) ?? []) {
      const items = byTarget.get(id) ?? [];
      items.push(s.label);
      byTarget.set(id, items);
    }
  }
  return [...byTarget]
    .map(([targetId, items]) => ({ targetId, items, key: taskKey(seed, targetId) }))
    .sort((a, b) => compareBytes(a.key, b.key) || compareUtf8(a.targetId, b.targetId))
    .map(({ targetId, items }) => ({ targetId, items }));
}

/** Refuses a manifest the draw cannot run on: duplicate labels, missing pools, teamSize below 2. */
export function checkDrawable(manifest: Manifest, pools: Record<string, readonly string[]>): void {
  const labels = new Set<string>();
  for (const s of manifest.strata) {
    if (labels.has(s.label)) throw new AppError(ErrorCode.VALIDATION, `层级名称「${s.label}」重复：同一次抽取中层级名称必须唯一`);
    labels.add(s.label);
    if (!Object.hasOwn(pools, s.label) || !Array.isArray(pools[s.label])) throw new AppError(ErrorCode.VALIDATION, `缺少层级「${s.label}」的检查对象名录`);
  }
  if (!Number.isInteger(manifest.teamSize) || manifest.teamSize < 2) {
    throw new AppError(ErrorCode.VALIDATION, '每组检查人员数（teamSize）应为不小于 2 的整数');
  }
}

/** The seed and the full result of a draw from its frozen inputs and the public value (§ Phases 2). */
export function runDrawWithSeed(manifest: Manifest, pools: Record<string, readonly string[]>, roster: readonly RosterEntry[], publicValue: string, secretHex: string): { seed: Uint8Array; selections: Map<string, string[]>; result: DrawResult } {
  checkDrawable(manifest, pools);
  const seed = deriveSeed(manifestHash(manifest), publicValue, secretHex);
  const selections = new Map<string, string[]>();
  for (const s of manifest.strata) selections.set(s.label, selectStratum(seed, s, pools[s.label]!));
  const tasks = buildTasks(seed, manifest.strata, selections);
  return { seed, selections, result: { tasks: assignInspectors(seed, tasks, manifest.strata, roster, manifest.teamSize) } };
}

/** The result of a draw: selection, tasks and teams, reproducible by anyone from the bundle. */
export function runDraw(manifest: Manifest, pools: Record<string, readonly string[]>, roster: readonly RosterEntry[], publicValue: string, secretHex: string): DrawResult {
  return runDrawWithSeed(manifest, pools, roster, publicValue, secretHex).result;
}

/** `resultHash = hex(H(JCS(result)))`, published right after the draw (§ Result and bundle). */
export function resultHash(result: DrawResult): string {
  return toHex(sha256(utf8Bytes(jcs(result))));
}
