import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, expect, test } from 'vitest';
import { useFiltersStore } from './filters.ts';

beforeEach(() => setActivePinia(createPinia()));

test('sync reads the route query; queryFor patches it and keeps other keys', () => {
  const s = useFiltersStore();
  s.sync({ period: 'custom', from: '2025-01-01', to: '2025-01-31', region: '390100', metric: 'accepted' });
  expect(s.range).toEqual({ from: '2025-01-01', to: '2025-01-31' });
  expect(s.dataFilters).toEqual({ from: '2025-01-01', to: '2025-01-31', region: '390100' });
  expect(s.query).toEqual({ period: 'custom', from: '2025-01-01', to: '2025-01-31', region: '390100' });
  expect(s.queryFor({ preset: 'lastMonth', custom: null }, { metric: 'accepted', from: 'x' })).toEqual({ metric: 'accepted', period: 'lastMonth', region: '390100' });
});

test('presets resolve against today', () => {
  const s = useFiltersStore();
  s.sync({});
  s.today = '2025-03-15';
  expect(s.range).toEqual({ from: '2025-03-01', to: '2025-03-15' });
});
