// GET /api/rankings: units ranked on one metric (metrics.md: Rankings), with
// the rank in the previous period (custom range → the preceding span of equal
// length; presets and calendar buckets → the previous bucket of the same
// kind), evaluated at its own end; top/bottom N give 红榜 / 黑榜.
import type { RankingRow, RankingsQuery, RankingsResponse } from '../../api/schemas.ts';
import type { Scope } from '../../auth/types.ts';
import type { Db } from '../../sql/client.ts';
import { REGION_LEVELS, regionTree } from '../../sql/regions.ts';
import { METRIC_CONFIG } from '../config.ts';
import { metricDrill, rowDrill } from '../drill.ts';
import { computeMetrics } from '../engine/compute.ts';
import { beijingIsoOf, liveNowMs, previousPeriod, withAsOf } from '../engine/periods.ts';
import { unitKey } from '../engine/units.ts';
import type { MetricValue } from '../engine/value.ts';
import { metricsByIds } from '../index.ts';
import { rankedBy, rankValues } from '../rank.ts';
import { filtersOf, groupingLevel, resolvePeriod } from '../request.ts';
import { compositeRankings, isComposite } from './composite.ts';
import { groupByOf } from './metrics.ts';

export async function rankingsReport(db: Db, q: RankingsQuery, scope: Scope | null, nowMs = liveNowMs()): Promise<RankingsResponse> {
  if (isComposite(q.metric)) return compositeRankings(db, q, scope, nowMs);
  const [metric] = metricsByIds([q.metric]);
  const m = metric!;
  const period = resolvePeriod(q, nowMs);
  const prev = withAsOf(previousPeriod(period), nowMs);
  const level = groupingLevel(q.level, q, scope);
  const minSample = q.minSample ?? METRIC_CONFIG.minSample;

  const [rows, tree] = await Promise.all([
    computeMetrics(db, { metrics: [m], periods: [period, prev], groupBy: groupByOf(q.by, level), filters: filtersOf(q), scope }),
    regionTree(db),
  ]);
  // A unit without records in a period takes no part in that period's ranking.
  const valuesAt = (i: number) =>
    new Map<string, MetricValue>(rows.filter((r) => r.present[i]).map((r) => [unitKey(r.unit!), r.values[i]![m.id]!]));
  const current = rankValues(m, valuesAt(0), minSample);
  const previous = rankValues(m, valuesAt(1), minSample);

  let list: RankingRow[] = rows.filter((r) => r.present[0]).map((r) => {
    const k = unitKey(r.unit!);
    const v = r.values[0]![m.id]!;
    return {
      rank: current.get(k)!.rank,
      prevRank: previous.get(k)?.rank ?? null,
      unit: r.unit!,
      value: v.value,
      ci: v.ci,
      n: v.n,
      insufficient: current.get(k)!.insufficient,
      numerator: v.numerator,
      denominator: v.denominator,
      cases: metricDrill(rowDrill(period, q, r.unit, tree), m),
    };
  });
  if (q.top !== undefined || q.bottom !== undefined) {
    // 红黑榜: ties at the cut are kept (a shared rank is never split).
    list = list.filter((row) => {
      const r = current.get(unitKey(row.unit))!;
      return (q.top !== undefined && r.rank !== null && r.rank <= q.top)
        || (q.bottom !== undefined && r.rankFromBottom !== null && r.rankFromBottom <= q.bottom);
    });
  }
  list.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.n - a.n || a.unit.code.localeCompare(b.unit.code));

  return {
    metric: { id: m.id, name: m.name, unit: m.unit, direction: m.direction },
    period: { from: period.from, to: period.to },
    prevPeriod: { from: prev.from, to: prev.to },
    asOf: beijingIsoOf(period.asOfMs),
    by: q.by,
    level: q.by === 'region' ? REGION_LEVELS[level - 1]! : null,
    minSample,
    rankedBy: rankedBy(m),
    rows: list,
  };
}
