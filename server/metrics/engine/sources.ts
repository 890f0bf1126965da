// The row sources the bases are computed from (metrics.md: Periods and as_of).
// One ClickHouse query per source and request: every metric of the same base
// is one more aggregate column of that query.
//
// A source says: its table, its always-true conditions, when a row belongs to
// a period (`period`), its dimension columns, and the joins its metrics may need
// (ClickHouse 18.16 allows one JOIN per SELECT; no source needs two).
import { raw, sql, type Sql } from '../../sql/literal.ts';
import type { DimensionColumns } from '../../sql/filters.ts';
import type { Base, Extension } from '../types.ts';

export type SourceId = 'accepted' | 'finished' | 'open' | 'ratings' | 'catalogue';

export const SOURCE_OF_BASE: Readonly<Record<Base, SourceId>> = {
  accepted: 'accepted',
  finished: 'finished',
  open: 'open',
  ratings: 'ratings',
  bad_ratings: 'ratings',
  catalogue: 'catalogue',
};

/** One period's bounds as SQL literals. */
export interface PeriodSql {
  from: Sql;
  to: Sql;
  asOf: Sql;
}

/** The union of all periods: min(from), max(to), min/max as_of. */
export interface PeriodBounds {
  from: Sql;
  to: Sql;
  minAsOf: Sql;
  maxAsOf: Sql;
}

/** Join context: the bounds, plus the rating-channel filter for joins that read ratings. */
export interface JoinContext {
  bounds: PeriodBounds;
  /** workday_seq rows are needed from this date on (date of the earliest as_of). */
  minAsOfDate: Sql;
  ratingChannel: Sql;
}

/**
 * How a source's rows belong to periods: by a Beijing date column (`day`), by
 * being open at the period's as_of (`member`, with a cheap superset over many
 * periods as `prefilter`), or not at all (the catalogue: the same for every period).
 */
export type PeriodRule =
  | { kind: 'date'; day: Sql }
  | {
      kind: 'as_of';
      member: (asOf: Sql) => Sql;
      prefilter: (b: PeriodBounds) => Sql;
      /**
       * The same rule for an as_of at 23:59:59 of day D, on day numbers:
       * member ⟺ start ≤ D < end (lets many end-of-day periods use a lookup table).
       */
      days: { start: Sql; end: Sql };
    }
  | { kind: 'none' };

export type JoinName = Extension | 'case_attrs';

export interface SourceDef {
  id: SourceId;
  table: Sql;
  where: Sql;
  period: PeriodRule;
  /**
   * The condition of one period (derived from `period`; null for the
   * catalogue). For readers of a single period outside the engine.
   */
  member: ((p: PeriodSql) => Sql) | null;
  /** Dimension columns; `columnsJoin` names the join they read, if any. */
  columns: DimensionColumns;
  columnsJoin?: JoinName;
  joins: Partial<Record<JoinName, (c: JoinContext) => Sql>>;
}

type SourceSpec = Omit<SourceDef, 'member'>;

/** The single-period condition of a period rule. */
export function periodCondition(rule: PeriodRule, p: PeriodSql): Sql | null {
  switch (rule.kind) {
    case 'date':
      return sql`${rule.day} >= ${p.from} AND ${rule.day} <= ${p.to}`;
    case 'as_of':
      return rule.member(p.asOf);
    case 'none':
      return null;
  }
}

const withMember = (spec: SourceSpec): SourceDef => ({
  ...spec,
  member: spec.period.kind === 'none' ? null : (p) => periodCondition(spec.period, p)!,
});

/**
 * Each case's earliest valid (and earliest valid active) rating, for the
 * cases `caseIds` selects: 评价率 / 主动评价率 ("a valid rating rated_at ≤
 * as_of"). Read at query time (finished source) and when the case rollup is
 * built (rollup/tables.ts).
 */
export const firstRatingJoin = (caseIds: Sql, ratingChannel: Sql = raw('1')): Sql => sql`ALL LEFT JOIN (
        SELECT case_id, count() AS _r_n, min(rated_at) AS _r_first,
          countIf(is_active = 1) AS _r_n_active, minIf(rated_at, is_active = 1) AS _r_first_active
        FROM ratings
        WHERE case_id != '' AND NOT (level <= 2 AND invalidated = 1) AND ${ratingChannel}
          AND case_id IN (${caseIds})
        GROUP BY case_id) USING case_id`;

/**
 * The current dept/region/item of the cases `caseIds` selects, for ratings
 * that lack their own. TRICKY: argMax per case_id keeps the join one-to-one
 * even while an import briefly holds two versions of a case (sql/README.md).
 * Read at query time (ratings source) and when the rating copy is built.
 */
export const caseAttrsJoin = (caseIds: Sql): Sql => sql`ALL LEFT JOIN (
        SELECT case_id, argMax(dept_code, version) AS _c_dept, argMax(region_code, version) AS _c_region,
          argMax(item_code, version) AS _c_item
        FROM cases
        WHERE case_id IN (${caseIds})
        GROUP BY case_id) USING case_id`;

