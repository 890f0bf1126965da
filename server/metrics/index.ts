// The metric registry: the allow-list of every metric the API computes
// (style.md: an unknown metric id is a 400, never a fall-through). One metric
// per file; adding one (anomaly_rate arrives with the supervision issue) is one
// file plus one line here.
import { badRequest } from '../errors.ts';
import { accepted } from './accepted.ts';
import { active_rate } from './active_rate.ts';
import { anomaly_rate } from './anomaly_rate.ts';
import { avg_elapsed } from './avg_elapsed.ts';
import { avg_trips } from './avg_trips.ts';
import { bad_count } from './bad_count.ts';
import { compression_rate } from './compression_rate.ts';
import { early_rate } from './early_rate.ts';
import { finished } from './finished.ts';
import { full_online_rate } from './full_online_rate.ts';
import { good_rate } from './good_rate.ts';
import { immediate_rate } from './immediate_rate.ts';
import { legal_overdue } from './legal_overdue.ts';
import { max_one_trip_rate } from './max_one_trip_rate.ts';
import { one_window_rate } from './one_window_rate.ts';
import { online_rate } from './online_rate.ts';
import { ontime_rate } from './ontime_rate.ts';
import { open } from './open.ts';
import { overdue_finished } from './overdue_finished.ts';
import { overdue_open } from './overdue_open.ts';
import { overdue_open_rate } from './overdue_open_rate.ts';
import { overdue_rate } from './overdue_rate.ts';
import { rating_rate } from './rating_rate.ts';
import { ratings } from './ratings.ts';
import { rectify_ontime_rate } from './rectify_ontime_rate.ts';
import { rectify_rate } from './rectify_rate.ts';
import { red_finished } from './red_finished.ts';
import { red_open } from './red_open.ts';
import { satisfaction } from './satisfaction.ts';
import { speedup_rate } from './speedup_rate.ts';
import type { MetricDef } from './types.ts';
import { verify_rate } from './verify_rate.ts';
import { very_good_rate } from './very_good_rate.ts';
import { warning } from './warning.ts';
import { yellow_finished } from './yellow_finished.ts';
import { yellow_open } from './yellow_open.ts';
import { zero_trip_rate } from './zero_trip_rate.ts';

/** In metrics.md order (the catalog lists them so). */
export const METRICS: readonly MetricDef[] = Object.freeze([
  // Case timeliness
  accepted, finished, ontime_rate, overdue_rate, overdue_finished, yellow_finished, red_finished, legal_overdue,
  early_rate, avg_elapsed, speedup_rate, immediate_rate, compression_rate,
  // Open cases at as_of
  open, warning, yellow_open, red_open, overdue_open, overdue_open_rate,
  // Convenience
  one_window_rate, online_rate, full_online_rate, zero_trip_rate, max_one_trip_rate, avg_trips,
  // Ratings
  rating_rate, active_rate, ratings, good_rate, very_good_rate, satisfaction, bad_count, verify_rate, rectify_rate,
  rectify_ontime_rate,
  // Anomalies
  anomaly_rate,
]);

const BY_ID: ReadonlyMap<string, MetricDef> = new Map(METRICS.map((m) => [m.id, m]));

export const METRIC_IDS: readonly string[] = METRICS.map((m) => m.id);

export function isMetricId(id: string): boolean {
  return BY_ID.has(id);
}

/** The definitions of `ids`, in the order given; a 400 naming the first unknown id. */
export function metricsByIds(ids: readonly string[]): MetricDef[] {
  return ids.map((id) => {
    const def = BY_ID.get(id);
    if (!def) throw badRequest(`未知指标：${id}`, `Unknown metric: ${id}`, 'unknown_metric');
    return def;
  });
}

export type { MetricDef } from './types.ts';
