// The tables derived from `cases`, rebuilt per case partition by the ETL
// (etl/load/derived.ts) and read instead of `cases` when the read-path
// decider allows it (engine/read-path.ts). sql/README.md: Rollups.
//
// - rollup_cases_<hash>: per case partition, base (accepted/finished), grain
//   (day, month), date, region, dept, channel: every storable aggregate of
//   rollup/columns.ts, plus the first-rating dates of finished cases as
//   (date, count) pairs.
// - cases_open_<hash>: a copy of `cases` sorted by the instant a case stopped
//   being open, so "open at as_of" reads only the cases still open then.
// - rollup_ratings_<hash>: per rating partition, grain, rated date, region,
//   dept (the rating's own, else its case's: resolved when built) and rating
//   channel: every storable aggregate of the ratings source.
//
// Two families, each with its own pending markers: the case family (rebuilt
// per case partition) and the rating family (per rating partition).
//
// The names carry a hash of what the tables hold (the stored aggregates; the
// columns of `cases`), so a changed metric definition or a migration of
// `cases` gets new, empty tables that are rebuilt before they are read.
import { createHash } from 'node:crypto';
import type { Db } from '../../sql/client.ts';
import { int, join, raw, sql, type Sql } from '../../sql/literal.ts';
import { caseAttrsJoin, firstRatingJoin, SOURCES } from '../engine/sources.ts';
import { columnsHash, rollupColumns, type RollupBase, type RollupColumn } from './columns.ts';

/** The case rollup's sources. */
export type CaseBase = Exclude<RollupBase, 'ratings'>;
export const BASE_CODE: Readonly<Record<CaseBase, number>> = { accepted: 1, finished: 2 };
export const GRAIN = { day: 0, month: 1 } as const;

/** When a case stopped being open (finished or withdrawn), or 2100-01-01 while it is open: the copy's sort key. */
export const CLOSED_AT = raw('least(ifNull(finished_at, toDateTime(4102444800)), ifNull(withdrawn_at, toDateTime(4102444800)))');

export type Family = 'cases' | 'ratings';
export const FAMILIES: readonly Family[] = ['cases', 'ratings'];

export interface DerivedTables {
  rollup: string;
  openCopy: string;
  ratingsRollup: string;
  /** A copy of `ratings` with its case's dimensions resolved (`_c_dept`, `_c_region`, `_c_item`): no join at read time. */
  ratingsCopy: string;
  /** The columns of `ratings`, in order (the copy's first columns). */
  ratingColumnNames: readonly string[];
  columns: readonly RollupColumn[];
}

/** The tables of a family (the decider reads a family only when all of them exist). */
export const familyTables = (t: DerivedTables, family: Family): string[] =>
  family === 'cases' ? [t.rollup, t.openCopy] : [t.ratingsRollup, t.ratingsCopy];

const KEY_COLUMNS = ['partition_month', 'base', 'grain', 'day', 'region_code', 'dept_code', 'channel'] as const;
const RATING_KEY_COLUMNS = ['partition_month', 'grain', 'day', 'region_code', 'dept_code', 'channel'] as const;
const RATED_COLUMNS = ['r_days', 'r_counts', 'ra_days', 'ra_counts'] as const;

const cache = new Map<string, Promise<DerivedTables>>();

/** The derived tables' names for this database's `cases` and this build's metric definitions. */
export function derivedTables(db: Db): Promise<DerivedTables> {
  let hit = cache.get(db.database);
  if (!hit) {
    hit = (async () => {
      const columns = rollupColumns();
      const shape = async (table: string) => {
        const described = await db.query<{ name: string; type: string }>(raw(`DESCRIBE TABLE ${table}`));
        return { names: described.map((c) => c.name), hash: createHash('sha256').update(described.map((c) => `${c.name} ${c.type}`).join('\n')).digest('hex').slice(0, 10) };
      };
      const [cases, ratings] = await Promise.all([shape('cases'), shape('ratings')]);
      const hash = columnsHash(columns);
      return {
        rollup: `rollup_cases_${hash}`, openCopy: `cases_open_${cases.hash}`, ratingsRollup: `rollup_ratings_${hash}`,
        ratingsCopy: `ratings_dims_${ratings.hash}`, ratingColumnNames: ratings.names, columns,
      };
    })();
    hit.catch(() => cache.delete(db.database));
    cache.set(db.database, hit);
  }
  return hit;
}

