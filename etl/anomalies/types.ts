// The anomaly types of metrics.md: "Anomalies for discipline inspection (异常办件)"
// and the row shape of the `anomalies` table (sql/migrations/005_anomalies.sql).

export const CASE_ANOMALY_TYPES = ['time_inversion', 'no_process', 'instant_finish', 'offhours_bulk'] as const;
export const RATING_ANOMALY_TYPES = ['unrectified_bad', 'repeat_bad'] as const;
export const ANOMALY_TYPES = [...CASE_ANOMALY_TYPES, ...RATING_ANOMALY_TYPES] as const;

export type CaseAnomalyType = (typeof CASE_ANOMALY_TYPES)[number];
export type RatingAnomalyType = (typeof RATING_ANOMALY_TYPES)[number];
export type AnomalyType = (typeof ANOMALY_TYPES)[number];

export type AnomalyCounts = Record<AnomalyType, number>;

export const zeroCounts = (): AnomalyCounts =>
  Object.fromEntries(ANOMALY_TYPES.map((t) => [t, 0])) as AnomalyCounts;

/** One row of `anomalies` as inserted (DateTime columns as epoch seconds). */
export interface AnomalyRow {
  generation: number;
  anomaly_type: AnomalyType;
  case_id: string;
  rating_id: string;
  actor_id: string;
  dept_code: string;
  region_code: string;
  item_code: string;
  event_at: number;
  evidence: string;
  detected_at: number;
}

/** Beijing ISO 8601 of epoch seconds, the time format of all evidence: "2025-03-04T09:15:00+08:00". */
export function isoBeijing(seconds: number): string {
  return `${new Date((seconds + 8 * 3600) * 1000).toISOString().slice(0, 19)}+08:00`;
}
