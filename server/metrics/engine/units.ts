// Units of a grouped result (metrics.md: Rankings — Units): the SQL groups by
// the row's resolved region / dept / item code; here each code becomes its
// reporting unit and gets its name from the dimension tables.
import type { Unit } from '../../api/schemas.ts';
import { list, sql, str, type Sql } from '../../sql/literal.ts';
import type { RegionTree } from '../../sql/regions.ts';
import type { GroupBy } from './query.ts';

/** The response type (api/schemas.ts): kind, code, name, level, self (本级), climbed, unknown (未知区划). */
export type { Unit };

/** A stable key for a unit within one result. */
export const unitKey = (u: Pick<Unit, 'code' | 'self' | 'unknown'>): string =>
  u.unknown ? '?' : u.self ? `${u.code}#self` : u.code;

/** Maps the SQL group code `_u` to a unit (without names for depts/items yet). */
export function unitOf(groupBy: GroupBy, code: string, tree: RegionTree): Unit | null {
  switch (groupBy.kind) {
    case 'none':
      return null;
    case 'dept':
      return { kind: 'dept', code, name: code };
    case 'item':
      return { kind: 'item', code, name: code };
    case 'region': {
      const at = code === '' ? null : tree.unitAt(code, groupBy.level);
      if (!at) return { kind: 'region', code: '', name: '未知区划', unknown: true };
      const node = tree.nodes.get(at.code)!;
      return at.self
        ? { kind: 'region', code: at.code, name: `${node.name}本级`, level: node.level, self: true }
        : { kind: 'region', code: at.code, name: node.name, level: node.level };
    }
  }
}

/** Fills dept and item names from the dimension tables (the code stays the name when unknown). */
export async function nameUnits(query: <T>(q: Sql) => Promise<T[]>, units: Unit[]): Promise<void> {
  for (const kind of ['dept', 'item'] as const) {
    const wanted = [...new Set(units.filter((u) => u.kind === kind && u.code !== '').map((u) => u.code))];
    if (wanted.length === 0) continue;
    const q = kind === 'dept'
      ? sql`SELECT dept_code AS code, argMax(dept_name, version) AS name FROM depts WHERE dept_code IN ${list(wanted, str)} GROUP BY dept_code`
      : sql`SELECT item_code AS code, argMax(item_name, version) AS name FROM items WHERE item_code IN ${list(wanted, str)} GROUP BY item_code`;
    const names = new Map((await query<{ code: string; name: string }>(q)).map((r) => [r.code, r.name]));
    for (const u of units) {
      if (u.kind !== kind) continue;
      if (u.code === '') u.name = kind === 'dept' ? '未知部门' : '未知事项';
      else u.name = names.get(u.code) || u.code;
    }
  }
}
