/**
 * The protocol's promise that another language gets the same result from the same bundle, tested:
 * ssj-verify.py (Python 3, standard library, written from DRAW-PROTOCOL.md) verifies bundles made by
 * this implementation — with the awkward parts on purpose: ids and labels beyond ASCII and beyond
 * U+FFFF (UTF-8 vs UTF-16 order), manifest fields needing JCS key order and number forms, several
 * departments (内部联合), expertise, 回避 conflicts, a quota above the pool size and a quota of 0 —
 * and refuses tampered ones, naming the check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freezeManifest } from './freeze.ts';
import { resultHash, runDraw } from './protocol.ts';
import type { Bundle, RosterEntry } from './types.ts';

const script = fileURLToPath(new URL('./ssj-verify.py', import.meta.url));
const python = spawnSync('python3', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'ssj-py-'));

function runPython(bundle: Bundle, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const file = join(dir, `b-${Math.floor(performance.now() * 1000)}.json`);
  writeFileSync(file, JSON.stringify(bundle));
  const r = spawnSync('python3', [script, file, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function awkwardBundle(): Bundle {
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
  const roster: RosterEntry[] = Array.from({ length: 14 }, (_, i) => ({
    id: i === 3 ? '检查员\u{1F600}' : i === 4 ? '检查员\uFF5E' : `I${String(i).padStart(3, '0')}`,
    department: ['执法支队', '监测站', '执法一大队'][i % 3]!,
    expertise: i % 4 === 0 ? ['气'] : i % 4 === 1 ? ['水', '固废'] : [],
    conflicts: i % 5 === 0 ? ['91440300000000A0007', '重点\u{1F600}0002'] : [],
  }));
  const key = [...ids('91440300000000A', 30), '重点\u{1F600}0002', '重点\uFF5E0003', '\uFF5E', '\u{1F600}', 'ａｂｃ', 'Ab'];
  const strata = [
    { label: '重点排污单位', item: '污染源日常监管', quota: 9, formula: 'ceil(25% × 36) = 9', ids: key, department: '执法支队', expertise: ['气'], extra: { key: '重点', weight: 0.25, '\uFF5E': 1, '\u{1F600}': 2 } },
    // Every 重点 target is in this pool too, and the quota exceeds the pool: the 9 above become joint tasks.
    { label: '水环境\u{1F600}专项', item: '入河排污口', quota: 50, formula: '全部', ids: [...key].reverse().concat(ids('W', 5)), department: '监测站', expertise: ['水'] },
    { label: '一般', item: '污染源日常监管', quota: 0, formula: '0', ids: ids('G', 12) },
  ];
  const meta = { drawId: '福田-2025-007', org: '深圳市生态环境局福田管理局', period: '2025-Q2', drawDate: '2025-04-01', publicValueSource: '抽取会议现场掷骰，见证人：张三、李四', previousDrawHash: '', teamSize: 2, extra: { profile: { key: 'nanshan', version: 3 }, ratio: 1e-7, big: 1e21 } };
  const secret = 'a5'.repeat(32);
  const frozen = freezeManifest(meta, strata, roster, secret);
  const publicValue = '3 6 1 4 2';
  return { manifest: frozen.manifest, pools: frozen.pools, roster, publicValue, secret, result: runDraw(frozen.manifest, frozen.pools, roster, publicValue, secret) };
}

test('the Python verifier reproduces draw-vector-1', { skip: !python && 'python3 is not installed' }, () => {
  const vector = fileURLToPath(new URL('./draw-vector-1.json', import.meta.url));
  const r = spawnSync('python3', [script, vector], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /验证通过/);
});

test('the Python verifier agrees with this implementation on an awkward bundle, hash for hash', { skip: !python && 'python3 is not installed' }, () => {
  const bundle = awkwardBundle();
  const tasks = bundle.result.tasks;
  assert.ok(tasks.some((t) => t.items.length === 2 && t.inspectors.length === 2), 'a target drawn in two strata of two departments (内部联合)');
  assert.ok(tasks.some((t) => t.targetId.includes('\u{1F600}') || t.targetId.includes('\uFF5E')), 'a non-BMP or full-width id is drawn');
  const r = runPython(bundle);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`结果哈希：${resultHash(bundle.result)}`));
  assert.equal(r.stdout.match(/^通过 {2}任务 /gm)?.length, tasks.length);
});

test('the Python verifier refuses a tampered bundle and names what differs', { skip: !python && 'python3 is not installed' }, () => {
  const swapped = awkwardBundle();
  const t = swapped.result.tasks[0]!;
  t.inspectors = [...t.inspectors].reverse();
  const r1 = runPython(swapped);
  assert.equal(r1.status, 1);
  assert.match(r1.stdout, /^不符 {2}任务 1：/m);
  assert.match(r1.stderr, /第一处不符为「任务 1：/);

  const secret = awkwardBundle();
  secret.secret = 'b6'.repeat(32);
  assert.match(runPython(secret).stderr, /第一处不符为「承诺值」/);

  const pool = awkwardBundle();
  pool.pools['一般']![0] = 'G9999';
  assert.match(runPython(pool).stderr, /第一处不符为「名录「一般」」/);

  const published = awkwardBundle();
  const r2 = runPython(published, '--manifest-hash', '0'.repeat(64));
  assert.equal(r2.status, 1);
  assert.match(r2.stderr, /第一处不符为「清单哈希」/);
});
