/**
 * Shapes of the synthetic demo jurisdiction. Directory records are keyed by the field catalogues'
 * `key`s (src/domain/*.ts) so they go through the same parse/check path as a real import.
 */

export interface DemoOptions {
  targets: number;
  /** Default 'shuangsui-demo'. */
  seed?: string;
  /**
   * Last day of the generated event history (YYYY-MM-DD, default '2025-12-31'); the history covers
   * the three years ending there. Pass a recent date when rules looking at "last quarter" must fire.
   */
  historyEnd?: string;
}

export interface DemoOrg { code: string; name: string; level: '市' | '县区' | '分局' | '支队'; parentCode: string | null; regionCode: string }
export interface DemoDepartment { orgCode: string; name: string; kind: '科室' | '执法支队' | '执法大队' | '监测站' | '其他' }
export interface DemoSquad { orgCode: string; departmentName: string | null; name: string }
export interface DemoUser {
  orgCode: string;
  username: string;
  displayName: string;
  role: 'admin' | 'leader' | 'coordinator' | 'inspector' | 'supervisor';
  /** For inspector accounts: the certNo of the inspector record the account belongs to. */
  inspectorCertNo?: string;
}
export interface DemoEvent {
  /** One of TARGET_EVENT_KINDS. */
  kind: string;
  /** YYYY-MM-DD */
  occurredOn: string;
  reference: string | null;
  outlet: string | null;
  detail: string | null;
}
/** A target record keyed exactly by the `key`s of targetFields in src/domain/targets.ts, plus orgCode and events. */
export type DemoTarget = Record<string, string | boolean | string[] | null> & { orgCode: string; events: DemoEvent[] };
/** Keys of inspectorFields (department/squad are names). */
export type DemoInspector = Record<string, string | number | boolean | string[] | null> & { orgCode: string };
/** Keys of itemFields. */
export type DemoItem = Record<string, string | string[] | null> & { orgCode: string };
export interface DemoJurisdiction {
  orgs: DemoOrg[];
  departments: DemoDepartment[];
  squads: DemoSquad[];
  users: DemoUser[];
  inspectors: DemoInspector[];
  items: DemoItem[];
}

export const DEFAULT_SEED = 'shuangsui-demo';
