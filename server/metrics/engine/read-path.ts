// The raw-vs-rollup decider (style.md; sql/README.md: Rollups): the one place
// that says which table a metric query reads. Every path gives the same
// numbers — the rollup equality test (test/rollup-equality.test.ts) checks it.
//
// - accepted/finished (ratings) metrics read the case (rating) rollup when
//   every filter and the grouping are on region, dept or a channel, the rules are the stored ones,
//   and nothing is pending a rebuild; whole months read month rows, the rest
//   day rows. 评价率/主动评价率 also need as_of to fall at a day's end, or no
//   valid rating between as_of and that day's end (their rollup keeps dates).
// - open-at-as_of metrics read the copy of `cases` sorted by closing instant,
//   restricted to cases still open at the earliest as_of (a primary-key range).
// - other ratings metrics read the copy of `ratings` whose case dimensions are
//   resolved, instead of joining `cases` at read time.
// - everything else, and everything while a rebuild is pending, reads raw rows.
import { addDays, beijingDate, endOfBeijingDay } from '../../../etl/clock/beijing.ts';
import type { Db } from '../../sql/client.ts';
import type { Filter } from '../../sql/filters.ts';
import { instant, list, raw, sql, str } from '../../sql/literal.ts';
import { MARKER_OF } from '../../../etl/load/derived.ts';
import { METRIC_CONFIG, type MetricConfig } from '../config.ts';
import { rollupAggregates, type RollupBase } from '../rollup/columns.ts';
import { derivedTables, familyTables, type DerivedTables, type Family } from '../rollup/tables.ts';
import type { MetricDef } from '../types.ts';
import type { Period } from './periods.ts';
import type { GroupBy } from './query.ts';
import type { SourceId } from './sources.ts';

export type ReadPath =
  | { kind: 'raw' }
  /** `months`: first days (YYYY-MM-01) of the months read from month rows; other days from day rows. */
  | { kind: 'rollup'; table: string; base: RollupBase; months: readonly string[]; stored: ReadonlySet<string> }
  | { kind: 'open_copy'; table: string }
  /** Ratings with their case's dimensions already resolved: the raw ratings rows without the case join. */
  | { kind: 'ratings_copy'; table: string };

export interface ReadPathState {
  /** Changes whenever a table the metrics read gets, merges or loses a part (result-cache key). */
  watermark: string;
  /** Whether the watermark sees every write (not on a cluster). */
  cacheable: boolean;
  tables: DerivedTables;
  /** Per family: its tables exist and none of its partitions waits for a rebuild. */
  usable: Readonly<Record<Family, boolean>>;
}

// Tables whose writes never change a metric (sessions, audit, run bookkeeping).
const NOT_READ_BY_METRICS = ['audit_log', 'sessions', 'users', 'etl_runs', 'etl_watermarks', 'quarantine', 'schema_migrations'];

/** One round trip: the data watermark and which derived tables may be read. */
export async function readPathState(db: Db): Promise<ReadPathState> {
  const t = await derivedTables(db);
  // Cluster mode: the derived tables are not built (etl/load/derived.ts), and
  // system.parts of one server cannot see the other shards' writes, so no
  // watermark — the result cache is bypassed (cacheable: false).
  if (db.cluster) return { watermark: '', cacheable: false, tables: t, usable: { cases: false, ratings: false } };
  const [row] = await db.query<{ watermark: string; tables: string[]; pending: string[] }>(sql`SELECT
      (SELECT toString(sum(cityHash64(table, name))) FROM system.parts
        WHERE database = currentDatabase() AND active AND table NOT IN ${list(NOT_READ_BY_METRICS, str)}) AS watermark,
      (SELECT groupArray(name) FROM system.tables WHERE database = currentDatabase()
        AND name IN ${list([...familyTables(t, 'cases'), ...familyTables(t, 'ratings')], str)}) AS tables,
      (SELECT groupArray(table_name) FROM etl_pending_optimize FINAL WHERE table_name IN ${list(Object.values(MARKER_OF), str)} AND pending = 1) AS pending`);
  const present = new Set(row?.tables ?? []);
  const pending = new Set(row?.pending ?? []);
  const usable = (family: Family) => familyTables(t, family).every((n) => present.has(n)) && !pending.has(MARKER_OF[family]);
  return { watermark: row?.watermark ?? '', cacheable: true, tables: t, usable: { cases: usable('cases'), ratings: usable('ratings') } };
}

/** A state in which nothing derived is read (the raw reference). */
export const rawOnly = (s: ReadPathState): ReadPathState => ({ ...s, usable: { cases: false, ratings: false } });

export interface PathGroup {
  path: ReadPath;
  metrics: MetricDef[];
}

export interface DecideInput {
  source: SourceId;
  metrics: readonly MetricDef[];
  periods: readonly Period[];
  groupBy: GroupBy;
  filters: readonly Filter[];
  config: Readonly<MetricConfig>;
  state: ReadPathState;
  /** Whether any valid rating lies in (as_of, end of as_of's day] for some period (asked only when needed). */
  ratingsAfterAsOf: () => Promise<boolean>;
}

// The dimensions each rollup keeps. A rating-channel filter narrows the raw
// 评价率 join, which the case rollup does not keep; a case-channel filter does
// not apply to ratings in either path.
const ROLLUP_DIMENSIONS: Readonly<Record<'cases' | 'ratings', ReadonlySet<string>>> = {
  cases: new Set(['region', 'dept', 'channel']),
  ratings: new Set(['region', 'dept', 'channel', 'ratingChannel']),
};

