// GET /api/trends: one series per metric over calendar buckets, each point
// with 环比 (the previous bucket of the same kind) and 同比 (the same bucket a
// year earlier), every period at its own as_of = min(now, its end)
// (metrics.md: Periods and as_of; 环比 / 同比). All periods of a request go
// into one query per base (plain GROUP BY over the periods), finished here.
import type { TrendsQuery, TrendsResponse } from '../../api/schemas.ts';
import type { Scope } from '../../auth/types.ts';
import { badRequest } from '../../errors.ts';
import type { Db } from '../../sql/client.ts';
import { regionTree } from '../../sql/regions.ts';
import { metricDrill, rowDrill } from '../drill.ts';
import { computeMetrics } from '../engine/compute.ts';
import { beijingIsoOf, liveNowMs, previousBucket, trendBuckets, withAsOf, yearAgoBucket, type DateRange, type Period } from '../engine/periods.ts';
import type { MetricValue } from '../engine/value.ts';
import { metricsByIds } from '../index.ts';
import { filtersOf, resolvePeriod } from '../request.ts';
import { rejectComposite } from './composite.ts';

/** Enough for a year of days; more is a request for a different grain. */
export const MAX_BUCKETS = 400;

const key = (p: Period): string => `${p.from}|${p.to}|${p.asOfMs}`;

function comparison(current: MetricValue, period: Period, value: MetricValue) {
  const delta = current.value === null || value.value === null ? null : current.value - value.value;
  return {
    period: { from: period.from, to: period.to },
    asOf: beijingIsoOf(period.asOfMs),
    value,
    delta,
    growth: delta === null || value.value === null || value.value === 0 ? null : delta / Math.abs(value.value),
  };
}

export async function trendsReport(db: Db, q: TrendsQuery, scope: Scope | null, nowMs = liveNowMs()): Promise<TrendsResponse> {
  q.ids.forEach(rejectComposite);
  const metrics = metricsByIds(q.ids);
  const range: DateRange = resolvePeriod(q, nowMs);
  const buckets = trendBuckets(range, q.grain);
  if (buckets.length > MAX_BUCKETS) {
    throw badRequest(`参数 grain 无效：按 ${q.grain} 分组超过 ${MAX_BUCKETS} 个时间段`, `Invalid parameter grain: more than ${MAX_BUCKETS} ${q.grain} buckets in the period`);
  }
  // TRICKY: a clipped first/last bucket still compares with whole buckets of
  // its kind, as the 本月 preset does (metrics.md: 环比 / 同比).
  const points = buckets.map((b) => ({
    bucket: withAsOf(b, nowMs),
    mom: withAsOf(previousBucket(q.grain, b.full), nowMs),
    yoy: withAsOf(yearAgoBucket(q.grain, b.full), nowMs),
  }));
  const unique = new Map<string, Period>();
  for (const p of points) for (const period of [p.bucket, p.mom, p.yoy]) unique.set(key(period), period);
  const periods = [...unique.values()];
  const index = new Map(periods.map((p, i) => [key(p), i]));

  const filters = filtersOf(q);
  const [[row], tree] = await Promise.all([
    computeMetrics(db, { metrics, periods, groupBy: { kind: 'none' }, filters, scope }),
    regionTree(db),
  ]);
  const valueOf = (p: Period, id: string): MetricValue => row!.values[index.get(key(p))!]![id]!;
  return {
    period: { from: range.from, to: range.to },
    grain: q.grain,
    series: metrics.map((m) => ({
      id: m.id,
      name: m.name,
      unit: m.unit,
      points: points.map((p) => {
        const value = valueOf(p.bucket, m.id);
        return {
          period: { from: p.bucket.from, to: p.bucket.to },
          asOf: beijingIsoOf(p.bucket.asOfMs),
          value,
          mom: comparison(value, p.mom, valueOf(p.mom, m.id)),
          yoy: comparison(value, p.yoy, valueOf(p.yoy, m.id)),
          cases: metricDrill(rowDrill(p.bucket, q, null, tree), m),
        };
      }),
    })),
  };
}
