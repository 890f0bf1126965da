import { describe, expect, test } from 'vitest';
import { filtersToQuery, parseFilters, rangeOf, toDataFilters } from './filters.ts';

describe('filters in the URL', () => {
  test('defaults: 本月, no filters, nothing in the query', () => {
    const f = parseFilters({});
    expect(f).toEqual({ preset: 'month', custom: null, region: '', dept: '', item: '', channel: '' });
    expect(filtersToQuery(f)).toEqual({});
  });

  test('round trip of every filter', () => {
    const query = { period: 'custom', from: '2025-01-05', to: '2025-02-10', region: '390100', dept: 'D-1', item: 'I_2', channel: 'online' };
    expect(filtersToQuery(parseFilters(query))).toEqual(query);
  });

  test('malformed values fall back to defaults (never reach the API)', () => {
    const f = parseFilters({ period: 'decade', region: "39'; DROP", channel: 'pigeon', dept: ['D1', 'D2'] });
    expect(f.preset).toBe('month');
    expect(f.region).toBe('');
    expect(f.channel).toBe('');
    expect(f.dept).toBe('D1');
    expect(parseFilters({ period: 'custom', from: '2025-03-01', to: '2025-02-01' }).preset).toBe('month');
  });

  test('other query keys are kept', () => {
    expect(filtersToQuery(parseFilters({ region: '390100' }), { metric: 'accepted', region: 'x' })).toEqual({ metric: 'accepted', region: '390100' });
  });

  test('the API filters of a preset on a given day', () => {
    const f = parseFilters({ period: 'lastMonth', channel: 'window' });
    expect(toDataFilters(f, rangeOf(f, '2025-03-15'))).toEqual({ from: '2025-02-01', to: '2025-02-28', channel: 'window' });
  });
});
