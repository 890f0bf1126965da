// SQL fragments for query-time use of the anomalies (metrics, lists): the
// latest complete generation, the set of cases with a case anomaly, and the
// as_of-dependent 差评逾期未整改 rule for an arbitrary as_of.
import { int, list, raw, sql, str, type Sql } from '../../server/sql/literal.ts';
import { CASE_ANOMALY_TYPES, type AnomalyType } from './types.ts';

/**
 * The latest complete generation (0 when none was ever completed — then no
 * anomaly is listed). Readers must use this, never max(generation) of
 * `anomalies`, which may name a generation still being written.
 */
export const LATEST_GENERATION: Sql = raw('(SELECT max(generation) FROM anomaly_generations)');

export interface AnomalySetOptions {
  /** A completed generation; default: the latest complete one at query time. */
  generation?: number;
  /** Default: the case anomalies (time_inversion, no_process, instant_finish, offhours_bulk). */
  types?: readonly AnomalyType[];
}

const generationSql = (generation: number | undefined): Sql => (generation === undefined ? LATEST_GENERATION : int(generation));

/** `(SELECT case_id FROM anomalies WHERE …)`: the cases with a case anomaly, for `case_id IN …`. */
export function anomalyCaseIds(opts: AnomalySetOptions | number = {}): Sql {
  const o: AnomalySetOptions = typeof opts === 'number' ? { generation: opts } : opts;
  const types = o.types ?? CASE_ANOMALY_TYPES;
  return sql`(SELECT case_id FROM anomalies WHERE generation = ${generationSql(o.generation)}
    AND anomaly_type IN ${list(types, str)} AND case_id != '')`;
}

/**
 * A condition over a row of `cases` (or anything with a case id column): the
 * case has at least one case anomaly. For anomaly_rate (metrics.md: accepted
 * cases with any case anomaly / accepted): `countIf(${caseHasAnomaly()})`.
 */
export function caseHasAnomaly(opts: AnomalySetOptions & { column?: Sql } = {}): Sql {
  return sql`(${opts.column ?? raw('case_id')} IN ${anomalyCaseIds(opts)})`;
}

/** metrics.md: Ratings — a *valid* 差评: level 1–2 and not invalidated. Over `ratings` columns. */
export const VALID_BAD_RATING: Sql = raw('(level <= 2 AND invalidated = 0)');

/** metrics.md: Ratings — rectified_by(t) = rectify_result is set and rectified_at ≤ t. */
export const rectifiedBy = (t: Sql): Sql => sql`(rectify_result != '' AND ifNull(rectified_at <= ${t}, 0))`;

/**
 * metrics.md: unrectified_bad (差评逾期未整改) at `asOf` (a DateTime
 * expression, e.g. instant(ms)): a valid 差评 whose rectification limit
 * (ratings.rectify_limit_at, the 15th working day's 23:59:59) < as_of and
 * not rectified_by(as_of). Over `ratings` columns.
 */
export const unrectifiedBadAt = (asOf: Sql): Sql =>
  sql`(${VALID_BAD_RATING} AND ifNull(rectify_limit_at < ${asOf}, 0) AND NOT ${rectifiedBy(asOf)})`;
