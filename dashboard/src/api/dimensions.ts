import type { DeptOption, ItemOption, RegionNode } from '../../../server/routes/dimensions.ts';
import { getJson } from './http.ts';

export type { DeptOption, ItemOption, RegionNode };

export const fetchRegions = () => getJson<{ regions: RegionNode[] }>('/api/dimensions/regions').then((r) => r.regions);
export const fetchDepts = () => getJson<{ depts: DeptOption[] }>('/api/dimensions/depts').then((r) => r.depts);
export const searchItems = (q: string, dept?: string) =>
  getJson<{ items: ItemOption[] }>('/api/dimensions/items', { q, dept, limit: 30 }).then((r) => r.items);
