import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, expect, test, vi } from 'vitest';
import { buildRegionTree, useDimensionsStore } from './dimensions.ts';

vi.mock('../api/dimensions.ts', () => ({ fetchRegions: vi.fn(), fetchDepts: vi.fn(), searchItems: vi.fn() }));
const api = await import('../api/dimensions.ts');
const regions = [
  { code: '390000', name: '江南省', parent: null, level: 1 },
  { code: '390100', name: '甲市', parent: '390000', level: 2 },
  { code: '390102', name: '乙区', parent: '390100', level: 3 },
  { code: '399900', name: '孤市', parent: '398800', level: 2 },
];

beforeEach(() => setActivePinia(createPinia()));

test('the region tree; an unknown parent makes a root', () => {
  const tree = buildRegionTree(regions);
  expect(tree.map((n) => n.code)).toEqual(['390000', '399900']);
  expect(tree[0]!.children[0]!.children[0]!.name).toBe('乙区');
});

test('loads once and names codes', async () => {
  vi.mocked(api.fetchRegions).mockResolvedValue(regions);
  vi.mocked(api.fetchDepts).mockResolvedValue([{ code: 'D1', name: '市场监管局', region: '390100' }]);
  const s = useDimensionsStore();
  await s.load();
  await s.load();
  expect(api.fetchRegions).toHaveBeenCalledTimes(1);
  expect(s.regionName('390102')).toBe('乙区');
  expect(s.deptName('D1')).toBe('市场监管局');
  expect(s.deptName('D9')).toBe('D9');
});
