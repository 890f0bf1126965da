// Computes metric values for periods × units: one query per source (base),
// then per-unit sums in TypeScript (every aggregate is additive, so rolling
// resolved regions up into their reporting unit is exact), then value objects.
import type { Scope } from '../../auth/types.ts';
import type { Db } from '../../sql/client.ts';
import type { Sql } from '../../sql/literal.ts';
import type { Filter } from '../../sql/filters.ts';
import { regionTree, type RegionTree } from '../../sql/regions.ts';
import { METRIC_CONFIG, type MetricConfig } from '../config.ts';
import type { MetricDef } from '../types.ts';
import { workdaySeqs } from './calendar-seq.ts';
import type { Period } from './periods.ts';
import { cachedResult } from '../../sql/result-cache.ts';
import { buildSourceQuery, type GroupBy } from './query.ts';
import { decideReadPaths, ratingsAfterAsOf, rawOnly, readPathState } from './read-path.ts';
import { SOURCE_OF_BASE, SOURCES, type SourceId } from './sources.ts';
import { nameUnits, unitKey, unitOf, type Unit } from './units.ts';
import { metricValue, type MetricValue } from './value.ts';

export interface ComputeRequest {
  metrics: readonly MetricDef[];
  /** At least one. Values come back in the same order. */
  periods: readonly Period[];
  groupBy: GroupBy;
  filters: readonly Filter[];
  /** The caller's scope (server/auth scopeOf): applied inside every query. */
  scope: Scope | null;
  /** 'raw' reads raw rows only (the rollup equality test's reference); default: the decider chooses. */
  readPaths?: 'auto' | 'raw';
}

export interface ComputedRow {
  /** null when not grouped. */
  unit: Unit | null;
  /** values[periodIndex][metricId] */
  values: Array<Record<string, MetricValue>>;
  /** present[periodIndex]: some base had records of this unit in that period. */
  present: boolean[];
}

type Sums = Map<string, [number, number]>;

interface RowAcc {
  unit: Unit | null;
  sums: Sums[];
  present: boolean[];
}

const toNumber = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export async function computeMetrics(db: Db, req: ComputeRequest, config: Readonly<MetricConfig> = METRIC_CONFIG): Promise<ComputedRow[]> {
  if (req.periods.length === 0) throw new Error('computeMetrics: no period');
  const needsSeq = req.metrics.some((m) => m.needs?.includes('due_seq'));
  // Independent lookups in one wave: the region tree, the as_of working-day numbers, and
  // which table each metric reads plus the result cache's key (engine/read-path.ts).
  const [tree, asOfSeqs, live] = await Promise.all([
    regionTree(db),
    needsSeq ? workdaySeqs(db, req.periods.map((p) => p.asOfMs)) : Promise.resolve([]),
    readPathState(db),
  ]);

  const bySource = new Map<SourceId, MetricDef[]>();
  for (const m of req.metrics) {
    const s = SOURCE_OF_BASE[m.base];
    bySource.set(s, [...(bySource.get(s) ?? []), m]);
  }

  const rows = new Map<string, RowAcc>();
  const rowFor = (unit: Unit | null): RowAcc => {
    const key = unit === null ? '' : unitKey(unit);
    let acc = rows.get(key);
    if (!acc) {
      acc = { unit, sums: req.periods.map(() => new Map()), present: req.periods.map(() => false) };
      rows.set(key, acc);
    }
    return acc;
  };
  if (req.groupBy.kind === 'none') rowFor(null);

  const state = req.readPaths === 'raw' ? rawOnly(live) : live;
  // Through the result cache while the watermark sees every write (engine/read-path.ts).
  const query = <T>(q: Sql): Promise<T[]> => cachedResult(db, state.cacheable ? state.watermark : null, q.text, () => db.query<T>(q));
  let ratingsAfter: Promise<boolean> | null = null;
  const groups = (await Promise.all([...bySource].map(async ([source, metrics]) => {
    const paths = await decideReadPaths({
      source, metrics, periods: req.periods, groupBy: req.groupBy, filters: req.filters, config, state,
      ratingsAfterAsOf: () => (ratingsAfter ??= ratingsAfterAsOf(db, req.periods, live.watermark)),
    });
    return paths.map((g) => ({ source, ...g }));
  }))).flat();

  await Promise.all(groups.map(async ({ source, metrics, path }) => {
    const built = buildSourceQuery({ source, metrics, periods: req.periods, asOfSeqs, groupBy: req.groupBy,
      filters: req.filters, scope: req.scope, tree, config, path });
    const result = await query<Record<string, unknown>>(built.sql);
    const periodless = SOURCES[source].period.kind === 'none';
    for (const r of result) {
      const acc = rowFor(unitOf(req.groupBy, String(r._u), tree));
      if (acc.unit && toNumber(r._x) > 0) acc.unit.climbed = true;
      // A periodless source (the catalogue) is computed once and holds for every period.
      const indices = periodless ? req.periods.map((_, i) => i) : [toNumber(r._p) - 1];
      for (const i of indices) {
        acc.present[i] = true;
        const sums = acc.sums[i]!;
        for (const [id, [numAlias, denAlias]] of built.columns) {
          const prev = sums.get(id) ?? [0, 0];
          sums.set(id, [prev[0] + toNumber(r[numAlias]), prev[1] + (denAlias ? toNumber(r[denAlias]) : 0)]);
        }
      }
    }
  }));

  const out: ComputedRow[] = [...rows.values()].map((acc) => ({
    unit: acc.unit,
    present: acc.present,
    values: acc.sums.map((sums) =>
      Object.fromEntries(req.metrics.map((m) => {
        const [num, den] = sums.get(m.id) ?? [0, 0];
        return [m.id, metricValue(m.kind, num, den)];
      }))),
  }));
  await nameUnits(query, out.flatMap((r) => (r.unit ? [r.unit] : [])));
  return out.sort((a, b) => compareUnits(a.unit, b.unit));
}

/** Units by code; 本级 after the region's children would be below it anyway; 未知 last. */
function compareUnits(a: Unit | null, b: Unit | null): number {
  if (!a || !b) return 0;
  if (Boolean(a.unknown) !== Boolean(b.unknown)) return a.unknown ? 1 : -1;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return Number(Boolean(a.self)) - Number(Boolean(b.self));
}

export type { RegionTree };
