import { describe, expect, test } from 'vitest';
import { metricValue } from './value.ts';

describe('metricValue', () => {
  test('counts carry no numerator/denominator; n is the count', () => {
    expect(metricValue('count', 7, 0)).toEqual({ value: 7, numerator: null, denominator: null, n: 7, ci: null });
  });

  test('a zero denominator gives null, never 0 or 100 %', () => {
    for (const kind of ['proportion', 'mean', 'ratio', 'one_minus'] as const) {
      expect(metricValue(kind, 0, 0)).toEqual({ value: null, numerator: 0, denominator: 0, n: 0, ci: null });
    }
  });

  test('proportions carry the Wilson interval, means do not', () => {
    expect(metricValue('proportion', 4, 8).ci).not.toBeNull();
    expect(metricValue('mean', 37, 7)).toEqual({ value: 37 / 7, numerator: 37, denominator: 7, n: 7, ci: null });
  });

  test('1 − a/b keeps a and b as numerator and denominator', () => {
    expect(metricValue('one_minus', 35, 50)).toEqual({ value: 1 - 35 / 50, numerator: 35, denominator: 50, n: 50, ci: null });
  });
});
