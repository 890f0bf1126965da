// Public types of the simulator: options, raw contract rows, results.
import type { Kind } from '../../contract/records.ts';

/**
 * A raw contract row as a source system would send it: field names exactly as
 * in data-contract.md, timestamps as ISO strings with +08:00. `null` or a
 * missing key both mean "absent". Tags are an array (CSV joins them with ';').
 */
export type RawValue = string | number | boolean | null | string[];
export type RawRow = Record<string, RawValue>;

export interface SimulatorOptions {
  /** PRNG seed (default 20250101). */
  seed?: number;
  /** Number of cases (default 60 000). */
  cases?: number;
  /** Months of history ending at endDate (default 12). */
  months?: number;
  /** Last day of data, YYYY-MM-DD (default today's Beijing date); as_of = its 23:59:59 Beijing. */
  endDate?: string;
  /** Share of case/step/rating rows made deliberately invalid (default 0.002). */
  invalidRate?: number;
  /**
   * Departments wanted (default 0: the base ~465). Above the base count, sub-units
   * (派出所, 市场监管所 …) are added to the base departments (scale.ts).
   */
  deptsTarget?: number;
  /** Catalogue items wanted (default 0: the base, ~1.4 per department). Above it, 业务办理项 variants are added. */
  itemsTarget?: number;
  /** Multiplies each region's rating propensity (30–60 % of finished cases; default 1, at most 1.4). */
  ratingScale?: number;
}

export type ResolvedOptions = Required<SimulatorOptions>;

/** What the simulator injected on purpose, to check the ETL and dashboards against. */
export interface Manifest {
  /** Rows emitted per kind (all versions, invalid rows included). */
  rows: Record<Kind, number>;
  /** Deliberately invalid rows per kind and quarantine reason (see invalid.ts). */
  invalid: Record<Kind, Record<string, number>>;
  /** Cases built to trip each anomaly rule of metrics.md (lower bounds: randomness may add more). */
  anomalies: Record<
    'time_inversion' | 'steps_before_accept' | 'instant_finish' | 'no_process' | 'offhours_bulk' | 'offhours_below_threshold' | 'repeat_bad',
    number
  >;
  /** Timeliness as the simulator planned it, judged with its own calendar at asOf. */
  timeliness: Record<
    'finished' | 'finished_late_promised' | 'finished_late_legal' | 'open' | 'open_suspended' | 'open_past_promised' | 'open_past_legal' | 'unknown_item' | 'unknown_region',
    number
  >;
  /** Re-sent rows: older versions after newer ones (stale) and identical repeats (duplicates). */
  revisions: Record<'stale_cases' | 'duplicate_cases' | 'duplicate_steps' | 'rating_updates' | 'item_revisions' | 'region_renames', number>;
  ratings: Record<'total' | 'without_case' | 'system_default' | 'bad' | 'invalidated' | 'rectified' | 'verified', number>;
}

/** Everything generated, materialized (demo sizes). */
export interface SimulatedData {
  seed: number;
  /** First and last day of the case history, YYYY-MM-DD. */
  startDate: string;
  endDate: string;
  /** endDate 23:59:59 Beijing as an ISO string: no timestamp in the data is later. */
  asOf: string;
  regions: RawRow[];
  depts: RawRow[];
  items: RawRow[];
  calendar: RawRow[];
  cases: RawRow[];
  steps: RawRow[];
  ratings: RawRow[];
  manifest: Manifest;
}

/** The rows one case produces (the case itself may be absent for a rating without a case). */
export interface CaseBundle {
  cases: RawRow[];
  steps: RawRow[];
  ratings: RawRow[];
}
