// The shape of one metric definition (metrics.md: "One metric = one
// definition, in one place in the code (a registry)").
import type { Sql } from '../sql/literal.ts';
import type { MetricConfig } from './config.ts';

export type Direction = 'up' | 'down' | 'none';

/**
 * How numerator and denominator become a value (metrics.md: Value conventions):
 * count — value = the count; proportion — num/den with a Wilson ci;
 * mean — sum/count; ratio — num/den without ci; one_minus — 1 − num/den.
 */
export type MetricKind = 'count' | 'proportion' | 'mean' | 'ratio' | 'one_minus';

/**
 * The population a metric is computed over (metrics.md: Periods and as_of).
 * `bad_ratings` is the 差评 subset of `ratings`: it shares the ratings query.
 */
export type Base = 'accepted' | 'finished' | 'open' | 'ratings' | 'bad_ratings' | 'catalogue';

/** The field a base is bucketed by; `as_of` = state at the instant, `none` = no period (catalogue). */
export type PeriodField = 'accept_date' | 'finish_date' | 'as_of' | 'rated_at' | 'none';

/** Extra columns a metric needs, joined into its base query (one join per query on 18.16). */
export type Extension = 'first_rating' | 'due_seq';

/** What a metric's SQL may depend on. Every fragment is built with literal.ts. */
export interface MetricContext {
  /** The as_of instant: a DateTime expression (a literal, or the period's element in a multi-period query). */
  asOf: Sql;
  /** workday_seq of date(as_of) (needs the `due_seq` extension). */
  asOfSeq: Sql;
  config: Readonly<MetricConfig>;
}

/** How the case list (supervision) reproduces a figure: base and card/late state. */
export interface DrillSpec {
  state?: 'warning' | 'yellow' | 'red' | 'yellow,red' | 'late_finished';
  /** Extra filters the list understands, e.g. {bad: '1'} for 差评. */
  extra?: Readonly<Record<string, string>>;
}

export interface MetricDef {
  id: string;
  /** 中文 name shown in the UI. */
  name: string;
  /** Display unit: 件, 比率, 工作日, 次, 分. Rates are fractions; the UI renders %. */
  unit: string;
  direction: Direction;
  kind: MetricKind;
  base: Base;
  period: PeriodField;
  /** 中文 description (the metrics.md definition). */
  description: string;
  /**
   * Additive ClickHouse aggregates (count/countIf/sum/sumIf only): per-unit
   * results are summed in TypeScript to roll units up, so nothing else is allowed.
   */
  numerator: (c: MetricContext) => Sql;
  /** Absent for counts. */
  denominator?: (c: MetricContext) => Sql;
  needs?: readonly Extension[];
  /**
   * For a metric whose numerator reads as_of or a join: the same numerator as
   * an aggregate over the case rollup's rows (server/metrics/rollup). Without
   * it, a numerator is served by the rollup only when it reads nothing but
   * the case row.
   */
  rollup?: { numerator: (c: MetricContext) => Sql };
  drill?: DrillSpec;
}
