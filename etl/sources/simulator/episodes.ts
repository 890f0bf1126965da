// Planted patterns that only show across several cases (metrics.md,
// "Anomalies"): an actor closing a pile of cases late at night (offhours_bulk,
// threshold 20 within 30 min), a night owl who stays below that threshold (a
// negative example), and an actor collecting repeated 差评 (repeat_bad: ≥ 3
// within 30 days). Each episode claims specific case indices, so streaming
// generation can still build case i on its own.
import type { Item } from './catalogue.ts';
import { Rng, Stream } from './prng.ts';
import { dayOffsetOfCase } from './seasonality.ts';
import { msAt, type WorkCalendar } from './time.ts';

export type Episode =
  | { kind: 'offhours_bulk' | 'offhours_below_threshold'; item: Item; actor: string; finishAt: number }
  | { kind: 'repeat_bad'; item: Item; actor: string; level: 1 | 2 };

export interface EpisodePlanInput {
  seed: number;
  cases: number;
  startDay: number;
  endDay: number;
  cum: Float64Array;
  items: Item[];
  cal: WorkCalendar;
}

/** Episodes need a few thousand cases to be plausible (a block of 24 cases from one office). */
export const MIN_CASES_FOR_EPISODES = 3000;

export function planEpisodes(input: EpisodePlanInput): Map<number, Episode> {
  const plan = new Map<number, Episode>();
  const { seed, cases, startDay, endDay, cum, items, cal } = input;
  if (cases < MIN_CASES_FOR_EPISODES) return plan;
  const rng = new Rng(seed, Stream.episodes, 0);
  const days = endDay - startDay + 1;
  const candidates = items.filter(
    (it) => it.dept.level === 'county' && it.promised >= 1 && (it.dept.kind.key === 'amr' || it.dept.kind.key === 'bdc'),
  );
  if (candidates.length === 0) return plan;
  /** First case index submitted on the first working day at or after offset k. */
  const firstIndexFrom = (k: number): number => {
    let off = k;
    while (off < days - 1 && !cal.isWorkday(startDay + off)) off++;
    return off === 0 ? 0 : (cum[off - 1] as number);
  };

  const night = (frac: number, size: number, kind: 'offhours_bulk' | 'offhours_below_threshold', startMinute: number, spanMinutes: number): void => {
    const b = firstIndexFrom(Math.floor(frac * days));
    if (b + size > cases) return;
    const lastDay = startDay + dayOffsetOfCase(cum, b + size - 1);
    const finishDay = lastDay + 3;
    if (finishDay >= endDay) return;
    const item = rng.pick(candidates);
    const actor = item.dept.staff[item.dept.staff.length - 1] as string;
    for (let j = 0; j < size; j++) {
      if (plan.has(b + j)) continue;
      plan.set(b + j, { kind, item, actor, finishAt: msAt(finishDay, startMinute + (spanMinutes * j) / size) });
    }
  };
  night(0.25, 24, 'offhours_bulk', 22 * 60 + 10, 25);
  night(0.5, 22, 'offhours_bulk', 23 * 60 + 5, 24);
  night(0.75, 26, 'offhours_bulk', 5 * 60 + 30, 28); // before 08:00 counts as off-hours too
  night(0.6, 15, 'offhours_below_threshold', 21 * 60 + 30, 20);

  for (const frac of [0.35, 0.65]) {
    const item = rng.pick(candidates);
    const actor = item.dept.staff[0] as string;
    for (let j = 0; j < 4; j++) {
      const idx = firstIndexFrom(Math.floor(frac * days) + 2 * j) + 3;
      if (idx < cases && !plan.has(idx)) plan.set(idx, { kind: 'repeat_bad', item, actor, level: j % 2 === 0 ? 1 : 2 });
    }
  }
  return plan;
}
