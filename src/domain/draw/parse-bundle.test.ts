import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AppError } from '../errors.ts';
import { parseBundle } from './parse-bundle.ts';

const vectorJson = (): Record<string, any> => JSON.parse(readFileSync(new URL('./draw-vector-1.json', import.meta.url), 'utf8'));

test('draw-vector-1 has the shape of a bundle', () => {
  assert.equal(parseBundle(vectorJson()).manifest.drawId, 'TEST-1');
});

test('each missing or mistyped field is listed by path, in Chinese', () => {
  const b = vectorJson();
  delete b.secret;
  b.manifest.strata[1].quota = -1;
  b.roster[2].expertise = '气';
  b.result.tasks[0].inspectors = [1];
  assert.throws(() => parseBundle(b), (e: unknown) => {
    assert.ok(e instanceof AppError && e.code === 'VALIDATION');
    assert.equal(e.message, '证据包格式不正确');
    assert.deepEqual(e.issues.map((i) => i.reason), [
      'bundle.secret 缺失',
      'manifest.strata[1].quota 应为非负整数',
      'roster[2].expertise 应为字符串数组',
      'result.tasks[0].inspectors 应为字符串数组',
    ]);
    return true;
  });
});

test('something that is not an object is refused', () => {
  assert.throws(() => parseBundle([]), /证据包格式不正确/);
});
