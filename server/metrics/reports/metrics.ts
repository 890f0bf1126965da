// GET /api/metrics: values per unit for one period (api.md).
import type { MetricsQuery, MetricsResponse } from '../../api/schemas.ts';
import type { Scope } from '../../auth/types.ts';
import type { Db } from '../../sql/client.ts';
import { REGION_LEVELS, regionTree } from '../../sql/regions.ts';
import { metricDrill, rowDrill } from '../drill.ts';
import { computeMetrics } from '../engine/compute.ts';
import { beijingIsoOf, liveNowMs } from '../engine/periods.ts';
import type { GroupBy } from '../engine/query.ts';
import { METRIC_IDS, metricsByIds } from '../index.ts';
import { filtersOf, groupingLevel, resolvePeriod } from '../request.ts';
import { rejectComposite } from './composite.ts';

export function groupByOf(kind: MetricsQuery['groupBy'], level: number): GroupBy {
  return kind === 'region' ? { kind, level } : { kind };
}

export async function metricsReport(db: Db, q: MetricsQuery, scope: Scope | null, nowMs = liveNowMs()): Promise<MetricsResponse> {
  (q.ids ?? []).forEach(rejectComposite);
  const metrics = metricsByIds(q.ids ?? METRIC_IDS);
  const period = resolvePeriod(q, nowMs);
  const level = groupingLevel(q.level, q, scope);
  const [rows, tree] = await Promise.all([
    computeMetrics(db, { metrics, periods: [period], groupBy: groupByOf(q.groupBy, level), filters: filtersOf(q), scope }),
    regionTree(db),
  ]);
  return {
    period: { from: period.from, to: period.to },
    asOf: beijingIsoOf(period.asOfMs),
    groupBy: q.groupBy,
    level: q.groupBy === 'region' ? REGION_LEVELS[level - 1]! : null,
    rows: rows.map((r) => {
      const cases = rowDrill(period, q, r.unit, tree);
      return {
        unit: r.unit,
        metrics: r.values[0]!,
        cases,
        drill: Object.fromEntries(metrics.map((m) => [m.id, metricDrill(cases, m)])),
      };
    }),
  };
}
