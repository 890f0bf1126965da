import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { addDays, daysBetween } from './beijing.ts';
import { nationalIsWorkday } from './national-schedule.ts';
import { WorkCalendar, type CalendarOverride } from './work-calendar.ts';

const cal = new WorkCalendar();

// Working days around Spring Festival 2025, by hand:
//   1/24 Fri ✓, 1/25 Sat ✗, 1/26 Sun ✓(调休), 1/27 Mon ✓, 1/28–2/4 ✗,
//   2/5 ✓, 2/6 ✓, 2/7 ✓, 2/8 Sat ✓(调休), 2/9 Sun ✗, 2/10 ✓, 2/11 ✓ …
// Around National Day 2025:
//   9/26 Fri ✓, 9/27 Sat ✗, 9/28 Sun ✓(调休), 9/29 ✓, 9/30 ✓, 10/1–10/8 ✗,
//   10/9 ✓, 10/10 ✓, 10/11 Sat ✓(调休), 10/12 ✗, 10/13 ✓.
describe('countWorkdays (after < d ≤ upto)', () => {
  test.each([
    ['2025-01-24', '2025-02-07', 5], // 1/26, 1/27, 2/5, 2/6, 2/7
    ['2025-01-24', '2025-02-10', 7], // + 2/8, 2/10
    ['2025-01-27', '2025-02-04', 0], // the whole holiday
    ['2025-01-24', '2025-01-24', 0], // empty: the acceptance day is never counted
    ['2025-02-07', '2025-01-24', 0], // reversed: empty set
    ['2025-09-26', '2025-10-13', 7], // 9/28, 9/29, 9/30, 10/9, 10/10, 10/11, 10/13
    ['2025-03-07', '2025-03-10', 1], // Fri → Mon: 3/10 only
  ])('(%s, %s] has %i working days', (a, b, n) => {
    expect(cal.countWorkdays(a, b)).toBe(n);
  });
});

describe('nthWorkdayAfter (strictly after)', () => {
  test.each([
    ['2025-01-24', 1, '2025-01-26'], // Sunday 调休
    ['2025-01-24', 5, '2025-02-07'],
    ['2025-01-24', 6, '2025-02-08'], // Saturday 调休
    ['2025-01-24', 7, '2025-02-10'],
    ['2025-01-27', 1, '2025-02-05'], // jumps the holiday
    ['2025-09-26', 1, '2025-09-28'],
    ['2025-09-30', 1, '2025-10-09'],
    ['2025-09-30', 3, '2025-10-11'],
    ['2025-10-01', 1, '2025-10-09'], // from inside the holiday
    ['2025-03-03', 1, '2025-03-04'],
  ])('%s + %i → %s', (date, n, expected) => {
    expect(cal.nthWorkdayAfter(date, n)).toBe(expected);
  });
});

describe('isWorkday / nextWorkdayOnOrAfter', () => {
  test.each([
    ['2025-10-01', '2025-10-09'],
    ['2025-09-28', '2025-09-28'], // a working Sunday is returned as is
    ['2025-09-27', '2025-09-28'],
    ['2025-02-09', '2025-02-10'],
    ['2025-03-08', '2025-03-10'],
    ['2025-03-04', '2025-03-04'],
  ])('%s → %s', (date, expected) => {
    expect(cal.nextWorkdayOnOrAfter(date)).toBe(expected);
    expect(cal.isWorkday(date)).toBe(date === expected);
  });
});

describe('overrides', () => {
  const local = new WorkCalendar([
    { date: '2025-03-07', is_workday: false }, // a Friday off
    { date: '2025-03-08', is_workday: true }, // a Saturday on
    { date: '2025-10-08', is_workday: true }, // a national holiday on
    { date: '2025-05-06', is_workday: false },
    { date: '2025-05-06', is_workday: true }, // the later row wins
  ]);
  test.each([
    ['2025-03-07', false],
    ['2025-03-08', true],
    ['2025-10-08', true],
    ['2025-05-06', true],
    ['2025-03-06', true], // untouched
  ])('%s → %s', (date, expected) => {
    expect(local.isWorkday(date)).toBe(expected);
  });
  test('counts and searches use the overridden flags', () => {
    // (3/3, 3/10]: 3/4, 3/5, 3/6, 3/8, 3/10 — 3/7 off, 3/8 on.
    expect(local.countWorkdays('2025-03-03', '2025-03-10')).toBe(5);
    expect(local.nthWorkdayAfter('2025-03-03', 4)).toBe('2025-03-08');
    expect(local.nthWorkdayAfter('2025-09-30', 1)).toBe('2025-10-08');
  });
  test('the national calendar is not affected by another instance', () => {
    expect(cal.isWorkday('2025-03-07')).toBe(true);
  });
});

