/**
 * List state of a directory page (search, org, filters, page, sort), mirrored into the URL query so
 * that returning from a record, reloading or sharing a link shows the same page of the same search.
 */
import { reactive } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import type { ListParams } from '../api.ts';

export type Sort = NonNullable<ListParams['sort']>;
const SORTS: Sort[] = ['name', '-name', 'updatedAt', '-updatedAt'];
const PAGE_SIZES = [10, 20, 50, 100];

export interface ListState {
  q: string;
  orgId: number | undefined;
  page: number;
  pageSize: number;
  sort: Sort;
  filters: Record<string, string | undefined>;
}

type QueryValue = LocationQuery[string] | undefined;
const str = (v: QueryValue) => (typeof v === 'string' ? v : undefined);
const posInt = (v: QueryValue) => {
  const n = Number(str(v));
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

export function useListState(filterKeys: string[]) {
  const route = useRoute();
  const router = useRouter();
  const q = route.query;
  const pageSize = posInt(q.pageSize);
  const sort = str(q.sort) as Sort | undefined;
  const state = reactive<ListState>({
    q: str(q.q) ?? '',
    orgId: posInt(q.orgId),
    page: posInt(q.page) ?? 1,
    pageSize: pageSize && PAGE_SIZES.includes(pageSize) ? pageSize : 20,
    sort: sort && SORTS.includes(sort) ? sort : 'name',
    filters: Object.fromEntries(filterKeys.map((k) => [k, str(q[k])])),
  });

  /** Parameters for the list API (the export endpoint takes the same minus paging). */
  function params(): ListParams {
    return { q: state.q.trim() || undefined, orgId: state.orgId, page: state.page, pageSize: state.pageSize, sort: state.sort, ...state.filters };
  }

  /** Writes the state into the URL without a history entry per keystroke. */
  function syncUrl(): void {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(params())) {
      if (v === undefined || v === '') continue;
      if ((k === 'page' && v === 1) || (k === 'pageSize' && v === 20) || (k === 'sort' && v === 'name')) continue;
      query[k] = String(v);
    }
    void router.replace({ query });
  }

  return { state, params, syncUrl, PAGE_SIZES };
}
