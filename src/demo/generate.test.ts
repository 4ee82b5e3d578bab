import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRow, type FieldSpec } from '../domain/fields.ts';
import { checkTarget, NON_ENTERPRISE_KINDS, TARGET_EVENT_KINDS, targetFields } from '../domain/targets.ts';
import { checkInspector, inspectorFields } from '../domain/inspectors.ts';
import { checkItem, itemFields } from '../domain/items.ts';
import { isValidCreditCode } from '../domain/credit-code.ts';
import {
  csvLine, generateJurisdiction, generateTargets, inspectorCsvHeader, inspectorCsvRow, itemCsvHeader, itemCsvRow,
  targetCsvHeader, targetCsvRow, type DemoOptions, type DemoTarget,
} from './generate.ts';
import { orgCodeCheckChar } from './codes.ts';

const OPTS: DemoOptions = { targets: 5000 };
const J = generateJurisdiction(OPTS);
const TARGETS = [...generateTargets(OPTS, J.orgs)];

/** Parses CSV cells the way an import does and asserts the record survives unchanged. */
function roundTrip(fields: readonly FieldSpec[], header: string[], cells: string[], rec: Record<string, unknown>, check: (r: never) => unknown[]) {
  const byLabel = Object.fromEntries(header.map((h, i) => [h, cells[i]!]));
  const { record, issues } = parseRow(fields, byLabel, 1);
  assert.deepEqual(issues, [], JSON.stringify(rec));
  assert.deepEqual(check(record as never), [], JSON.stringify(rec));
  for (const f of fields) assert.deepEqual(record[f.key], rec[f.key] ?? (f.type === 'list' || f.type === 'lines' ? [] : null), `${f.key} of ${JSON.stringify(rec)}`);
}

test('the jurisdiction is one city, its detachment and 4–6 branches with 3704xx region codes', () => {
  const levels = J.orgs.map((o) => o.level);
  assert.equal(levels.filter((l) => l === '市').length, 1);
  assert.equal(levels.filter((l) => l === '支队').length, 1);
  const branches = J.orgs.filter((o) => o.level === '分局');
  assert.ok(branches.length >= 4 && branches.length <= 6);
  assert.equal(new Set(J.orgs.map((o) => o.code)).size, J.orgs.length);
  for (const o of J.orgs) {
    assert.match(o.regionCode, /^3704\d\d$/);
    if (o.parentCode) assert.ok(J.orgs.some((p) => p.code === o.parentCode));
  }
  for (const b of branches) {
    assert.match(b.name, /^示范市生态环境局.+分局$/);
    const squads = J.squads.filter((s) => s.orgCode === b.code);
    assert.ok(squads.length >= 2 && squads.length <= 3);
  }
  for (const s of J.squads) assert.ok(J.departments.some((d) => d.orgCode === s.orgCode && d.name === s.departmentName));
});

test('users have unique ASCII usernames: admin, leader, supervisor, a coordinator per org, some inspectors', () => {
  const names = J.users.map((u) => u.username);
  assert.equal(new Set(names).size, names.length);
  for (const n of names) assert.match(n, /^[a-z0-9-]+$/);
  assert.deepEqual(J.users.find((u) => u.username === 'admin')?.role, 'admin');
  for (const role of ['leader', 'supervisor'] as const) assert.ok(J.users.some((u) => u.role === role));
  for (const o of J.orgs) assert.ok(J.users.some((u) => u.orgCode === o.code && u.role === 'coordinator'));
  const accounts = J.users.filter((u) => u.role === 'inspector');
  assert.ok(accounts.length >= 3);
  for (const u of accounts) assert.ok(J.inspectors.some((i) => i.orgCode === u.orgCode && i.certNo === u.inspectorCertNo && i.name === u.displayName));
});