describe('fallback years', () => {
  test.each([
    [2025, false],
    [2026, false],
    [2004, false],
    [2027, true],
    [2003, true],
    [2100, true],
    [1999, true], // outside the range: nothing known
  ])('isFallbackYear(%i) = %s', (year, expected) => {
    expect(cal.isFallbackYear(year)).toBe(expected);
  });
  test('overrides do not make a year announced', () => {
    const c = new WorkCalendar([{ date: '2027-02-08', is_workday: false }]);
    expect(c.isWorkday('2027-02-08')).toBe(false);
    expect(c.isFallbackYear(2027)).toBe(true);
  });
  test.each([
    ['2026-01-01', '2026-12-31', false],
    ['2026-12-31', '2027-01-01', true],
    ['2027-01-01', '2026-12-31', true], // either order
    ['2003-12-31', '2004-01-01', true],
    ['2004-01-01', '2026-12-31', false],
  ])('usesFallback(%s, %s) = %s', (a, b, expected) => {
    expect(cal.usesFallback(a, b)).toBe(expected);
  });
});

describe('range and argument errors', () => {
  test('the range is 2000-01-01 … 2100-12-31', () => {
    expect(WorkCalendar.FIRST_DATE).toBe('2000-01-01');
    expect(WorkCalendar.LAST_DATE).toBe('2100-12-31');
    expect(cal.isWorkday('2000-01-03')).toBe(true); // a Monday
    expect(cal.isWorkday('2100-12-31')).toBe(true); // a Friday
  });
  test.each([
    ['isWorkday before the range', () => cal.isWorkday('1999-12-31')],
    ['isWorkday after the range', () => cal.isWorkday('2101-01-01')],
    ['count beyond the range', () => cal.countWorkdays('2100-12-01', '2101-01-05')],
    ['nth beyond the range', () => cal.nthWorkdayAfter('2100-12-28', 5)],
    ['nth with n = 0', () => cal.nthWorkdayAfter('2025-03-03', 0)],
    ['nth with n fractional', () => cal.nthWorkdayAfter('2025-03-03', 1.5)],
    ['invalid date', () => cal.isWorkday('2025-02-30')],
    ['override outside the range', () => new WorkCalendar([{ date: '1999-01-01', is_workday: true }])],
    ['invalid override date', () => new WorkCalendar([{ date: '2025-02-30', is_workday: true }])],
  ])('%s → RangeError', (_name, fn) => {
    expect(fn).toThrow(RangeError);
  });
});

test('days() lists the effective calendar', () => {
  expect([...cal.days('2025-01-25', '2025-01-28')]).toEqual([
    { date: '2025-01-25', is_workday: false, fallback: false },
    { date: '2025-01-26', is_workday: true, fallback: false },
    { date: '2025-01-27', is_workday: true, fallback: false },
    { date: '2025-01-28', is_workday: false, fallback: false },
  ]);
});

// Reference: a day-by-day walk over the national rule and the override map.
describe('agrees with a naive day-by-day walk', () => {
  const dayArb = fc.integer({ min: 0, max: daysBetween('2000-01-01', '2100-10-01') }).map((k) => addDays('2000-01-01', k));
  const overridesArb = fc.array(
    fc.record({
      date: fc.integer({ min: 0, max: 400 }).map((k) => addDays('2024-10-01', k)),
      is_workday: fc.boolean(),
    }),
    { maxLength: 30 },
  );
  const naiveIs = (o: Map<string, boolean>, d: string) => o.get(d) ?? nationalIsWorkday(d);

  test('countWorkdays, nthWorkdayAfter and nextWorkdayOnOrAfter', () => {
    fc.assert(
      fc.property(
        overridesArb,
        fc.oneof(dayArb, fc.integer({ min: 0, max: 400 }).map((k) => addDays('2024-10-01', k))),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 1, max: 40 }),
        (rows: CalendarOverride[], a, span, n) => {
          const c = new WorkCalendar(rows);
          const o = new Map(rows.map((r) => [r.date, r.is_workday]));
          const b = addDays(a, span);
          let count = 0;
          for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (naiveIs(o, d)) count++;
          expect(c.countWorkdays(a, b)).toBe(count);

          let seen = 0;
          let d = a;
          while (seen < n) {
            d = addDays(d, 1);
            if (naiveIs(o, d)) seen++;
          }
          expect(c.nthWorkdayAfter(a, n)).toBe(d);

          let next = a;
          while (!naiveIs(o, next)) next = addDays(next, 1);
          expect(c.nextWorkdayOnOrAfter(a)).toBe(next);
        },
      ),
      { numRuns: 150 },
    );
  });
});
