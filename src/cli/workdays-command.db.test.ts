/**
 * `shuangsui workdays` as an operator runs it, against a database holding one override
 * (2024-10-08 made a holiday: the 20th working day after 2024-09-27 moves from 10-30 to 10-31).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../testing/cli.ts';
import { openTestDatabase, seedMinimalOrgs, type TestDatabase } from '../testing/database.ts';
import { addCalendarOverride } from '../services/calendar/manage-calendar.ts';

let db: TestDatabase;

const cli = (...args: string[]) => runCli(db, ...args);

before(async () => {
  db = await openTestDatabase();
  const { ctx } = await seedMinimalOrgs(db);
  await addCalendarOverride(ctx, { date: '2024-10-08', kind: 'holiday', reason: '地方节日' });
  await db.close(); // the embedded database serves one process: let the CLI open it
});
after(async () => db.dispose());

test('workdays add: 2025 Spring Festival from chinese-days, 2024 National Day with the database override', () => {
  const spring = cli('workdays', 'add', '2025-01-24', '20');
  assert.equal(spring.code, 0, spring.err);
  assert.equal(spring.out, '2025-02-27\n');
  const national = cli('workdays', 'add', '2024-09-27', '20');
  assert.equal(national.code, 0, national.err);
  assert.equal(national.out, '2024-10-31\n', 'the override 2024-10-08 (holiday) is applied');
});

test('workdays between counts after A up to and including B', () => {
  const r = cli('workdays', 'between', '2025-01-24', '2025-02-27');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, '20\n');
});

test('a year without data, a bad date and a bad N are refused in Chinese with exit 1', () => {
  const unknown = cli('workdays', 'add', '2026-12-30', '5');
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /错误：2027 年的节假日和调休安排尚未录入/);
  const bad = cli('workdays', 'between', '2025-02-30', '2025-03-01');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /日期「2025-02-30」无效/);
  const n = cli('workdays', 'add', '2025-01-24', '0');
  assert.equal(n.code, 1);
  assert.match(n.err, /工作日天数 N 应为正整数，收到「0」/);
});
