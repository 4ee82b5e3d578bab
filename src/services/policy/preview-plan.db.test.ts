import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../../testing/database.ts';
import { creditCode } from '../../testing/fixtures.ts';
import { createDirectoryRecord } from '../directory/save-record.ts';
import { previewPlan } from './preview-plan.ts';
import type { Ctx } from '../context.ts';

let db: TestDatabase;
let ctx: Ctx;

before(async () => {
  db = await openTestDatabase();
  ({ ctx } = await seedMinimalOrgs(db));
  // 枣庄, county level, 2025-Q2 — the pool drawn by hand:
  //   重点管理 ×4, one of them credit 不良 → 特殊 (特殊 wins), one 停产 → excluded  ⇒ 重点 pool 2
  //   简化管理 ×3 ⇒ 简化 pool 3;  登记管理 ×2 ⇒ 一般 pool 2
  const rows: [string, Record<string, unknown>][] = [
    ['重点甲', { permitClass: '重点管理' }], ['重点乙', { permitClass: '重点管理' }],
    ['重点丙', { permitClass: '重点管理', creditRating: '不良' }], ['重点丁', { permitClass: '重点管理', status: '停产' }],
    ['简化甲', { permitClass: '简化管理' }], ['简化乙', { permitClass: '简化管理' }], ['简化丙', { permitClass: '简化管理' }],
    ['登记甲', { permitClass: '登记管理' }], ['登记乙', { permitClass: '登记管理' }],
  ];
  for (const [i, [name, attrs]] of rows.entries()) {
    await createDirectoryRecord(ctx, 'targets', { kind: '排污单位', identifier: creditCode(i + 1), name: `${name}有限公司`, ...attrs });
  }
});
after(async () => db.dispose());

test('枣庄 county-level preview: categories, the 停产 exclusion, pools and rounded-up quotas', async () => {
  const p = await previewPlan(ctx, { profileId: 'zaozhuang', period: '2025-Q2', level: 'county' });
  assert.equal(p.targetCount, 9);
  const pool = Object.fromEntries(p.strata.map((s) => [s.key, [s.pool, s.quota]]));
  assert.deepEqual(pool['重点'], [2, 1]);
  assert.deepEqual(pool['简化'], [3, 1]);
  assert.deepEqual(pool['一般'], [2, 1]);
  assert.deepEqual(pool['特殊'], [1, 1]);
  assert.equal(p.strata.find((s) => s.key === '重点')!.formula, 'ceil(25% × 2) = 1');
  assert.equal(p.excluded.reduce((n, e) => n + e.count, 0), 1);
  assert.match(p.excluded[0]!.reason, /停产/);
});

test('an unknown profile and a malformed period are refused in Chinese', async () => {
  await assert.rejects(previewPlan(ctx, { profileId: 'nowhere', period: '2025-Q2' }), /没有方案「nowhere」/);
  await assert.rejects(previewPlan(ctx, { profileId: 'lingchuan', period: '2025-Q5' }), /2025-Q5/);
});
