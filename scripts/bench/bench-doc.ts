/**
 * docs/benchmarks.md is written by the benchmarks themselves: each owns a section between
 * `<!-- name -->` and `<!-- /name -->`, replaced on every run (appended the first time).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function writeBenchSection(name: string, section: string, file = 'docs/benchmarks.md'): void {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${open}\n${section}${close}\n`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  writeFileSync(file, start >= 0 && end > start ? doc.slice(0, start) + block + doc.slice(end + close.length + 1) : `${doc.trimEnd()}\n\n${block}`);
}
