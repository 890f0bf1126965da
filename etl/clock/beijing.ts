// Beijing calendar-date helpers (metrics.md: Time rules — "Dates are Beijing
// dates (Asia/Shanghai)"; data-contract.md: General rules — store UTC-correct
// instants, a date is `YYYY-MM-DD`).
//
// Why fixed +8h arithmetic instead of Intl / a tz library: Asia/Shanghai has
// been UTC+8 with no daylight saving since 1991 (the last DST was 1986–1991),
// and every date this product handles is later than that. A constant offset
// turns "which Beijing day is this instant" into one division, which matters
// because the ETL converts several instants per case at ≥ 250 k cases/s.
// The tests check the constant against the ICU time-zone data.
//
// Two representations of a date:
// - the string 'YYYY-MM-DD' (the contract's and ClickHouse's Date format);
// - the day index, days since 1970-01-01 (an integer), for fast arithmetic and
//   for indexing the calendar's precomputed arrays.

export const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai offset from UTC, constant since 1991. */
export const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** metrics.md: Time rules — due_at is 23:59:59 Beijing, so a day "ends" one second before midnight. */
const END_OF_DAY_MS = MS_PER_DAY - 1000;

// Hinnant's days_from_civil / civil_from_days: exact proleptic Gregorian
// conversions with integer arithmetic only (no Date allocation on the hot path).
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Two ASCII digits at s[i], s[i+1] as a number, or -1 when not digits. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** The day index of a 'YYYY-MM-DD' date, or NaN when it is not a real calendar date. */
function parseDayIndex(date: string): number {
  if (typeof date !== 'string' || date.length !== 10 || date[4] !== '-' || date[7] !== '-') return NaN;
  const hi = twoDigits(date, 0);
  const lo = twoDigits(date, 2);
  const m = twoDigits(date, 5);
  const d = twoDigits(date, 8);
  if (hi < 0 || lo < 0 || m < 1 || m > 12 || d < 1) return NaN;
  const y = hi * 100 + lo;
  // TRICKY: the format alone accepts '2025-02-30'; the day must exist in that month.
  if (d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

/** True when `date` is a real calendar date written 'YYYY-MM-DD'. */
export function isValidDate(date: string): boolean {
  return !Number.isNaN(parseDayIndex(date));
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws RangeError on an invalid date. */
export function dayIndex(date: string): number {
  const i = parseDayIndex(date);
  if (Number.isNaN(i)) throw new RangeError(`invalid date ${JSON.stringify(date)}: expected a real YYYY-MM-DD date`);
  return i;
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** Year, month, day of a day index (civil_from_days). */
function civilFromDays(i: number): [y: number, m: number, d: number] {
  const z = i + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

// Formatting a date costs ~200 ns, and the ETL formats a few per case; the
// dates it meets (1970–2134) are memoized, which makes that a lookup.
const CACHE_SIZE = 60_000;
const dateCache: Array<string | undefined> = new Array<string | undefined>(CACHE_SIZE);

/** The 'YYYY-MM-DD' date of a day index (inverse of dayIndex). Years 0000–9999 only. */
export function dateOfIndex(i: number): string {
  if (i >= 0 && i < CACHE_SIZE) {
    const hit = dateCache[i];
    if (hit !== undefined) return hit;
  }
  if (!Number.isInteger(i)) throw new RangeError(`invalid day index ${i}`);
  const s = formatDayIndex(i);
  if (i >= 0 && i < CACHE_SIZE) dateCache[i] = s;
  return s;
}

function formatDayIndex(i: number): string {
  const [y, m, d] = civilFromDays(i);
  if (y < 0 || y > 9999) throw new RangeError(`day index ${i} is outside years 0000–9999`);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** The calendar year of a day index. */
export function yearOfIndex(i: number): number {
  if (!Number.isInteger(i)) throw new RangeError(`invalid day index ${i}`);
  return civilFromDays(i)[0];
}

/** Day index of 1 January of `year`. */
export function firstDayOfYearIndex(year: number): number {
  if (!Number.isInteger(year)) throw new RangeError(`invalid year ${year}`);
  return daysFromCivil(year, 1, 1);
}

/** Day index of the Beijing date on which the instant `ms` (epoch ms) falls. */
export function beijingDayIndex(ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError(`invalid instant ${ms}`);
  return Math.floor((ms + BEIJING_OFFSET_MS) / MS_PER_DAY);
}

/** The Beijing date 'YYYY-MM-DD' of the instant `ms` (epoch ms). */
export function beijingDate(ms: number): string {
  return dateOfIndex(beijingDayIndex(ms));
}

/** Epoch ms of 00:00:00.000 Beijing on the day with index `i`. */
export const startOfDayIndex = (i: number): number => i * MS_PER_DAY - BEIJING_OFFSET_MS;

/** Epoch ms of 23:59:59.000 Beijing on the day with index `i` (metrics.md: Time rules, due_at). */
export const endOfDayIndex = (i: number): number => startOfDayIndex(i) + END_OF_DAY_MS;

/** Epoch ms of 00:00:00.000 Beijing on `date`. */
export function startOfBeijingDay(date: string): number {
  return startOfDayIndex(dayIndex(date));
}

/**
 * Epoch ms of `date` 23:59:59.000 Beijing.
 * TRICKY: 23:59:59, not 23:59:59.999 — metrics.md: Time rules fixes due_at (and
 * as_of for a date) at whole second 23:59:59, and ClickHouse DateTime columns
 * hold whole seconds, so an instant in the last second of the day is "after" it.
 */
export function endOfBeijingDay(date: string): number {
  return endOfDayIndex(dayIndex(date));
}

/** `date` plus `n` days (n may be negative). */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return dateOfIndex(dayIndex(date) + n);
}

/** b − a in days (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return dayIndex(b) - dayIndex(a);
}

/** ISO weekday of a day index: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday (4). */
export function weekdayOfIndex(i: number): number {
  return ((((i + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday of `date`: 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  return weekdayOfIndex(dayIndex(date));
}
