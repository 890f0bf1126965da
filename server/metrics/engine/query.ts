// Builds the one query of a source: every requested metric's numerator and
// denominator as aggregate columns, grouped by period and unit.
//
//   SELECT <period> AS _p, <unit> AS _u, <climbed count> AS _x, <aggregates>
//   FROM <table> [ALL LEFT JOIN …]
//   WHERE <source rows> AND <period rows> AND <filters> AND <scope>
//   GROUP BY _p, _u
//
// One period: its bounds are literals. Several (trends, rankings' previous
// period): each row is expanded into the periods it belongs to with arrayJoin
// (engine/period-sql.ts) — a plain GROUP BY, no window functions
// (clickhouse.md) — and as_of is looked up by period index.
import { beijingDate } from '../../../etl/clock/beijing.ts';
import type { Scope } from '../../auth/types.ts';
import { compileFilters, compileScope, type Filter } from '../../sql/filters.ts';
import { date, instant, int, join, raw, sql, type Sql } from '../../sql/literal.ts';
import type { RegionTree } from '../../sql/regions.ts';
import type { MetricConfig } from '../config.ts';
import type { MetricDef } from '../types.ts';
import type { Period } from './periods.ts';
import { arrayOf, maxOf, minOf, periodSelection } from './period-sql.ts';
import { rollupAggregates } from '../rollup/columns.ts';
import { openCopySource, ratingsCopySource, rollupSource } from '../rollup/source.ts';
import type { ReadPath } from './read-path.ts';
import { SOURCES, type JoinName, type PeriodBounds, type SourceId } from './sources.ts';

export type GroupBy =
  | { kind: 'none' }
  | { kind: 'region'; level: number }
  | { kind: 'dept' }
  | { kind: 'item' };

export interface SourceQueryInput {
  source: SourceId;
  metrics: readonly MetricDef[];
  periods: readonly Period[];
  /** workday_seq of each period's as_of date (only read by metrics needing `due_seq`). */
  asOfSeqs: readonly number[];
  groupBy: GroupBy;
  filters: readonly Filter[];
  scope: Scope | null;
  tree: RegionTree;
  config: Readonly<MetricConfig>;
  /** Which table to read (engine/read-path.ts); raw rows when absent. */
  path?: ReadPath;
}

/** The aggregate columns of a query: each distinct fragment once, metrics point at their aliases. */
export interface BuiltQuery {
  sql: Sql;
  /** alias per metric: [numerator, denominator | null] */
  columns: ReadonlyMap<string, [string, string | null]>;
}

