// /api/trends → the trend chart's input (one label per month bucket).
import type { TrendsResponse } from '../api/types.ts';
import type { TrendInput } from '../charts/options/trend.ts';

export function trendInput(resp: TrendsResponse): TrendInput {
  const series = (id: string) => resp.series.find((s) => s.id === id)?.points ?? [];
  const base = series('accepted').length ? series('accepted') : series('finished');
  const labels = base.map((p) => p.period.from.slice(0, 7));
  const values = (id: string) => {
    const byLabel = new Map(series(id).map((p) => [p.period.from.slice(0, 7), p.value.value]));
    return labels.map((l) => byLabel.get(l) ?? null);
  };
  return { labels, accepted: values('accepted'), finished: values('finished'), ontimeRate: values('ontime_rate') };
}
