import { expect, test } from 'vitest';
import type { TrendsResponse } from '../api/types.ts';
import { trendInput } from './trend.ts';

const v = (value: number | null) => ({ value, numerator: null, denominator: null, n: value ?? 0, ci: null });
const point = (from: string, value: number | null) => {
  const cmp = { period: { from, to: from }, asOf: '', value: v(null), delta: null, growth: null };
  return { period: { from, to: from }, asOf: '', value: v(value), mom: cmp, yoy: cmp, cases: { path: '', query: {} } };
};

test('one label per bucket; series aligned by month', () => {
  const resp: TrendsResponse = {
    period: { from: '2025-01-01', to: '2025-02-15' },
    grain: 'month',
    series: [
      { id: 'accepted', name: '受理量', unit: '件', points: [point('2025-01-01', 10), point('2025-02-01', 5)] },
      { id: 'ontime_rate', name: '按时办结率', unit: '%', points: [point('2025-02-01', 0.9)] },
    ],
  };
  expect(trendInput(resp)).toEqual({ labels: ['2025-01', '2025-02'], accepted: [10, 5], finished: [null, null], ontimeRate: [null, 0.9] });
});