export function buildSourceQuery(q: SourceQueryInput): BuiltQuery {
  const path = q.path ?? { kind: 'raw' };
  // The catalogue has no period: one pass serves every period.
  const multi = q.periods.length > 1 && SOURCES[q.source].period.kind !== 'none';
  const periods = multi ? q.periods : q.periods.slice(0, 1);
  if (periods.length > 65_535) throw new Error('too many periods');
  const bounds: PeriodBounds = {
    from: date(minOf(periods.map((p) => p.from))),
    to: date(maxOf(periods.map((p) => p.to))),
    minAsOf: instant(Math.min(...periods.map((p) => p.asOfMs))),
    maxAsOf: instant(Math.max(...periods.map((p) => p.asOfMs))),
  };
  const src = path.kind === 'rollup' ? rollupSource(path.table, path.base, path.months)
    : path.kind === 'open_copy' ? openCopySource(path.table, bounds.minAsOf)
    : path.kind === 'ratings_copy' ? ratingsCopySource(path.table)
    : SOURCES[q.source];

  // Period index _p (1-based) → as_of and its workday_seq. transform() looks
  // them up in a hash table once per row; arrayElement on an array literal
  // would copy the array for every row (measured 20× slower).
  const indices = sql`CAST(${arrayOf(periods.map((_, i) => int(i + 1)))} AS Array(UInt16))`;
  const lookup = (values: readonly number[]): Sql =>
    sql`transform(toUInt16(_p), ${indices}, CAST(${arrayOf(values.map(int))} AS Array(UInt32)), toUInt32(0))`;
  const asOf = multi ? sql`toDateTime(${lookup(periods.map((p) => Math.floor(p.asOfMs / 1000)))})` : instant(periods[0]!.asOfMs);
  const asOfSeq = multi ? lookup(periods.map((_, i) => q.asOfSeqs[i] ?? 0)) : int(q.asOfSeqs[0] ?? 0);

  // ---- aggregates (deduplicated by text) ----
  const aggregates: Sql[] = [];
  const aliasOf = new Map<string, string>();
  const alias = (frag: Sql): string => {
    let a = aliasOf.get(frag.text);
    if (!a) {
      a = `a${aliasOf.size}`;
      aliasOf.set(frag.text, a);
      aggregates.push(sql`${frag} AS ${raw(a)}`);
    }
    return a;
  };
  const ctx = { asOf, asOfSeq, config: q.config };
  const columns = new Map<string, [string, string | null]>();
  for (const m of q.metrics) {
    if (path.kind === 'rollup') {
      const agg = rollupAggregates(m, ctx, path.stored);
      if (!agg) throw new Error(`metric ${m.id} cannot be read from the rollup`);
      columns.set(m.id, [alias(agg.numerator), agg.denominator ? alias(agg.denominator) : null]);
    } else {
      columns.set(m.id, [alias(m.numerator(ctx)), m.denominator ? alias(m.denominator(ctx)) : null]);
    }
  }

  // ---- joins: what the metrics need, and the case attributes of ratings when a dimension is read ----
  const readsDimensions = q.groupBy.kind !== 'none' || q.scope !== null
    || q.filters.some((f) => f.dimension === 'region' || f.dimension === 'dept' || f.dimension === 'item');
  // The rollup stores what the joins would add (rollup/tables.ts).
  const joinNames = new Set<JoinName>(path.kind === 'rollup' ? [] : q.metrics.flatMap((m) => m.needs ?? []));
  if (readsDimensions && src.columnsJoin) joinNames.add(src.columnsJoin);
  if (joinNames.size > 1) throw new Error(`source ${q.source} needs more than one join: ${[...joinNames].join(', ')}`);

  const ratingChannelFilters = q.filters.filter((f) => f.dimension === 'ratingChannel');
  const joinContext = {
    bounds,
    minAsOfDate: date(beijingDate(Math.min(...periods.map((p) => p.asOfMs)))),
    ratingChannel: compileFilters(ratingChannelFilters, { ...src.columns, ratingChannel: raw('channel') }, q.tree),
  };
  const joinSql = [...joinNames].map((name) => {
    const make = src.joins[name];
    if (!make) throw new Error(`source ${q.source} has no join ${name}`);
    return make(joinContext);
  });

  const { column: periodColumn, where: periodWhere } = periodSelection(src.period, periods, bounds);

  // ---- unit ----
  let unitColumn: Sql = raw(`''`);
  let climbed: Sql = raw('toUInt64(0)');
  if (q.groupBy.kind === 'region') {
    unitColumn = q.tree.resolveSql(src.columns.region!);
    climbed = sql`countIf(${q.tree.unknownSql(src.columns.region!)})`;
  } else if (q.groupBy.kind === 'dept') unitColumn = src.columns.dept!;
  else if (q.groupBy.kind === 'item') unitColumn = src.columns.item!;

  const where = join([
    src.where,
    periodWhere,
    compileFilters(q.filters, src.columns, q.tree),
    compileScope(q.scope, src.columns, q.tree),
  ].map((c) => sql`(${c})`), '\n  AND ');

  const text = sql`SELECT ${periodColumn} AS _p, ${unitColumn} AS _u, ${climbed} AS _x,
  ${join(aggregates, ',\n  ')}
FROM ${src.table} ${join(joinSql, ' ')}
WHERE ${where}
GROUP BY _p, _u`;
  return { sql: text, columns };
}

