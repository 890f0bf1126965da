// The working-day calendar: the national schedule plus calendar overrides
// (metrics.md: Time rules — "`workday(d)` comes from the national holiday
// schedule … plus calendar overrides"; data-contract.md: calendar —
// is_workday "overrides the built-in national schedule for that date").
//
// Why precomputed arrays: the ETL computes deadlines for ≥ 250 k cases/s, and
// each needs "how many working days in (a, b]" and "the n-th working day after
// a". With a per-day flag array and its running count, the first is one
// subtraction and the second a binary search, instead of a day-by-day walk
// (a 60-working-day limit across Spring Festival is ~90 iterations).
import {
  dateOfIndex,
  dayIndex,
  firstDayOfYearIndex,
  yearOfIndex,
} from './beijing.ts';
import { announcedYears, nationalIsWorkdayIndex } from './national-schedule.ts';

/** One row of the calendar source (data-contract.md: calendar). */
export interface CalendarOverride {
  date: string;
  is_workday: boolean;
}

export const CALENDAR_FIRST_YEAR = 2000;
export const CALENDAR_LAST_YEAR = 2100;
const FIRST = firstDayOfYearIndex(CALENDAR_FIRST_YEAR); // 2000-01-01
const LAST = firstDayOfYearIndex(CALENDAR_LAST_YEAR + 1) - 1; // 2100-12-31
const SIZE = LAST - FIRST + 1;

// The national flags never change at run time: compute them once per process
// and copy them into each calendar (a calendar is rebuilt when overrides change).
let nationalFlags: Uint8Array | undefined;
function nationalWorkdayFlags(): Uint8Array {
  if (!nationalFlags) {
    nationalFlags = new Uint8Array(SIZE);
    for (let k = 0; k < SIZE; k++) nationalFlags[k] = nationalIsWorkdayIndex(FIRST + k) ? 1 : 0;
  }
  return nationalFlags;
}

export class WorkCalendar {
  static readonly FIRST_DATE = dateOfIndex(FIRST);
  static readonly LAST_DATE = dateOfIndex(LAST);

  /** workday[k] = 1 when day FIRST + k is a working day. */
  private readonly workday: Uint8Array;
  /** cum[k] = number of working days among days FIRST … FIRST + k (inclusive). */
  private readonly cum: Int32Array;
  /** fallbackCum[k] = number of days among FIRST … FIRST + k lying in a fallback year. */
  private readonly fallbackCum: Int32Array;
  private readonly fallbackYears: ReadonlySet<number>;

  /**
   * @param overrides calendar rows; each overrides the national schedule for its
   *   date. When a date appears more than once the last row wins (import order,
   *   data-contract.md: General rules — calendar follows import order).
   */
  constructor(overrides: Iterable<CalendarOverride> = []) {
    this.workday = Uint8Array.from(nationalWorkdayFlags());
    for (const o of overrides) {
      this.workday[this.offset(dayIndex(o.date), o.date)] = o.is_workday ? 1 : 0;
    }

    this.cum = new Int32Array(SIZE);
    let running = 0;
    for (let k = 0; k < SIZE; k++) {
      running += this.workday[k]!;
      this.cum[k] = running;
    }

    // TRICKY: "fallback" is a property of the national schedule only — a year
    // is fallback when the State Council schedule for it is not built in.
    // Overrides do not lift it: a handful of local override rows says nothing
    // about whether the rest of that year's holidays are known, and the
    // dashboard must keep flagging figures that rest on the Mon–Fri guess
    // (data-contract.md: calendar).
    const announced = announcedYears();
    const fallback = new Set<number>();
    for (let y = CALENDAR_FIRST_YEAR; y <= CALENDAR_LAST_YEAR; y++) if (!announced.has(y)) fallback.add(y);
    this.fallbackYears = fallback;
    this.fallbackCum = new Int32Array(SIZE);
    running = 0;
    for (let y = CALENDAR_FIRST_YEAR; y <= CALENDAR_LAST_YEAR; y++) {
      const flag = fallback.has(y) ? 1 : 0;
      const end = firstDayOfYearIndex(y + 1) - FIRST;
      for (let k = firstDayOfYearIndex(y) - FIRST; k < end; k++) {
        running += flag;
        this.fallbackCum[k] = running;
      }
    }
  }

  /** Array offset of day index `i`; throws RangeError outside the precomputed range. */
  private offset(i: number, label: string | number = i): number {
    const k = i - FIRST;
    if (!(k >= 0 && k < SIZE) || !Number.isInteger(k)) {
      throw new RangeError(
        `date ${typeof label === 'number' ? dateOfIndexSafe(label) : label} is outside the work calendar ` +
          `(${WorkCalendar.FIRST_DATE} … ${WorkCalendar.LAST_DATE})`,
      );
    }
    return k;
  }

