import { describe, expect, test } from 'vitest';
import { caseListParams, nextSort, normalizedQuery, sortMark, tabQuery } from './case-query.ts';

const range = { from: '2025-03-01', to: '2025-03-31' };

describe('caseListParams', () => {
  test('KPI link with global filters: the filter bar range', () => {
    expect(caseListParams({ state: 'red', period: 'lastMonth', region: '330100' }, range)).toEqual({
      from: '2025-03-01', to: '2025-03-31', state: 'red', region: '330100', page: '1', pageSize: '50',
    });
  });
  test('no period and no drill keys: the default range', () => {
    expect(caseListParams({ state: 'warning' }, range)).toMatchObject({ from: range.from, to: range.to, state: 'warning' });
  });
  test('drill-down: every key passed through exactly, empty dept kept', () => {
    const q = {
      from: '2025-01-01', to: '2025-01-31', asOf: '2025-01-31T23:59:59+08:00', region: '330102', regionSelf: '1', level: 'county',
      dept: '', item: 'I1', channel: 'online', base: 'finished', state: 'late_finished', card: 'red', bad: '', page: '3',
    };
    expect(caseListParams(q, range)).toEqual({
      from: '2025-01-01', to: '2025-01-31', asOf: '2025-01-31T23:59:59+08:00', region: '330102', regionSelf: '1', level: 'county',
      dept: '', item: 'I1', channel: 'online', base: 'finished', state: 'late_finished', card: 'red', page: '3', pageSize: '50',
    });
  });
  test('open-base drill (asOf, no from/to): no period added', () => {
    expect(caseListParams({ asOf: '2025-01-31T23:59:59+08:00', base: 'open', state: 'red', regionUnknown: '1' }, range)).toEqual({
      asOf: '2025-01-31T23:59:59+08:00', base: 'open', state: 'red', regionUnknown: '1', page: '1', pageSize: '50',
    });
  });
  test('period=custom uses the (same) filter range; bad page values fall back', () => {
    const p = caseListParams({ period: 'custom', from: '2025-02-01', to: '2025-02-10', page: '-2', pageSize: '999' }, { from: '2025-02-01', to: '2025-02-10' });
    expect(p).toMatchObject({ from: '2025-02-01', to: '2025-02-10', page: '1', pageSize: '200' });
  });
});

test('normalizedQuery adds period=custom to a drill range only', () => {
  expect(normalizedQuery({ from: '2025-01-01', to: '2025-01-31', state: 'red' })).toEqual({ from: '2025-01-01', to: '2025-01-31', state: 'red', period: 'custom' });
  expect(normalizedQuery({ period: 'month', state: 'red' })).toBeNull();
  expect(normalizedQuery({ asOf: 'x' })).toBeNull();
});

test('tabQuery keeps unit and period keys, replaces list keys', () => {
  expect(tabQuery({ period: 'year', region: '330100', state: 'late_finished', card: 'red', base: 'finished', page: '4', sort: '-overdue' }, 'anomaly', { anomalyType: 'no_process' }))
    .toEqual({ period: 'year', region: '330100', state: 'anomaly', anomalyType: 'no_process' });
  expect(tabQuery({ state: 'red' }, null)).toEqual({});
});

test.each([
  ['-accepted_at', 'accepted_at', 'accepted_at'],
  ['accepted_at', 'accepted_at', '-accepted_at'],
  ['-accepted_at', 'overdue', '-overdue'],
  ['-overdue', 'case_id', 'case_id'],
])('nextSort(%s, %s) = %s', (cur, key, next) => expect(nextSort(cur, key)).toBe(next));

test('sortMark', () => {
  expect(sortMark('-due_date', 'due_date')).toBe('▼');
  expect(sortMark('due_date', 'due_date')).toBe('▲');
  expect(sortMark('due_date', 'overdue')).toBe('');
});
