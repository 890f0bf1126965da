// The signed-in user and what the shell derives from it (navigation).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as auth from '../api/auth.ts';
import { ApiRequestError } from '../api/http.ts';
import { mayOpen, NAV } from '../lib/nav.ts';

export const useSessionStore = defineStore('session', () => {
  const user = ref<auth.CurrentUser | null>(null);
  /** Whether GET /api/auth/me has answered once. */
  const checked = ref(false);

  const nav = computed(() => (user.value ? NAV[user.value.role] : []));
  const canOpen = (path: string): boolean => !!user.value && mayOpen(user.value.role, path);

  /** Asks the server who is signed in; a 401 means nobody (not an error). */
  async function restore(): Promise<void> {
    try {
      user.value = await auth.me();
    } catch (err) {
      if (!(err instanceof ApiRequestError) || err.status !== 401) throw err;
      user.value = null;
    } finally {
      checked.value = true;
    }
  }

  async function login(username: string, password: string): Promise<void> {
    user.value = await auth.login(username, password);
    checked.value = true;
  }

  async function logout(): Promise<void> {
    try {
      await auth.logout();
    } finally {
      user.value = null;
    }
  }

  /** Called when any request answers 401 (session expired or revoked). */
  function signedOut(): void {
    user.value = null;
  }

  return { user, checked, nav, canOpen, restore, login, logout, signedOut };
});
