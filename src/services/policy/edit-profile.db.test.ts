/**
 * Own profiles: copy 陵川 into the city's own profile, edit it into versions with effective dates,
 * preview by key (the version in effect on the period's first day) and as an unsaved draft, and
 * refuse contradictory or malformed definitions with the Chinese message naming the rule.
 *
 * The city's directory: 8 重点管理 units ⇒ 重点 pool 8. 25 % → ceil(2) = 2; 30 % → ceil(2.4) = 3.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../http/app.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../../testing/database.ts';
import { creditCode } from '../../testing/fixtures.ts';
import { insertUser } from '../../storage/repos/orgs.ts';
import { hashPassword } from '../passwords.ts';
import { systemActor, type Ctx } from '../context.ts';
import { createDirectoryRecord } from '../directory/save-record.ts';
import { copyProfile, diffProfileVersions, saveProfileVersion } from './edit-profile.ts';
import { getProfileDetail, listProfiles } from './list-profiles.ts';
import { previewPlan } from './preview-plan.ts';
import { draftPlan } from '../plans/draft-plan.ts';
import { runClassification } from '../classification/run-classification.ts';

let db: TestDatabase;
let ctx: Ctx;
let otherCtx: Ctx;
let app: FastifyInstance;

before(async () => {
  db = await openTestDatabase();
  const seeded = await seedMinimalOrgs(db);
  ctx = seeded.ctx;
  otherCtx = { ...ctx, actor: systemActor(seeded.other) };
  await insertUser(db.pool, { orgId: seeded.county.id, username: 'county-reader', displayName: '分局执法人员', role: 'inspector', passwordHash: await hashPassword('secret-pass') });
  for (let i = 0; i < 8; i++) {
    await createDirectoryRecord(ctx, 'targets', { kind: '排污单位', identifier: creditCode(i + 1), name: `重点${i + 1}号有限公司`, permitClass: '重点管理' });
  }
  app = await buildApp({ database: db, uploadDir: join(db.dataDir, 'uploads') });
});
after(async () => { await app.close(); await db.dispose(); });

const quotaOf = (p: Awaited<ReturnType<typeof previewPlan>>, key: string) => p.strata.find((s) => s.key === key)!;
type Def = { name: string; strata: { key: string; rules: { amount: Record<string, unknown> }[] }[]; exclusions: { categories?: string[] }[] };

test('copying 陵川 makes version 1 of an own profile, listed after the built-ins', async () => {
  const p = await copyProfile(ctx, { from: 'lingchuan', code: 'city-own', name: '测试市自定义方案', effectiveFrom: '2025-01-01' });
  assert.equal(p.version, 1);
  assert.equal(p.builtIn, false);
  assert.equal(p.baseProfile, 'lingchuan');
  assert.equal(p.definition.id, 'city-own');
  assert.equal(p.definition.name, '测试市自定义方案');
  assert.match(p.versions[0]!.note ?? '', /复制自「晋城市生态环境局陵川分局」（内置方案）/);
  assert.equal(p.versions[0]!.inEffect, true, 'ctx.now is 2025-03-20');
  const list = await listProfiles(ctx);
  assert.deepEqual(list.slice(0, 6).map((x) => x.builtIn), [true, true, true, true, true, true]);
  const own = list.find((x) => x.id === 'city-own')!;
  assert.deepEqual([own.version, own.effectiveFrom, own.orgName], [1, '2025-01-01', '测试市生态环境局']);
});

test('a code equal to a built-in id or already used is refused', async () => {
  await assert.rejects(copyProfile(ctx, { from: 'lingchuan', code: 'zaozhuang', name: 'x', effectiveFrom: '2025-01-01' }), /方案编码「zaozhuang」是内置方案的编码/);
  await assert.rejects(copyProfile(ctx, { from: 'lingchuan', code: 'city-own', name: 'x', effectiveFrom: '2025-01-01' }), /方案编码「city-own」已被使用/);
  await assert.rejects(copyProfile(ctx, { from: 'nowhere', code: 'new-one', name: 'x', effectiveFrom: '2025-01-01' }), /没有自定义方案「nowhere」/);
});

test('a new version takes effect on its date: 2025-Q2 still uses 25 %, 2025-Q3 uses 30 %', async () => {
  const v1 = (await getProfileDetail(ctx, 'city-own')).definition as unknown as Def;
  v1.strata[0]!.rules[0]!.amount = { percent: 30 };
  const saved = await saveProfileVersion(ctx, 'city-own', { definition: v1, effectiveFrom: '2025-07-01', note: '重点提高到 30%' });
  assert.equal(saved.version, 2);
  assert.deepEqual(saved.versions.map((v) => [v.version, v.effectiveFrom, v.inEffect]), [[1, '2025-01-01', true], [2, '2025-07-01', false]]);

  const q2 = await previewPlan(ctx, { profileId: 'city-own', period: '2025-Q2' });
  assert.equal(quotaOf(q2, '重点').pool, 8);
  assert.match(quotaOf(q2, '重点').formula, /ceil\(25% × 8\) = 2/);
  const q3 = await previewPlan(ctx, { profileId: 'city-own', period: '2025-Q3' });
  assert.match(quotaOf(q3, '重点').formula, /ceil\(30% × 8\) = 3/);
  assert.equal(q3.profile.id, 'city-own');

  assert.deepEqual(await diffProfileVersions(ctx, 'city-own', 1, 2), [
    { path: 'strata[重点].rules[0].amount.percent', kind: 'changed', from: 25, to: 30 },
  ]);
});

test('contradictory and malformed definitions are refused naming the rule, and nothing is stored', async () => {
  const base = () => getProfileDetail(ctx, 'city-own');
  const def = (await base()).definition as unknown as Def;
  def.strata[0]!.rules[0]!.amount = { percent: 150 };
  await assert.rejects(saveProfileVersion(ctx, 'city-own', { definition: def, effectiveFrom: '2025-10-01' }), (e: Error & { issues?: { field?: string }[] }) => {
    assert.match(e.message, /方案「测试市自定义方案」不能使用：分层「重点监管对象」的抽查规则（陵川方案 二、（四）1）：抽查比例 150% 超过 100%/);
    assert.equal(e.issues![0]!.field, 'strata.重点.rules.0');
    return true;
  });
  const unknown = (await base()).definition as unknown as Def;
  unknown.exclusions[0]!.categories = ['不存在的类别'];
  await assert.rejects(saveProfileVersion(ctx, 'city-own', { definition: unknown, effectiveFrom: '2025-10-01' }), /引用了未定义的监管类别「不存在的类别」/);
  const malformed = (await base()).definition as unknown as Def;
  malformed.strata[0]!.rules[0]!.amount = { percent: '三十' };
  await assert.rejects(saveProfileVersion(ctx, 'city-own', { definition: malformed, effectiveFrom: '2025-10-01' }), /不能使用：strata\.0\.rules\.0\.amount/);

  const same = (await base()).definition;
  await assert.rejects(saveProfileVersion(ctx, 'city-own', { definition: same, effectiveFrom: '2025-10-01' }), /内容与第 2 版相同/);
  const earlier = (await base()).definition as unknown as Def;
  earlier.name = '改名';
  await assert.rejects(saveProfileVersion(ctx, 'city-own', { definition: earlier, effectiveFrom: '2025-06-30' }), /生效日期 2025-06-30 早于第 2 版的生效日期 2025-07-01/);
  assert.equal((await getProfileDetail(ctx, 'city-own')).versions.length, 2);
});

test('an unsaved draft previews live; a contradictory draft is refused in Chinese', async () => {
  const def = (await getProfileDetail(ctx, 'city-own', 1)).definition as unknown as Def;
  def.strata[0]!.rules[0]!.amount = { percent: 50 };
  const p = await previewPlan(ctx, { definition: def, period: '2025-Q2' });
  assert.match(quotaOf(p, '重点').formula, /ceil\(50% × 8\) = 4/);
  def.strata[0]!.rules[0]!.amount = { percent: 150 };
  await assert.rejects(previewPlan(ctx, { definition: def, period: '2025-Q2' }), /抽查比例 150% 超过 100%/);
});

test('another city neither sees nor previews nor edits this profile', async () => {
  assert.ok(!(await listProfiles(otherCtx)).some((p) => p.id === 'city-own'));
  await assert.rejects(previewPlan(otherCtx, { profileId: 'city-own', period: '2025-Q2' }), /没有方案「city-own」/);
  await assert.rejects(getProfileDetail(otherCtx, 'city-own'), /没有方案「city-own」/);
  const def = (await getProfileDetail(ctx, 'city-own')).definition;
  await assert.rejects(saveProfileVersion(otherCtx, 'city-own', { definition: { ...def, name: '别人改的' }, effectiveFrom: '2026-01-01' }), /没有方案「city-own」/);
  await assert.rejects(copyProfile(otherCtx, { from: 'city-own', code: 'stolen', name: 'x', effectiveFrom: '2025-01-01' }), /没有方案「city-own」/);
  // Plans and classification runs take a profile key from the user too.
  await assert.rejects(draftPlan(otherCtx, { profileKey: 'city-own', year: 2025 }), /没有方案「city-own」/);
  await assert.rejects(runClassification(otherCtx, { profileKey: 'city-own', period: '2025-Q2' }), /没有方案「city-own」/);
});

test('API: list, detail, a 150 % version refused with 400 and the Chinese message; a county inspector may read but not edit', async () => {
  const login = async (username: string) => String((await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'secret-pass' } })).headers['set-cookie']).split(';')[0]!;
  const admin = await login('admin');
  const list = (await app.inject({ method: 'GET', url: '/api/policy/profiles', headers: { cookie: admin } })).json().profiles;
  assert.ok(list.some((p: { id: string; builtIn: boolean }) => p.id === 'city-own' && !p.builtIn));
  const detail = (await app.inject({ method: 'GET', url: '/api/policy/profiles/city-own', headers: { cookie: admin } })).json().profile;
  assert.equal(detail.canEdit, true);
  const def = detail.definition;
  def.strata[0].rules[0].amount = { percent: 150 };
  const bad = await app.inject({ method: 'POST', url: '/api/policy/profiles/city-own/versions', headers: { cookie: admin }, payload: { definition: def, effectiveFrom: '2025-10-01' } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().message, /抽查比例 150% 超过 100%/);
  const badCode = await app.inject({ method: 'POST', url: '/api/policy/profiles', headers: { cookie: admin }, payload: { from: 'lingchuan', code: 'X', name: 'x', effectiveFrom: '2025-01-01' } });
  assert.equal(badCode.statusCode, 400);
  assert.match(JSON.stringify(badCode.json()), /方案编码应为 2–40 位小写字母/);
  const draft = await app.inject({ method: 'POST', url: '/api/policy/preview', headers: { cookie: admin }, payload: { definition: { ...def, strata: def.strata.map((s: { key: string }, i: number) => (i === 0 ? { ...s, rules: [{ ...detail.definition.strata[0].rules[1] }] } : s)) }, period: '2025-Q2' } });
  assert.equal(draft.statusCode, 200, draft.body);

  const reader = await login('county-reader');
  const seen = await app.inject({ method: 'GET', url: '/api/policy/profiles/city-own', headers: { cookie: reader } });
  assert.equal(seen.statusCode, 200, 'a county sees its city\'s profile');
  assert.equal(seen.json().profile.canEdit, false);
  const edit = await app.inject({ method: 'POST', url: '/api/policy/profiles/city-own/versions', headers: { cookie: reader }, payload: { definition: detail.definition, effectiveFrom: '2025-10-01' } });
  assert.equal(edit.statusCode, 403);
  const preview = await app.inject({ method: 'GET', url: '/api/policy/preview?profile=city-own&period=2025-Q3', headers: { cookie: reader } });
  assert.equal(preview.statusCode, 200, preview.body);
});
