/**
 * Session state: the signed-in user and what they may do. A plain reactive object is enough for
 * one value read everywhere (no pinia).
 */
import { reactive } from 'vue';
import { api, ApiError } from './api.ts';
import type { SessionUserDto } from '../../src/http/contract.ts';

export const session = reactive<{ user: SessionUserDto | null; checked: boolean }>({ user: null, checked: false });

/** Asks the server who we are once per page load; a 401 just means "not signed in". */
export async function loadSession(): Promise<SessionUserDto | null> {
  if (session.checked) return session.user;
  try {
    session.user = (await api.me()).user;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
    session.user = null;
  }
  session.checked = true;
  return session.user;
}

export function setUser(user: SessionUserDto | null): void {
  session.user = user;
  session.checked = true;
}

/** Whether the current user has a permission ('write', 'import', 'manageOrgs', 'manageUsers'). */
export function can(permission: string): boolean {
  return session.user?.permissions.includes(permission) ?? false;
}
