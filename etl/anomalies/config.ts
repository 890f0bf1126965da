// The configurable thresholds of the anomaly rules, with the defaults of
// metrics.md: "Anomalies for discipline inspection (异常办件)". One place: the
// detectors read only the resolved config, and every finding's evidence
// records the thresholds it was judged by.

export interface AnomalyConfig {
  /** time_inversion: accepted_at < submitted_at − this many minutes. */
  inversionToleranceMinutes: number;
  /** instant_finish: finished_at − accepted_at < this many minutes (cases with N ≥ 1). */
  instantFinishMinutes: number;
  /** offhours_bulk: a finish before this time of day (Beijing), in minutes after midnight, is off-hours (08:00). */
  dayStartMinute: number;
  /** offhours_bulk: a finish at or after this time of day (Beijing) is off-hours (20:00). */
  dayEndMinute: number;
  /** offhours_bulk: the window [t, t + this] (both ends included). */
  bulkWindowMinutes: number;
  /** offhours_bulk: cases of one actor a window must hold — the case itself and ≥ this − 1 others. */
  bulkMinCases: number;
  /** repeat_bad: the window [t, t + this many days] by rated_at (both ends included). */
  repeatBadWindowDays: number;
  /** repeat_bad: valid 差评 on cases of one actor a window must hold. */
  repeatBadMinRatings: number;
}

export const DEFAULT_ANOMALY_CONFIG: Readonly<AnomalyConfig> = Object.freeze({
  inversionToleranceMinutes: 5,
  instantFinishMinutes: 10,
  dayStartMinute: 8 * 60,
  dayEndMinute: 20 * 60,
  bulkWindowMinutes: 30,
  bulkMinCases: 20,
  repeatBadWindowDays: 30,
  repeatBadMinRatings: 3,
});

/** The thresholds as whole seconds (the columns hold whole seconds), as the detectors use them. */
export interface ResolvedAnomalyConfig extends Readonly<AnomalyConfig> {
  readonly inversionToleranceSeconds: number;
  readonly instantFinishSeconds: number;
  readonly bulkWindowSeconds: number;
  readonly repeatBadWindowSeconds: number;
}

export class AnomalyConfigError extends Error {
  override name = 'AnomalyConfigError';
}

function wholeSeconds(name: keyof AnomalyConfig, value: number, perUnit: number): number {
  const seconds = value * perUnit;
  if (!Number.isFinite(value) || value < 0 || !Number.isSafeInteger(Math.round(seconds)) || Math.abs(seconds - Math.round(seconds)) > 1e-6) {
    throw new AnomalyConfigError(`${name} must be a non-negative number of whole seconds, got ${String(value)}`);
  }
  return Math.round(seconds);
}

function count(name: keyof AnomalyConfig, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new AnomalyConfigError(`${name} must be an integer ≥ 1, got ${String(value)}`);
  return value;
}

/** Defaults overridden by `overrides`, checked; throws AnomalyConfigError on a nonsensical value. */
export function resolveAnomalyConfig(overrides: Partial<AnomalyConfig> = {}): ResolvedAnomalyConfig {
  const c: AnomalyConfig = { ...DEFAULT_ANOMALY_CONFIG };
  for (const [key, value] of Object.entries(overrides) as Array<[keyof AnomalyConfig, number | undefined]>) {
    if (!Object.hasOwn(DEFAULT_ANOMALY_CONFIG, key)) throw new AnomalyConfigError(`unknown anomaly setting: ${String(key)}`);
    if (value !== undefined) c[key] = value;
  }
  for (const key of ['dayStartMinute', 'dayEndMinute'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 0 || c[key] > 24 * 60) {
      throw new AnomalyConfigError(`${key} must be a whole minute of the day (0–1440), got ${String(c[key])}`);
    }
  }
  if (c.dayStartMinute > c.dayEndMinute) throw new AnomalyConfigError('dayStartMinute must not be after dayEndMinute');
  return Object.freeze({
    ...c,
    bulkMinCases: count('bulkMinCases', c.bulkMinCases),
    repeatBadMinRatings: count('repeatBadMinRatings', c.repeatBadMinRatings),
    inversionToleranceSeconds: wholeSeconds('inversionToleranceMinutes', c.inversionToleranceMinutes, 60),
    instantFinishSeconds: wholeSeconds('instantFinishMinutes', c.instantFinishMinutes, 60),
    bulkWindowSeconds: wholeSeconds('bulkWindowMinutes', c.bulkWindowMinutes, 60),
    repeatBadWindowSeconds: wholeSeconds('repeatBadWindowDays', c.repeatBadWindowDays, 86_400),
  });
}

/** 'HH:MM' of a minute of the day, for evidence. */
export const clockOfMinute = (m: number): string =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The thresholds as they appear in evidence (the configured units, not seconds). */
export function thresholdsOf(c: ResolvedAnomalyConfig) {
  return {
    time_inversion: { tolerance_minutes: c.inversionToleranceMinutes },
    instant_finish: { threshold_minutes: c.instantFinishMinutes, min_promised_limit: 1 },
    no_process: { min_promised_limit: 1, process_step_types: ['review', 'decide'] },
    offhours_bulk: {
      day_start: clockOfMinute(c.dayStartMinute), day_end: clockOfMinute(c.dayEndMinute),
      non_working_days: true, window_minutes: c.bulkWindowMinutes, min_cases: c.bulkMinCases,
    },
    unrectified_bad: { rectify_limit: 'ratings.rectify_limit_at' },
    repeat_bad: { window_days: c.repeatBadWindowDays, min_ratings: c.repeatBadMinRatings },
  } as const;
}
