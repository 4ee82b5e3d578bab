/**
 * Reference data shared by many views: the field catalogues and option lists from GET /api/meta and
 * the user's organisation subtree. Loaded once after sign-in and cached; orgs reload after edits.
 */
import { shallowRef } from 'vue';
import { api, type MetaDto } from './api.ts';
import type { OrgDto } from '../../src/http/contract.ts';

export const meta = shallowRef<MetaDto | null>(null);
export const orgs = shallowRef<OrgDto[]>([]);

let metaLoading: Promise<MetaDto> | null = null;
/** The meta document, fetched at most once (concurrent callers share the request). */
export function loadMeta(): Promise<MetaDto> {
  if (meta.value) return Promise.resolve(meta.value);
  metaLoading ??= api.meta().then((m) => (meta.value = m)).finally(() => (metaLoading = null));
  return metaLoading;
}

export async function reloadOrgs(): Promise<OrgDto[]> {
  orgs.value = (await api.orgs()).orgs;
  return orgs.value;
}

export async function loadOrgs(): Promise<OrgDto[]> {
  return orgs.value.length ? orgs.value : reloadOrgs();
}

/** Forgets cached data on sign-out so the next user does not see the previous user's orgs. */
export function clearCatalog(): void {
  meta.value = null;
  orgs.value = [];
}

export interface OrgNode { id: number; label: string; org: OrgDto; children: OrgNode[] }

/**
 * Builds the org tree from parentId. Roots are orgs whose parent is outside the list (a county user's
 * subtree starts at the county). Siblings are sorted by code so the tree is stable.
 */
export function orgTree(list: readonly OrgDto[]): OrgNode[] {
  const nodes = new Map(list.map((o) => [o.id, { id: o.id, label: o.name, org: o, children: [] as OrgNode[] }]));
  const roots: OrgNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.org.parentId === null ? undefined : nodes.get(n.org.parentId);
    (parent ? parent.children : roots).push(n);
  }
  const sort = (arr: OrgNode[]) => {
    arr.sort((a, b) => a.org.code.localeCompare(b.org.code));
    arr.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** Orgs in tree order with their depth, for indented selects. */
export function flatOrgs(list: readonly OrgDto[]): { org: OrgDto; depth: number }[] {
  const out: { org: OrgDto; depth: number }[] = [];
  const walk = (ns: OrgNode[], depth: number) => ns.forEach((n) => (out.push({ org: n.org, depth }), walk(n.children, depth + 1)));
  walk(orgTree(list), 0);
  return out;
}
