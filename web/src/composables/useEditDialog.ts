/**
 * State and save path of an add/edit dialog (components/EditDialog.vue). Every dialog saves the same
 * way: on success a toast, close, then refresh whatever shows the data; on failure the dialog stays
 * open with the user's input, the server's field errors under their fields and its message as a toast.
 */
import { ref, type Ref } from 'vue';
import { ElMessage } from 'element-plus';
import { errorText, fieldErrors } from '../api.ts';

/**
 * `form` is the caller's reactive form. `open` defaults to a fresh ref; a dialog component whose
 * parent opens it passes its defineModel ref instead.
 */
export function useEditDialog<F extends object>(form: F, open: Ref<boolean> = ref(false)) {
  const saving = ref(false);
  /** Field key → message, for el-form-item :error (client-side checks may set it too). */
  const errors = ref<Record<string, string>>({});

  /** Fills the form, forgets errors from the last time and opens the dialog. */
  function show(values: F) {
    Object.assign(form, values);
    errors.value = {};
    open.value = true;
  }

  /** Runs `request`; on success says `done`, closes and awaits `after` with the request's result. */
  async function save<T>(request: () => Promise<T>, done: string, after?: (result: T) => unknown) {
    saving.value = true;
    errors.value = {}; // stale messages would stand under fields the user has just fixed
    try {
      const result = await request();
      ElMessage.success(done);
      open.value = false;
      await after?.(result);
    } catch (e) {
      errors.value = fieldErrors(e);
      ElMessage.error(errorText(e));
    } finally {
      saving.value = false;
    }
  }

  return { open, saving, errors, show, save };
}
