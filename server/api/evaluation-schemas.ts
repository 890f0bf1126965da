// Request and response schemas of the evaluation module (综合指数 / 第三方评估):
// index systems, scorecards, exports, verification, external indicators,
// monthly notices. The dashboard imports their inferred types only.
import { z } from 'zod';
import { REGION_LEVELS } from '../sql/regions.ts';
import { DrillDown, MetricValue, Unit } from './schemas.ts';

const dateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '应为 YYYY-MM-DD 日期 / expected a YYYY-MM-DD date');

export const DIRECTIONS = ['up', 'down'] as const;

/** metrics.md: Composite indices — each leaf's normalization to 0–100. */
export const Normalization = z.discriminatedUnion('method', [
  z.object({ method: z.literal('linear'), params: z.object({}).strict().optional() }),
  z.object({ method: z.literal('minmax'), params: z.object({}).strict().optional() }),
  z.object({ method: z.literal('target'), params: z.object({ target: z.number().positive().finite() }) }),
  z.object({
    method: z.literal('bands'),
    params: z.object({ bands: z.array(z.tuple([z.number().finite(), z.number().min(0).max(100)])).min(1).max(100) }),
  }),
  z.object({ method: z.literal('rank'), params: z.object({}).strict().optional() }),
  z.object({ method: z.literal('zscore'), params: z.object({}).strict().optional() }),
]);
export type Normalization = z.infer<typeof Normalization>;

export const LeafSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('metric'), id: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('external'), code: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, '外部指标编码无效 / invalid external indicator code') }),
]);
export type LeafSource = z.infer<typeof LeafSource>;

export interface IndexNode {
  name: string;
  weight: number;
  /** Leaves only: a key unique in the tree (default: the metric id / `ext:<code>`). */
  key?: string;
  source?: LeafSource;
  normalization?: Normalization;
  /** Leaves only; default: the metric's direction (`none` → up), external → up. */
  direction?: (typeof DIRECTIONS)[number];
  /** Leaves only: the raw value is clipped to [lo, hi] before scoring (提速率 → [0, 1]). */
  clip?: [number, number];
  children?: IndexNode[];
}

export const IndexNode: z.ZodType<IndexNode> = z.lazy(() =>
  z.object({
    name: z.string().min(1).max(100),
    weight: z.number().min(0).max(1),
    key: z.string().regex(/^[A-Za-z0-9_:.-]{1,80}$/).optional(),
    source: LeafSource.optional(),
    normalization: Normalization.optional(),
    direction: z.enum(DIRECTIONS).optional(),
    clip: z.tuple([z.number().finite(), z.number().finite()]).optional(),
    children: z.array(IndexNode).min(1).max(100).optional(),
  }).strict(),
);

/** The body of POST /api/evaluation/index-systems, and the JSON import/export format. */
export const IndexSystemInput = z.object({
  /** The family: every POST with the same code appends a version. */
  // `<code>-v<n>` names a version (and fits `index:<id>` of /api/rankings), so a code never ends in -v<digits>.
  code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,55}$/, 'code 应为小写字母、数字、-、_ / code is lower-case letters, digits, - and _')
    .refine((c) => !/-v\d+$/.test(c), 'code 不能以 -v<数字> 结尾 / code cannot end in -v<digits>'),
  name: z.string().min(1).max(100),
  description: z.string().max(2000).default(''),
  /** Units with n below this are 样本不足 on a metric leaf (missing). */
  minSample: z.number().int().min(0).max(1_000_000).default(30),
  children: z.array(IndexNode).min(1).max(100),
}).strict();
export type IndexSystemInput = z.infer<typeof IndexSystemInput>;

export const IndexSystem = z.object({
  /** `<code>-v<version>`: names one immutable version (`index:<id>`). */
  id: z.string(),
  code: z.string(),
  version: z.number().int(),
  name: z.string(),
  description: z.string(),
  minSample: z.number().int(),
  children: z.array(IndexNode),
  builtIn: z.boolean(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type IndexSystem = z.infer<typeof IndexSystem>;

export const ScorecardRequest = z.object({
  systemId: z.string().min(1).max(100),
  from: dateText,
  to: dateText,
  by: z.enum(['region', 'dept']).default('region'),
  level: z.enum(REGION_LEVELS).optional(),
}).strict();
export type ScorecardRequest = z.infer<typeof ScorecardRequest>;

export const LeafResult = z.object({
  /** The raw value (after clipping), null when missing. */
  value: z.number().nullable(),
  raw: MetricValue.nullable(),
  score: z.number().nullable(),
  /** null = present; else why it is missing. */
  missing: z.enum(['no_data', 'insufficient', 'unavailable']).nullable(),
  cases: DrillDown.nullable(),
});
export type LeafResult = z.infer<typeof LeafResult>;

export const ScorecardLine = z.object({
  unit: Unit,
  composite: z.number().nullable(),
  rank: z.number().int().nullable(),
  /** Score of each top-level dimension (by name), null when the whole dimension is missing. */
  subtotals: z.record(z.string(), z.number().nullable()),
  leaves: z.record(z.string(), LeafResult),
  missingLeaves: z.array(z.string()),
});
export type ScorecardLine = z.infer<typeof ScorecardLine>;

export const DataWatermark = z.object({
  facts: z.record(z.string(), z.object({ maxVersion: z.string(), rows: z.string() })),
  lastOkRuns: z.record(z.string(), z.string()),
  external: z.string(),
});
export type DataWatermark = z.infer<typeof DataWatermark>;

/** The frozen content whose canonical JSON is hashed. */
export const ScorecardContent = z.object({
  id: z.string(),
  title: z.string(),
  system: IndexSystem,
  period: z.object({ from: z.string(), to: z.string() }),
  asOf: z.string(),
  by: z.enum(['region', 'dept']),
  level: z.enum(REGION_LEVELS).nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  recomputedFrom: z.string().nullable(),
  dataWatermark: DataWatermark,
  notes: z.array(z.string()),
  lines: z.array(ScorecardLine),
});
export type ScorecardContent = z.infer<typeof ScorecardContent>;

export const Scorecard = ScorecardContent.extend({ sha256: z.string(), shortCode: z.string() });
export type Scorecard = z.infer<typeof Scorecard>;

export const ScorecardSummary = z.object({
  id: z.string(), systemId: z.string(), title: z.string(), period: z.object({ from: z.string(), to: z.string() }),
  by: z.string(), level: z.string().nullable(), createdAt: z.string(), createdBy: z.string(), sha256: z.string(),
  shortCode: z.string(), recomputedFrom: z.string().nullable(),
});
export type ScorecardSummary = z.infer<typeof ScorecardSummary>;

export const ExportQuery = z.object({ format: z.enum(['xlsx', 'csv', 'pdf']) });

export const VerifyResult = z.object({
  valid: z.boolean(),
  scorecardId: z.string().nullable(),
  reason: z.string(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

export const ExternalListQuery = z.object({
  code: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});
