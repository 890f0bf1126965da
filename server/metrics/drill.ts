// Drill-downs (product.md: "a ranking cell, a KPI or a scorecard line can be
// opened down to the cases that make it"): every row carries the filter set
// the case list endpoint accepts to reproduce its figure.
//
// Query keys: from, to (period bases), asOf (ISO), the request's filters
// (region, dept, item, channel, ratingChannel, comma-separated), the unit
// (region / dept / item; `regionSelf=1` for a 本级 row: the region's own records
// only; `regionUnknown=1` for 未知区划), and per metric `base` (accepted |
// finished | open | ratings | catalogue), `state` (warning | yellow | red |
// late_finished, comma-separated) and extras such as `bad=1` (差评).
import type { DrillDown } from '../api/schemas.ts';
import type { RegionTree } from '../sql/regions.ts';
import type { Unit } from './engine/units.ts';
import { beijingIsoOf, type Period } from './engine/periods.ts';
import type { FilterParams } from './request.ts';
import type { MetricDef } from './types.ts';

export const CASE_LIST_PATH = '/api/supervision/cases';

export type { DrillDown };

/** The row's common filter set: period, as_of, request filters narrowed to the unit. */
export function rowDrill(period: Period, filters: FilterParams, unit: Unit | null, tree: RegionTree): DrillDown {
  const query: Record<string, string> = { from: period.from, to: period.to, asOf: beijingIsoOf(period.asOfMs) };
  for (const k of ['region', 'dept', 'item', 'channel', 'ratingChannel'] as const) {
    const v = filters[k];
    if (v && v.length > 0) query[k] = v.join(',');
  }
  if (unit?.kind === 'region') {
    if (unit.unknown) query.regionUnknown = '1';
    else {
      // A unit above the filtered regions (grouping level above the filter)
      // holds only the filter's records: keep the filter, it is narrower.
      const within = new Set(tree.subtree(unit.code));
      if (!(filters.region && filters.region.every((r) => within.has(r)))) query.region = unit.code;
      if (unit.self) query.regionSelf = '1';
    }
  } else if (unit) {
    query[unit.kind] = unit.code;
  }
  return { path: CASE_LIST_PATH, query };
}

/** The row's filter set plus what reproduces one metric: base, state, extras. */
export function metricDrill(row: DrillDown, m: MetricDef): DrillDown {
  const query: Record<string, string> = { ...row.query, base: m.base === 'bad_ratings' ? 'ratings' : m.base };
  if (m.base === 'bad_ratings') query.bad = '1';
  // Open cases and the catalogue have no period: as_of (or nothing) defines them.
  if (m.base === 'open' || m.base === 'catalogue') {
    delete query.from;
    delete query.to;
  }
  if (m.drill?.state) query.state = m.drill.state;
  Object.assign(query, m.drill?.extra ?? {});
  return { path: row.path, query };
}
