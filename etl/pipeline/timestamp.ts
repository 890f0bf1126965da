// Timestamp and date parsing for every format of data-contract.md § General rules.
//
// Hand-written regexes plus integer arithmetic instead of `new Date(string)`:
// the engine's parser is slow, accepts far more than the contract (and
// differently across engines), and silently rolls Feb 30 over to Mar 2. The
// import budget is ≥ 250 k case rows/s with ~5 timestamps per row, so this
// runs well over a million times a second.

/** Asia/Shanghai has had no DST since 1991: a time without an offset is +08:00. */
const BEIJING_OFFSET_MIN = 8 * 60;
const MS_PER_DAY = 86_400_000;

// `YYYY-MM-DD`, optionally followed by `T`/space and `HH:mm:ss[.fff][offset]`.
// TRICKY: a bare date is accepted as Beijing midnight, because an XLSX date
// cell (e.g. a catalogue's 更新时间 kept by hand) reaches us as 'YYYY-MM-DD'.
const DASH = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
// `YYYY/MM/DD HH:mm:ss`; one-digit month/day/hour tolerated (Excel/Windows exports write `2025/3/4 9:15:00`).
const SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: (\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?)?$/;
// GB/T 39046 basic format `YYYYMMDDThhmmss`, optionally with fraction and offset.
const COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeap(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil). Used instead of Date.UTC, which maps years 0–99 to 19xx.
 */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Offset in minutes east of UTC, or NaN when out of range. `Z` → 0. */
function offsetMinutes(tz: string): number {
  if (tz === 'Z') return 0;
  const sign = tz.charCodeAt(0) === 45 /* - */ ? -1 : 1;
  const hh = Number(tz.slice(1, 3));
  const rest = tz.length > 3 ? tz.slice(tz.length - 2) : '00';
  const mm = Number(rest);
  if (hh > 23 || mm > 59) return Number.NaN;
  return sign * (hh * 60 + mm);
}

/** First three digits of a fraction, right-padded: '5' → 500, '123456' → 123 (truncated, as Date does). */
function fractionMs(frac: string | undefined): number {
  if (frac === undefined) return 0;
  if (frac.length >= 3) return Number(frac.slice(0, 3));
  return frac.length === 2 ? Number(frac) * 10 : Number(frac) * 100;
}

function toEpoch(m: RegExpExecArray): number | null {
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  // Strict: no hour 24, no leap second 60 (data-contract.md wants invalid times quarantined).
  if (h > 23 || mi > 59 || s > 59) return null;
  const tz = m[8];
  const off = tz === undefined ? BEIJING_OFFSET_MIN : offsetMinutes(tz);
  if (Number.isNaN(off)) return null;
  return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi - off) * 60 + s) * 1000 + fractionMs(m[7]);
}

/**
 * Parse a contract timestamp to epoch milliseconds, or null when it is not one
 * of the accepted formats or names an impossible instant (Feb 30, 25:00).
 * No offset = Asia/Shanghai. The caller trims; surrounding blanks are rejected.
 */
export function parseTimestamp(s: string): number | null {
  if (s.length < 10) return null;
  const c4 = s.charCodeAt(4);
  let m: RegExpExecArray | null;
  if (c4 === 45 /* - */) m = DASH.exec(s);
  else if (c4 === 47 /* / */) m = SLASH.exec(s);
  else m = COMPACT.exec(s);
  return m === null ? null : toEpoch(m);
}

/** Validate a contract date `YYYY-MM-DD`; returns it unchanged, or null. */
export function parseDate(s: string): string | null {
  const m = DATE_ONLY.exec(s);
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return s;
}
