// The service catalogue (事项目录/实施清单): one item per (department, service)
// a department implements, with the region's own promised limit (some regions
// compress the statutory limit further than others).
import { SERVICES, type ItemType, type ServiceTemplate } from './catalogue-data.ts';
import { pad } from './codes.ts';
import type { Dept } from './departments.ts';
import { Rng, Stream } from './prng.ts';

export interface Item {
  code: string;
  name: string;
  type: ItemType;
  template: ServiceTemplate;
  dept: Dept;
  legal: number;
  promised: number;
  unit: 'workday' | 'natural_day';
  depth: number;
  maxTrips: number;
  fee: number;
  /** Relative case volume. */
  weight: number;
  /** Catalogue publication time (epoch ms). */
  publishedAt: number;
  /** A later catalogue revision (承诺时限再压缩), if any. */
  revision: { promised: number; at: number } | null;
}

/** National 事项类型 codes, embedded in the 实施编码. */
const TYPE_CODES: Record<ItemType, string> = {
  permit: '01', payment: '05', confirmation: '07', ruling: '09', other: '10', public_service: '20',
};

const INCLUDE: Record<Dept['level'], number> = { province: 1, city: 0.45, county: 0.2 };

export function buildCatalogue(seed: number, depts: Dept[], publishWindow: [number, number]): Item[] {
  const rng = new Rng(seed, Stream.catalogue, 0);
  const items: Item[] = [];
  for (const dept of depts) {
    const offered = SERVICES.filter((s) => s.dept === dept.kind.key && s.levels.includes(dept.level));
    if (offered.length === 0) continue;
    const byPopularity = [...offered].sort((a, b) => b.popularity - a.popularity);
    const chosen = byPopularity.filter((s, i) => i === 0 || rng.chance(INCLUDE[dept.level]));
    for (const tpl of chosen) {
      const tplIndex = SERVICES.indexOf(tpl);
      // Some regions promise faster than the provincial template (承诺时限压缩).
      let promised = tpl.promised;
      if (promised > 1 && rng.chance(0.3)) promised = Math.max(1, Math.floor(promised * (0.4 + rng.float() * 0.4)));
      const depth = rng.chance(0.15) ? Math.max(1, tpl.depth - 1) : tpl.depth;
      const volume = dept.level === 'province' ? 2.5 : dept.region.weight;
      const [from, to] = publishWindow;
      items.push({
        code: `${dept.code}${TYPE_CODES[tpl.type]}${pad(tplIndex + 1, 5)}000`,
        name: tpl.name,
        type: tpl.type,
        template: tpl,
        dept,
        legal: tpl.legal,
        promised,
        unit: tpl.unit,
        depth,
        maxTrips: depth === 4 ? Math.min(tpl.maxTrips, 1) : tpl.maxTrips,
        fee: tpl.fee,
        weight: tpl.popularity * volume * (0.6 + rng.float() * 0.8),
        publishedAt: from + Math.floor(rng.float() * (to - from)),
        revision: null,
      });
    }
  }
  return items;
}
