import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, expect, test, vi } from 'vitest';
import type { RankingRow } from '../api/types.ts';
import { useRankingsStore } from './rankings.ts';

vi.mock('../api/metrics.ts', () => ({ fetchRankings: vi.fn(), fetchCatalog: vi.fn() }));
const api = await import('../api/metrics.ts');
const row = (code: string, rank: number | null, value: number): RankingRow => ({
  rank, prevRank: null, unit: { kind: 'dept', code, name: code }, value, ci: null, n: 50, insufficient: rank === null,
  numerator: null, denominator: null, cases: { path: '', query: {} },
});
const params = { metric: 'ontime_rate', by: 'dept' as const, level: 'city' as const, n: 0, order: 'top' as const };
const f = { from: '2025-03-01', to: '2025-03-15' };

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  vi.mocked(api.fetchRankings).mockResolvedValue({ rows: [row('B', 2, 0.9), row('A', 1, 0.95), row('S', null, 1)] } as never);
  vi.mocked(api.fetchCatalog).mockResolvedValue({
    metrics: [{ id: 'ontime_rate', name: '按时办结率', unit: '%', direction: 'up', description: '', kind: 'proportion', base: 'finished', period: 'finish_date' }],
  });
});

test('loads once per metric/unit/filters; N and order are client-side', async () => {
  const s = useRankingsStore();
  await s.loadCatalog();
  await s.load(params, f);
  expect(s.rows.map((r) => r.unit.code)).toEqual(['A', 'B', 'S']);
  await s.load({ ...params, n: 1, order: 'bottom' }, f);
  expect(s.rows.map((r) => r.unit.code)).toEqual(['B']);
  expect(api.fetchRankings).toHaveBeenCalledTimes(1);
  await s.load({ ...params, metric: 'accepted' }, f);
  expect(api.fetchRankings).toHaveBeenCalledTimes(2);
});

test('kind and direction come from the catalogue; sort cycles', async () => {
  const s = useRankingsStore();
  await s.loadCatalog();
  await s.load(params, f);
  expect(s.kind).toBe('rate');
  expect(s.direction).toBe('higher');
  s.toggleSort('value');
  expect(s.rows.map((r) => r.unit.code)).toEqual(['S', 'A', 'B']);
  s.toggleSort('value');
  expect(s.rows.map((r) => r.unit.code)).toEqual(['B', 'A', 'S']);
  s.toggleSort('value');
  expect(s.sort).toBeNull();
  expect(s.csv()).toContain('按时办结率');
});
