// 驾驶舱 data: KPI cards with 环比/同比, the monthly trend, region and
// department rankings, 红黑榜, channel mix and rating distribution. Every
// part loads on its own, so one failing endpoint leaves the others visible.
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { DataFilters } from '../api/metrics.ts';
import * as metricsApi from '../api/metrics.ts';
import { fetchRatingLevels } from '../api/distributions.ts';
import type { MetricValue, RankingRow } from '../api/types.ts';
import type { Slice } from '../charts/options/channel-pie.ts';
import type { TrendInput } from '../charts/options/trend.ts';
import { CHANNELS } from '../lib/filters.ts';
import { KPI_IDS } from '../lib/kpis.ts';
import { comparisonRanges, trailingMonths } from '../lib/period.ts';
import { emptySection, fill } from '../lib/section.ts';
import { trendInput } from '../lib/trend.ts';

export interface KpiValues {
  current: Record<string, MetricValue>;
  mom: Record<string, MetricValue>;
  yoy: Record<string, MetricValue>;
}

export interface RedBlack {
  red: RankingRow[];
  black: RankingRow[];
}

const metricsOf = async (ids: readonly string[], f: DataFilters): Promise<Record<string, MetricValue>> =>
  (await metricsApi.fetchMetrics(ids, f)).rows[0]?.metrics ?? {};

/** 红榜 = the best ranked 5, 黑榜 = the worst ranked 5 (units with 样本不足 are unranked and left out). */
export function redBlackOf(rows: readonly RankingRow[], n = 5): RedBlack {
  const ranked = rows.filter((r) => r.rank !== null && !r.insufficient).sort((a, b) => a.rank! - b.rank!);
  return { red: ranked.slice(0, n), black: ranked.slice(Math.max(n, ranked.length - n)).reverse() };
}

export const useOverviewStore = defineStore('overview', () => {
  const rankingMetric = ref('ontime_rate');
  const kpis = reactive(emptySection<KpiValues>());
  const trend = reactive(emptySection<TrendInput>());
  const regions = reactive(emptySection<RankingRow[]>());
  const depts = reactive(emptySection<RankingRow[]>());
  const redBlack = reactive(emptySection<RedBlack>());
  const channels = reactive(emptySection<Slice[]>());
  const ratings = reactive(emptySection<Array<{ level: number; count: number }>>());
  let generation = 0;

  async function load(f: DataFilters): Promise<void> {
    const gen = ++generation;
    const current = () => gen === generation;
    const { mom, yoy } = comparisonRanges(f);
    await Promise.all([
      fill(kpis, async () => {
        const [cur, m, y] = await Promise.all([
          metricsOf(KPI_IDS, f),
          metricsOf(KPI_IDS, { ...f, ...mom }),
          metricsOf(KPI_IDS, { ...f, ...yoy }),
        ]);
        return { current: cur, mom: m, yoy: y };
      }, current),
      fill(trend, async () => trendInput(await metricsApi.fetchTrends(['accepted', 'finished', 'ontime_rate'], { ...f, ...trailingMonths(f.to) })), current),
      fill(channels, async () => {
        // Channel mix = 受理量 per case channel: one groupBy=none call each, so the
        // figures are the registry's own (no separate query to keep in step).
        const wanted = f.channel ? CHANNELS.filter((c) => c.id === f.channel) : CHANNELS;
        const counts = await Promise.all(wanted.map((c) => metricsOf(['accepted'], { ...f, channel: c.id })));
        return wanted.map((c, i) => ({ id: c.id, name: c.label, value: counts[i]?.accepted?.value ?? 0 }));
      }, current),
      fill(ratings, () => fetchRatingLevels(f), current),
      loadRankings(f, current),
    ]);
  }

  async function loadRankings(f: DataFilters, current: () => boolean = () => true): Promise<void> {
    const metric = rankingMetric.value;
    await Promise.all([
      fill(regions, async () => (await metricsApi.fetchRankings({ metric, by: 'region', level: 'city' }, f)).rows, current),
      fill(depts, async () => (await metricsApi.fetchRankings({ metric, by: 'dept' }, f)).rows, current),
      fill(redBlack, async () => redBlackOf((await metricsApi.fetchRankings({ metric, by: 'region', level: 'county' }, f)).rows), current),
    ]);
  }

  return { rankingMetric, kpis, trend, regions, depts, redBlack, channels, ratings, load, loadRankings };
});
