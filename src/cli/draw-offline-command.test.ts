import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createDrawOfflineCommand, drawOffline } from './draw-offline-command.ts';

const VECTOR = fileURLToPath(new URL('../domain/draw/draw-vector-1.json', import.meta.url));
const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const withoutResult = () => {
  const { result: _r, ...input } = JSON.parse(readFileSync(VECTOR, 'utf8'));
  return input;
};

test('draw-offline reproduces draw-vector-1.json byte for byte from its inputs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssj-offline-'));
  try {
    const file = join(dir, 'input.json');
    writeFileSync(file, JSON.stringify(withoutResult()));
    let out = '';
    assert.equal(await createDrawOfflineCommand((t) => { out += t; }).run({}, [file]), 0);
    assert.equal(out, readFileSync(VECTOR, 'utf8') + '\n');
    // Through the real command line too.
    const cli = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'draw-offline', file], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(cli.stdout, readFileSync(VECTOR, 'utf8') + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the pool order does not change the output', () => {
  const input = withoutResult();
  for (const ids of Object.values(input.pools) as string[][]) ids.reverse();
  assert.deepEqual(drawOffline(input).result, JSON.parse(readFileSync(VECTOR, 'utf8')).result);
});

test('inputs that do not match the manifest, or a bundle with a result, are refused naming the problem', () => {
  const input = withoutResult();
  input.secret = 'ab'.repeat(32);
  assert.throws(() => drawOffline(input), /输入与清单不一致：.*承诺/);
  const pooled = withoutResult();
  pooled.pools['重点'].push('EXTRA');
  assert.throws(() => drawOffline(pooled), /输入与清单不一致：.*重点/);
  assert.throws(() => drawOffline(JSON.parse(readFileSync(VECTOR, 'utf8'))), /输入已包含 result/);
  const missing = withoutResult();
  delete missing.publicValue;
  assert.throws(() => drawOffline(missing), /证据包格式不正确/);
});
