// Anomalies for discipline inspection (异常办件, metrics.md) — public API.
// See README.md for the storage design.
export { DEFAULT_ANOMALY_CONFIG, resolveAnomalyConfig, type AnomalyConfig, type ResolvedAnomalyConfig } from './config.ts';
export { latestGeneration, type GenerationInfo } from './generations.ts';
export {
  anomalyCaseIds, caseHasAnomaly, LATEST_GENERATION, rectifiedBy, unrectifiedBadAt, VALID_BAD_RATING, type AnomalySetOptions,
} from './predicates.ts';
export { recomputeAnomalies, type RecomputeAnomaliesOptions, type RecomputeAnomaliesResult } from './recompute.ts';
export {
  ANOMALY_TYPES, CASE_ANOMALY_TYPES, RATING_ANOMALY_TYPES, type AnomalyCounts, type AnomalyType, type CaseAnomalyType,
  type RatingAnomalyType,
} from './types.ts';
