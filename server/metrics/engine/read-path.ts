// The raw-vs-rollup decider (style.md; sql/README.md: Rollups): the one place
// that says which table a metric query reads. Every path gives the same
// numbers — the rollup equality test (test/rollup-equality.test.ts) checks it.
//
// - accepted/finished metrics read the case rollup when every filter and the
//   grouping are on region, dept or channel, the rules are the stored ones,
//   and nothing is pending a rebuild; whole months read month rows, the rest
//   day rows. 评价率/主动评价率 also need as_of to fall at a day's end, or no
//   valid rating between as_of and that day's end (their rollup keeps dates).
// - open-at-as_of metrics read the copy of `cases` sorted by closing instant,
//   restricted to cases still open at the earliest as_of (a primary-key range).
// - everything else, and everything while a rebuild is pending, reads raw rows.
import { addDays, beijingDate, endOfBeijingDay } from '../../../etl/clock/beijing.ts';
import type { Db } from '../../sql/client.ts';
import type { Filter } from '../../sql/filters.ts';
import { instant, raw, sql, str } from '../../sql/literal.ts';
import { METRIC_CONFIG, type MetricConfig } from '../config.ts';
import { rollupAggregates, type RollupBase } from '../rollup/columns.ts';
import { derivedTables, type DerivedTables } from '../rollup/tables.ts';
import type { MetricDef } from '../types.ts';
import type { Period } from './periods.ts';
import type { GroupBy } from './query.ts';
import type { SourceId } from './sources.ts';

export type ReadPath =
  | { kind: 'raw' }
  /** `months`: first days (YYYY-MM-01) of the months read from month rows; other days from day rows. */
  | { kind: 'rollup'; table: string; base: RollupBase; months: readonly string[]; stored: ReadonlySet<string> }
  | { kind: 'open_copy'; table: string };

export interface ReadPathState {
  /** Changes whenever a table the metrics read gets, merges or loses a part (result-cache key). */
  watermark: string;
  /** The derived tables, when they exist and no partition waits for a rebuild. */
  derived: DerivedTables | null;
}

// Tables whose writes never change a metric (sessions, audit, run bookkeeping).
const NOT_READ_BY_METRICS = ['audit_log', 'sessions', 'users', 'etl_runs', 'etl_watermarks', 'quarantine', 'schema_migrations'];

/** One round trip: the data watermark and whether the derived tables may be read. */
export async function readPathState(db: Db): Promise<ReadPathState> {
  const t = await derivedTables(db);
  const [row] = await db.query<{ watermark: string; tables: string; pending: string }>(sql`SELECT
      (SELECT toString(sum(cityHash64(table, name))) FROM system.parts
        WHERE database = currentDatabase() AND active AND table NOT IN (${raw(NOT_READ_BY_METRICS.map((n) => `'${n}'`).join(', '))})) AS watermark,
      (SELECT count() FROM system.tables WHERE database = currentDatabase() AND name IN (${str(t.rollup)}, ${str(t.openCopy)})) AS tables,
      (SELECT count() FROM etl_pending_optimize FINAL WHERE table_name = 'derived' AND pending = 1) AS pending`);
  const usable = Number(row?.tables ?? 0) === 2 && Number(row?.pending ?? 1) === 0;
  return { watermark: row?.watermark ?? '', derived: usable ? t : null };
}

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

const ROLLUP_DIMENSIONS = new Set(['region', 'dept', 'channel']);

/** The read paths of one source's metrics: one group per path, raw last. */
export async function decideReadPaths(q: DecideInput): Promise<PathGroup[]> {
  const allRaw: PathGroup[] = [{ path: { kind: 'raw' }, metrics: [...q.metrics] }];
  const derived = q.state.derived;
  if (!derived || q.config !== METRIC_CONFIG) return allRaw;
  if (q.source === 'open') {
    return [{ path: { kind: 'open_copy', table: derived.openCopy }, metrics: [...q.metrics] }];
  }
  if (q.source !== 'accepted' && q.source !== 'finished') return allRaw;
  if (q.groupBy.kind === 'item' || q.filters.some((f) => !ROLLUP_DIMENSIONS.has(f.dimension))) return allRaw;

  const stored = new Set(derived.columns.filter((c) => c.base === q.source).map((c) => c.name));
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
  const groups: PathGroup[] = [];
  if (rolled.length > 0) {
    groups.push({ path: { kind: 'rollup', table: derived.rollup, base: q.source, months: wholeMonths(q.periods), stored }, metrics: rolled });
  }
  if (rest.length > 0) groups.push({ path: { kind: 'raw' }, metrics: rest });
  return groups;
}

const isEndOfDay = (ms: number): boolean => Math.floor(ms / 1000) * 1000 === endOfBeijingDay(beijingDate(ms));

/** SQL: any valid rating in (as_of, end of its day] for the periods whose as_of is not a day's end. */
export async function ratingsAfterAsOf(db: Db, periods: readonly Period[]): Promise<boolean> {
  const gaps = periods.filter((p) => !isEndOfDay(p.asOfMs)).map((p) =>
    sql`(rated_at > ${instant(p.asOfMs)} AND rated_at <= ${instant(endOfBeijingDay(beijingDate(p.asOfMs)))})`);
  if (gaps.length === 0) return false;
  const cond = gaps.reduce((a, b) => sql`${a} OR ${b}`);
  const [row] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM ratings
    WHERE case_id != '' AND NOT (level <= 2 AND invalidated = 1) AND (${cond})`);
  return Number(row?.n ?? 0) > 0;
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
