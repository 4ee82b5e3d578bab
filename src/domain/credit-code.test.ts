import { test } from 'node:test';
import assert from 'node:assert/strict';
import { creditCodeCheckChar, creditCodeProblem, isValidCreditCode } from './credit-code.ts';

test('a published credit code verifies (91350100M000100Y43)', () => {
  assert.equal(isValidCreditCode('91350100M000100Y43'), true);
});

test('the check character is recomputed from the first 17 characters', () => {
  assert.equal(creditCodeCheckChar('91110000600037341'), 'L');
  assert.equal(isValidCreditCode('91110000600037341L'), true);
});

test('a changed check character is named as the reason', () => {
  assert.match(creditCodeProblem('91350100M000100Y44')!, /校验码错误.*「3」.*「4」/);
});

test('letters I, O, Z, S, V are outside the alphabet', () => {
  assert.match(creditCodeProblem('91350100M000100YO3')!, /第 17 位字符「O」/);
});

test('length other than 18 is refused', () => {
  assert.match(creditCodeProblem('9135010')!, /18 位/);
});

test('positions 3–8 must be a region code', () => {
  const first17 = '91A50100M000100Y4';
  const code = first17 + creditCodeCheckChar(first17);
  assert.match(creditCodeProblem(code)!, /行政区划码/);
});
