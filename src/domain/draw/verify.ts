/**
 * Verification of a published bundle (DRAW-PROTOCOL.md § Phases 3, § Result and bundle): recompute
 * every hash, the seed, the selection and the teams, and say in Chinese exactly what differs.
 */
import { AppError } from '../errors.ts';
import { jcs, manifestHash, poolHash, rosterHash, sortUtf8, toHex } from './encoding.ts';
import { commitment, resultHash, runDrawWithSeed } from './protocol.ts';
import { PROTOCOL, type Bundle, type DrawResult, type DrawTask } from './types.ts';

export { ticketReport, type TicketReport } from './ticket.ts';

/** One line of the verification report; `detail` explains a failure (or shows a recomputed value). */
export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

/** The report: `ok` only when every check passed. */
export interface Verification {
  ok: boolean;
  checks: Check[];
}

/** Hashes published earlier (at freeze and at the draw); compared when the verifier supplies them. */
export interface Published {
  manifestHash?: string;
  resultHash?: string;
}

const list = (ids: readonly string[]) => (ids.length ? ids.join('、') : '（无）');

/** Recomputes everything in the bundle and reports each check; a malformed value fails a check, never throws. */
export function verifyBundle(bundle: Bundle, published: Published = {}): Verification {
  const { manifest } = bundle;
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail?: string) => checks.push(detail === undefined ? { name, ok } : { name, ok, detail });
  const attempt = (name: string, fn: () => void) => {
    try { fn(); } catch (e) { add(name, false, e instanceof AppError ? e.message : String(e)); }
  };
  const compare = (name: string, computed: string, stated: string | undefined, where: string, why = '') =>
    stated === undefined || computed === stated ? add(name, true, computed) : add(name, false, `重新计算为 ${computed}，${where}为 ${stated}${why}`);

  const protocolOk = manifest.protocol === PROTOCOL;
  add('协议版本', protocolOk, protocolOk ? PROTOCOL : `清单声明的协议为「${manifest.protocol}」，本程序验证的是 ${PROTOCOL}`);
  // The bundle cannot vouch for its own manifest: the hash is shown so it can be matched with the
  // one published at freeze (§ Phases 1), or compared here when the caller passes it.
  attempt('清单哈希', () => compare('清单哈希', manifestHash(manifest), published.manifestHash, '冻结时公布的清单哈希'));
  attempt('承诺值', () => compare('承诺值', commitment(bundle.secret), manifest.commitment, '清单中的承诺值', '：公开的密钥不是冻结时承诺的密钥'));
  for (const s of manifest.strata) attempt(`名录「${s.label}」`, () => checkPool(bundle, s.label, s.poolSize, s.poolHash, add));
  for (const label of Object.keys(bundle.pools)) {
    if (!manifest.strata.some((s) => s.label === label)) add(`名录「${label}」`, false, `清单中没有层级「${label}」，证据包却列出了它的名录`);
  }
  attempt('检查人员名单哈希', () => compare('检查人员名单哈希', rosterHash(bundle.roster), manifest.rosterHash, '清单中的名单哈希'));

  attempt('重新抽取', () => {
    const { seed, selections, result } = runDrawWithSeed(manifest, bundle.pools, bundle.roster, bundle.publicValue, bundle.secret);
    add('种子', true, toHex(seed));
    for (const s of manifest.strata) {
      const expected = sortUtf8(selections.get(s.label)!);
      const actual = sortUtf8(bundle.result.tasks.filter((t) => t.items.includes(s.label)).map((t) => t.targetId));
      const same = jcs(expected) === jcs(actual);
      add(`抽中「${s.label}」`, same, same ? list(expected) : `层级「${s.label}」应抽中 ${list(expected)}；结果中为 ${list(actual)}`);
    }
    checks.push(...compareTasks(result, bundle.result));
    const hash = resultHash(result);
    if (jcs(result) !== jcs(bundle.result)) add('结果哈希', false, `重新抽取的结果哈希为 ${hash}，证据包中结果的哈希为 ${resultHash(bundle.result)}`);
    else compare('结果哈希', hash, published.resultHash, '抽取时公布的结果哈希');
  });
  return { ok: checks.every((c) => c.ok), checks };
}

function checkPool(bundle: Bundle, label: string, poolSize: number, statedHash: string, add: (name: string, ok: boolean, detail?: string) => void): void {
  const name = `名录「${label}」`;
  const pool = Object.hasOwn(bundle.pools, label) ? bundle.pools[label] : undefined;
  if (!pool) return void add(name, false, `证据包中没有层级「${label}」的名录`);
  const hash = poolHash(pool);
  const problems = [
    pool.length === poolSize ? '' : `名录中有 ${pool.length} 个检查对象，清单中为 ${poolSize} 个`,
    hash === statedHash ? '' : `名录哈希重新计算为 ${hash}，清单中为 ${statedHash}`,
  ].filter(Boolean);
  add(name, problems.length === 0, problems.length ? `层级「${label}」${problems.join('；')}` : `${pool.length} 个检查对象，${hash}`);
}

/** One check per task position: the recomputed task against the one in the bundle's result. */
function compareTasks(expected: DrawResult, actual: DrawResult): Check[] {
  const checks: Check[] = [];
  for (let i = 0; i < Math.max(expected.tasks.length, actual.tasks.length); i++) {
    const e: DrawTask | undefined = expected.tasks[i];
    const a: DrawTask | undefined = actual.tasks[i];
    const name = `任务 ${i + 1}：${(e ?? a)!.targetId}`;
    if (!a) { checks.push({ name, ok: false, detail: `结果中缺少此任务（检查对象 ${e!.targetId}，检查人员 ${list(e!.inspectors)}）` }); continue; }
    if (!e) { checks.push({ name, ok: false, detail: `结果中多出任务：检查对象 ${a.targetId}` }); continue; }
    const problems = [
      e.targetId === a.targetId ? '' : `第 ${i + 1} 个任务应为检查对象 ${e.targetId}，结果中为 ${a.targetId}`,
      jcs(e.items) === jcs(a.items) ? '' : `任务 ${e.targetId} 的抽查层级应为 ${list(e.items)}，结果中为 ${list(a.items)}`,
      jcs(e.inspectors) === jcs(a.inspectors) ? '' : `任务 ${e.targetId} 的检查人员应为 ${list(e.inspectors)}，结果中为 ${list(a.inspectors)}`,
    ].filter(Boolean);
    if (problems.length === 0 && jcs(e) !== jcs(a)) problems.push(`任务 ${e.targetId} 含有协议之外的字段`);
    checks.push(problems.length ? { name, ok: false, detail: problems.join('；') } : { name, ok: true, detail: `检查人员 ${list(e.inspectors)}` });
  }
  return checks;
}
