// Timestamp and date parsing for every format of data-contract.md § General rules.
//
// Hand-written scanning plus integer arithmetic instead of `new Date(string)`:
// the engine's parser is slow, accepts far more than the contract (differently
// across engines) and silently rolls Feb 30 over to Mar 2. The import budget is
// ≥ 250 k case rows/s with ~5 timestamps a row, so this runs millions of times
// a second: the fixed-width forms are read by char code, without a regex.
//
// Accepted (no offset = Asia/Shanghai, +08:00; fraction: `.` or `,`, 1–9 digits):
//   YYYY-MM-DD                          a bare date = Beijing midnight (an XLSX
//                                       date cell reaches us like this)
//   YYYY-MM-DD[T| ]HH:mm:ss[.f][tz]     tz = Z | ±HH | ±HHmm | ±HH:mm
//   YYYY/MM/DD HH:mm:ss[.f]             one-digit month/day/hour tolerated
//   YYYYMMDDThhmmss[.f][tz]             GB/T 39046

/** Asia/Shanghai has had no DST since 1991. */
const BEIJING_OFFSET_MIN = 8 * 60;
const MS_PER_DAY = 86_400_000;

// The slash form has variable widths (Excel/Windows write `2025/3/4 9:15:00`).
const SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: (\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?)?$/;

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

/** Two ASCII digits at i as a number, or -1. The caller has checked the length. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function d4(s: string, i: number): number {
  const hi = d2(s, i);
  const lo = d2(s, i + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

/** Epoch ms of validated fields, or null for an impossible date or time (Feb 30, 25:00, :60). */
function compose(y: number, mo: number, d: number, h: number, mi: number, sec: number, ms: number, offMin: number): number | null {
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  // Strict: no hour 24, no leap second (data-contract.md wants bad times quarantined).
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return null;
  return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi - offMin) * 60 + sec) * 1000 + ms;
}

const NO_TAIL = -1;
let tailMs = 0;
let tailOff = 0;

/**
 * Read `[.fraction][tz]` from i to the end into tailMs/tailOff (module
 * scratch, to avoid allocating per call); false when anything else follows.
 * The fraction keeps milliseconds, truncated like Date does.
 */
function readTail(s: string, i: number, tzAllowed: boolean): boolean {
  const n = s.length;
  tailMs = 0;
  tailOff = BEIJING_OFFSET_MIN;
  let c = i < n ? s.charCodeAt(i) : NO_TAIL;
  if (c === 46 /* . */ || c === 44 /* , */) {
    let j = i + 1;
    let ms = 0;
    while (j < n) {
      const dgt = s.charCodeAt(j) - 48;
      if (dgt < 0 || dgt > 9) break;
      if (j - i <= 3) ms = ms * 10 + dgt;
      j++;
    }
    const digits = j - i - 1;
    if (digits === 0 || digits > 9) return false;
    for (let k = digits; k < 3; k++) ms *= 10;
    tailMs = ms;
    i = j;
    c = i < n ? s.charCodeAt(i) : NO_TAIL;
  }
  if (c === NO_TAIL) return true;
  if (!tzAllowed) return false;
  if (c === 90 /* Z */) {
    tailOff = 0;
    return i + 1 === n;
  }
  if (c !== 43 /* + */ && c !== 45 /* - */) return false;
  if (i + 3 > n) return false;
  const hh = d2(s, i + 1);
  let mm = 0;
  const rest = n - (i + 3);
  if (rest === 2) mm = d2(s, i + 3);
  else if (rest === 3 && s.charCodeAt(i + 3) === 58 /* : */) mm = d2(s, i + 4);
  else if (rest !== 0) return false;
  if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return false;
  tailOff = (c === 45 ? -1 : 1) * (hh * 60 + mm);
  return true;
}

/** `YYYY-MM-DD`, `YYYY-MM-DD[T ]HH:mm:ss…` */
function parseDashed(s: string): number | null {
  const n = s.length;
  if (s.charCodeAt(7) !== 45) return null;
  const y = d4(s, 0);
  const mo = d2(s, 5);
  const d = d2(s, 8);
  if (n === 10) return compose(y, mo, d, 0, 0, 0, 0, BEIJING_OFFSET_MIN);
  const sep = s.charCodeAt(10);
  if (n < 19 || (sep !== 84 /* T */ && sep !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return null;
  if (!readTail(s, 19, true)) return null;
  return compose(y, mo, d, d2(s, 11), d2(s, 14), d2(s, 17), tailMs, tailOff);
}

/** GB/T 39046 `YYYYMMDDThhmmss…` */
function parseCompact(s: string): number | null {
  if (s.length < 15 || s.charCodeAt(8) !== 84 /* T */) return null;
  if (!readTail(s, 15, true)) return null;
  return compose(d4(s, 0), d2(s, 4), d2(s, 6), d2(s, 9), d2(s, 11), d2(s, 13), tailMs, tailOff);
}

function parseSlashed(s: string): number | null {
  const m = SLASH.exec(s);
  if (m === null) return null;
  const frac = m[7];
  const ms = frac === undefined ? 0 : Number(`${frac}00`.slice(0, 3));
  const num = (x: string | undefined) => (x === undefined ? 0 : Number(x));
  return compose(num(m[1]), num(m[2]), num(m[3]), num(m[4]), num(m[5]), num(m[6]), ms, BEIJING_OFFSET_MIN);
}

/**
 * Parse a contract timestamp to epoch milliseconds, or null when it is not one
 * of the accepted formats or names an impossible instant (Feb 30, 25:00).
 * The caller trims; surrounding blanks are rejected.
 */
export function parseTimestamp(s: string): number | null {
  if (s.length < 10) return null;
  const c4 = s.charCodeAt(4);
  if (c4 === 45 /* - */) return parseDashed(s);
  if (c4 === 47 /* / */) return parseSlashed(s);
  return parseCompact(s);
}

/** Validate a contract date `YYYY-MM-DD`; returns it unchanged, or null. */
export function parseDate(s: string): string | null {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const y = d4(s, 0);
  const mo = d2(s, 5);
  const d = d2(s, 8);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return s;
}
