/**
 * The 2025 national layer: every built-in profile (all predate 2025) gets the national cap and goals;
 * an own profile sets its region's numbers, checked like every other rule (a cap of 0 is refused in Chinese).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../errors.ts';
import { PROFILES, nanshan } from './profiles/index.ts';
import { loadProfile } from './validate.ts';
import { capExclusionReason, enterpriseCheckRules, NATIONAL_2025, warnAt } from './enterprise-checks.ts';
import { citeText } from './cite.ts';

test('the built-in profiles carry no 2025 rules and get the national layer', () => {
  for (const p of PROFILES) {
    assert.equal(p.enterpriseChecks, undefined, p.id);
    const rules = enterpriseCheckRules(p);
    assert.equal(rules.source, 'national');
    assert.equal(rules.annualCap.perBody, 2);
    assert.equal(rules.jointGoal.percent, 60);
  }
  assert.equal(citeText(NATIONAL_2025.annualCap.cite), '涉企检查意见 三、（八）');
  assert.equal(warnAt(NATIONAL_2025), 1);
});

test('an own profile sets its own cap and goal; an impossible cap is refused naming the field', () => {
  const own = loadProfile({ ...structuredClone(nanshan), id: 'own-2026', enterpriseChecks: { ...structuredClone(NATIONAL_2025), annualCap: { ...NATIONAL_2025.annualCap, perBody: 3, warnAt: 3 }, jointGoal: { ...NATIONAL_2025.jointGoal, percent: 70 } } });
  const rules = enterpriseCheckRules(own);
  assert.deepEqual([rules.source, rules.annualCap.perBody, rules.jointGoal.percent, warnAt(rules)], ['profile', 3, 70, 3]);
  assert.throws(
    () => loadProfile({ ...structuredClone(nanshan), id: 'own-bad', enterpriseChecks: { ...structuredClone(NATIONAL_2025), annualCap: { ...NATIONAL_2025.annualCap, perBody: 0 } } }),
    (e: AppError) => e.code === 'VALIDATION' && /enterpriseChecks\.annualCap\.perBody/.test(e.message) && /[\u4e00-\u9fff]/.test(e.message),
  );
  assert.match(capExclusionReason(2, 2), /^已达年度检查上限：.*2 次（上限 2 次\/年/);
});
