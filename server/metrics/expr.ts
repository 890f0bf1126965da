// SQL conditions shared by several metrics (metrics.md sections cited at each).
// Conditions over Nullable columns are fine inside countIf/sumIf: a NULL
// condition does not count, which is the intended "unknown is not a match".
import { num, raw, sql, type Sql } from '../sql/literal.ts';
import type { MetricConfig } from './config.ts';

// ---- cases -----------------------------------------------------------------

/** metrics.md: Case timeliness — "judged" = the case has a deadline (N known). */
export const JUDGED = raw('has_deadline = 1');

/** Finished after the promised deadline (超期). */
export const LATE = raw('finished_at > due_at');

/** metrics.md: Time rules — "a case with no N … in no deadline metric"; N > 0 for 提速率. */
export const WORKDAY_UNIT = raw(`limit_unit = 'workday'`);

/**
 * Suspended at `t` (metrics.md: Case timeliness — "as_of ≥ the start of one of
 * its intervals and < its end (or the interval is open)").
 * TRICKY: ClickHouse 18.16 loses columns that a lambda only captures, so `t`
 * enters the lambda as an argument (replicate) instead of being captured.
 */
export const suspendedAt = (t: Sql): Sql =>
  sql`(arrayExists((s, e, x) -> s <= x AND x < e, susp_starts, susp_ends, replicate(${t}, susp_starts))
    OR ifNull(open_susp_start <= ${t}, 0))`;

/** Judged, open and not suspended at `t`: the cases that can carry a card. */
export const cardable = (t: Sql): Sql => sql`(${JUDGED} AND NOT ${suspendedAt(t)})`;

/**
 * warn_days = max(1, round(ratio × N)), halves rounded up (metrics.md: 预警).
 * Same float formula as etl/clock/deadline.ts warnDays (the 1e-9 makes
 * 0.35 × 90 = 31.499999999999996 a half), so SQL and TS agree bit for bit.
 */
export const warnDays = (config: Readonly<MetricConfig>): Sql =>
  sql`greatest(1, toInt64(floor(${num(config.warnRatio)} * ifNull(promised_limit, 0) + 0.5 + 1e-9)))`;

// ---- ratings ---------------------------------------------------------------

/** metrics.md: Ratings — 差评 = levels 1–2. */
export const BAD = raw('level <= 2');

/** metrics.md: Ratings — rectified_by(t) = rectify_result is set and rectified_at ≤ t. */
export const rectifiedBy = (t: Sql): Sql => sql`(rectify_result != '' AND ifNull(rectified_at <= ${t}, 0))`;
