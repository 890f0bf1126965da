// Regions of 江南省 at four levels: province, cities, counties, townships.
import { CITIES, PROVINCE, TOWNSHIP_STEMS } from './geography-data.ts';
import { Rng, Stream } from './prng.ts';

export type RegionLevel = 'province' | 'city' | 'county' | 'township';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parent: string | null;
  /** Relative service volume (cases are drawn in proportion). */
  weight: number;
  /** County-level code this region belongs to (itself for a county), or null above. */
  county: string | null;
  /** Townships of a county. */
  townships: Region[];
  /** 0.5–1.5: how well its offices keep deadlines (1 = average); drives rankings apart. */
  diligence: number;
  /** Share of window cases taken at a comprehensive (一窗受理) window. */
  oneWindow: number;
  /** Share of finished cases that get rated (好差评 参评率), 0.3–0.6. */
  ratingPropensity: number;
}

export interface Geography {
  province: Region;
  cities: Region[];
  counties: Region[];
  townships: Region[];
  byCode: Map<string, Region>;
}

const countyKind = (code: string): 'district' | 'county' | 'city' => {
  const n = Number(code.slice(4, 6));
  return n <= 20 ? 'district' : n <= 80 ? 'county' : 'city';
};

export function buildGeography(seed: number): Geography {
  const rng = new Rng(seed, Stream.geography, 0);
  const region = (code: string, name: string, level: RegionLevel, parent: string | null, weight: number): Region => ({
    code, name, level, parent, weight, county: null, townships: [],
    diligence: 0.55 + rng.float() * 0.9,
    oneWindow: 0.35 + rng.float() * 0.55,
    ratingPropensity: 0.3 + rng.float() * 0.3,
  });
  const province = region(PROVINCE.code, PROVINCE.name, 'province', null, 1);
  const cities: Region[] = [];
  const counties: Region[] = [];
  const townships: Region[] = [];
  for (const cs of CITIES) {
    const city = region(cs.code, cs.name, 'city', province.code, cs.weight);
    cities.push(city);
    for (const ks of cs.counties) {
      const county = region(ks.code, ks.name, 'county', city.code, ks.weight);
      county.county = county.code;
      counties.push(county);
      const kind = countyKind(ks.code);
      const n = kind === 'district' ? 2 : 3;
      const stems = [...TOWNSHIP_STEMS];
      for (let t = 0; t < n; t++) {
        const stem = stems.splice(rng.int(0, stems.length - 1), 1)[0] as string;
        // 001–099 街道, 100–199 镇, 200–399 乡 (statistical division code convention)
        const isTown = kind !== 'district' && t > 0;
        const suffix = !isTown ? '街道' : t === 2 ? '乡' : '镇';
        const serial = !isTown ? t + 1 : t === 2 ? 200 + t : 100 + t;
        const code = `${ks.code}${String(serial).padStart(3, '0')}000`;
        const town = region(code, `${stem}${suffix}`, 'township', county.code, 0.2 + rng.float() * 0.3);
        town.county = county.code;
        town.diligence = county.diligence;
        town.ratingPropensity = county.ratingPropensity;
        county.townships.push(town);
        townships.push(town);
      }
    }
  }
  const byCode = new Map<string, Region>();
  for (const r of [province, ...cities, ...counties, ...townships]) byCode.set(r.code, r);
  return { province, cities, counties, townships, byCode };
}
