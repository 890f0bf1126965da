// When things happen within a day: office hours for people at windows and
// desks, a day-and-evening curve for online submissions.
import type { Rng } from './prng.ts';
import { dayOfMs, minuteOfDay, msAt, MS_PER_MINUTE, type WorkCalendar } from './time.ts';

/** 08:30–12:00 and 13:30–17:30, busier mid-morning and mid-afternoon. */
export function officeMinute(rng: Rng): number {
  const tri = (rng.float() + rng.float()) / 2;
  return rng.chance(0.58) ? 510 + 210 * tri : 810 + 240 * tri;
}

const ONLINE_HOUR_WEIGHTS = [
  0.3, 0.15, 0.1, 0.08, 0.08, 0.15, 0.5, 1.2, 2.5, 4, 4.5, 4, 2.5, 3, 4, 4.2, 3.8, 3, 2, 2.2, 2.6, 2.3, 1.5, 0.8,
];

/** Minute of day of an online/mobile submission. */
export function onlineMinute(rng: Rng): number {
  return rng.weighted(ONLINE_HOUR_WEIGHTS) * 60 + rng.float() * 60;
}

export const isOfficeMinute = (m: number): boolean => (m >= 510 && m < 720) || (m >= 810 && m < 1050);

/** An office-hours instant on the first working day at or after `day`. */
export function officeTimeOn(rng: Rng, cal: WorkCalendar, day: number): number {
  return msAt(cal.workdayOnOrAfter(day), officeMinute(rng));
}

/**
 * An instant strictly inside (a, b) at a fraction in [lo, hi] of the span;
 * when the span crosses days it is moved into office hours of a working day,
 * as staff record review/decision steps at their desks.
 */
export function pickBetween(rng: Rng, cal: WorkCalendar, a: number, b: number, lo: number, hi: number): number {
  if (b - a <= 2 * MS_PER_MINUTE) return a + (b - a) / 2;
  let t = a + (b - a) * (lo + (hi - lo) * rng.float());
  if (b - a > 12 * 60 * MS_PER_MINUTE) {
    const d = dayOfMs(t);
    const m = minuteOfDay(t);
    if (!cal.isWorkday(d) || !isOfficeMinute(m)) {
      t = officeTimeOn(rng, cal, m >= 1050 || !cal.isWorkday(d) ? d + 1 : d);
    }
  }
  return Math.min(b - MS_PER_MINUTE, Math.max(a + MS_PER_MINUTE, Math.round(t / 1000) * 1000));
}
