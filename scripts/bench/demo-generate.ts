/**
 * Measures demo generation speed: `npx tsx scripts/bench/demo-generate.ts [targets] [--csv]`.
 * With --csv every target is also formatted as a CSV line (what the import benchmark streams),
 * but nothing is written: this times the generator, not the disk.
 */
import { performance } from 'node:perf_hooks';
import { csvLine, generateJurisdiction, generateTargets, targetCsvRow } from '../../src/demo/generate.ts';

const n = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const csv = process.argv.includes('--csv');
const t0 = performance.now();
const j = generateJurisdiction({ targets: n });
const t1 = performance.now();
let events = 0, bytes = 0;
for (const t of generateTargets({ targets: n }, j.orgs)) {
  events += t.events.length;
  if (csv) bytes += csvLine(targetCsvRow(t)).length;
}
const t2 = performance.now();
const secs = (t2 - t1) / 1000;
console.log(`jurisdiction ${(t1 - t0).toFixed(0)} ms (${j.inspectors.length} inspectors, ${j.items.length} items)`);
console.log(`${n} targets${csv ? ' + CSV rows' : ''}: ${secs.toFixed(2)} s, ${Math.round(n / secs).toLocaleString()} targets/s, ${events} events${csv ? `, ${(bytes / 1e6).toFixed(0)} M chars` : ''}`);
console.log(`heap used ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
