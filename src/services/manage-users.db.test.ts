/** Linking a user account to its 检查人员名录库 record (what an inspector's phone shows depends on it). */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase, type TestDatabase } from '../testing/database.ts';
import { seedDrawFixture, ctxOfUser, type DrawFixture } from '../testing/draw-fixture.ts';
import { createUser, updateUser, listScopeUsers } from './manage-orgs.ts';
import { actorInspectorId } from './draw/access.ts';
import type { AppError } from '../domain/errors.ts';

let db: TestDatabase;
let f: DrawFixture;
before(async () => {
  db = await openTestDatabase();
  f = await seedDrawFixture(db);
});
after(async () => db?.dispose());

const refused = (pattern: RegExp) => (e: AppError) => e.code === 'VALIDATION' && pattern.test(e.message) && e.issues.some((i) => i.field === 'inspectorId');

test('an account is linked to one inspector record of its organisation subtree, shown with name and certificate, and can be unlinked', async () => {
  const admin = ctxOfUser(f, db, 'city-admin');
  const free = (await db.pool.query(
    `INSERT INTO inspectors (org_id, kind, cert_no, name, name_key, cert_valid_to) VALUES ($1, '执法人员', 'LINK-001', '关联测试员', 'gl', '2030-12-31') RETURNING id`, [f.county.id],
  )).rows[0].id as number;
  const user = await createUser(admin, { orgId: f.county.id, username: 'link-insp', displayName: '关联测试员', role: 'inspector', password: 'Link-Secret-9', inspectorId: free });
  assert.deepEqual([user.inspectorId, user.inspectorName], [free, '关联测试员（LINK-001）']);
  assert.equal(await actorInspectorId(db.pool, { ...admin, actor: { ...admin.actor, id: user.id } }), free, 'the account now acts as the record');
  assert.ok((await listScopeUsers(admin)).some((u) => u.id === user.id && u.inspectorName === '关联测试员（LINK-001）'));

  // Already linked to another active account: refused, nothing stored.
  await assert.rejects(createUser(admin, { orgId: f.county.id, username: 'link-twice', displayName: '重复', role: 'inspector', password: 'Link-Secret-9', inspectorId: free }),
    refused(/已关联用户「link-insp」/));
  assert.equal((await db.pool.query(`SELECT count(*)::int AS n FROM users WHERE username = 'link-twice'`)).rows[0].n, 0);
  // A city inspector cannot be a county account's record; an unknown record is named.
  await assert.rejects(updateUser(admin, user.id, { inspectorId: f.inspectorIds.city[0]! }), refused(/不属于该用户所在机构或其下级机构/));
  await assert.rejects(updateUser(admin, user.id, { inspectorId: 999999 }), refused(/检查人员不存在（ID 999999）/));
  assert.equal((await updateUser(admin, user.id, { displayName: '关联测试员甲' })).inspectorId, free, 'other edits keep the link');

  const unlinked = await updateUser(admin, user.id, { inspectorId: null });
  assert.deepEqual([unlinked.inspectorId, unlinked.inspectorName], [null, null]);
  // Once free, another account may take the record.
  const other = await createUser(admin, { orgId: f.county.id, username: 'link-other', displayName: '接替', role: 'inspector', password: 'Link-Secret-9', inspectorId: free });
  assert.equal(other.inspectorId, free);
  const audit = (await db.pool.query(`SELECT detail FROM audit_log WHERE action = 'user.update' ORDER BY seq DESC LIMIT 1`)).rows[0].detail;
  assert.deepEqual(audit.changes, { inspectorId: null }, 'the unlinking is in the audit log');
});
