// Periods of the filter bar and their 环比/同比 comparisons (metrics.md: 环比 / 同比).
// Dates are Beijing 'YYYY-MM-DD' strings; arithmetic is done on UTC dates.

export type Preset = 'month' | 'lastMonth' | 'quarter' | 'year' | 'custom';
export interface Range {
  from: string;
  to: string;
}

export const PRESETS: ReadonlyArray<{ id: Preset; label: string }> = [
  { id: 'month', label: '本月' },
  { id: 'lastMonth', label: '上月' },
  { id: 'quarter', label: '本季度' },
  { id: 'year', label: '本年' },
  { id: 'custom', label: '自定义' },
];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** Today's Beijing date. */
export const beijingToday = (nowMs = Date.now()): string => new Date(nowMs + 8 * 3_600_000).toISOString().slice(0, 10);

const parts = (d: string): [number, number, number] => d.split('-').map(Number) as [number, number, number];
const fmt = (t: Date): string => t.toISOString().slice(0, 10);
/** The date `days` after `d`. */
export const addDays = (d: string, days: number): string => {
  const [y, m, day] = parts(d);
  return fmt(new Date(Date.UTC(y, m - 1, day + days)));
};
/** Whole days from a to b (b − a). */
export const daysBetween = (a: string, b: string): number => {
  const [ya, ma, da] = parts(a);
  const [yb, mb, db] = parts(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
};
/** First and last day of the month `offset` months from d's month. */
export function monthOf(d: string, offset = 0): Range {
  const [y, m] = parts(d);
  return { from: fmt(new Date(Date.UTC(y, m - 1 + offset, 1))), to: fmt(new Date(Date.UTC(y, m + offset, 0))) };
}
function quarterOf(d: string, offset = 0): Range {
  const [y, m] = parts(d);
  const q = Math.floor((m - 1) / 3) + offset;
  return { from: fmt(new Date(Date.UTC(y, q * 3, 1))), to: fmt(new Date(Date.UTC(y, q * 3 + 3, 0))) };
}
const yearOf = (d: string, offset = 0): Range => {
  const y = parts(d)[0] + offset;
  return { from: `${y}-01-01`, to: `${y}-12-31` };
};

/** The same date a year earlier; 29 Feb becomes 28 Feb. */
export function yearEarlier(d: string): string {
  const [y, m, day] = parts(d);
  const candidate = `${String(y - 1).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isDate(candidate) ? candidate : `${String(y - 1).padStart(4, '0')}-02-28`;
}

/** The range a preset stands for on `today` (本月 = the 1st to today, api.md's default). */
export function presetRange(preset: Exclude<Preset, 'custom'>, today: string): Range {
  switch (preset) {
    case 'month':
      return { from: monthOf(today).from, to: today };
    case 'lastMonth':
      return monthOf(today, -1);
    case 'quarter':
      return { from: quarterOf(today).from, to: today };
    case 'year':
      return { from: yearOf(today).from, to: today };
  }
}

/**
 * The calendar kind a range stands for: the smallest month, quarter or year
 * that starts at `from` and contains `to` (a whole bucket or a to-date preset
 * such as 本月); null = a custom range. Mirrors the server
 * (server/metrics/engine/periods.ts), so cards and trends compare alike.
 */
export function bucketKind(r: Range): 'month' | 'quarter' | 'year' | null {
  for (const [kind, of] of [['month', monthOf], ['quarter', quarterOf], ['year', yearOf]] as const) {
    const b = of(r.from, 0);
    if (b.from === r.from && r.to <= b.to) return kind;
  }
  return null;
}

/**
 * 环比 (mom) and 同比 (yoy) periods. metrics.md: calendar buckets and presets
 * compare with the previous whole bucket of the same kind (March → February)
 * and the same bucket a year earlier; custom ranges with the preceding span of
 * equal length and the same dates a year earlier (29 Feb → 28 Feb).
 */
export function comparisonRanges(range: Range): { mom: Range; yoy: Range } {
  switch (bucketKind(range)) {
    case 'month':
      return { mom: monthOf(range.from, -1), yoy: monthOf(range.from, -12) };
    case 'quarter':
      return { mom: quarterOf(range.from, -1), yoy: quarterOf(range.from, -4) };
    case 'year':
      return { mom: yearOf(range.from, -1), yoy: yearOf(range.from, -1) };
    case null: {
      const length = daysBetween(range.from, range.to) + 1;
      return {
        mom: { from: addDays(range.from, -length), to: addDays(range.from, -1) },
        yoy: { from: yearEarlier(range.from), to: yearEarlier(range.to) },
      };
    }
  }
}

/** The `months` calendar months ending with the month of `to` (trend window), clipped at `to`. */
export function trailingMonths(to: string, months = 12): Range {
  return { from: monthOf(to, -(months - 1)).from, to };
}
