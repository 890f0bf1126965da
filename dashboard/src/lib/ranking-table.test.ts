import { describe, expect, test } from 'vitest';
import type { RankingRow } from '../api/types.ts';
import { rankChange, rankingCsv, sliceRows, sortRows } from './ranking-table.ts';

const row = (code: string, rank: number | null, value: number | null, n: number, prevRank: number | null = null): RankingRow => ({
  rank, prevRank, unit: { kind: 'region', code, name: `单位${code}` }, value, ci: value === null ? null : [value - 0.01, value + 0.01], n,
  insufficient: rank === null && value !== null, numerator: null, denominator: null, cases: { path: '/api/supervision/cases', query: {} },
});
const rows = [row('C', 3, 0.8, 100, 1), row('A', 1, 0.95, 200, 2), row('S', null, 1, 5), row('B', 2, 0.9, 150, 2)];

describe('sliceRows', () => {
  test('all: ranked by rank, then the unranked', () => {
    expect(sliceRows(rows, 'top', 0).map((r) => r.unit.code)).toEqual(['A', 'B', 'C', 'S']);
  });
  test('top and bottom N leave unranked units out', () => {
    expect(sliceRows(rows, 'top', 2).map((r) => r.unit.code)).toEqual(['A', 'B']);
    expect(sliceRows(rows, 'bottom', 2).map((r) => r.unit.code)).toEqual(['C', 'B']);
  });
});

describe('sortRows', () => {
  test('by value descending, by name ascending; nulls last', () => {
    expect(sortRows(rows, 'value', 'desc').map((r) => r.unit.code)).toEqual(['S', 'A', 'B', 'C']);
    expect(sortRows(rows, 'rank', 'desc').map((r) => r.unit.code)).toEqual(['C', 'B', 'A', 'S']);
    expect(sortRows(rows, 'n', 'asc').map((r) => r.unit.code)).toEqual(['S', 'C', 'B', 'A']);
  });
});

test('rankChange: places gained since the previous period', () => {
  expect(rows.map(rankChange)).toEqual([-2, 1, null, 0]);
});

test('CSV carries unrounded values and the 样本不足 mark', () => {
  const csv = rankingCsv([rows[1]!, rows[2]!], 'rate', '按时办结率');
  const lines = csv.replace('\uFEFF', '').trim().split('\r\n');
  expect(lines[0]).toBe('排名,上期排名,单位代码,单位名称,按时办结率,区间下限,区间上限,样本量,备注');
  expect(lines[1]).toBe('1,2,A,单位A,0.95,0.94,0.96,200,95.0%');
  expect(lines[2]).toBe(',,S,单位S,1,0.99,1.01,5,样本不足');
});
