import { describe, expect, test } from 'vitest';
import { beijingToday, bucketKind, comparisonRanges, isDate, presetRange, trailingMonths, yearEarlier } from './period.ts';

describe('presets', () => {
  test.each([
    ['month', '2025-03-15', { from: '2025-03-01', to: '2025-03-15' }],
    ['lastMonth', '2025-03-15', { from: '2025-02-01', to: '2025-02-28' }],
    ['lastMonth', '2025-01-10', { from: '2024-12-01', to: '2024-12-31' }],
    ['quarter', '2025-05-20', { from: '2025-04-01', to: '2025-05-20' }],
    ['year', '2025-05-20', { from: '2025-01-01', to: '2025-05-20' }],
  ] as const)('%s on %s', (preset, today, range) => {
    expect(presetRange(preset, today)).toEqual(range);
  });

  test('beijingToday shifts UTC by 8 hours', () => {
    expect(beijingToday(Date.UTC(2025, 0, 31, 16, 0))).toBe('2025-02-01');
    expect(beijingToday(Date.UTC(2025, 0, 31, 15, 59))).toBe('2025-01-31');
  });
});

describe('环比 / 同比 (metrics.md)', () => {
  test.each([
    // to-date month preset → the previous whole month and the same month a year earlier
    [{ from: '2025-03-01', to: '2025-03-15' }, 'month', { from: '2025-02-01', to: '2025-02-28' }, { from: '2024-03-01', to: '2024-03-31' }],
    [{ from: '2025-04-01', to: '2025-05-20' }, 'quarter', { from: '2025-01-01', to: '2025-03-31' }, { from: '2024-04-01', to: '2024-06-30' }],
    [{ from: '2025-01-01', to: '2025-05-20' }, 'year', { from: '2024-01-01', to: '2024-12-31' }, { from: '2024-01-01', to: '2024-12-31' }],
    // custom: preceding span of equal length; same dates a year earlier, 29 Feb → 28 Feb
    [{ from: '2024-02-10', to: '2024-02-29' }, null, { from: '2024-01-21', to: '2024-02-09' }, { from: '2023-02-10', to: '2023-02-28' }],
  ] as const)('%j is a %s range', (range, kind, mom, yoy) => {
    expect(bucketKind(range)).toBe(kind);
    expect(comparisonRanges(range)).toEqual({ mom, yoy });
  });

  test('the smallest bucket wins (本年 in January compares like a month, as the server does)', () => {
    expect(bucketKind({ from: '2025-01-01', to: '2025-01-20' })).toBe('month');
  });

  test('yearEarlier', () => {
    expect(yearEarlier('2024-02-29')).toBe('2023-02-28');
    expect(yearEarlier('2025-12-31')).toBe('2024-12-31');
  });
});

test('trailingMonths: 12 calendar months ending at to', () => {
  expect(trailingMonths('2025-03-15')).toEqual({ from: '2024-04-01', to: '2025-03-15' });
});

test('isDate rejects impossible dates', () => {
  expect(isDate('2025-02-29')).toBe(false);
  expect(isDate('2024-02-29')).toBe(true);
  expect(isDate('2024-2-1')).toBe(false);
  expect(isDate(undefined)).toBe(false);
});
