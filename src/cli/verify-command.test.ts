import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../domain/errors.ts';
import { createVerifyCommand, verifyCommand } from './verify-command.ts';

const VECTOR = fileURLToPath(new URL('../domain/draw/draw-vector-1.json', import.meta.url));

function runVerify(values: Record<string, string | boolean | undefined>, file?: string) {
  let out = '';
  const command = createVerifyCommand((t) => { out += t; });
  return command.run(values, file === undefined ? [] : [file]).then((code) => ({ code, out }));
}

function withTemp(fn: (dir: string) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'ssj-verify-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('verifyCommand fits the Command shape of commands.ts', () => {
  const command: {
    options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
    run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number | void>;
  } = verifyCommand;
  assert.equal(command.options.json!.type, 'boolean');
});

test('the test vector verifies: every line ✓ and exit code 0', async () => {
  const { code, out } = await runVerify({}, VECTOR);
  assert.equal(code, 0);
  assert.doesNotMatch(out, /✗/);
  assert.match(out, /✓ 承诺值/);
  assert.match(out, /✓ 结果哈希：2aaf3d05e38da4dccb3146b2423623ff9055fa1642b6ca16befa2e190dafb1ef/);
  assert.match(out, /验证通过/);
});

test('--json prints the report as JSON', async () => {
  const { code, out } = await runVerify({ json: true }, VECTOR);
  assert.equal(code, 0);
  assert.equal(JSON.parse(out).ok, true);
});

test('a tampered copy fails with ✗ naming the task, and exit code 1', () =>
  withTemp(async (dir) => {
    const bundle = JSON.parse(readFileSync(VECTOR, 'utf8'));
    bundle.result.tasks[0].inspectors = ['I000', 'I001'];
    const file = join(dir, 'bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    const { code, out } = await runVerify({}, file);
    assert.equal(code, 1);
    assert.match(out, /✗ 任务 1：911777633F0WTCDKQB：任务 911777633F0WTCDKQB 的检查人员应为 I000、I007，结果中为 I000、I001/);
    assert.match(out, /验证失败：2 项不一致/);
  }));

test('--manifest-hash that differs from the recomputed one fails', async () => {
  const { code, out } = await runVerify({ 'manifest-hash': 'ff'.repeat(32) }, VECTOR);
  assert.equal(code, 1);
  assert.match(out, /✗ 清单哈希/);
});

test('a missing file, no file, and broken JSON are Chinese AppErrors', () =>
  withTemp(async (dir) => {
    await assert.rejects(runVerify({}, join(dir, 'nope.json')), (e) => e instanceof AppError && e.code === 'NOT_FOUND' && /文件不存在/.test(e.message));
    await assert.rejects(runVerify({}), /请指定要验证的证据包文件/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"manifest": ');
    await assert.rejects(runVerify({}, broken), /证据包不是有效的 JSON/);
    writeFileSync(broken, '{}');
    await assert.rejects(runVerify({}, broken), /证据包格式不正确/);
  }));
