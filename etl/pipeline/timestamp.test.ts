import { describe, expect, test } from 'vitest';
import { parseDate, parseTimestamp } from './timestamp.ts';

// Worked out by hand: 2025-01-01T00:00:00Z = 20089 days × 86 400 s = 1 735 689 600 s;
// 2025-03-04 is 31 + 28 + 3 = 62 days later → day 20151 → 1 741 046 400 s;
// 09:15 Beijing = 01:15 UTC = +4 500 s → 1 741 050 900 s.
const A = 1_741_050_900_000;

describe('parseTimestamp accepts every contract format', () => {
  test.each([
    ['ISO with +08:00', '2025-03-04T09:15:00+08:00', A],
    ['ISO with Z', '2025-03-04T01:15:00Z', A],
    ['ISO with another offset', '2025-03-04T03:15:00+02:00', A],
    ['ISO with a basic-format negative offset', '2025-03-03T20:15:00-0500', A],
    ['ISO with an hours-only offset', '2025-03-04T09:15:00+08', A],
    ['ISO without offset = Beijing', '2025-03-04T09:15:00', A],
    ['space separated', '2025-03-04 09:15:00', A],
    ['space separated with offset', '2025-03-04 01:15:00Z', A],
    ['slashes', '2025/03/04 09:15:00', A],
    ['slashes, one-digit month/day/hour', '2025/3/4 9:15:00', A],
    ['GB/T 39046 compact', '20250304T091500', A],
    ['compact with Z', '20250304T011500Z', A],
    ['fraction .5', '2025-03-04T09:15:00.5', A + 500],
    ['fraction .25 with comma', '2025-03-04 09:15:00,25', A + 250],
    ['fraction of 6 digits, truncated to ms', '2025-03-04T09:15:00.123456+08:00', A + 123],
    ['fraction on slashes', '2025/03/04 09:15:00.007', A + 7],
    ['fraction on compact', '20250304T091500.75', A + 750],
    ['fraction then Z', '2025-03-04T01:15:00.5Z', A + 500],
    // 2025-03-04 00:00 Beijing = 2025-03-03 16:00 UTC: day 20150 × 86 400 + 57 600 s.
    ['bare date = Beijing midnight', '2025-03-04', 1_741_017_600_000],
    // 2024-02-29T00:00Z = 1 709 164 800 s; minus 8 h = 1 709 136 000 s.
    ['leap day', '2024-02-29 00:00:00', 1_709_136_000_000],
    ['leap day of a 400-year', '2000-02-29T08:00:00', 951_782_400_000],
    // 2025-01-01T00:00Z = 1 735 689 600 000 ms, one ms before it:
    ['year boundary in UTC', '2025-01-01T07:59:59.999', 1_735_689_599_999],
    ['epoch', '1970-01-01T08:00:00', 0],
  ])('%s: %s', (_label, input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });
});

describe('parseTimestamp rejects what is not a valid instant', () => {
  test.each([
    ['Feb 29 of a common year', '2025-02-29 10:00:00'],
    ['Feb 29 of 1900 (century, not leap)', '1900-02-29 10:00:00'],
    ['Feb 30', '2025-02-30T00:00:00'],
    ['April 31', '2025-04-31 00:00:00'],
    ['month 13', '2025-13-01 00:00:00'],
    ['month 0', '2025-00-10 00:00:00'],
    ['day 0', '2025-03-00 00:00:00'],
    ['hour 25', '2025-03-04 25:00:00'],
    ['hour 24', '2025-03-04T24:00:00'],
    ['minute 60', '2025-03-04 09:60:00'],
    ['leap second', '2025-03-04 09:15:60'],
    ['no seconds', '2025-03-04T09:15'],
    ['offset hour 25', '2025-03-04T09:15:00+25:00'],
    ['offset minute 75', '2025-03-04T09:15:00+08:75'],
    ['14 digits without T', '20250304091500'],
    ['compact, invalid day', '20250230T091500'],
    ['single-digit month with dashes', '2025-3-4 09:15:00'],
    ['day-first', '04/03/2025 09:15:00'],
    ['dangling fraction dot', '2025-03-04T09:15:00.'],
    ['trailing blank (callers trim)', '2025-03-04T09:15:00Z '],
    ['lower-case z', '2025-03-04T01:15:00z'],
    ['words', 'yesterday'],
    ['empty', ''],
    ['epoch number as text', '1741050900000'],
    ['ten fraction digits', '2025-03-04T09:15:00.1234567890'],
    ['truncated offset', '2025-03-04T09:15:00+08:0'],
    ['offset on the slash form', '2025/03/04 09:15:00+08:00'],
    ['letters in digit places', 'abcd-ef-ghT09:15:00'],
    ['compact with dashes in time', '20250304T09:15:00'],
  ])('%s: %s', (_label, input) => {
    expect(parseTimestamp(input)).toBeNull();
  });
});

describe('parseDate', () => {
  test.each([
    ['2024-02-29', '2024-02-29'],
    ['2025-12-31', '2025-12-31'],
    ['2025-02-29', null],
    ['2025-3-04', null],
    ['2025/03/04', null],
    ['2025-03-04 00:00:00', null],
    ['', null],
  ])('%s → %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });
});
