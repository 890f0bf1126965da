// The case rollup seen as a metric source (engine/sources.ts): the engine
// builds its query exactly as for raw rows, with `day` as the date, the stored
// dimensions, and sums of stored aggregates (rollup/columns.ts) as columns.
import { date, int, list, raw, sql } from '../../sql/literal.ts';
import { periodCondition, SOURCES, type PeriodRule, type PeriodSql, type SourceDef } from '../engine/sources.ts';
import type { RollupBase } from './columns.ts';
import { BASE_CODE, CLOSED_AT, GRAIN } from './tables.ts';
import type { Sql } from '../../sql/literal.ts';

/**
 * `months` (YYYY-MM-01) are read from month rows, every other day from day
 * rows: the decider picks months no period cuts, so a month row dated on its
 * first day lands in exactly the periods its days would.
 */
export function rollupSource(table: string, base: RollupBase, months: readonly string[]): SourceDef {
  const grains = months.length > 0
    ? sql`((grain = ${int(GRAIN.month)} AND day IN ${list(months, date)}) OR (grain = ${int(GRAIN.day)} AND toStartOfMonth(day) NOT IN ${list(months, date)}))`
    : sql`grain = ${int(GRAIN.day)}`;
  const period: PeriodRule = { kind: 'date', day: raw('day') };
  const common = { id: base, table: raw(table), period, member: (p: PeriodSql) => periodCondition(period, p)!, joins: {} };
  if (base === 'ratings') {
    // `channel` holds the rating channel; case channels do not apply to ratings (as in the raw source).
    return { ...common, where: grains, columns: { region: raw('region_code'), dept: raw('dept_code'), item: null, channel: null, ratingChannel: raw('channel') } };
  }
  return {
    ...common,
    where: sql`base = ${int(BASE_CODE[base])} AND ${grains}`,
    columns: { region: raw('region_code'), dept: raw('dept_code'), item: null, channel: raw('channel'), ratingChannel: null },
  };
}

/** The open source over the copy sorted by closing instant: only cases still open at `minAsOf` are read. */
export function openCopySource(table: string, minAsOf: Sql): SourceDef {
  return { ...SOURCES.open, table: raw(table), where: sql`${SOURCES.open.where} AND ${CLOSED_AT} > ${minAsOf}` };
}

/** The ratings source over the copy whose case dimensions are resolved: the same columns, no case join. */
export function ratingsCopySource(table: string): SourceDef {
  const { columnsJoin: _join, ...rest } = SOURCES.ratings;
  return { ...rest, table: raw(table), joins: {} };
}
