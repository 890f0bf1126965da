// The national holiday schedule (国务院办公厅 节假日安排) from the `chinese-days`
// package: 法定节假日 are off, 调休 makeup days are on, other days follow the
// week (metrics.md: Time rules; data-contract.md: calendar — "The built-in
// schedule covers the years that the State Council has announced; a year
// without an announced schedule falls back to Monday–Friday").
//
// Calendar overrides are not applied here; WorkCalendar layers them on top.
import { createRequire } from 'node:module';
import { dayIndex, weekdayOfIndex, yearOfIndex } from './beijing.ts';

interface ChineseDaysData {
  /** 法定节假日 (off), keyed 'YYYY-MM-DD', value 'English,中文,days'. */
  holidays: Record<string, string>;
  /** 调休上班 makeup working days (on). */
  workdays: Record<string, string>;
  /** 调休 days in lieu — already inside `holidays`; not needed for on/off. */
  inLieuDays: Record<string, string>;
}

// Why createRequire: the package is CommonJS without an `exports` map, and
// JSON import attributes (`with { type: 'json' }`) behave differently across
// tsx, vitest and tsc; require() of the JSON file works the same everywhere.
const require = createRequire(import.meta.url);

function loadData(): ChineseDaysData {
  const raw: unknown = require('chinese-days/dist/chinese-days.json');
  const isMap = (v: unknown): v is Record<string, string> => typeof v === 'object' && v !== null;
  const o = raw as Partial<Record<keyof ChineseDaysData, unknown>>;
  // Fail loudly if a package upgrade changes the shape: a silent empty schedule
  // would turn every holiday into a working day.
  if (!isMap(o.holidays) || !isMap(o.workdays) || Object.keys(o.holidays).length === 0) {
    throw new Error('chinese-days/dist/chinese-days.json: expected non-empty `holidays` and `workdays` maps');
  }
  return { holidays: o.holidays, workdays: o.workdays, inLieuDays: isMap(o.inLieuDays) ? o.inLieuDays : {} };
}

const data = loadData();

// Day-index sets: the calendar asks per day index, so parse the keys once.
const holidayIdx = new Set<number>(Object.keys(data.holidays).map(dayIndex));
const makeupWorkdayIdx = new Set<number>(Object.keys(data.workdays).map(dayIndex));

// TRICKY: "announced" is derived from the data, not hard-coded: a year is
// announced when the package lists holidays in it (every announced year has at
// least 元旦 and 春节). Upgrading chinese-days after the State Council publishes
// next year's notice therefore moves that year off the Monday–Friday fallback.
const announced: ReadonlySet<number> = new Set([...holidayIdx].map(yearOfIndex));

/** Years whose national schedule is announced (built in); others fall back to Monday–Friday. */
export function announcedYears(): ReadonlySet<number> {
  return announced;
}

/** The national rule for the day with index `i` (no overrides). */
export function nationalIsWorkdayIndex(i: number): boolean {
  if (announced.has(yearOfIndex(i))) {
    if (holidayIdx.has(i)) return false;
    if (makeupWorkdayIdx.has(i)) return true;
  }
  // Ordinary days of announced years, and every day of a fallback year: Monday–Friday.
  return weekdayOfIndex(i) <= 5;
}

/** The national rule for 'YYYY-MM-DD' (no overrides): holidays off, 调休 on, else Monday–Friday. */
export function nationalIsWorkday(date: string): boolean {
  return nationalIsWorkdayIndex(dayIndex(date));
}

/**
 * The festival a date belongs to in the national schedule, for explanations:
 * `{ name: '春节', off: true }` for a 法定节假日, `{ name: '春节', off: false }`
 * for its 调休 makeup working day, null for an ordinary day.
 */
export function nationalDayNote(date: string): { name: string; off: boolean } | null {
  const holiday = data.holidays[date];
  if (holiday !== undefined) return { name: holiday.split(',')[1] ?? holiday, off: true };
  const makeup = data.workdays[date];
  if (makeup !== undefined) return { name: makeup.split(',')[1] ?? makeup, off: false };
  return null;
}
