// The static side of the demo province — regions, departments, catalogue,
// calendar — plus the plan that makes case i a pure function of i (day
// allocation, planted episodes). Cheap to build; cases are generated from it.
import { buildCatalogue, type Item } from './catalogue.ts';
import { buildDepartments, type Dept } from './departments.ts';
import { dimensionRows, type DimensionRows } from './dimensions.ts';
import { planEpisodes, type Episode } from './episodes.ts';
import { buildGeography, type Geography } from './geography.ts';
import { Rng, Stream, WeightedTable } from './prng.ts';
import { itemVariants, subUnits } from './scale.ts';
import { allocateCases, dayWeights } from './seasonality.ts';
import { dayOf, endOfDay, msAt, nationalNote, todayBeijing, WorkCalendar, weekdayOf } from './time.ts';
import type { ResolvedOptions, SimulatorOptions } from './types.ts';

export interface CalendarOverride {
  day: number;
  workday: boolean;
  note: string;
}

export interface Province {
  opts: ResolvedOptions;
  startDay: number;
  endDay: number;
  /** endDate 23:59:59 Beijing (epoch ms). */
  asOf: number;
  cal: WorkCalendar;
  overrides: CalendarOverride[];
  geo: Geography;
  depts: Dept[];
  items: Item[];
  itemTable: WeightedTable<Item>;
  /** cum[k] = cases submitted on days startDay..startDay+k. */
  cum: Float64Array;
  episodes: Map<number, Episode>;
  dimensions: DimensionRows;
}

export const DEFAULTS: Omit<ResolvedOptions, 'endDate'> = {
  seed: 20250101, cases: 60_000, months: 12, invalidRate: 0.002, deptsTarget: 0, itemsTarget: 0, ratingScale: 1,
};

export function resolveOptions(opts: SimulatorOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = {
    seed: opts.seed ?? DEFAULTS.seed,
    cases: opts.cases ?? DEFAULTS.cases,
    months: opts.months ?? DEFAULTS.months,
    endDate: opts.endDate ?? todayBeijing(),
    invalidRate: opts.invalidRate ?? DEFAULTS.invalidRate,
    deptsTarget: opts.deptsTarget ?? DEFAULTS.deptsTarget,
    itemsTarget: opts.itemsTarget ?? DEFAULTS.itemsTarget,
    ratingScale: opts.ratingScale ?? DEFAULTS.ratingScale,
  };
  if (!Number.isInteger(r.seed)) throw new RangeError(`seed must be an integer, got ${r.seed}`);
  if (!Number.isInteger(r.cases) || r.cases < 0) throw new RangeError(`cases must be a whole number, got ${r.cases}`);
  if (!Number.isInteger(r.months) || r.months < 1 || r.months > 60) throw new RangeError(`months must be 1..60, got ${r.months}`);
  if (!(r.invalidRate >= 0 && r.invalidRate <= 0.1)) throw new RangeError(`invalidRate must be in [0, 0.1], got ${r.invalidRate}`);
  for (const key of ['deptsTarget', 'itemsTarget'] as const) {
    if (!Number.isInteger(r[key]) || r[key] < 0 || r[key] > 1_000_000) throw new RangeError(`${key} must be a whole number up to 1,000,000, got ${r[key]}`);
  }
  // The highest propensity (0.6, ×1.15 for late cases) must stay a probability.
  if (!(r.ratingScale >= 0 && r.ratingScale <= 1.4)) throw new RangeError(`ratingScale must be in [0, 1.4], got ${r.ratingScale}`);
  dayOf(r.endDate); // validates
  return r;
}

/** First day of a `months`-long period ending on `endDay` (inclusive). */
function periodStart(endDay: number, months: number): number {
  const end = new Date(endDay * 86_400_000);
  const start = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months, end.getUTCDate() + 1);
  return Math.round(start / 86_400_000);
}

/**
 * A couple of local overrides, as an admin would enter them: a typhoon day
 * off (停工) with its make-up Saturday, and a national holiday re-entered by
 * hand (same value as the national schedule: a harmless no-op).
 */
function chooseOverrides(startDay: number, endDay: number): CalendarOverride[] {
  const base = new WorkCalendar(startDay - 7, endDay + 14);
  const out: CalendarOverride[] = [];
  const mid = startDay + Math.floor((endDay - startDay) * 0.6);
  for (let d = mid; d < endDay - 10; d++) {
    if (base.isWorkday(d) && weekdayOf(d) === 3) {
      out.push({ day: d, workday: false, note: '台风停工(省政府通知)' });
      for (let s = d + 1; s < d + 8; s++) {
        if (weekdayOf(s) === 6 && !base.isWorkday(s)) {
          if (s <= endDay) out.push({ day: s, workday: true, note: '台风停工补班' });
          break;
        }
      }
      break;
    }
  }
  for (let d = startDay; d <= endDay; d++) {
    const note = nationalNote(d);
    if (note && note !== '调休' && !base.isWorkday(d)) {
      out.push({ day: d, workday: false, note });
      break;
    }
  }
  return out.sort((a, b) => a.day - b.day);
}

export function createProvince(options: SimulatorOptions = {}): Province {
  const opts = resolveOptions(options);
  const endDay = dayOf(opts.endDate);
  const startDay = periodStart(endDay, opts.months);
  const overrides = chooseOverrides(startDay, endDay);
  // Long enough for stuck cases to run far past as_of (clamped beyond).
  const cal = new WorkCalendar(startDay - 400, endDay + 800, new Map(overrides.map((o) => [o.day, o.workday])));
  const geo = buildGeography(opts.seed);
  const baseDepts = buildDepartments(opts.seed, geo);
  const depts = [...baseDepts, ...subUnits(opts.seed, baseDepts, opts.deptsTarget)];
  const publishWindow: [number, number] = [msAt(startDay - 720, 9 * 60), msAt(startDay - 30, 9 * 60)];
  const baseItems = buildCatalogue(opts.seed, depts, publishWindow);
  const items = [...baseItems, ...itemVariants(opts.seed, baseItems, opts.itemsTarget)];
  // A few catalogue revisions mid-period: promised limits cut again (承诺时限再压缩).
  const rng = new Rng(opts.seed, Stream.catalogue, 1);
  const revisable = items.filter((it) => it.promised >= 3 && it.dept.level !== 'province');
  for (let k = 0; k < 3 && revisable.length > 0; k++) {
    const it = revisable.splice(rng.int(0, revisable.length - 1), 1)[0] as Item;
    it.revision = { promised: Math.max(1, Math.floor(it.promised / 2)), at: msAt(startDay + Math.floor((endDay - startDay) * (0.3 + 0.2 * k)), 10 * 60) };
  }
  const itemTable = new WeightedTable(items, items.map((it) => it.weight));
  const cum = allocateCases(dayWeights(cal, startDay, endDay), opts.cases);
  const episodes = planEpisodes({ seed: opts.seed, cases: opts.cases, startDay, endDay, cum, items, cal });
  const asOf = endOfDay(endDay);
  const dimensions = dimensionRows({ seed: opts.seed, geo, depts, items, overrides, publishedAt: publishWindow[0], asOf });
  return { opts, startDay, endDay, asOf, cal, overrides, geo, depts, items, itemTable, cum, episodes, dimensions };
}