test('inspectors: ~targets/40, valid rows, known departments and squads, unique cert numbers', () => {
  assert.equal(J.inspectors.length, 5000 / 40);
  const header = inspectorCsvHeader();
  assert.equal(header.at(-1), '管辖机构编码');
  for (const i of J.inspectors) {
    roundTrip(inspectorFields, header, inspectorCsvRow(i), i, checkInspector as never);
    if (i.department) assert.ok(J.departments.some((d) => d.orgCode === i.orgCode && d.name === i.department), String(i.department));
    if (i.squad) assert.ok(J.squads.some((s) => s.orgCode === i.orgCode && s.name === i.squad && s.departmentName === i.department));
    if (i.kind === '执法人员') assert.match(String(i.certNo), /^3704\d{6}\d{4}$/);
  }
  assert.equal(new Set(J.inspectors.map((i) => i.certNo)).size, J.inspectors.length);
  const others = J.inspectors.filter((i) => i.kind !== '执法人员').length;
  assert.ok(others >= 8 && others <= 18, `${others} experts/auxiliaries`);
  const expired = J.inspectors.filter((i) => i.certValidTo && String(i.certValidTo) < '2025-12-31').length;
  assert.ok(expired > 0 && expired < J.inspectors.length / 3, `${expired} expired`);
  assert.equal(generateJurisdiction({ targets: 10 }).inspectors.length >= 12, true);
  assert.equal(generateJurisdiction({ targets: 1_000_000 }).inspectors.length, 3000);
});

test("items: 武隆's 20 rows plus city-wide items, all valid and unchanged by a CSV round trip", () => {
  const wl = J.items.filter((i) => String(i.code).startsWith('WL-'));
  assert.equal(wl.length, 20);
  assert.equal(wl[0]!.code, 'WL-01');
  assert.equal(wl[19]!.code, 'WL-20');
  assert.ok(J.items.length > 20);
  assert.equal(new Set(J.items.map((i) => i.code)).size, J.items.length);
  for (const i of J.items) roundTrip(itemFields, itemCsvHeader(), itemCsvRow(i), i, checkItem as never);
  const radiation = wl[15]!;
  assert.equal(radiation.leadDepartment, '法规科（核与辐射安全管理科）');
  assert.deepEqual(radiation.cooperatingDepartments, ['执法支队']);
});

test('the first 5,000 targets pass parseRow + checkTarget and survive a CSV round trip', () => {
  const header = targetCsvHeader();
  assert.deepEqual(header, [...targetFields.map((f) => f.label), '管辖机构编码']);
  const owners = new Set(J.orgs.filter((o) => o.level !== '支队').map((o) => o.code));
  for (const t of TARGETS) {
    const cells = targetCsvRow(t);
    assert.equal(cells.at(-1), t.orgCode);
    roundTrip(targetFields, header, cells, t, checkTarget as never);
    assert.ok(owners.has(t.orgCode));
  }
});

test('credit codes are valid and all identifiers unique', () => {
  const enterprise = TARGETS.filter((t) => !NON_ENTERPRISE_KINDS.includes(String(t.kind)));
  for (const t of enterprise) {
    const code = String(t.identifier);
    assert.ok(isValidCreditCode(code), code);
    assert.equal(orgCodeCheckChar(code.slice(8, 16)), code[16], `GB 11714 check of ${code}`);
    if (t.kind === '排污单位') assert.match(code, /^913704\d\d/);
  }
  assert.equal(new Set(TARGETS.map((t) => `${t.kind}/${t.identifier}`)).size, TARGETS.length);
  // Identifiers come from the index, so they stay unique far beyond the first few thousand.
  const seen = new Set<string>();
  for (const t of generateTargets({ targets: 200_000, seed: 'uniq' }, J.orgs)) seen.add(String(t.identifier));
  assert.equal(seen.size, 200_000);
});

test('shares of kinds, permit classes, statuses and credit ratings are about as specified', () => {
  const share = (xs: DemoTarget[], f: (t: DemoTarget) => boolean) => xs.filter(f).length / xs.length;
  const all = [...generateTargets({ targets: 30_000 }, J.orgs)];
  const units = all.filter((t) => t.kind === '排污单位');
  const near = (x: number, want: number, tol: number, what: string) => assert.ok(Math.abs(x - want) <= tol, `${what}: ${(x * 100).toFixed(1)} %`);
  near(units.length / all.length, 0.7, 0.02, '排污单位');
  near(share(units, (t) => t.permitClass === '重点管理'), 0.08, 0.02, '重点管理');
  near(share(units, (t) => t.permitClass === '简化管理'), 0.27, 0.03, '简化管理');
  near(share(units, (t) => t.permitClass === '登记管理'), 0.65, 0.03, '登记管理');
  const enterprises = all.filter((t) => !NON_ENTERPRISE_KINDS.includes(String(t.kind)));
  near(share(enterprises, (t) => t.status === '正常'), 0.93, 0.01, '正常');
  near(share(enterprises, (t) => t.creditRating === '警示'), 0.05, 0.015, '警示');
  near(share(enterprises, (t) => t.creditRating === '不良'), 0.02, 0.01, '不良');
  near(share(enterprises, (t) => t.positiveList === true), 0.05, 0.015, '正面清单');
  near(share(enterprises, (t) => t.events.some((e) => e.kind === '行政处罚')), 0.09, 0.02, '行政处罚');
  const keyShare = share(units.filter((t) => t.permitClass === '重点管理'), (t) => t.keyUnit === true);
  assert.ok(keyShare > 0.75, `keyUnit among 重点管理 ${keyShare}`);
});