  // ---- day-index API (the ETL hot path; no string parsing) ----

  isWorkdayIndex(i: number): boolean {
    return this.workday[this.offset(i)] === 1;
  }

  /** #{working days d : after < d ≤ upto}; 0 when upto ≤ after (the set is empty). */
  countWorkdaysIndex(after: number, upto: number): number {
    if (upto <= after) return 0;
    return this.cum[this.offset(upto)]! - this.cum[this.offset(after)]!;
  }

  /** The n-th working day strictly after day `i` (n ≥ 1). */
  nthWorkdayAfterIndex(i: number, n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`nthWorkdayAfter: n must be an integer ≥ 1, got ${n}`);
    const k0 = this.offset(i);
    const cum = this.cum;
    const target = cum[k0]! + n;
    if (cum[SIZE - 1]! < target) {
      throw new RangeError(
        `the ${n}-th working day after ${dateOfIndex(i)} is beyond the work calendar (last day ${WorkCalendar.LAST_DATE})`,
      );
    }
    // Smallest k with cum[k] ≥ target: that day is a working day (cum steps up
    // there) and exactly n working days lie in (i, k]. k > k0 since cum[k0] < target.
    let lo = k0 + 1;
    let hi = SIZE - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return FIRST + lo;
  }

  /** Day `i` when it is a working day, else the next working day. */
  nextWorkdayOnOrAfterIndex(i: number): number {
    const k = this.offset(i);
    if (this.workday[k] === 1) return i;
    return this.nthWorkdayAfterIndex(i, 1);
  }

  /** True when some day in [from, to] (inclusive, either order) lies in a fallback year. */
  usesFallbackIndex(from: number, to: number): boolean {
    const a = Math.min(from, to);
    const b = Math.max(from, to);
    const ka = this.offset(a);
    const kb = this.offset(b);
    return this.fallbackCum[kb]! - (ka > 0 ? this.fallbackCum[ka - 1]! : 0) > 0;
  }

  // ---- date-string API ----

  isWorkday(date: string): boolean {
    return this.isWorkdayIndex(dayIndex(date));
  }

  /** #{working days d : afterDate < d ≤ uptoDate}; 0 when uptoDate ≤ afterDate. */
  countWorkdays(afterDate: string, uptoDate: string): number {
    return this.countWorkdaysIndex(dayIndex(afterDate), dayIndex(uptoDate));
  }

  /** The n-th working day strictly after `date` (n ≥ 1). */
  nthWorkdayAfter(date: string, n: number): string {
    return dateOfIndex(this.nthWorkdayAfterIndex(dayIndex(date), n));
  }

  /** `date` when it is a working day, else the next working day. */
  nextWorkdayOnOrAfter(date: string): string {
    return dateOfIndex(this.nextWorkdayOnOrAfterIndex(dayIndex(date)));
  }

  /**
   * True when `year` has no announced national schedule (Monday–Friday
   * fallback). Overrides do not change this (see the constructor). Years
   * outside the calendar range are reported as fallback: nothing is known there.
   */
  isFallbackYear(year: number): boolean {
    if (year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR) return true;
    return this.fallbackYears.has(year);
  }

  /** True when any date in [fromDate, toDate] lies in a fallback year. */
  usesFallback(fromDate: string, toDate: string): boolean {
    return this.usesFallbackIndex(dayIndex(fromDate), dayIndex(toDate));
  }

  /**
   * Every day of [fromDate, toDate] with its effective flag — the rows of the
   * calendar table that metrics.md keeps in ClickHouse ("The whole calendar
   * (with overrides) is kept as a ClickHouse table too").
   */
  *days(fromDate: string = WorkCalendar.FIRST_DATE, toDate: string = WorkCalendar.LAST_DATE): Generator<{
    date: string;
    is_workday: boolean;
    fallback: boolean;
  }> {
    const a = this.offset(dayIndex(fromDate), fromDate);
    const b = this.offset(dayIndex(toDate), toDate);
    for (let k = a; k <= b; k++) {
      const i = FIRST + k;
      yield { date: dateOfIndex(i), is_workday: this.workday[k] === 1, fallback: this.fallbackYears.has(yearOfIndex(i)) };
    }
  }
}

/** For error messages: a date when the index is printable, else the raw index. */
function dateOfIndexSafe(i: number): string {
  try {
    return dateOfIndex(i);
  } catch {
    return `#${i}`;
  }
}
