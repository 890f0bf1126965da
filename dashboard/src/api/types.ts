// Payload types of the metric endpoints: the zod-inferred types of
// server/api/schemas.ts (style.md: the dashboard imports types only).
export type {
  CatalogResponse,
  MetricValue,
  MetricsResponse,
  RankingRow,
  RankingsResponse,
  TrendsResponse,
  Unit,
} from '../../../server/api/schemas.ts';
import type { CatalogResponse, MetricsQuery, RankingsQuery } from '../../../server/api/schemas.ts';

export type MetricDefinition = CatalogResponse['metrics'][number];
export type GroupBy = MetricsQuery['groupBy'];
export type UnitKind = RankingsQuery['by'];
export type RegionLevel = NonNullable<RankingsQuery['level']>;
