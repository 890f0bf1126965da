// How many cases are submitted on each day: month seasonality (year-end rush,
// 春节 lull, spring restart), weekday shape (Monday peak, Friday dip), the
// surge after a long holiday, a thin trickle of online submissions on days
// off, and slow growth over the period. Counts are allocated by cumulative
// rounding, so case i's day is a pure function of i (streamable).
import { weekdayOf, type WorkCalendar } from './time.ts';

const MONTH_FACTOR = [1.12, 0.78, 1.15, 1.05, 1.0, 1.06, 1.1, 1.0, 1.02, 0.92, 1.0, 1.12];
const WEEKDAY_FACTOR = [0, 1.18, 1.05, 1.0, 0.98, 0.9, 0.85, 0.85]; // index 1..7; 6/7 = 调休 Saturday/Sunday
const OFF_DAY_FACTOR = 0.07;

export function dayWeights(cal: WorkCalendar, from: number, to: number): Float64Array {
  const n = to - from + 1;
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const day = from + k;
    const month = new Date(day * 86_400_000).getUTCMonth();
    const growth = 0.94 + 0.12 * (k / Math.max(1, n - 1));
    if (!cal.isWorkday(day)) {
      w[k] = OFF_DAY_FACTOR * growth;
      continue;
    }
    let f = (MONTH_FACTOR[month] as number) * (WEEKDAY_FACTOR[weekdayOf(day)] as number) * growth;
    // First working day after three or more days off: the queue that built up over the holiday.
    if (!cal.isWorkday(day - 1) && !cal.isWorkday(day - 2) && !cal.isWorkday(day - 3)) f *= 1.35;
    w[k] = f;
  }
  return w;
}

/**
 * Cumulative case counts: cum[k] = number of cases submitted on days from..from+k.
 * Case i is submitted on the first day k with cum[k] > i.
 */
export function allocateCases(weights: Float64Array, total: number): Float64Array {
  const cum = new Float64Array(weights.length);
  let sum = 0;
  for (const x of weights) sum += x;
  let acc = 0;
  for (let k = 0; k < weights.length; k++) {
    acc += weights[k] as number;
    cum[k] = Math.round((total * acc) / sum);
  }
  return cum;
}

/** Day offset (0-based) of case i given the cumulative counts. */
export function dayOffsetOfCase(cum: Float64Array, i: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cum[mid] as number) > i) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
