// 排行榜: the metric catalogue, one ranking, and the table's client-side
// slicing and sorting. Parameters come from the URL (see views/RankingsView.vue).
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import * as metricsApi from '../api/metrics.ts';
import type { MetricDefinition, RankingRow, RegionLevel, UnitKind } from '../api/types.ts';
import { directionOf, metricKind } from '../lib/metric-format.ts';
import { rankingCsv, sliceRows, sortRows, type Order, type SortKey } from '../lib/ranking-table.ts';
import { emptySection, fill } from '../lib/section.ts';

export interface RankingParams {
  metric: string;
  by: UnitKind;
  level: RegionLevel;
  /** 0 = all. */
  n: number;
  order: Order;
}

const firstDirection = (key: SortKey): 'asc' | 'desc' => (key === 'name' || key === 'rank' || key === 'prevRank' ? 'asc' : 'desc');

export const useRankingsStore = defineStore('rankings', () => {
  const catalog = reactive(emptySection<MetricDefinition[]>());
  const ranking = reactive(emptySection<RankingRow[]>());
  const params = ref<RankingParams>({ metric: 'ontime_rate', by: 'region', level: 'city', n: 0, order: 'top' });
  const sort = ref<{ key: SortKey; dir: 'asc' | 'desc' } | null>(null);
  let generation = 0;
  let lastFilters: metricsApi.DataFilters | null = null;

  const definition = computed(() => catalog.data?.find((m) => m.id === params.value.metric) ?? null);
  const kind = computed(() => metricKind(params.value.metric, definition.value?.unit));
  const direction = computed(() => directionOf(definition.value?.direction));
  const rows = computed(() => {
    const sliced = sliceRows(ranking.data ?? [], params.value.order, params.value.n);
    return sort.value ? sortRows(sliced, sort.value.key, sort.value.dir) : sliced;
  });

  async function loadCatalog(): Promise<void> {
    if (!catalog.data) await fill(catalog, async () => (await metricsApi.fetchCatalog()).metrics);
  }

  async function load(next: RankingParams, filters: metricsApi.DataFilters): Promise<void> {
    const gen = ++generation;
    const refetch = JSON.stringify([next.metric, next.by, next.level, filters]) !==
      JSON.stringify([params.value.metric, params.value.by, params.value.level, lastFilters]);
    params.value = next;
    if (!refetch && ranking.data) return;
    lastFilters = filters;
    await fill(ranking, async () => (await metricsApi.fetchRankings(next, filters)).rows, () => gen === generation);
  }

  /** Cycles a column: first direction → the other → the ranking's own order. */
  function toggleSort(key: SortKey): void {
    const s = sort.value;
    if (!s || s.key !== key) sort.value = { key, dir: firstDirection(key) };
    else if (s.dir === firstDirection(key)) sort.value = { key, dir: s.dir === 'asc' ? 'desc' : 'asc' };
    else sort.value = null;
  }

  /** The server's file of the ranking on screen (numbers as numbers, audited). */
  const exportUrl = (format: 'xlsx' | 'csv'): string =>
    metricsApi.rankingsExportUrl(params.value, lastFilters ?? { from: '', to: '' }, format);

  const csv = (): string => rankingCsv(rows.value, kind.value, definition.value?.name ?? params.value.metric);

  return { catalog, ranking, params, sort, definition, kind, direction, rows, loadCatalog, load, toggleSort, csv, exportUrl };
});
