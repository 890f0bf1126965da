import { describe, expect, test } from 'vitest';
import { metricValue } from './engine/value.ts';
import { ontime_rate } from './ontime_rate.ts';
import { overdue_rate } from './overdue_rate.ts';
import { rankValues } from './rank.ts';
import { red_finished } from './red_finished.ts';
import { accepted } from './accepted.ts';

const ranks = (def: Parameters<typeof rankValues>[0], entries: Array<[string, number, number]>, minSample = 30) => {
  const values = new Map(entries.map(([k, num, den]) => [k, metricValue(def.kind, num, den)]));
  return Object.fromEntries([...rankValues(def, values, minSample)].map(([k, r]) => [k, [r.rank, r.insufficient, r.rankFromBottom]]));
};

describe('rankValues', () => {
  test('↑ proportions rank by the Wilson lower bound: 3 of 3 does not outrank 2,910 of 3,000', () => {
    expect(ranks(ontime_rate, [['small', 3, 3], ['big', 2910, 3000]], 1)).toEqual({ small: [2, false, 1], big: [1, false, 2] });
  });

  test('below the minimum sample: listed, insufficient, not ranked', () => {
    expect(ranks(ontime_rate, [['small', 3, 3], ['big', 2910, 3000]])).toEqual({ small: [null, true, null], big: [1, false, 1] });
  });

  test('ties share the rank (1, 2, 2, 4)', () => {
    const r = ranks(ontime_rate, [['a', 2910, 3000], ['b', 38, 40], ['c', 38, 40], ['d', 30, 40]]);
    expect([r.a![0], r.b![0], r.c![0], r.d![0]]).toEqual([1, 2, 2, 4]);
    expect([r.a![2], r.b![2], r.c![2], r.d![2]]).toEqual([4, 2, 2, 1]);
  });

  test('↓ proportions rank by the upper bound, ascending', () => {
    const r = ranks(overdue_rate, [['few', 0, 30], ['many', 10, 3000]]);
    // 0/30 has upper bound ≈ 0.114, 10/3000 ≈ 0.0061: the large unit is better.
    expect([r.many![0], r.few![0]]).toEqual([1, 2]);
  });

  test('counts rank by value: ↓ ascending, undirected descending; n = the count', () => {
    expect(ranks(red_finished, [['a', 40, 0], ['b', 31, 0], ['c', 2, 0]])).toEqual({
      a: [2, false, 1], b: [1, false, 2], c: [null, true, null],
    });
    expect(ranks(accepted, [['a', 40, 0], ['b', 31, 0]])).toEqual({ a: [1, false, 2], b: [2, false, 1] });
  });

  test('a null value is never ranked', () => {
    expect(ranks(ontime_rate, [['empty', 0, 0]], 0)).toEqual({ empty: [null, false, null] });
  });
});