/** The copy of `cases` sorted by closing instant, when it may be read (metrics and case lists of open cases). */
export const openCasesCopy = (state: ReadPathState): string | null => (state.usable.cases ? state.tables.openCopy : null);

/** The read paths of one source's metrics: one group per path, raw last. */
export async function decideReadPaths(q: DecideInput): Promise<PathGroup[]> {
  const allRaw: PathGroup[] = [{ path: { kind: 'raw' }, metrics: [...q.metrics] }];
  const { tables, usable } = q.state;
  if (q.config !== METRIC_CONFIG) return allRaw;
  if (q.source === 'open') {
    const copy = openCasesCopy(q.state);
    return copy ? [{ path: { kind: 'open_copy', table: copy }, metrics: [...q.metrics] }] : allRaw;
  }
  if (q.source !== 'accepted' && q.source !== 'finished' && q.source !== 'ratings') return allRaw;
  const family = q.source === 'ratings' ? 'ratings' : 'cases';
  if (!usable[family]) return allRaw;
  if (q.groupBy.kind === 'item' || q.filters.some((f) => !ROLLUP_DIMENSIONS[family].has(f.dimension))) {
    return family === 'ratings' ? [{ path: { kind: 'ratings_copy', table: tables.ratingsCopy }, metrics: [...q.metrics] }] : allRaw;
  }

  const stored = new Set(tables.columns.filter((c) => c.base === q.source).map((c) => c.name));
  const probe = { asOf: raw('now()'), asOfSeq: raw('0'), config: q.config };
  const rolled: MetricDef[] = [];
  const rest: MetricDef[] = [];
  let datedOk: boolean | null = null;
  for (const m of q.metrics) {
    let ok = rollupAggregates(m, probe, stored) !== null;
    if (ok && m.rollup) {
      datedOk ??= q.periods.every((p) => isEndOfDay(p.asOfMs)) || !(await q.ratingsAfterAsOf());
      ok = datedOk;
    }
    (ok ? rolled : rest).push(m);
  }
  const table = q.source === 'ratings' ? tables.ratingsRollup : tables.rollup;
  const groups: PathGroup[] = [];
  if (rolled.length > 0) {
    groups.push({ path: { kind: 'rollup', table, base: q.source, months: wholeMonths(q.periods), stored }, metrics: rolled });
  }
  if (rest.length > 0) {
    // Ratings the rollup cannot serve (as_of-dependent 整改 metrics, item filters) still skip the case join.
    const path: ReadPath = q.source === 'ratings' ? { kind: 'ratings_copy', table: tables.ratingsCopy } : { kind: 'raw' };
    groups.push({ path, metrics: rest });
  }
  return groups;
}

const isEndOfDay = (ms: number): boolean => Math.floor(ms / 1000) * 1000 === endOfBeijingDay(beijingDate(ms));

/**
 * As long as the data is unchanged (same watermark), "no valid rating in
 * (t, end of t's day]" stays true for any later t of that day: remembered per
 * (watermark, day) as the earliest t checked, so repeated "as_of = now"
 * requests skip the scan.
 */
const clearFrom = new Map<string, number>();

/** SQL: any valid rating in (as_of, end of its day] for the periods whose as_of is not a day's end. */
export async function ratingsAfterAsOf(db: Db, periods: readonly Period[], watermark = ''): Promise<boolean> {
  const open = periods.filter((p) => !isEndOfDay(p.asOfMs));
  const keyOf = (p: Period) => `${db.url}/${db.database}\u0000${watermark}\u0000${beijingDate(p.asOfMs)}`;
  const unknown = watermark === '' ? open : open.filter((p) => !(p.asOfMs >= (clearFrom.get(keyOf(p)) ?? Infinity)));
  if (unknown.length === 0) return false;
  const gaps = unknown.map((p) =>
    sql`(rated_at > ${instant(p.asOfMs)} AND rated_at <= ${instant(endOfBeijingDay(beijingDate(p.asOfMs)))})`);
  const cond = gaps.reduce((a, b) => sql`${a} OR ${b}`);
  // PREWHERE: only rated_at is read for every rating; the rest only where the window has some.
  const [row] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM ratings
    PREWHERE ${cond} WHERE case_id != '' AND NOT (level <= 2 AND invalidated = 1)`);
  const found = Number(row?.n ?? 0) > 0;
  if (!found && watermark !== '') {
    if (clearFrom.size > 1_000) clearFrom.clear();
    for (const p of unknown) clearFrom.set(keyOf(p), Math.min(p.asOfMs, clearFrom.get(keyOf(p)) ?? Infinity));
  }
  return found;
}

/**
 * Months that every period either contains whole or misses: their rows can
 * come from month rows, which the engine places by their first day.
 */
export function wholeMonths(periods: readonly Period[]): string[] {
  if (periods.length === 0) return [];
  const first = periods.map((p) => p.from).reduce((a, b) => (b < a ? b : a));
  const last = periods.map((p) => p.to).reduce((a, b) => (b > a ? b : a));
  const out: string[] = [];
  for (let m = `${first.slice(0, 7)}-01`; m <= last; m = nextMonth(m)) {
    const end = addDays(nextMonth(m), -1);
    const clean = periods.every((p) => (p.from <= m && end <= p.to) || p.to < m || end < p.from);
    if (clean) out.push(m);
  }
  return out;
}

function nextMonth(m: string): string {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
}
