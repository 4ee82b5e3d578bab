#!/usr/bin/env node
// Runs the test suite with node's test runner (tsx for TypeScript).
//   npm test                 all tests; database tests on the embedded database
//   npm run test:storage     only the database tests (*.db.test.ts); with DATABASE_URL they run
//                            against that PostgreSQL server, each file in a fresh database
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const storageOnly = process.argv.includes('--storage');
const roots = ['src', 'web/e2e'];
const files = [];
const walk = (dir) => {
  let entries;
  try { entries = readdirSync(dir); } catch { return; }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (name !== 'node_modules') walk(p); }
    else if (name.endsWith('.test.ts') && (!storageOnly || name.endsWith('.db.test.ts'))) files.push(p);
  }
};
roots.forEach(walk);
files.sort();

const env = { ...process.env };
if (storageOnly && process.env.DATABASE_URL) env.TEST_DATABASE_URL = process.env.DATABASE_URL;
delete env.DATABASE_URL;
console.log(`running ${files.length} test files${env.TEST_DATABASE_URL ? ` against ${env.TEST_DATABASE_URL}` : ' (embedded database)'}`);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', '--test-timeout=300000', ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
