// Beijing time and the working-day calendar, as the simulator needs them.
// Deliberately self-contained (not importing etl/clock): the simulator plays
// an independent source system, so its idea of deadlines is a second
// implementation of metrics.md "Time rules", not a copy of the ETL's.
import { createRequire } from 'node:module';

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai has been UTC+8 without DST since 1991. */
const OFFSET_MS = 8 * MS_PER_HOUR;

/** Day index (days since 1970-01-01) of the Beijing date containing instant `ms`. */
export const dayOfMs = (ms: number): number => Math.floor((ms + OFFSET_MS) / MS_PER_DAY);

/** Instant of `day` at the given Beijing wall-clock minutes after midnight (may exceed 1440). */
export const msAt = (day: number, minutes: number): number => day * MS_PER_DAY - OFFSET_MS + Math.round(minutes * MS_PER_MINUTE);

/** Minutes after Beijing midnight of instant `ms`. */
export const minuteOfDay = (ms: number): number => Math.floor((((ms + OFFSET_MS) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY / MS_PER_MINUTE);

/** 23:59:59 Beijing of `day` (metrics.md: due_at, as_of of a date). */
export const endOfDay = (day: number): number => msAt(day, 0) + MS_PER_DAY - 1000;

const dateMemo = new Map<number, string>();

/** 'YYYY-MM-DD' of a day index (memoized: the simulator formats the same few hundred days millions of times). */
export function dateOf(day: number): string {
  let s = dateMemo.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    dateMemo.set(day, s);
  }
  return s;
}

/** Day index of 'YYYY-MM-DD'; throws on anything else (the simulator's own inputs only). */
export function dayOf(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`expected YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`invalid date ${date}`);
  return ms / MS_PER_DAY;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export const weekdayOf = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const datePrefix = new Map<number, string>();

/**
 * Contract timestamp: ISO 8601 with the +08:00 offset, whole seconds (sub-second
 * parts are truncated). Hot path (~7 per case): date prefixes are memoized.
 */
export function iso(ms: number): string {
  const local = Math.floor((ms + OFFSET_MS) / 1000);
  const day = Math.floor(local / 86_400);
  let prefix = datePrefix.get(day);
  if (prefix === undefined) {
    prefix = `${new Date(day * MS_PER_DAY).toISOString().slice(0, 10)}T`;
    datePrefix.set(day, prefix);
  }
  const sec = local - day * 86_400;
  const h = Math.floor(sec / 3600);
  const mi = Math.floor((sec % 3600) / 60);
  return `${prefix}${TWO[h]}:${TWO[mi]}:${TWO[sec % 60]}+08:00`;
}

/** Parse a contract timestamp; a time without offset is Beijing time. NaN when unparseable. */
export function parseInstant(s: string): number {
  const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(s);
  return Date.parse(hasZone ? s : `${s.replace(' ', 'T')}+08:00`);
}

/** Today's Beijing date. */
export const todayBeijing = (nowMs: number = Date.now()): string => dateOf(dayOfMs(nowMs));

// --- national schedule -------------------------------------------------------
interface ChineseDays {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const schedule = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDays;
const announcedYears = new Set(Object.keys(schedule.holidays).map((d) => Number(d.slice(0, 4))));

/** National rule for a date: 法定节假日 off, 调休 on, weekends off; unannounced years Mon–Fri. */
function nationalWorkday(day: number): { workday: boolean; note: string | null } {
  const date = dateOf(day);
  if (announcedYears.has(Number(date.slice(0, 4)))) {
    const h = schedule.holidays[date];
    if (h) return { workday: false, note: h.split(',')[1] ?? null };
    const w = schedule.workdays[date];
    if (w) return { workday: true, note: '调休' };
  }
  return { workday: weekdayOf(day) <= 5, note: null };
}

/** Holiday name of a date in the national schedule, or null. */
export const nationalNote = (day: number): string | null => nationalWorkday(day).note;

/**
 * Working days over a fixed window of day indices, with O(1) counting and
 * O(log n) "n-th working day after" via prefix sums.
 */
export class WorkCalendar {
  private readonly flags: Uint8Array;
  private readonly prefix: Int32Array; // prefix[k] = #workdays among from..from+k-1

  constructor(
    readonly from: number,
    readonly to: number,
    overrides: ReadonlyMap<number, boolean> = new Map(),
  ) {
    const n = to - from + 1;
    this.flags = new Uint8Array(n);
    this.prefix = new Int32Array(n + 1);
    for (let k = 0; k < n; k++) {
      const day = from + k;
      const wd = overrides.get(day) ?? nationalWorkday(day).workday;
      this.flags[k] = wd ? 1 : 0;
      this.prefix[k + 1] = (this.prefix[k] as number) + (wd ? 1 : 0);
    }
  }

  private check(day: number): number {
    const k = day - this.from;
    if (k < 0 || day > this.to) throw new RangeError(`day ${dateOf(day)} outside the simulator calendar`);
    return k;
  }

  isWorkday(day: number): boolean {
    return this.flags[this.check(day)] === 1;
  }

  /** #{working days d : a < d ≤ b} (0 when b ≤ a). */
  workdaysBetween(a: number, b: number): number {
    if (b <= a) return 0;
    return (this.prefix[this.check(b) + 1] as number) - (this.prefix[this.check(a) + 1] as number);
  }

  /** The n-th working day after `day` (n ≥ 1); clamps to the window's end. */
  nthWorkdayAfter(day: number, n: number): number {
    const target = (this.prefix[this.check(day) + 1] as number) + n; // need prefix[k+1] ≥ target
    let lo = day - this.from + 1;
    let hi = this.to - this.from;
    if ((this.prefix[hi + 1] as number) < target) return this.to;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.prefix[mid + 1] as number) >= target) hi = mid;
      else lo = mid + 1;
    }
    return this.from + lo;
  }

  /** `day` itself when it is a working day, else the next one. */
  workdayOnOrAfter(day: number): number {
    return this.isWorkday(day) ? day : this.nthWorkdayAfter(day, 1);
  }

  /**
   * Due day per metrics.md "Due date": unit workday → the (n)-th working day
   * after accept_day (n = 0: accept_day if a working day, else the next);
   * natural_day → accept_day + n, moved to the next working day.
   */
  dueDay(acceptDay: number, n: number, unit: 'workday' | 'natural_day'): number {
    if (unit === 'natural_day') return this.workdayOnOrAfter(acceptDay + n);
    return n === 0 ? this.workdayOnOrAfter(acceptDay) : this.nthWorkdayAfter(acceptDay, n);
  }
}
