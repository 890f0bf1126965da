import { describe, expect, test } from 'vitest';
import { raw } from './literal.ts';
import { RegionTree, structuralChain } from './regions.ts';

const tree = new RegionTree([
  { code: '330000', name: '浙江省', parent_code: '', level: 1 },
  { code: '330100', name: '杭州市', parent_code: '330000', level: 2 },
  { code: '330106', name: '西湖区', parent_code: '330100', level: 3 },
  { code: '330106001000', name: '西溪街道', parent_code: '330106', level: 4 },
  // A township whose county is missing from the table: its parent climbs to the city.
  { code: '330108002000', name: '长河街道', parent_code: '330108', level: 4 },
  { code: '330200', name: '宁波市', parent_code: '330000', level: 2 },
]);

describe('RegionTree', () => {
  test('codes climb by structure: 12 digits → 6 → city → province', () => {
    expect(structuralChain('330106002000')).toEqual(['330106002000', '330106', '330100', '330000']);
    expect(structuralChain('330199')).toEqual(['330199', '330100', '330000']);
    expect(tree.nearestKnown('330106002000')).toBe('330106');
    expect(tree.nearestKnown('330199')).toBe('330100');
    expect(tree.nearestKnown('330106001000')).toBe('330106001000');
    expect(tree.nearestKnown('440100')).toBeNull();
  });

  test('a region filter means the region and everything below it', () => {
    expect(tree.subtree('330100').sort()).toEqual(['330100', '330106', '330106001000', '330108002000']);
    expect(tree.subtree('330106').sort()).toEqual(['330106', '330106001000']);
    expect(tree.subtree('440000')).toEqual([]);
  });

  test.each([
    ['330106001000', 3, { code: '330106', self: false }],
    ['330106', 3, { code: '330106', self: false }],
    ['330100', 3, { code: '330100', self: true }], // a city-level code when grouping counties: 本级
    ['330106', 4, { code: '330106', self: true }],
    ['330108002000', 3, { code: '330100', self: true }], // the chain skips the county level
    ['330106001000', 1, { code: '330000', self: false }],
  ] as const)('unitAt(%s, level %i)', (code, level, unit) => {
    expect(tree.unitAt(code, level)).toEqual(unit);
  });

  test('the SQL resolver walks the same chain against the known codes', () => {
    const text = tree.resolveSql(raw('region_code')).text;
    expect(text).toMatch(/^multiIf\(region_code IN \(/);
    expect(text).toContain(`substring(region_code, 1, 6) IN (`);
    expect(text).toContain(`concat(substring(region_code, 1, 4), '00') IN (`);
    expect(text).toContain(`concat(substring(region_code, 1, 2), '0000') IN (`);
    expect(new RegionTree([]).resolveSql(raw('region_code')).text).toBe(`''`);
  });
});
