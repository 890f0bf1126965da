// Entry points: stream cases (any size) or materialize a whole province (demo sizes).
import { KINDS, type Kind } from '../../contract/records.ts';
import { CaseFactory } from './cases.ts';
import { createProvince, type Province } from './province.ts';
import { dateOf, iso } from './time.ts';
import type { CaseBundle, Manifest, SimulatedData, SimulatorOptions } from './types.ts';

const zero = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function emptyManifest(): Manifest {
  return {
    rows: zero(KINDS),
    invalid: Object.fromEntries(KINDS.map((k) => [k, {}])) as Record<Kind, Record<string, number>>,
    anomalies: zero(['time_inversion', 'steps_before_accept', 'instant_finish', 'no_process', 'offhours_bulk', 'offhours_below_threshold', 'repeat_bad'] as const),
    timeliness: zero(['finished', 'finished_late_promised', 'finished_late_legal', 'open', 'open_suspended', 'open_past_promised', 'open_past_legal', 'unknown_item', 'unknown_region'] as const),
    revisions: zero(['stale_cases', 'duplicate_cases', 'duplicate_steps', 'rating_updates', 'item_revisions', 'region_renames'] as const),
    ratings: zero(['total', 'without_case', 'system_default', 'bad', 'invalidated', 'rectified', 'verified'] as const),
  };
}

/** Adds the static kinds (regions, depts, items, calendar) to a manifest. */
export function countDimensions(p: Province, m: Manifest): void {
  const d = p.dimensions;
  m.rows.regions += d.regions.length;
  m.rows.depts += d.depts.length;
  m.rows.items += d.items.length;
  m.rows.calendar += d.calendar.length;
  for (const [kind, reasons] of Object.entries(d.invalid)) {
    for (const [reason, n] of Object.entries(reasons)) {
      const t = m.invalid[kind as Kind];
      t[reason] = (t[reason] ?? 0) + n;
    }
  }
  m.revisions.item_revisions += d.itemRevisions;
  m.revisions.region_renames += d.regionRenames;
}

/**
 * Streams the cases of a province, one bundle (case rows, step rows, rating
 * rows) per case, in case-index order (≈ submission order). Memory stays flat
 * whatever `cases` is. Pass a manifest to have the injected imperfections counted.
 */
export function* generateCases(
  source: Province | SimulatorOptions = {},
  manifest: Manifest = emptyManifest(),
  range: { from?: number; to?: number } = {},
): Generator<CaseBundle> {
  const p = 'cum' in source ? source : createProvince(source);
  const factory = new CaseFactory(p, manifest);
  // A sub-range [from, to) yields exactly those cases of the full province (for sharded generation).
  const to = Math.min(range.to ?? p.opts.cases, p.opts.cases);
  for (let i = Math.max(0, range.from ?? 0); i < to; i++) {
    const b = factory.build(i);
    manifest.rows.cases += b.cases.length;
    manifest.rows.steps += b.steps.length;
    manifest.rows.ratings += b.ratings.length;
    yield b;
  }
}

/** The whole province in memory: every kind as an array of raw contract rows. */
export function generateProvince(opts: SimulatorOptions = {}): SimulatedData {
  const p = createProvince(opts);
  const manifest = emptyManifest();
  countDimensions(p, manifest);
  const cases = [];
  const steps = [];
  const ratings = [];
  for (const b of generateCases(p, manifest)) {
    for (const r of b.cases) cases.push(r);
    for (const r of b.steps) steps.push(r);
    for (const r of b.ratings) ratings.push(r);
  }
  return {
    seed: p.opts.seed,
    startDate: dateOf(p.startDay),
    endDate: dateOf(p.endDay),
    asOf: iso(p.asOf),
    regions: p.dimensions.regions,
    depts: p.dimensions.depts,
    items: p.dimensions.items,
    calendar: p.dimensions.calendar,
    cases,
    steps,
    ratings,
    manifest,
  };
}
