// zod schemas of the metric endpoints' requests and responses (api.md:
// Endpoints). The dashboard imports the inferred types only (`import type`).
// Error messages are "中文 / English"; the route helper (server/routes/parse.ts)
// names the parameter.
import { z } from 'zod';
import { CHANNELS, RATING_CHANNELS } from '../../etl/contract/records.ts';
import { isValidDate } from '../sql/literal.ts';
import { REGION_LEVELS } from '../sql/regions.ts';

// ---- building blocks ----------------------------------------------------------

const day = z.string().refine(isValidDate, '日期格式应为 YYYY-MM-DD / expected a YYYY-MM-DD date');

/** A comma-separated list (api.md: "Multi-valued filters are comma-separated"). */
const csv = <T extends z.ZodType<string, string>>(item: T, max = 500) =>
  z
    .string()
    .transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(item).min(1, '至少一个取值 / at least one value').max(max, `最多 ${max} 个取值 / at most ${max} values`));

const regionCode = z.string().regex(/^(?:\d{6}|\d{12})$/, '区划代码应为 6 或 12 位数字 / a region code has 6 or 12 digits');
const code = z.string().min(1).max(128, '代码过长 / code too long');
const metricId = z.string().regex(/^[a-z_]{1,64}$|^index:[A-Za-z0-9_-]{1,64}$/, '指标标识无效 / invalid metric id');

export const GROUP_BYS = ['none', 'region', 'dept', 'item'] as const;
export const RANK_BYS = ['region', 'dept', 'item'] as const;
export const GRAINS = ['day', 'week', 'month', 'quarter'] as const;

/** Filters shared by every metric endpoint (api.md). */
export const FilterQuery = z.object({
  region: csv(regionCode).optional(),
  dept: csv(code).optional(),
  item: csv(code).optional(),
  channel: csv(z.enum(CHANNELS, '未知申请渠道 / unknown channel')).optional(),
  ratingChannel: csv(z.enum(RATING_CHANNELS, '未知评价渠道 / unknown rating channel')).optional(),
});

const periodQuery = {
  from: day.optional(),
  to: day.optional(),
};

/** asOf: a date (its 23:59:59 Beijing) or an ISO 8601 instant; parsed by the route. */
const asOf = z.string().max(40);

// ---- requests -----------------------------------------------------------------

export const MetricsQuery = FilterQuery.extend({
  ...periodQuery,
  ids: csv(metricId, 100).optional(),
  groupBy: z.enum(GROUP_BYS, 'groupBy 应为 none|region|dept|item / groupBy is none|region|dept|item').default('none'),
  level: z.enum(REGION_LEVELS, 'level 应为 province|city|county|township / level is province|city|county|township').optional(),
  asOf: asOf.optional(),
});
export type MetricsQuery = z.infer<typeof MetricsQuery>;

export const TrendsQuery = FilterQuery.extend({
  ...periodQuery,
  ids: csv(metricId, 50),
  grain: z.enum(GRAINS, 'grain 应为 day|week|month|quarter / grain is day|week|month|quarter').default('day'),
});
export type TrendsQuery = z.infer<typeof TrendsQuery>;

export const RankingsQuery = FilterQuery.extend({
  ...periodQuery,
  metric: metricId,
  by: z.enum(RANK_BYS, 'by 应为 region|dept|item / by is region|dept|item').default('region'),
  level: z.enum(REGION_LEVELS, 'level 应为 province|city|county|township / level is province|city|county|township').optional(),
  top: z.coerce.number().int().min(1).max(1000).optional(),
  bottom: z.coerce.number().int().min(1).max(1000).optional(),
  minSample: z.coerce.number().int().min(0).max(1_000_000).optional(),
  asOf: asOf.optional(),
});
export type RankingsQuery = z.infer<typeof RankingsQuery>;

// ---- responses ----------------------------------------------------------------

