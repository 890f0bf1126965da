// Configurable defaults of the metric rules, in one place (metrics.md gives
// each default next to its rule). Deployments that change a rule change it here.

export interface MetricConfig {
  /** metrics.md: Case timeliness, 预警 — warn_days = max(1, round-half-up(ratio × N)). */
  warnRatio: number;
  /** metrics.md: Rankings — units with n below this are 样本不足 and not ranked. */
  minSample: number;
  /** metrics.md: Ratings, 满意度 — level → score. */
  satisfaction: Readonly<Record<1 | 2 | 3 | 4 | 5, number>>;
  /**
   * metrics.md: Ratings — the 差评 rectification limit is the 15th working day
   * after date(rated_at). The ETL precomputes it as ratings.rectify_limit_at
   * (etl/load/rows/facts.ts, DEFAULT_RECTIFY_WORKDAYS); stated here for the catalog.
   */
  rectifyWorkdays: number;
}

export const METRIC_CONFIG: Readonly<MetricConfig> = Object.freeze({
  warnRatio: 0.2,
  minSample: 30,
  satisfaction: Object.freeze({ 5: 100, 4: 80, 3: 60, 2: 40, 1: 20 }),
  rectifyWorkdays: 15,
});

/** metrics.md: Value conventions — the Wilson score interval's z. */
export const WILSON_Z = 1.959963984540054;
