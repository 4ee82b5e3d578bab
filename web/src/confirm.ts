/**
 * Actions the user confirms in an ElMessageBox first (revoke, void, reset a password). Backing out
 * makes the box reject with 'cancel' or 'close', which is no error; any other failure is a toast.
 */
import { ElMessage } from 'element-plus';
import { errorText } from './api.ts';

/** Asks, runs `act` with the answer, says `done` and awaits `after` (a reload, say). */
export async function confirmThen<T>(ask: () => Promise<T>, act: (answer: T) => Promise<unknown>, done: string, after?: () => unknown) {
  try {
    await act(await ask());
    ElMessage.success(done);
    await after?.();
  } catch (e) {
    if (e !== 'cancel' && e !== 'close') ElMessage.error(errorText(e));
  }
}