/** metrics.md: Value conventions. */
export const MetricValue = z.object({
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  n: z.number(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
});
export type MetricValue = z.infer<typeof MetricValue>;

export const Unit = z.object({
  kind: z.enum(['region', 'dept', 'item']),
  code: z.string(),
  name: z.string(),
  /** Regions: 1 province … 4 township. */
  level: z.number().int().optional(),
  /** 本级: records coded at this region itself, above the grouping level. */
  self: z.boolean().optional(),
  /** Some records carry a region code missing from the regions table (climbed to this one). */
  climbed: z.boolean().optional(),
  /** 未知区划: the code matched no known region. */
  unknown: z.boolean().optional(),
});
export type Unit = z.infer<typeof Unit>;

/**
 * A drill-down to the cases behind a figure: the case list endpoint with the
 * filter set that reproduces it (base, period, unit, as_of, state).
 */
export const DrillDown = z.object({
  path: z.string(),
  query: z.record(z.string(), z.string()),
});
export type DrillDown = z.infer<typeof DrillDown>;

export const Period = z.object({ from: z.string(), to: z.string() });

export const MetricsRow = z.object({
  unit: Unit.nullable(),
  metrics: z.record(z.string(), MetricValue),
  /** The row's filter set (period, unit, as_of, filters); `drill` adds each metric's base and state. */
  cases: DrillDown,
  drill: z.record(z.string(), DrillDown),
});

export const MetricsResponse = z.object({
  period: Period,
  asOf: z.string(),
  groupBy: z.enum(GROUP_BYS),
  level: z.enum(REGION_LEVELS).nullable(),
  rows: z.array(MetricsRow),
});
export type MetricsResponse = z.infer<typeof MetricsResponse>;

/** 环比 / 同比 of one point: the comparison period, its value and the change. */
export const Comparison = z.object({
  period: Period,
  asOf: z.string(),
  value: MetricValue,
  /** value − comparison value; null when either is null. */
  delta: z.number().nullable(),
  /** delta / |comparison value|; null when the comparison value is null or 0. */
  growth: z.number().nullable(),
});

export const TrendPoint = z.object({
  period: Period,
  asOf: z.string(),
  value: MetricValue,
  /** 环比: the previous bucket of the same kind. */
  mom: Comparison,
  /** 同比: the same bucket a year earlier. */
  yoy: Comparison,
  cases: DrillDown,
});

export const TrendsResponse = z.object({
  period: Period,
  grain: z.enum(GRAINS),
  series: z.array(z.object({ id: z.string(), name: z.string(), unit: z.string(), points: z.array(TrendPoint) })),
});
export type TrendsResponse = z.infer<typeof TrendsResponse>;

export const RankingRow = z.object({
  /** null = not ranked (样本不足, or no value). Ties share the rank (1, 2, 2, 4). */
  rank: z.number().int().nullable(),
  prevRank: z.number().int().nullable(),
  unit: Unit,
  value: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  n: z.number(),
  /** 样本不足: n below the minimum sample. */
  insufficient: z.boolean(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  cases: DrillDown,
});
export type RankingRow = z.infer<typeof RankingRow>;

export const RankingsResponse = z.object({
  metric: z.object({ id: z.string(), name: z.string(), unit: z.string(), direction: z.enum(['up', 'down', 'none']) }),
  period: Period,
  prevPeriod: Period,
  asOf: z.string(),
  by: z.enum(RANK_BYS),
  level: z.enum(REGION_LEVELS).nullable(),
  minSample: z.number().int(),
  /** What the rank is computed on: the Wilson bound for proportions, else the value. */
  rankedBy: z.enum(['wilson_lower', 'wilson_upper', 'value']),
  rows: z.array(RankingRow),
});
export type RankingsResponse = z.infer<typeof RankingsResponse>;

export const CatalogEntry = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  direction: z.enum(['up', 'down', 'none']),
  description: z.string(),
  kind: z.enum(['count', 'proportion', 'mean', 'ratio', 'one_minus']),
  base: z.enum(['accepted', 'finished', 'open', 'ratings', 'bad_ratings', 'catalogue']),
  period: z.enum(['accept_date', 'finish_date', 'as_of', 'rated_at', 'none']),
});
export const CatalogResponse = z.object({ metrics: z.array(CatalogEntry) });
export type CatalogResponse = z.infer<typeof CatalogResponse>;
