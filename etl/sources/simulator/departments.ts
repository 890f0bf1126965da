// Departments (实施部门), instantiated per region level like a real 实施清单:
// every county has its own 市场监管局, 公安(分)局, 人社局, 不动产登记中心 and
// 税务局; some have 卫健/民政/教育 too; cities and the province have theirs.
import { DEPT_KINDS, type DeptKind, type Level } from './catalogue-data.ts';
import { creditCode, orgCode, pad } from './codes.ts';
import type { Geography, Region } from './geography.ts';
import { PROVINCE } from './geography-data.ts';
import { Rng, Stream } from './prng.ts';

export interface Dept {
  code: string;
  name: string;
  kind: DeptKind;
  region: Region;
  level: Level;
  /** Staff ids (工号) of the people who accept, review and decide. */
  staff: string[];
  /** Deadline discipline, around 1 (higher = fewer late cases). */
  diligence: number;
}

const COUNTY_CORE = ['amr', 'police', 'hrss', 'bdc', 'tax'];

/** 统一社会信用代码 of a 机关 (11): registration authority region + 组织机构代码 + check. */
export const deptCode = (region: Region, serial: number): string =>
  creditCode(`11${region.code}${orgCode(pad(2_480_000 + serial * 37, 8))}`);

export function buildDepartments(seed: number, geo: Geography): Dept[] {
  const rng = new Rng(seed, Stream.departments, 0);
  const depts: Dept[] = [];
  let serial = 0;
  const add = (kind: DeptKind, region: Region, level: Level): void => {
    const namer = kind.name[level];
    if (!namer) return;
    const isDistrict = level === 'county' && Number(region.code.slice(4, 6)) <= 20;
    const regionName = level === 'province' ? PROVINCE.name : region.name;
    serial++;
    const code = deptCode(region, serial);
    const staffCount = level === 'county' ? rng.int(4, 8) : level === 'city' ? rng.int(5, 10) : rng.int(3, 6);
    const staff = Array.from({ length: staffCount }, (_, i) => `${kind.abbr}${region.code}${pad(serial % 100, 2)}${pad(i + 1, 2)}`);
    depts.push({
      code, name: namer(regionName, isDistrict), kind, region, level, staff,
      diligence: region.diligence * (0.7 + rng.float() * 0.6),
    });
  };
  for (const kind of DEPT_KINDS) add(kind, geo.province, 'province');
  for (const city of geo.cities) for (const kind of DEPT_KINDS) if (kind.key !== 'tax') add(kind, city, 'city');
  for (const county of geo.counties) {
    for (const kind of DEPT_KINDS) {
      if (!kind.name.county) continue;
      if (COUNTY_CORE.includes(kind.key) || rng.chance(0.15)) add(kind, county, 'county');
    }
  }
  return depts;
}