const CASE_COLUMNS: DimensionColumns = {
  region: raw('region_code'),
  dept: raw('dept_code'),
  item: raw('item_code'),
  channel: raw('channel'),
  ratingChannel: null,
};

/** metrics.md: Base cases, accepted — status ≠ not_accepted (accept_date is NULL for those) and date(accepted_at) in the period. */
const accepted: SourceSpec = {
  id: 'accepted',
  table: raw('cases'),
  where: raw('accept_date IS NOT NULL'),
  period: { kind: 'date', day: raw('accept_date') },
  columns: CASE_COLUMNS,
  joins: {},
};

/** metrics.md: Base cases, finished — status finished or denied and date(finished_at) in the period. */
const finished: SourceSpec = {
  id: 'finished',
  table: raw('cases'),
  where: raw(`status IN ('finished', 'denied')`),
  period: { kind: 'date', day: raw('finish_date') },
  columns: CASE_COLUMNS,
  joins: {
    first_rating: (c) => firstRatingJoin(
      sql`SELECT case_id FROM cases WHERE status IN ('finished', 'denied')
            AND finish_date >= ${c.bounds.from} AND finish_date <= ${c.bounds.to}`,
      c.ratingChannel),
  },
};

/**
 * metrics.md: Open cases at as_of — accepted_at ≤ as_of, no finished_at ≤
 * as_of, not withdrawn by as_of (withdrawn_at holds the effective withdrawal:
 * the ETL stores updated_at for a withdrawn case without one). The current
 * version of each case is read through these timestamps.
 */
const open: SourceSpec = {
  id: 'open',
  table: raw('cases'),
  where: raw('accept_date IS NOT NULL'),
  period: {
    kind: 'as_of',
    member: (t) => sql`accepted_at <= ${t} AND (finished_at IS NULL OR finished_at > ${t})
      AND (withdrawn_at IS NULL OR withdrawn_at > ${t})`,
    prefilter: (b) => sql`accepted_at <= ${b.maxAsOf} AND (finished_at IS NULL OR finished_at > ${b.minAsOf})
      AND (withdrawn_at IS NULL OR withdrawn_at > ${b.minAsOf})`,
    // accepted_at ≤ D 23:59:59 ⟺ accept_date ≤ D; finished_at > D 23:59:59 ⟺ date(finished_at) > D.
    days: {
      start: raw('toInt64(assumeNotNull(accept_date))'),
      end: raw('least(ifNull(toInt64(finish_date), 999999), ifNull(toInt64(toDate(withdrawn_at)), 999999))'),
    },
  },
  columns: CASE_COLUMNS,
  joins: {
    // workday_seq of each case's due_date (预警: working days in (a, b] = seq(b) − seq(a)).
    // argMax: the calendar is rebuilt as a new version; never count a day twice.
    due_seq: (c) => sql`ALL LEFT JOIN (
        SELECT date AS due_date, argMax(workday_seq, version) AS _due_seq
        FROM calendar WHERE date >= ${c.minAsOfDate} GROUP BY date) USING due_date`,
  },
};

/**
 * metrics.md: Base ratings — valid ratings (all but 差评 marked invalidated)
 * with date(rated_at) in the period. Dept/region/item are the rating's own, or
 * its case's when missing, looked up at query time (`case_attrs`).
 */
const ratingsSource: SourceSpec = {
  id: 'ratings',
  table: raw('ratings'),
  where: raw('NOT (level <= 2 AND invalidated = 1)'),
  period: { kind: 'date', day: raw('toDate(rated_at)') },
  columns: {
    region: raw(`if(region_code != '', region_code, _c_region)`),
    dept: raw(`if(dept_code != '', dept_code, _c_dept)`),
    item: raw(`if(item_code != '', item_code, _c_item)`),
    channel: null,
    ratingChannel: raw('channel'),
  },
  columnsJoin: 'case_attrs',
  joins: {
    case_attrs: (c) => caseAttrsJoin(sql`SELECT case_id FROM ratings WHERE case_id != ''
          AND toDate(rated_at) >= ${c.bounds.from} AND toDate(rated_at) <= ${c.bounds.to}`),
  },
};

/** metrics.md: compression_rate — the catalogue, no period. FINAL: a small table, exact whatever its merge state. */
const catalogue: SourceSpec = {
  id: 'catalogue',
  table: raw('items FINAL'),
  where: raw('1'),
  period: { kind: 'none' },
  columns: { region: raw('region_code'), dept: raw('dept_code'), item: raw('item_code'), channel: null, ratingChannel: null },
  joins: {},
};

export const SOURCES: Readonly<Record<SourceId, SourceDef>> = {
  accepted: withMember(accepted),
  finished: withMember(finished),
  open: withMember(open),
  ratings: withMember(ratingsSource),
  catalogue: withMember(catalogue),
};
