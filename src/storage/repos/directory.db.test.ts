import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../../testing/database.ts';
import { creditCode } from '../../testing/fixtures.ts';
import { nameSortKey } from '../../domain/sort-key.ts';
import { targetsDef } from '../directories.ts';
import { COUNT_CAP, listRecords, upsertRecords, type ListSpec } from './directory.ts';

let db: TestDatabase;
let orgIds: number[];
const spec = (over: Partial<ListSpec>): ListSpec => ({ orgIds, filters: [], sort: 'name', limit: 20, offset: 0, ...over });

before(async () => {
  db = await openTestDatabase();
  const { city, county } = await seedMinimalOrgs(db);
  orgIds = [city.id, county.id];
  const names = ['重庆长江化工有限公司', '阿拉善盟化工有限公司', '北京燕山石化有限公司'];
  const rows = Array.from({ length: COUNT_CAP + 50 }, (_, i) => {
    const name = names[i] ?? `测试企业${i}号有限公司`;
    return { orgId: city.id, record: { kind: '排污单位', identifier: creditCode(i + 1), name, nameKey: nameSortKey(name), status: i % 2 ? '正常' : '停产', keyUnit: false, positiveList: false, tags: [] } };
  });
  for (let i = 0; i < rows.length; i += 1000) await upsertRecords(db.pool, targetsDef, rows.slice(i, i + 1000), null, null);
});
after(async () => db.dispose());

test('names sort by pinyin: 阿拉善 (a) before 北京 (bei) before 重庆 (chong, not zhong)', async () => {
  const { rows } = await listRecords(db.pool, targetsDef, spec({ q: '化' }));
  assert.deepEqual(rows.map((r) => r.name), ['阿拉善盟化工有限公司', '北京燕山石化有限公司', '重庆长江化工有限公司']);
});

test(`up to ${COUNT_CAP} matches are counted exactly`, async () => {
  const r = await listRecords(db.pool, targetsDef, spec({ q: '化工' }));
  assert.deepEqual([r.total, r.capped], [2, false]);
  const one = await listRecords(db.pool, targetsDef, spec({ q: '测试企业1024号' }));
  assert.deepEqual([one.total, one.capped, one.rows[0]!.name], [1, false, '测试企业1024号有限公司']);
});

test(`more than ${COUNT_CAP} matches give an estimate, never less than the cap`, async () => {
  const r = await listRecords(db.pool, targetsDef, spec({}));
  assert.equal(r.capped, true);
  assert.ok(r.total > COUNT_CAP, String(r.total));
  assert.equal(r.rows.length, 20);
});

test('a credit code finds its target exactly; a prefix of it finds it too', async () => {
  const code = creditCode(77);
  assert.deepEqual((await listRecords(db.pool, targetsDef, spec({ q: code }))).rows.map((r) => r.identifier), [code]);
  const byPrefix = await listRecords(db.pool, targetsDef, spec({ q: code.slice(0, 17).toLowerCase() }));
  assert.ok(byPrefix.rows.some((r) => r.identifier === code));
});

test('the second page continues where the first ended, in the same order', async () => {
  const filters = [{ column: targetsDef.filters.status!, value: '正常' }];
  const first = await listRecords(db.pool, targetsDef, spec({ filters, q: '测试企业', limit: 10 }));
  const second = await listRecords(db.pool, targetsDef, spec({ filters, q: '测试企业', limit: 10, offset: 10 }));
  const both = await listRecords(db.pool, targetsDef, spec({ filters, q: '测试企业', limit: 20 }));
  assert.deepEqual([...first.rows, ...second.rows].map((r) => r.id), both.rows.map((r) => r.id));
  assert.ok(both.rows.every((r) => r.status === '正常'));
});