test('events are dated in the history window, sorted, and include the special-category patterns', () => {
  const kinds = new Set<string>(TARGET_EVENT_KINDS);
  const quarterOf = (d: string) => `${d.slice(0, 4)}Q${Math.ceil(Number(d.slice(5, 7)) / 3)}`;
  let complaintWaves = 0, outletWaves = 0, repeatPenalties = 0;
  for (const t of TARGETS) {
    const dates = t.events.map((e) => e.occurredOn);
    assert.deepEqual(dates, [...dates].sort());
    const count = new Map<string, number>();
    for (const e of t.events) {
      assert.ok(kinds.has(e.kind), e.kind);
      assert.ok(e.occurredOn >= '2023-01-01' && e.occurredOn <= '2025-12-31', e.occurredOn);
      if (e.kind === '在线监测超标') assert.match(e.outlet ?? '', /^D[AW]\d{3}$/);
      if (e.kind === '行政处罚') assert.match(e.reference ?? '', /^示环.*罚〔20\d\d〕\d+号$/);
      const key = e.kind === '信访投诉' ? `c${quarterOf(e.occurredOn)}` : e.kind === '在线监测超标' ? `o${e.outlet}${quarterOf(e.occurredOn)}`
        : e.kind === '行政处罚' ? `p${e.occurredOn.slice(0, 4)}` : '';
      if (key) count.set(key, (count.get(key) ?? 0) + 1);
    }
    const max = (p: string) => Math.max(0, ...[...count].filter(([k]) => k.startsWith(p)).map(([, n]) => n));
    if (max('c') >= 10) complaintWaves++;
    if (max('o') >= 5) outletWaves++;
    if (max('p') >= 2) repeatPenalties++;
  }
  assert.ok(complaintWaves >= 3, `${complaintWaves} targets with ≥10 complaints in a quarter`);
  assert.ok(outletWaves >= 3, `${outletWaves} targets with ≥5 exceedances at one outlet in a quarter`);
  assert.ok(repeatPenalties >= 10, `${repeatPenalties} targets punished twice in a year`);
  const refs = TARGETS.flatMap((t) => t.events).filter((e) => e.kind === '行政处罚').map((e) => e.reference);
  assert.equal(new Set(refs).size, refs.length);
});

test('historyEnd moves the event window', () => {
  const events = [...generateTargets({ targets: 3000, historyEnd: '2026-09-30' }, J.orgs)].flatMap((t) => t.events);
  assert.ok(events.every((e) => e.occurredOn >= '2023-10-01' && e.occurredOn <= '2026-09-30'));
  assert.ok(events.some((e) => e.occurredOn >= '2026-07-01'));
});

test('the same seed gives identical data, another seed different data; a longer run extends a shorter one', () => {
  assert.deepEqual(generateJurisdiction(OPTS), J);
  assert.deepEqual([...generateTargets(OPTS, J.orgs)], TARGETS);
  const other = { targets: 5000, seed: 'another' };
  const j2 = generateJurisdiction(other);
  assert.notDeepEqual(j2.inspectors, J.inspectors);
  const t2 = [...generateTargets(other, j2.orgs)];
  assert.notDeepEqual(t2.map((t) => t.name), TARGETS.map((t) => t.name));
  assert.deepEqual([...generateTargets({ targets: 100 }, J.orgs)], TARGETS.slice(0, 100));
});

test('csvLine quotes cells with commas, quotes and line breaks', () => {
  assert.equal(csvLine(['a', 'b,c', 'say "hi"', 'x\ny']), 'a,"b,c","say ""hi""","x\ny"\r\n');
  assert.equal(targetCsvRow(TARGETS[0]!, false).length, targetFields.length);
});
