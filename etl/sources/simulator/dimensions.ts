// Rows of the slowly changing kinds: regions, depts, items (catalogue) and the
// calendar overrides — with a correction of a region's name, catalogue
// revisions, and a few broken rows per kind for the quarantine.
import type { Kind } from '../../contract/records.ts';
import type { Item } from './catalogue.ts';
import { creditCode, orgCode, pad } from './codes.ts';
import type { Dept } from './departments.ts';
import type { Geography } from './geography.ts';
import { tally } from './invalid.ts';
import type { CalendarOverride } from './province.ts';
import { Rng, Stream } from './prng.ts';
import { dateOf, iso, MS_PER_DAY } from './time.ts';
import type { RawRow } from './types.ts';

export interface DimensionRows {
  regions: RawRow[];
  depts: RawRow[];
  items: RawRow[];
  calendar: RawRow[];
  invalid: Partial<Record<Kind, Record<string, number>>>;
  itemRevisions: number;
  regionRenames: number;
}

interface Input {
  seed: number;
  geo: Geography;
  depts: Dept[];
  items: Item[];
  overrides: CalendarOverride[];
  publishedAt: number;
  asOf: number;
}

export function dimensionRows(input: Input): DimensionRows {
  const { geo, depts, items, overrides, publishedAt } = input;
  const rng = new Rng(input.seed, Stream.catalogue, 2);
  const invalid: Partial<Record<Kind, Record<string, number>>> = {};
  const bad = (kind: Kind, reason: string, row: RawRow, into: RawRow[]): void => {
    tally(invalid as Record<string, Record<string, number>>, kind, reason);
    into.push(row);
  };
  const published = iso(publishedAt);

  // regions: parent_code is optional (derivable from the code); leave it out for some townships.
  const regions: RawRow[] = [];
  const firstCity = geo.cities[1] ?? geo.cities[0];
  for (const r of [geo.province, ...geo.cities, ...geo.counties, ...geo.townships]) {
    if (r === firstCity) {
      // A typo fixed later (名称勘误): same code, newer row later in the file.
      regions.push({ region_code: r.code, region_name: r.name.replace('州', '洲'), parent_code: r.parent, updated_at: published });
    }
    const omitParent = r.level === 'township' && rng.chance(0.5);
    regions.push({
      region_code: r.code,
      region_name: r.name,
      ...(omitParent ? {} : { parent_code: r.parent }),
      updated_at: r === firstCity ? iso(publishedAt + 30 * MS_PER_DAY) : published,
    });
  }
  bad('regions', 'bad_region_code', { region_code: '3901A2', region_name: '错误区划', parent_code: '390100', updated_at: published }, regions);
  bad('regions', 'required_missing', { region_code: '390199', region_name: '', parent_code: '390100', updated_at: published }, regions);

  const deptRows: RawRow[] = depts.map((d) => ({
    dept_code: d.code,
    dept_name: d.name,
    region_code: d.region.code,
    ...(rng.chance(0.8) ? { updated_at: published } : {}),
  }));
  bad('depts', 'required_missing', { dept_code: creditCode(`11390100${orgCode('99000001')}`), dept_name: '', region_code: '390100', updated_at: published }, deptRows);
  bad('depts', 'bad_region_code', { dept_code: creditCode(`11390100${orgCode('99000002')}`), dept_name: '临江市数据资源管理局', region_code: '39010', updated_at: published }, deptRows);

  const itemRows: RawRow[] = [];
  const revisions: RawRow[] = [];
  const itemRow = (it: Item, promised: number, at: number): RawRow => ({
    item_code: it.code,
    item_name: it.name,
    item_type: it.type,
    dept_code: it.dept.code,
    region_code: it.dept.region.code,
    legal_limit: it.legal,
    promised_limit: promised,
    // limit_unit defaults to workday: some catalogues leave it out.
    ...(it.unit === 'workday' && rng.chance(0.3) ? {} : { limit_unit: it.unit }),
    ...(promised === 0 && rng.chance(0.5) ? {} : { is_immediate: promised === 0 }),
    max_trips: it.maxTrips,
    online_depth: it.depth,
    updated_at: iso(at),
  });
  for (const it of items) {
    itemRows.push(itemRow(it, it.promised, it.publishedAt));
    if (it.revision) revisions.push(itemRow(it, it.revision.promised, it.revision.at));
  }
  itemRows.push(...revisions);
  const someDept = depts[0] as Dept;
  const badItem = (n: number, fields: Partial<RawRow>, reason: string): void => {
    const code = `${someDept.code}99${pad(n, 5)}000`;
    bad('items', reason, {
      item_code: code, item_name: '测试事项', item_type: 'permit', dept_code: someDept.code, region_code: someDept.region.code,
      legal_limit: 20, promised_limit: 5, limit_unit: 'workday', is_immediate: false, max_trips: 1, online_depth: 3,
      updated_at: published, ...fields,
    }, itemRows);
  };
  badItem(1, { promised_limit: 30, legal_limit: 15 }, 'legal_below_promised');
  badItem(2, { legal_limit: -1 }, 'bad_number');
  badItem(3, { item_type: 'license' }, 'unknown_enum');
  badItem(4, { item_name: '' }, 'required_missing');

  const calendar: RawRow[] = overrides.map((o) => ({ date: dateOf(o.day), is_workday: o.workday, note: o.note }));
  bad('calendar', 'bad_date', { date: '2025-02-30', is_workday: false, note: '录入错误' }, calendar);
  const someDay = overrides[0]?.day ?? Math.floor(input.asOf / MS_PER_DAY) - 30;
  bad('calendar', 'bad_boolean', { date: dateOf(someDay + 1), is_workday: 'maybe', note: '待定' }, calendar);

  return { regions, depts: deptRows, items: itemRows, calendar, invalid, itemRevisions: revisions.length, regionRenames: 1 };
}
