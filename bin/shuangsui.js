#!/usr/bin/env -S node --max-old-space-size=384
// The `shuangsui` command: runs the TypeScript sources directly through tsx, so a clone needs no build step.
// The heap limit keeps V8 from letting garbage pile up during large imports: the live set of a
// 1,000,000-row import is under 200 MB, but without a limit the heap grows to ~460 MB before a full GC
// (measured; docs/benchmarks.md).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
