import { describe, expect, test } from 'vitest';
import { ApiError } from '../errors.ts';
import { compileFilters, compileScope, type DimensionColumns, type Filter } from './filters.ts';
import { raw } from './literal.ts';
import { RegionTree } from './regions.ts';

const tree = new RegionTree([
  { code: '330000', name: '浙江省', parent_code: '', level: 1 },
  { code: '330100', name: '杭州市', parent_code: '330000', level: 2 },
  { code: '330106', name: '西湖区', parent_code: '330100', level: 3 },
]);

const CASES: DimensionColumns = {
  region: raw('region_code'), dept: raw('dept_code'), item: raw('item_code'), channel: raw('channel'), ratingChannel: null,
};

const f = (dimension: string, values: string[], op = 'in') => ({ dimension, op, values }) as unknown as Filter;

describe('compileFilters (fails closed)', () => {
  test('no filters: always true', () => {
    expect(compileFilters([], CASES, tree).text).toBe('1');
  });

  test('values are literals; filters are ANDed', () => {
    expect(compileFilters([f('dept', ["D'1", 'D2']), f('channel', ['online'])], CASES, tree).text)
      .toBe(`(dept_code IN ('D\\'1', 'D2') AND channel IN ('online'))`);
  });

  test('a region is its subtree, matched on the climbed code', () => {
    const text = compileFilters([f('region', ['330100'])], CASES, tree).text;
    expect(text).toMatch(/^\(multiIf\(region_code IN .*\) IN \('330100', '330106'\)\)$/);
  });

  test('a dimension the base declares as not applying is skipped', () => {
    expect(compileFilters([f('ratingChannel', ['pc'])], CASES, tree).text).toBe('(1)');
  });

  test.each([
    ['an unknown dimension', [f('applicant', ['x'])]],
    ['an unknown op', [f('dept', ['D1'], 'like')]],
    ['an empty value list', [f('dept', [])]],
  ])('%s throws', (_label, filters) => {
    expect(() => compileFilters(filters, CASES, tree)).toThrow();
  });

  test('a dimension the base does not declare throws', () => {
    const partial = { region: raw('region_code') } as unknown as DimensionColumns;
    expect(() => compileFilters([f('dept', ['D1'])], partial, tree)).toThrow(/does not declare/);
  });

  test.each([
    [f('channel', ['fax'])],
    [f('ratingChannel', ['carrier-pigeon'])],
    [f('region', ['33010'])],
    [f('region', ['440000'])],
  ])('bad values are a 400: %j', (filter) => {
    expect(() => compileFilters([filter], CASES, tree)).toThrow(ApiError);
  });
});

describe('compileScope', () => {
  test('unrestricted, empty, unknown-only', () => {
    expect(compileScope(null, CASES, tree).text).toBe('1');
    expect(compileScope({ depts: [], regions: [] }, CASES, tree).text).toBe('0');
    expect(compileScope({ depts: [], regions: ['440000'] }, CASES, tree).text).toBe('0');
  });

  test('dept in depts OR region in the subtree of regions', () => {
    const text = compileScope({ depts: ['D1'], regions: ['330106'] }, CASES, tree).text;
    expect(text).toMatch(/^\(dept_code IN \('D1'\) OR multiIf\(.*\) IN \('330106'\)\)$/);
  });
});
