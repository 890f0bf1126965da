import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, expect, test, vi } from 'vitest';
import type { RankingRow } from '../api/types.ts';
import { redBlackOf, useOverviewStore } from './overview.ts';

vi.mock('../api/metrics.ts', () => ({ fetchMetrics: vi.fn(), fetchTrends: vi.fn(), fetchRankings: vi.fn(), fetchCatalog: vi.fn() }));
vi.mock('../api/distributions.ts', () => ({ fetchRatingLevels: vi.fn() }));
const api = await import('../api/metrics.ts');
const dist = await import('../api/distributions.ts');

const mv = (value: number | null) => ({ value, numerator: null, denominator: null, n: value ?? 0, ci: null });
const row = (code: string, rank: number | null): RankingRow => ({
  rank, prevRank: null, unit: { kind: 'region', code, name: code }, value: 0.9, ci: null, n: 100, insufficient: rank === null,
  numerator: null, denominator: null, cases: { path: '', query: {} },
});

beforeEach(() => {
  setActivePinia(createPinia());
  vi.resetAllMocks();
  vi.mocked(api.fetchMetrics).mockImplementation(async (ids, f) => ({
    period: { from: f.from, to: f.to }, asOf: '', groupBy: 'none', level: null,
    rows: [{ unit: null, metrics: Object.fromEntries(ids.map((id) => [id, mv(f.from === '2025-03-01' ? (f.channel === 'online' ? 7 : 10) : 8)])), cases: { path: '', query: {} }, drill: {} }],
  }));
  vi.mocked(api.fetchTrends).mockResolvedValue({ period: { from: '2024-04-01', to: '2025-03-15' }, grain: 'month', series: [] });
  vi.mocked(api.fetchRankings).mockResolvedValue({ rows: [row('A', 1), row('B', 2), row('S', null)] } as never);
  vi.mocked(dist.fetchRatingLevels).mockResolvedValue([{ level: 5, count: 3 }]);
});

test('KPIs for the period, 环比 (previous month) and 同比 (a year earlier)', async () => {
  const s = useOverviewStore();
  await s.load({ from: '2025-03-01', to: '2025-03-15' });
  const calls = vi.mocked(api.fetchMetrics).mock.calls.filter(([ids]) => ids.length > 1).map(([, f]) => [f.from, f.to]);
  expect(calls).toEqual([['2025-03-01', '2025-03-15'], ['2025-02-01', '2025-02-28'], ['2024-03-01', '2024-03-31']]);
  expect(s.kpis.data?.current.accepted?.value).toBe(10);
  expect(s.kpis.data?.mom.ontime_rate?.value).toBe(8);
  expect(vi.mocked(api.fetchTrends).mock.calls[0]![1]).toMatchObject({ from: '2024-04-01', to: '2025-03-15' });
});

test('channel mix: one accepted count per channel', async () => {
  const s = useOverviewStore();
  await s.load({ from: '2025-03-01', to: '2025-03-15' });
  expect(s.channels.data?.find((c) => c.id === 'online')).toEqual({ id: 'online', name: '网上', value: 7 });
  expect(s.channels.data).toHaveLength(6);
});

test('one failing part leaves the others loaded', async () => {
  vi.mocked(dist.fetchRatingLevels).mockRejectedValue(new Error('评价分布不可用 / unavailable'));
  const s = useOverviewStore();
  await s.load({ from: '2025-03-01', to: '2025-03-15' });
  expect(s.ratings.error).toBe('评价分布不可用');
  expect(s.kpis.data).not.toBeNull();
  expect(s.regions.data).toHaveLength(3);
});

test('a slower, older load never overwrites a newer one', async () => {
  const s = useOverviewStore();
  let release!: () => void;
  vi.mocked(api.fetchTrends).mockImplementationOnce(() => new Promise((ok) => (release = () => ok({ period: { from: '', to: '' }, grain: 'month', series: [{ id: 'accepted', name: '', unit: '', points: [] }] }))));
  const first = s.load({ from: '2025-01-01', to: '2025-01-31' });
  await s.load({ from: '2025-03-01', to: '2025-03-15' });
  release();
  await first;
  expect(s.trend.data?.labels).toEqual([]);
  expect(s.trend.loading).toBe(false);
});

test('红黑榜: best five and worst five ranked units, 样本不足 left out', () => {
  const rows = Array.from({ length: 12 }, (_, i) => row(`R${i + 1}`, i + 1)).concat(row('S', null));
  const rb = redBlackOf(rows);
  expect(rb.red.map((r) => r.unit.code)).toEqual(['R1', 'R2', 'R3', 'R4', 'R5']);
  expect(rb.black.map((r) => r.unit.code)).toEqual(['R12', 'R11', 'R10', 'R9', 'R8']);
  expect(redBlackOf(rows.slice(0, 7)).black.map((r) => r.unit.code)).toEqual(['R7', 'R6']);
});
