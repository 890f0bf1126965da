// 评价率 / 主动评价率 over the rollup: each finished-base rollup row keeps the
// Beijing dates of its cases' first valid (first valid active) rating as
// sorted (date, count) pairs (r_days/r_counts, ra_days/ra_counts, built in
// rollup/tables.ts). A case counts when that date is ≤ date(as_of).
// TRICKY: this equals the raw "first rating ≤ as_of" only when no valid
// rating lies between as_of and the end of its day; the read-path decider
// (engine/read-path.ts) checks that before it uses the rollup for these.
// as_of enters the lambda as an argument (replicate): 18.16 loses columns
// that a lambda only captures (see expr.ts suspendedAt).
import { raw, sql, type Sql } from '../../sql/literal.ts';

export type RatedDaysColumn = 'r_days' | 'ra_days';

const COUNTS: Readonly<Record<RatedDaysColumn, string>> = { r_days: 'r_counts', ra_days: 'ra_counts' };

export const ratedByDay = (column: RatedDaysColumn, asOf: Sql): Sql =>
  sql`sum(arraySum(arrayFilter((n, d, t) -> d <= t, ${raw(COUNTS[column])}, ${raw(column)}, replicate(toDate(${asOf}), ${raw(column)}))))`;
