/**
 * Rows of a table fetched whole from the API (a record's events, an org's squads, the users). A
 * failed load is a toast and leaves the rows shown before, so a flaky network does not blank the table.
 */
import { ref, shallowRef } from 'vue';
import { ElMessage } from 'element-plus';
import { errorText } from '../api.ts';

export function useRows<T>(fetch: () => Promise<T[]>) {
  const rows = shallowRef<T[]>([]);
  const loading = ref(false);

  async function load() {
    loading.value = true;
    try {
      rows.value = await fetch();
    } catch (e) {
      ElMessage.error(errorText(e));
    } finally {
      loading.value = false;
    }
  }

  return { rows, loading, load };
}
