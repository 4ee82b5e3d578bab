/**
 * Synthetic demo data for Shuangsui: a fictional city (示范市) with its bureau, enforcement
 * detachment and branches, staff, the item list and any number of targets with event histories.
 * Pure and deterministic: no I/O, no clock, no Math.random — the seed decides everything.
 */
export type {
  DemoDepartment, DemoEvent, DemoInspector, DemoItem, DemoJurisdiction, DemoOptions, DemoOrg, DemoSquad, DemoTarget, DemoUser,
} from './types.ts';
export { DEFAULT_SEED } from './types.ts';
export { CITY_CODE, DETACHMENT_CODE, generateJurisdiction } from './jurisdiction.ts';
export { generateTargets, KIND_SHARES } from './target-gen.ts';
export {
  csvLine, inspectorCsvHeader, inspectorCsvRow, itemCsvHeader, itemCsvRow, ORG_CODE_LABEL, targetCsvHeader, targetCsvRow,
} from './csv.ts';
