// Display names of depts, items and regions for list rows and exports. Codes
// come from the page's rows (at most the export cap), looked up in the
// dimension tables; the region tree is cached (server/sql/regions.ts).
import type { Db } from '../sql/client.ts';
import { list, sql, str } from '../sql/literal.ts';
import type { RegionTree } from '../sql/regions.ts';

const CHUNK = 20_000;

async function lookup(db: Db, kind: 'dept' | 'item', codes: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set([...codes].filter((c) => c !== ''))];
  const out = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const part = list(wanted.slice(i, i + CHUNK), str);
    const q = kind === 'dept'
      ? sql`SELECT dept_code AS code, argMax(dept_name, version) AS name FROM depts WHERE dept_code IN ${part} GROUP BY dept_code`
      : sql`SELECT item_code AS code, argMax(item_name, version) AS name FROM items WHERE item_code IN ${part} GROUP BY item_code`;
    for (const r of await db.query<{ code: string; name: string }>(q)) out.set(r.code, r.name);
  }
  return out;
}

export interface Names {
  dept(code: string, fallback?: string): string;
  item(code: string, fallback?: string): string;
  region(code: string): string;
}

/**
 * Names for the given codes. The catalogue and dept tables are authoritative;
 * a case's own item_name/dept_name is the fallback, then the code. A region
 * missing from the tree is named after the nearest known region it climbs to
 * (metrics.md: Rankings), marked (未知区划) when none is known.
 */
export async function namesFor(db: Db, tree: RegionTree, codes: { depts: Iterable<string>; items: Iterable<string> }): Promise<Names> {
  const [depts, items] = await Promise.all([lookup(db, 'dept', codes.depts), lookup(db, 'item', codes.items)]);
  return {
    dept: (code, fallback) => depts.get(code) || fallback || code,
    item: (code, fallback) => items.get(code) || fallback || code,
    region: (code) => {
      if (code === '') return '';
      const node = tree.nodes.get(code);
      if (node) return node.name;
      const near = tree.nearestKnown(code);
      return near ? `${tree.nodes.get(near)!.name}(${code})` : `未知区划(${code})`;
    },
  };
}
