// /api/metrics, /api/trends, /api/rankings, /api/metrics/catalog (api.md).
import { toQueryString, getJson } from './http.ts';
import type { CatalogResponse, GroupBy, MetricsResponse, RankingsResponse, RegionLevel, TrendsResponse, UnitKind } from './types.ts';

/** The shared filters of api.md (region subtree, dept, item, case channel). */
export interface DataFilters {
  from: string;
  to: string;
  region?: string;
  dept?: string;
  item?: string;
  channel?: string;
}

export const fetchCatalog = () => getJson<CatalogResponse>('/api/metrics/catalog');

export const fetchMetrics = (ids: readonly string[], filters: DataFilters, opts: { groupBy?: GroupBy; level?: RegionLevel } = {}) =>
  getJson<MetricsResponse>('/api/metrics', { ids, ...filters, groupBy: opts.groupBy ?? 'none', level: opts.level });

export const fetchTrends = (ids: readonly string[], filters: DataFilters, grain: TrendsResponse['grain'] = 'month') =>
  getJson<TrendsResponse>('/api/trends', { ids, ...filters, grain });

export interface RankingParams {
  metric: string;
  by: UnitKind;
  level?: RegionLevel;
  top?: number;
}

/** The ranking as a file download (XLSX or CSV), same parameters as fetchRankings. */
export const rankingsExportUrl = (params: RankingParams, filters: DataFilters, format: 'xlsx' | 'csv') =>
  `/api/rankings/export${toQueryString({ ...filters, ...params, level: params.by === 'region' ? params.level : undefined, format })}`;

export const fetchRankings = (params: RankingParams, filters: DataFilters) =>
  getJson<RankingsResponse>('/api/rankings', { ...filters, ...params, level: params.by === 'region' ? params.level : undefined });
