import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addDays,
  beijingDate,
  dateOfIndex,
  dayIndex,
  daysBetween,
  endOfBeijingDay,
  isValidDate,
  startOfBeijingDay,
  weekday,
  yearOfIndex,
} from './beijing.ts';

// Oracle independent of the fixed +8h arithmetic: Date.parse with an explicit offset.
const at = (iso: string) => Date.parse(iso);

describe('beijingDate', () => {
  test.each([
    // 16:00 UTC is midnight in Beijing: the Beijing date changes there.
    ['2025-01-24T15:59:59.999Z', '2025-01-24'],
    ['2025-01-24T16:00:00.000Z', '2025-01-25'],
    ['2025-01-24T00:00:00+08:00', '2025-01-24'],
    ['2025-01-24T23:59:59+08:00', '2025-01-24'],
    ['2024-12-31T16:00:00Z', '2025-01-01'], // year boundary
    ['2024-02-29T12:00:00+08:00', '2024-02-29'], // leap day
    ['1970-01-01T00:00:00Z', '1970-01-01'], // 08:00 Beijing
    ['1969-12-31T16:00:00Z', '1970-01-01'],
    ['1969-12-31T15:59:59Z', '1969-12-31'], // negative epoch ms
  ])('%s → %s', (iso, date) => {
    expect(beijingDate(at(iso))).toBe(date);
  });

  test('agrees with the ICU Asia/Shanghai zone for 2000–2100 (no DST since 1991)', () => {
    const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' });
    fc.assert(
      fc.property(fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2100-12-31T00:00:00Z') }), (ms) => {
        expect(beijingDate(ms)).toBe(fmt.format(ms));
      }),
      { numRuns: 2000 },
    );
  });

  test('rejects a non-finite instant', () => {
    expect(() => beijingDate(Number.NaN)).toThrow(RangeError);
  });
});

describe('start and end of a Beijing day', () => {
  test('start is 00:00:00.000 Beijing', () => {
    expect(startOfBeijingDay('2025-02-10')).toBe(at('2025-02-10T00:00:00+08:00'));
  });
  test('end is 23:59:59.000 Beijing, not .999', () => {
    expect(endOfBeijingDay('2025-02-10')).toBe(at('2025-02-10T23:59:59.000+08:00'));
    expect(endOfBeijingDay('2025-02-10') % 1000).toBe(0);
  });
});

describe('date arithmetic', () => {
  test.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-01-01', 10957], // 30 years incl. 7 leap days: 30·365 + 7
    ['2000-03-01', 10957 + 31 + 29], // 2000 is a leap year (divisible by 400)
  ])('dayIndex(%s) = %i and back', (date, i) => {
    expect(dayIndex(date)).toBe(i);
    expect(dateOfIndex(i)).toBe(date);
  });

  test.each([
    ['2025-01-28', 7, '2025-02-04'],
    ['2025-02-27', 2, '2025-03-01'], // 2025 is not a leap year
    ['2024-02-27', 2, '2024-02-29'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2025-03-03', 0, '2025-03-03'],
  ])('addDays(%s, %i) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  test.each([
    ['2025-01-24', '2025-02-10', 17], // 7 days to 1/31, then 10
    ['2025-02-10', '2025-01-24', -17],
    ['2024-02-28', '2024-03-01', 2],
    ['2025-02-28', '2025-03-01', 1],
  ])('daysBetween(%s, %s) = %i', (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
  });

  test.each([
    ['1970-01-01', 4], // Thursday
    ['2025-01-24', 5], // Friday
    ['2025-01-25', 6],
    ['2025-01-26', 7], // Sunday
    ['2025-01-27', 1], // Monday
    ['1969-12-29', 1], // Monday before the epoch
  ])('weekday(%s) = %i', (date, w) => {
    expect(weekday(date)).toBe(w);
  });

  test('yearOfIndex', () => {
    expect(yearOfIndex(dayIndex('2026-12-31'))).toBe(2026);
    expect(yearOfIndex(dayIndex('2027-01-01'))).toBe(2027);
  });

  test('round trip and weekday agree with Date for random days', () => {
    fc.assert(
      fc.property(fc.integer({ min: -30000, max: 100000 }), (i) => {
        const d = dateOfIndex(i);
        expect(dayIndex(d)).toBe(i);
        const utc = new Date(i * 86_400_000);
        expect(d).toBe(utc.toISOString().slice(0, 10));
        expect(weekday(d)).toBe(utc.getUTCDay() === 0 ? 7 : utc.getUTCDay());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('date validation', () => {
  test.each(['2024-02-29', '2000-02-29', '2025-12-31', '2025-04-30'])('%s is valid', (d) => {
    expect(isValidDate(d)).toBe(true);
  });
  test.each([
    '2025-02-30',
    '2025-02-29', // 2025 is not a leap year
    '1900-02-29', // 1900 is not a leap year (divisible by 100, not 400)
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-01-00',
    '2025-2-3',
    '2025/02/03',
    '2025-02-03T00:00',
    '',
    'abcd-ef-gh',
  ])('%s is rejected', (d) => {
    expect(isValidDate(d)).toBe(false);
    expect(() => dayIndex(d)).toThrow(RangeError);
    expect(() => addDays(d, 1)).toThrow(RangeError);
  });
});
