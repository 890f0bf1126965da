import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, expect, test, vi } from 'vitest';
import { freshnessLevel, useFreshnessStore } from './freshness.ts';

vi.mock('../api/etl.ts', () => ({ fetchFreshness: vi.fn() }));
const api = await import('../api/etl.ts');
beforeEach(() => setActivePinia(createPinia()));

test('fresh within a day, stale after, none without a successful run', () => {
  const now = Date.parse('2025-03-15T12:00:00+08:00');
  expect(freshnessLevel('2025-03-15T08:00:00+08:00', now)).toBe('fresh');
  expect(freshnessLevel('2025-03-13T08:00:00+08:00', now)).toBe('stale');
  expect(freshnessLevel(null, now)).toBe('none');
});

test('load fills the state', async () => {
  vi.mocked(api.fetchFreshness).mockResolvedValue({ sources: [], lastSuccessAt: null, quarantined: 0 });
  const s = useFreshnessStore();
  await s.load();
  expect(s.level).toBe('none');
  expect(s.state.error).toBeNull();
});
