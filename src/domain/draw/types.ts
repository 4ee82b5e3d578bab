/**
 * The data of SSJ-DRAW/1 exactly as DRAW-PROTOCOL.md names it (§ Manifest, § Assigning inspectors,
 * § Result and bundle). Manifests and roster entries may carry more fields; they are hashed too.
 */

/** The protocol tag hashed into every seed and written in `manifest.protocol`. */
export const PROTOCOL = 'SSJ-DRAW/1';

/** One stratum of the draw: a pool, its quota and what its item needs from the team (§ Manifest). */
export interface Stratum {
  label: string;
  item: string;
  quota: number;
  formula: string;
  poolSize: number;
  poolHash: string;
  department?: string;
  expertise?: string[];
  [extra: string]: unknown;
}

/** What is frozen and published (as its hash) before the public value exists (§ Phases 1). */
export interface Manifest {
  protocol: string;
  drawId: string;
  org: string;
  period: string;
  drawDate: string;
  commitment: string;
  publicValueSource: string;
  previousDrawHash: string;
  strata: Stratum[];
  teamSize: number;
  rosterHash: string;
  [extra: string]: unknown;
}

/** An eligible inspector; `conflicts` are target ids it must not inspect (§ Assigning inspectors). */
export interface RosterEntry {
  id: string;
  department: string;
  expertise: string[];
  conflicts: string[];
  [extra: string]: unknown;
}

/** A selected target before assignment: its strata labels in manifest order (§ Selecting targets). */
export interface PlannedTask {
  targetId: string;
  items: string[];
}

/** One inspection task of the result; inspectors are in pick order (§ Result and bundle). */
export interface DrawTask extends PlannedTask {
  inspectors: string[];
}

/** The draw's output, tasks in ascending taskKey order; its JCS hash is `resultHash`. */
export interface DrawResult {
  tasks: DrawTask[];
}

/** Everything published at the reveal; `shuangsui verify` recomputes the result from it (§ Phases 3). */
export interface Bundle {
  manifest: Manifest;
  pools: Record<string, string[]>;
  roster: RosterEntry[];
  publicValue: string;
  secret: string;
  result: DrawResult;
}
