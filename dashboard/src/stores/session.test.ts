import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, expect, test, vi } from 'vitest';
import { ApiRequestError } from '../api/http.ts';
import { useSessionStore } from './session.ts';

vi.mock('../api/auth.ts', () => ({ me: vi.fn(), login: vi.fn(), logout: vi.fn() }));
const auth = await import('../api/auth.ts');
const leader = { username: 'l', role: 'leader' as const, scope: null, displayName: '领导' };

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
});

test('restore: a 401 means signed out, not an error', async () => {
  vi.mocked(auth.me).mockRejectedValue(new ApiRequestError(401, 'unauthorized', '请先登录'));
  const s = useSessionStore();
  await s.restore();
  expect(s.user).toBeNull();
  expect(s.checked).toBe(true);
  expect(s.nav).toEqual([]);
});

test('restore: other failures propagate (the shell shows them)', async () => {
  vi.mocked(auth.me).mockRejectedValue(new ApiRequestError(503, 'clickhouse_unavailable', '数据库暂时不可用'));
  await expect(useSessionStore().restore()).rejects.toThrow('数据库暂时不可用');
});

test('login gives the role navigation; logout clears it even when the call fails', async () => {
  vi.mocked(auth.login).mockResolvedValue(leader);
  vi.mocked(auth.logout).mockRejectedValue(new Error('network'));
  const s = useSessionStore();
  await s.login('l', 'pw');
  expect(s.nav.map((n) => n.label)).toEqual(['驾驶舱', '排行榜', '大屏', '电子监察']);
  expect(s.canOpen('/screen')).toBe(true);
  expect(s.canOpen('/data')).toBe(false);
  await expect(s.logout()).rejects.toThrow();
  expect(s.user).toBeNull();
});
