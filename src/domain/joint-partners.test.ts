import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jointInspectionWording, jointPartnersOfTaskName, MAX_JOINT_PARTNERS, normalizeJointPartners } from './joint-partners.ts';

test('partners are trimmed and deduplicated in the order given; none is an empty list', () => {
  assert.deepEqual(normalizeJointPartners([' 市场监管局 ', '应急管理局', '市场监管局']), { partners: ['市场监管局', '应急管理局'], issues: [] });
  assert.deepEqual(normalizeJointPartners(undefined), { partners: [], issues: [] });
});

test('a blank name, a name of 51 characters and 11 partners are refused, naming 联合检查部门', () => {
  assert.match(normalizeJointPartners(['市场监管局', '  ']).issues[0]!.reason, /^联合检查部门第 2 项不能为空$/);
  assert.equal(normalizeJointPartners(['局'.repeat(50)]).issues.length, 0, '50 characters are allowed');
  const long = normalizeJointPartners(['局'.repeat(51)]).issues;
  assert.match(long[0]!.reason, /联合检查部门.*超过 50 字/);
  assert.equal(long[0]!.field, 'jointPartners');
  const names = Array.from({ length: MAX_JOINT_PARTNERS + 1 }, (_, i) => `部门${i}`);
  assert.equal(normalizeJointPartners(names.slice(0, 10)).issues.length, 0, '10 are allowed');
  assert.match(normalizeJointPartners(names).issues[0]!.reason, /联合检查部门最多 10 个（现有 11 个）/);
});

test('the partners are read back from a published 任务名称; the bureau\'s own task name has none', () => {
  for (const partners of [['市场监管局'], ['市场监管局', '卫生健康委'], ['城市管理局', '公安局', '应急管理局']]) {
    assert.deepEqual(jointPartnersOfTaskName(`2025-Q2 南山 抽查任务 3，${jointInspectionWording(partners)}`), partners);
  }
  assert.deepEqual(jointPartnersOfTaskName('投诉举报检查（群众投诉线索）'), []);
  assert.deepEqual(jointPartnersOfTaskName('联合检查（与市场监管局）之后的复查'), [], 'only the wording at the end counts');
});
