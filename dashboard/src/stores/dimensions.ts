// Regions (as a tree), departments and catalogue items for the filter bar.
import { defineStore } from 'pinia';
import { computed, reactive } from 'vue';
import * as dims from '../api/dimensions.ts';
import { emptySection, fill } from '../lib/section.ts';

export interface TreeNode {
  code: string;
  name: string;
  level: number;
  children: TreeNode[];
}

/** Builds the region tree; regions whose parent is unknown become roots. */
export function buildRegionTree(regions: readonly dims.RegionNode[]): TreeNode[] {
  const nodes = new Map(regions.map((r) => [r.code, { code: r.code, name: r.name, level: r.level, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const r of regions) {
    const node = nodes.get(r.code)!;
    const parent = r.parent ? nodes.get(r.parent) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export const useDimensionsStore = defineStore('dimensions', () => {
  const regions = reactive(emptySection<dims.RegionNode[]>());
  const depts = reactive(emptySection<dims.DeptOption[]>());
  const tree = computed(() => buildRegionTree(regions.data ?? []));
  const regionName = (code: string) => regions.data?.find((r) => r.code === code)?.name ?? code;
  const deptName = (code: string) => depts.data?.find((d) => d.code === code)?.name ?? code;

  async function load(): Promise<void> {
    await Promise.all([regions.data ? null : fill(regions, dims.fetchRegions), depts.data ? null : fill(depts, dims.fetchDepts)]);
  }

  return { regions, depts, tree, regionName, deptName, load, searchItems: dims.searchItems };
});
