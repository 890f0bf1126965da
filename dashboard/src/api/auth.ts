import type { Role, Scope } from '../../../server/auth/types.ts';
import { getJson, postJson } from './http.ts';

export type { Role };

/** What POST /api/auth/login and GET /api/auth/me return (server/routes/auth.ts). */
export interface CurrentUser {
  username: string;
  role: Role;
  scope: Scope | null;
  displayName: string;
}

export const login = (username: string, password: string) =>
  postJson<{ user: CurrentUser }>('/api/auth/login', { username, password }).then((r) => r.user);
export const logout = () => postJson<{ ok: true }>('/api/auth/logout');
export const me = () => getJson<{ user: CurrentUser }>('/api/auth/me').then((r) => r.user);