export const stagingOf = (table: string): string => `${table}_staging`;

/** CREATE statements of both tables and their staging twins (IF NOT EXISTS). */
export function createStatements(t: DerivedTables): Sql[] {
  const rollup = raw(`CREATE TABLE IF NOT EXISTS ${t.rollup} (
  partition_month UInt32, base UInt8, grain UInt8, day Date, region_code String, dept_code String, channel String,
  ${caseColumns(t).map((c) => `${c.name} Float64`).join(', ')},
  r_days Array(Date), r_counts Array(UInt64), ra_days Array(Date), ra_counts Array(UInt64)
) ENGINE = MergeTree PARTITION BY partition_month ORDER BY (base, grain, day, region_code, dept_code, channel)`);
  const openCopy = sql`CREATE TABLE IF NOT EXISTS ${raw(t.openCopy)} AS cases
ENGINE = MergeTree PARTITION BY partition_month ORDER BY (${CLOSED_AT}, case_id)`;
  const ratingsRollup = raw(`CREATE TABLE IF NOT EXISTS ${t.ratingsRollup} (
  partition_month UInt32, grain UInt8, day Date, region_code String, dept_code String, channel String,
  ${ratingColumns(t).map((c) => `${c.name} Float64`).join(', ')}
) ENGINE = MergeTree PARTITION BY partition_month ORDER BY (grain, day, region_code, dept_code, channel)`);
  const ratingsCopy = raw(`CREATE TABLE IF NOT EXISTS ${t.ratingsCopy}
ENGINE = MergeTree PARTITION BY partition_month ORDER BY rating_id
AS SELECT *, '' AS _c_dept, '' AS _c_region, '' AS _c_item FROM ratings WHERE 0`);
  const tables: Array<[string, Sql]> = [[t.rollup, rollup], [t.openCopy, openCopy], [t.ratingsRollup, ratingsRollup], [t.ratingsCopy, ratingsCopy]];
  return tables.flatMap(([name, create]) => [create, raw(`CREATE TABLE IF NOT EXISTS ${stagingOf(name)} AS ${name}`)]);
}

const ratingColumns = (t: DerivedTables) => t.columns.filter((c) => c.base === 'ratings');
const caseColumns = (t: DerivedTables) => t.columns.filter((c) => c.base !== 'ratings');

const columnList = (t: DerivedTables): Sql => raw([...KEY_COLUMNS, ...caseColumns(t).map((c) => c.name), ...RATED_COLUMNS].join(', '));

/** Day rows of one base for one case partition, inserted into `target`. */
function dayRowsInsert(t: DerivedTables, base: CaseBase, partition: number, target: string): Sql {
  const src = SOURCES[base];
  if (src.period.kind !== 'date') throw new Error(`rollup base ${base} has no date period`);
  const aggregates = caseColumns(t).map((c) => (c.base === base ? sql`toFloat64(ifNull(${c.aggregate}, 0))` : raw('toFloat64(0)')));
  // (date, count) pairs of first-rating dates: sumMap keeps them sorted and summed.
  const pairs = (day: string, cond: string) =>
    `tupleElement(sumMapIf([toDate(${day})], [toUInt64(1)], ${cond}), 1), tupleElement(sumMapIf([toDate(${day})], [toUInt64(1)], ${cond}), 2)`;
  const rated = base === 'finished'
    ? raw(`${pairs('_r_first', '_r_n > 0')}, ${pairs('_r_first_active', '_r_n_active > 0')}`)
    : raw('emptyArrayDate(), emptyArrayUInt64(), emptyArrayDate(), emptyArrayUInt64()');
  // As the raw finished source computes them, for this partition's cases.
  const firstRating = base === 'finished'
    ? firstRatingJoin(sql`SELECT case_id FROM cases WHERE partition_month = ${int(partition)} AND ${src.where}`)
    : raw('');
  return sql`INSERT INTO ${raw(target)} (${columnList(t)})
SELECT toUInt32(${int(partition)}), toUInt8(${int(BASE_CODE[base])}), toUInt8(${int(GRAIN.day)}), assumeNotNull(${src.period.day}) AS _day,
  region_code, dept_code, toString(channel) AS _channel,
  ${join(aggregates, ',\n  ')},
  ${rated}
FROM cases ${firstRating}
WHERE partition_month = ${int(partition)} AND (${src.where})
GROUP BY _day, region_code, dept_code, _channel`;
}

