// Periods, as_of and calendar buckets (metrics.md: Periods and as_of; 环比 / 同比).
// All dates are Beijing 'YYYY-MM-DD'; instants are epoch ms.
import { addDays, BEIJING_OFFSET_MS, dayIndex, daysBetween, endOfBeijingDay, isValidDate, weekday } from '../../../etl/clock/beijing.ts';

export interface DateRange {
  from: string;
  to: string;
}

/** A period with the instant its open-case and "by as_of" rules are evaluated at. */
export interface Period extends DateRange {
  asOfMs: number;
}

export type BucketKind = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * "now" for live requests (no asOf): the start of the current minute. Every
 * viewer within the same minute asks the same question, so the result cache
 * answers all but the first (performance issue); the response's asOf says
 * which instant was used. TIANPING_LIVE_STEP_S=1 makes it to-the-second.
 */
export function liveNowMs(nowMs = Date.now()): number {
  const step = Number(process.env.TIANPING_LIVE_STEP_S ?? 60) * 1000;
  return Number.isFinite(step) && step >= 1000 ? nowMs - (nowMs % step) : nowMs;
}

/** metrics.md: "as_of = min(now, to 23:59:59 Beijing)"; buckets and previous periods use their own end. */
export const asOfFor = (to: string, nowMs: number): number => Math.min(nowMs, endOfBeijingDay(to));

export const withAsOf = (r: DateRange, nowMs: number): Period => ({ ...r, asOfMs: asOfFor(r.to, nowMs) });

/** Today's Beijing date. */
export const beijingToday = (nowMs: number): string => new Date(nowMs + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * The `asOf` parameter: a date means its 23:59:59 Beijing; an ISO instant is
 * taken as is (without an offset it is Beijing time, as in data-contract.md).
 * Returns null when the text is neither.
 */
export function parseAsOf(text: string): number | null {
  if (isValidDate(text)) return endOfBeijingDay(text);
  const m = INSTANT_RE.exec(text);
  if (!m || !isValidDate(m[1]!)) return null;
  const [hh, mm, ss] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return null;
  const fraction = m[5] ? Number(`0.${m[5]}`) * 1000 : 0;
  let offsetMs = BEIJING_OFFSET_MS;
  const zone = m[6];
  if (zone === 'Z') offsetMs = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0)) * 60_000;
  }
  return (dayIndex(m[1]!) * 86_400_000) + ((hh * 60 + mm) * 60 + ss) * 1000 + fraction - offsetMs;
}

let lastIso: [number, string] = [NaN, ''];

/** An instant as ISO 8601 in Beijing time, whole seconds: 2025-03-31T23:59:59+08:00. */
export function beijingIsoOf(ms: number): string {
  // A report stamps every row's drill-down with the same as_of: remember the last one.
  if (lastIso[0] === ms) return lastIso[1];
  const iso = `${new Date(Math.floor(ms / 1000) * 1000 + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
  lastIso = [ms, iso];
  return iso;
}

// ---- calendar buckets --------------------------------------------------------

const ymd = (d: string): [number, number, number] => d.split('-').map(Number) as [number, number, number];
const pad = (n: number): string => String(n).padStart(2, '0');
const monthStart = (y: number, m: number): string => `${y}-${pad(m)}-01`;
const monthEnd = (y: number, m: number): string => addDays(m === 12 ? monthStart(y + 1, 1) : monthStart(y, m + 1), -1);

/** The calendar bucket of `kind` containing `date`. Weeks start on Monday (metrics.md: 环比 / 同比). */
export function bucketOf(kind: BucketKind, date: string): DateRange {
  const [y, m] = ymd(date);
  switch (kind) {
    case 'day':
      return { from: date, to: date };
    case 'week': {
      const monday = addDays(date, 1 - weekday(date));
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'month':
      return { from: monthStart(y, m), to: monthEnd(y, m) };
    case 'quarter': {
      const first = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: monthStart(y, first), to: monthEnd(y, first + 2) };
    }
    case 'year':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
  }
}

/** The bucket of the same kind just before `b` (March → February). */
export const previousBucket = (kind: BucketKind, b: DateRange): DateRange => bucketOf(kind, addDays(b.from, -1));

/** The same date a year earlier; 29 Feb → 28 Feb (metrics.md: 环比 / 同比). */
export function yearAgoDate(date: string): string {
  const [y, m, d] = ymd(date);
  return m === 2 && d === 29 ? `${y - 1}-02-28` : `${y - 1}-${pad(m)}-${pad(d)}`;
}

/** ISO year and week number of a date (the week belongs to the year of its Thursday). */
function isoWeek(date: string): { year: number; week: number } {
  const thursday = addDays(date, 4 - weekday(date));
  const year = ymd(thursday)[0];
  return { year, week: Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1 };
}

function isoWeekMonday(year: number, week: number): string {
  const jan4 = `${year}-01-04`;
  return addDays(addDays(jan4, 1 - weekday(jan4)), 7 * (week - 1));
}

/**
 * The same bucket a year earlier. Weeks: the same ISO week number of the
 * previous ISO year (week 53 → 52 when that year has none).
 */
export function yearAgoBucket(kind: BucketKind, b: DateRange): DateRange {
  if (kind === 'week') {
    const { year, week } = isoWeek(b.from);
    const weeks = isoWeek(`${year - 1}-12-28`).week;
    const monday = isoWeekMonday(year - 1, Math.min(week, weeks));
    return { from: monday, to: addDays(monday, 6) };
  }
  return bucketOf(kind, yearAgoDate(b.from));
}

/**
 * The calendar kind a [from, to] request stands for: the smallest month,
 * quarter or year that starts at `from` and contains `to` (a whole bucket or a
 * to-date preset such as 本月); null = a custom range.
 */
export function presetKind(r: DateRange): 'month' | 'quarter' | 'year' | null {
  for (const kind of ['month', 'quarter', 'year'] as const) {
    const b = bucketOf(kind, r.from);
    if (b.from === r.from && r.to <= b.to) return kind;
  }
  return null;
}

/**
 * The comparison period for 环比 / rank change (metrics.md: 环比 / 同比):
 * presets and calendar buckets → the previous bucket of the same kind (whole);
 * custom ranges → the preceding span of equal length.
 */
export function previousPeriod(r: DateRange): DateRange {
  const kind = presetKind(r);
  if (kind) return previousBucket(kind, bucketOf(kind, r.from));
  const span = daysBetween(r.from, r.to) + 1;
  return { from: addDays(r.from, -span), to: addDays(r.from, -1) };
}

/** 同比: presets → the same bucket a year earlier; custom ranges → the same dates a year earlier. */
export function yearAgoPeriod(r: DateRange): DateRange {
  const kind = presetKind(r);
  if (kind) return yearAgoBucket(kind, bucketOf(kind, r.from));
  return { from: yearAgoDate(r.from), to: yearAgoDate(r.to) };
}

export interface TrendBucket extends DateRange {
  /** The whole calendar bucket (the first and last buckets are clipped to [from, to]). */
  full: DateRange;
}

/** Trend buckets of `grain` covering [from, to], the first and last clipped. */
export function trendBuckets(r: DateRange, grain: Exclude<BucketKind, 'year'>): TrendBucket[] {
  const out: TrendBucket[] = [];
  for (let cursor = r.from; cursor <= r.to; ) {
    const full = bucketOf(grain, cursor);
    out.push({ from: cursor, to: full.to < r.to ? full.to : r.to, full });
    cursor = addDays(full.to, 1);
  }
  return out;
}
