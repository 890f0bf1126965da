// Ratings lists: the `base=ratings` drill-down of the case list (the ratings
// behind ratings / good_rate / bad_count …) and the 好差评 closed loop
// (GET /api/supervision/bad-ratings). Built from the ratings base of the
// metrics (engine/sources.ts): the same validity condition, the same period
// column, the same dept/region/item columns (the rating's own, else its
// case's, through the same case_attrs join), so totals equal the metrics.
import { rectifiedBy } from '../../etl/anomalies/predicates.ts';
import type { Scope } from '../auth/types.ts';
import { compileFilters, compileScope, type Filter } from '../sql/filters.ts';
import { date, instant, int, join, list, raw, sql, str, type Sql } from '../sql/literal.ts';
import type { RegionTree } from '../sql/regions.ts';
import { BAD } from '../metrics/expr.ts';
import type { Period } from '../metrics/engine/periods.ts';
import { SOURCES } from '../metrics/engine/sources.ts';
import type { BadStatus } from '../api/supervision-schemas.ts';
import type { RegionUnitFilter } from './case-sql.ts';

const SRC = SOURCES.ratings;

/** An invalidated 差评 (申诉复核 upheld): out of every metric, listed on its own. */
export const INVALIDATED_BAD = raw('(level <= 2 AND invalidated = 1)');

export interface RatingQuery {
  /** 'valid' = the metrics' ratings base; 'invalidated' = the invalidated 差评. */
  population: 'valid' | 'invalidated';
  /** Only 差评 (levels 1–2). */
  badOnly: boolean;
  /** 差评 closed-loop statuses at as_of (ORed); empty = any. */
  statuses: readonly BadStatus[];
  period: Period;
  filters: readonly Filter[];
  regionUnit: RegionUnitFilter;
  scope: Scope | null;
  tree: RegionTree;
  where?: Sql;
}

/**
 * The 差评 closed-loop status at `T` (metrics.md: Ratings): rectified_by(T)
 * → 已整改; else past the rectification limit → 逾期未整改 (the unrectified_bad
 * anomaly's rule); else verified_at ≤ T → 已回访; else 待回访. Exclusive.
 */
export const badStatusAt = (T: Sql): Sql => sql`multiIf(${INVALIDATED_BAD}, 'invalidated',
  ${rectifiedBy(T)}, 'rectified',
  ifNull(rectify_limit_at < ${T}, 0), 'overdue',
  ifNull(verified_at <= ${T}, 0), 'visited', 'pending_visit')`;

function ratingWhere(q: RatingQuery): Sql {
  const T = instant(q.period.asOfMs);
  const parts: Sql[] = [
    q.population === 'valid' ? SRC.where : INVALIDATED_BAD,
    SRC.member!({ from: date(q.period.from), to: date(q.period.to), asOf: T }),
    compileFilters(q.filters, SRC.columns, q.tree),
    compileScope(q.scope, SRC.columns, q.tree),
  ];
  if (q.badOnly) parts.push(BAD);
  const region = SRC.columns.region!;
  if (q.regionUnit.selfCodes) {
    parts.push(q.regionUnit.selfCodes.length === 0 ? raw('0') : sql`${q.tree.resolveSql(region)} IN ${list(q.regionUnit.selfCodes, str)}`);
  }
  if (q.regionUnit.unknown) parts.push(sql`${q.tree.resolveSql(region)} = ''`);
  if (q.statuses.length > 0) {
    const byStatus: Record<BadStatus, Sql> = {
      invalidated: INVALIDATED_BAD,
      rectified: sql`(${BAD} AND ${rectifiedBy(T)})`,
      // Same rule as the unrectified_bad anomaly (for valid 差评).
      overdue: sql`(${BAD} AND ifNull(rectify_limit_at < ${T}, 0) AND NOT ${rectifiedBy(T)})`,
      visited: sql`(${BAD} AND NOT ${rectifiedBy(T)} AND NOT ifNull(rectify_limit_at < ${T}, 0) AND ifNull(verified_at <= ${T}, 0))`,
      pending_visit: sql`(${BAD} AND NOT ${rectifiedBy(T)} AND NOT ifNull(rectify_limit_at < ${T}, 0) AND NOT ifNull(verified_at <= ${T}, 0))`,
    };
    parts.push(sql`(${join(q.statuses.map((s) => byStatus[s]), ' OR ')})`);
  }
  if (q.where) parts.push(q.where);
  return join(parts.map((p) => sql`(${p})`), '\n    AND ');
}

export function ratingSelect(q: RatingQuery): Sql {
  const T = instant(q.period.asOfMs);
  const joinSql = SRC.joins.case_attrs!({
    bounds: { from: date(q.period.from), to: date(q.period.to), minAsOf: T, maxAsOf: T },
    minAsOfDate: date(q.period.from),
    ratingChannel: raw('1'),
  });
  return sql`SELECT rating_id, case_id, level, channel, toUnixTimestamp(rated_at) AS rated, rated_at, comment, tags, is_active,
    invalidated, toUnixTimestamp(verified_at) AS verified, toUnixTimestamp(rectified_at) AS rectified, rectify_result,
    toUnixTimestamp(rectify_limit_at) AS rectify_limit,
    ${SRC.columns.dept!} AS _dept, ${SRC.columns.region!} AS _region, ${SRC.columns.item!} AS _item,
    ${badStatusAt(T)} AS _status
  FROM ratings ${joinSql}
  WHERE ${ratingWhere(q)}`;
}

export interface RatingSqlRow {
  rating_id: string;
  case_id: string;
  level: number;
  channel: string;
  rated: number;
  comment: string;
  tags: string[];
  is_active: number;
  invalidated: number;
  verified: number | null;
  rectified: number | null;
  rectify_result: string;
  rectify_limit: number | null;
  _dept: string;
  _region: string;
  _item: string;
  _status: BadStatus;
}

export const RATING_SORT_COLUMNS: Readonly<Record<string, Sql>> = {
  rated_at: raw('rated_at'),
  level: raw('level'),
  case_id: raw('case_id'),
  dept: raw('_dept'),
  region: raw('_region'),
  item: raw('_item'),
};

export function pagedRatingSql(q: RatingQuery, sort: { key: string; desc: boolean }, offset: number, limit: number): Sql {
  const column = RATING_SORT_COLUMNS[sort.key];
  if (!column) throw new Error(`unknown sort key ${sort.key}`);
  return sql`${ratingSelect(q)}
  ORDER BY ${column} ${raw(sort.desc ? 'DESC' : 'ASC')}, rating_id ASC
  LIMIT ${int(offset)}, ${int(limit)}`;
}

export const countRatingSql = (q: RatingQuery): Sql => sql`SELECT count() AS n FROM (${ratingSelect(q)})`;
