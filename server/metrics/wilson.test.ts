import { describe, expect, test } from 'vitest';
import { wilson } from './wilson.ts';

describe('wilson', () => {
  test.each([
    // Reference values computed independently (Python, the closed form of metrics.md).
    [0, 10, 0, 0.2775327998628892],
    [10, 10, 0.7224672001371107, 1],
    [3, 3, 0.43850296824495455, 1],
    [5, 10, 0.236593090512564, 0.7634069094874361],
    [2910, 3000, 0.9632690332931554, 0.9755288489050381],
  ])('%i of %i', (x, n, lo, hi) => {
    const ci = wilson(x, n)!;
    expect(ci[0]).toBeCloseTo(lo, 10);
    expect(ci[1]).toBeCloseTo(hi, 10);
  });

  test('n = 0 has no interval', () => {
    expect(wilson(0, 0)).toBeNull();
  });

  test('3 of 3 cannot beat 2,910 of 3,000 on the lower bound', () => {
    expect(wilson(3, 3)![0]).toBeLessThan(wilson(2910, 3000)![0]);
  });
});
