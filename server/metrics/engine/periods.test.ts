import { describe, expect, test } from 'vitest';
import {
  asOfFor, beijingIsoOf, bucketOf, parseAsOf, presetKind, previousPeriod, trendBuckets, yearAgoBucket, yearAgoDate,
  yearAgoPeriod,
} from './periods.ts';

describe('as_of', () => {
  test('a date means its 23:59:59 Beijing; instants are taken as is', () => {
    expect(beijingIsoOf(parseAsOf('2025-02-10')!)).toBe('2025-02-10T23:59:59+08:00');
    expect(parseAsOf('2025-02-10T12:00:00+08:00')).toBe(Date.parse('2025-02-10T04:00:00Z'));
    expect(parseAsOf('2025-02-10T04:00:00Z')).toBe(Date.parse('2025-02-10T04:00:00Z'));
    expect(parseAsOf('2025-02-10T12:00:00')).toBe(Date.parse('2025-02-10T04:00:00Z'));
    expect(parseAsOf('2025-02-10T12:00:00.5-0130')).toBe(Date.parse('2025-02-10T13:30:00.500Z'));
  });

  test.each(['2025-02-30', '2025-02-10T25:00:00Z', 'yesterday', '', '2025-02-10T12:00:00+8'])('rejects %j', (t) => {
    expect(parseAsOf(t)).toBeNull();
  });

  test('min(now, to 23:59:59)', () => {
    const now = Date.parse('2025-03-15T02:00:00Z');
    expect(asOfFor('2025-03-31', now)).toBe(now);
    expect(beijingIsoOf(asOfFor('2025-02-28', now))).toBe('2025-02-28T23:59:59+08:00');
  });
});

describe('buckets', () => {
  test.each([
    ['week', '2025-01-01', '2024-12-30', '2025-01-05'], // weeks start on Monday
    ['week', '2025-01-05', '2024-12-30', '2025-01-05'],
    ['month', '2024-02-10', '2024-02-01', '2024-02-29'],
    ['quarter', '2025-05-20', '2025-04-01', '2025-06-30'],
    ['year', '2025-05-20', '2025-01-01', '2025-12-31'],
  ] as const)('%s of %s', (kind, date, from, to) => {
    expect(bucketOf(kind, date)).toEqual({ from, to });
  });

  test('29 Feb a year earlier is 28 Feb', () => {
    expect(yearAgoDate('2024-02-29')).toBe('2023-02-28');
    expect(yearAgoBucket('day', { from: '2024-02-29', to: '2024-02-29' })).toEqual({ from: '2023-02-28', to: '2023-02-28' });
    expect(yearAgoPeriod({ from: '2024-02-10', to: '2024-02-29' })).toEqual({ from: '2023-02-10', to: '2023-02-28' });
  });

  test('a week a year earlier is the same ISO week', () => {
    // 2025-03-03 is ISO week 10 of 2025; week 10 of 2024 starts 2024-03-04.
    expect(yearAgoBucket('week', { from: '2025-03-03', to: '2025-03-09' })).toEqual({ from: '2024-03-04', to: '2024-03-10' });
    // 2020-12-28 is ISO week 53 of 2020; 2019 has 52 weeks → week 52 (2019-12-23).
    expect(yearAgoBucket('week', { from: '2020-12-28', to: '2021-01-03' })).toEqual({ from: '2019-12-23', to: '2019-12-29' });
  });

  test('trend buckets are clipped to [from, to]', () => {
    expect(trendBuckets({ from: '2025-01-22', to: '2025-02-05' }, 'week').map((b) => [b.from, b.to, b.full.from])).toEqual([
      ['2025-01-22', '2025-01-26', '2025-01-20'],
      ['2025-01-27', '2025-02-02', '2025-01-27'],
      ['2025-02-03', '2025-02-05', '2025-02-03'],
    ]);
    expect(trendBuckets({ from: '2025-01-15', to: '2025-03-31' }, 'quarter')).toEqual([
      { from: '2025-01-15', to: '2025-03-31', full: { from: '2025-01-01', to: '2025-03-31' } },
    ]);
  });
});

describe('previous period', () => {
  test.each([
    // presets and whole buckets: the previous bucket of the same kind
    ['2025-03-01', '2025-03-31', '2025-02-01', '2025-02-28'],
    ['2025-03-01', '2025-03-10', '2025-02-01', '2025-02-28'], // 本月 to date
    ['2025-04-01', '2025-05-15', '2025-01-01', '2025-03-31'], // 本季度 to date
    ['2025-01-01', '2025-12-31', '2024-01-01', '2024-12-31'],
    ['2025-01-01', '2025-01-31', '2024-12-01', '2024-12-31'],
    // custom ranges: the preceding span of equal length
    ['2025-03-05', '2025-03-11', '2025-02-26', '2025-03-04'],
    ['2025-03-02', '2025-04-01', '2025-01-30', '2025-03-01'],
  ])('%s … %s → %s … %s', (from, to, pf, pt) => {
    expect(previousPeriod({ from, to })).toEqual({ from: pf, to: pt });
  });

  test('preset kinds', () => {
    expect(presetKind({ from: '2025-01-01', to: '2025-03-31' })).toBe('quarter');
    expect(presetKind({ from: '2025-01-02', to: '2025-01-31' })).toBeNull();
    expect(yearAgoPeriod({ from: '2025-03-01', to: '2025-03-10' })).toEqual({ from: '2024-03-01', to: '2024-03-31' });
  });
});