/** Month rows from the day rows already in `target`. */
function monthRowsInsert(t: DerivedTables, partition: number, target: string): Sql {
  const sums = caseColumns(t).map((c) => `sum(${c.name})`).join(', ');
  return raw(`INSERT INTO ${target} (${columnList(t).text})
SELECT partition_month, base, toUInt8(${GRAIN.month}), toStartOfMonth(day) AS _month, region_code, dept_code, channel,
  ${sums}, tupleElement(sumMap(r_days, r_counts), 1), tupleElement(sumMap(r_days, r_counts), 2),
  tupleElement(sumMap(ra_days, ra_counts), 1), tupleElement(sumMap(ra_days, ra_counts), 2)
FROM ${target}
WHERE partition_month = ${partition} AND grain = ${GRAIN.day}
GROUP BY partition_month, base, _month, region_code, dept_code, channel`);
}

/** The statements that fill `target` (a staging table) with one case partition of the rollup. */
export function rollupPartitionInserts(t: DerivedTables, partition: number, target: string): Sql[] {
  return [
    dayRowsInsert(t, 'accepted', partition, target),
    dayRowsInsert(t, 'finished', partition, target),
    monthRowsInsert(t, partition, target),
  ];
}

/** The statement that fills `target` with one case partition of the open copy. */
export function openCopyPartitionInsert(partition: number, target: string): Sql {
  return sql`INSERT INTO ${raw(target)} SELECT * FROM cases WHERE partition_month = ${int(partition)}`;
}

/**
 * The statements that fill `target` with one rating partition of the rating
 * rollup: dimensions resolved as the raw ratings source resolves them (the
 * rating's own, else its case's current one).
 */
export function ratingsPartitionInserts(t: DerivedTables, partition: number, target: string): Sql[] {
  const src = SOURCES.ratings;
  const columns = ratingColumns(t);
  const list_ = raw([...RATING_KEY_COLUMNS, ...columns.map((c) => c.name)].join(', '));
  // Reads the rating copy, whose case dimensions are resolved (filled first: ratingsCopyPartitionInsert).
  const day = sql`INSERT INTO ${raw(target)} (${list_})
SELECT toUInt32(${int(partition)}), toUInt8(${int(GRAIN.day)}), toDate(rated_at) AS _day,
  ${src.columns.region!} AS _region, ${src.columns.dept!} AS _dept, toString(channel) AS _channel,
  ${join(columns.map((c) => sql`toFloat64(ifNull(${c.aggregate}, 0))`), ',\n  ')}
FROM ${raw(t.ratingsCopy)}
WHERE partition_month = ${int(partition)} AND (${src.where})
GROUP BY _day, _region, _dept, _channel`;
  const month = raw(`INSERT INTO ${target} (${list_.text})
SELECT partition_month, toUInt8(${GRAIN.month}), toStartOfMonth(day) AS _month, region_code, dept_code, channel,
  ${columns.map((c) => `sum(${c.name})`).join(', ')}
FROM ${target}
WHERE partition_month = ${partition} AND grain = ${GRAIN.day}
GROUP BY partition_month, _month, region_code, dept_code, channel`);
  return [day, month];
}

/**
 * Fills `target` with one rating partition of the rating copy: every rating
 * column plus its case's current dept/region/item, as the raw ratings
 * source's case_attrs join computes them.
 */
export function ratingsCopyPartitionInsert(t: DerivedTables, partition: number, target: string): Sql {
  const names = t.ratingColumnNames.join(', ');
  return sql`INSERT INTO ${raw(target)} (${raw(names)}, _c_dept, _c_region, _c_item)
SELECT ${raw(names)}, _c_dept, _c_region, _c_item
FROM ratings ${caseAttrsJoin(sql`SELECT case_id FROM ratings WHERE partition_month = ${int(partition)} AND case_id != ''`)}
WHERE partition_month = ${int(partition)}`;
}
