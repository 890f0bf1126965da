import { describe, expect, test } from 'vitest';
import { delta, directionOf, formatInterval, formatValue, isSmallSample, metricKind } from './metric-format.ts';

describe('formatValue', () => {
  test.each([
    [0.98765, 'rate', '98.8%'],
    [1, 'rate', '100.0%'],
    [0, 'rate', '0.0%'],
    [12345, 'number', '12,345'],
    [87.456, 'number', '87.46'],
    [null, 'rate', '—'],
    [undefined, 'number', '—'],
  ] as const)('%s as %s → %s', (v, kind, text) => {
    expect(formatValue(v, kind)).toBe(text);
  });
  test('interval', () => {
    expect(formatInterval([0.9, 0.95], 'rate')).toBe('90.0% ~ 95.0%');
    expect(formatInterval(null, 'rate')).toBe('—');
  });
});

test('metricKind: by unit, else by the ids of metrics.md', () => {
  expect(metricKind('anything', '%')).toBe('rate');
  expect(metricKind('x', '比率')).toBe('rate');
  expect(metricKind('good_rate')).toBe('rate');
  expect(metricKind('accepted', '件')).toBe('number');
  expect(metricKind('satisfaction', '分')).toBe('number');
});

test('directionOf', () => {
  expect(directionOf('up')).toBe('higher');
  expect(directionOf('down')).toBe('lower');
  expect(directionOf('none')).toBe('none');
  expect(directionOf(undefined)).toBe('none');
});

describe('delta', () => {
  test('rates in percentage points; good when it moves the right way', () => {
    expect(delta(0.95, 0.93, 'rate', 'higher')).toEqual({ text: '+2.0个百分点', trend: 'up', good: true });
    expect(delta(0.05, 0.07, 'rate', 'lower')).toEqual({ text: '-2.0个百分点', trend: 'down', good: true });
  });
  test('counts as a relative change; neutral metrics are neither good nor bad', () => {
    expect(delta(110, 100, 'number', 'none')).toEqual({ text: '+10.0%', trend: 'up', good: null });
    expect(delta(5, 10, 'number', 'lower')).toEqual({ text: '-50.0%', trend: 'down', good: true });
    expect(delta(3, 0, 'number', 'lower')).toEqual({ text: '新增', trend: 'up', good: false });
  });
  test('a missing side gives —', () => {
    expect(delta(null, 1, 'rate', 'higher').text).toBe('—');
    expect(delta(1, null, 'rate', 'higher').trend).toBeNull();
  });
});

test('isSmallSample: proportions with n < 30 only', () => {
  expect(isSmallSample({ value: 0.5, n: 29, ci: [0.3, 0.7] })).toBe(true);
  expect(isSmallSample({ value: 0.5, n: 30, ci: [0.3, 0.7] })).toBe(false);
  expect(isSmallSample({ value: 5, n: 5, ci: null })).toBe(false);
  expect(isSmallSample({ value: null, n: 0, ci: null })).toBe(false);
});
