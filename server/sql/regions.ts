// The region tree (regions table), loaded from ClickHouse and cached briefly,
// and the SQL that places any region code in it (data-contract.md: regions;
// metrics.md: Rankings — "Unknown region codes climb by code structure to the
// nearest known region and are flagged").
import type { Db } from './client.ts';
import { list, raw, sql, str, type Sql } from './literal.ts';

export const REGION_LEVELS = ['province', 'city', 'county', 'township'] as const;
export type RegionLevelName = (typeof REGION_LEVELS)[number];
/** province = 1 … township = 4 (regions.level). */
export const levelNumber = (name: RegionLevelName): number => REGION_LEVELS.indexOf(name) + 1;

export interface RegionNode {
  code: string;
  name: string;
  level: number;
  /** The nearest known ancestor, or null for a root. */
  parent: string | null;
}

/** Level implied by a code's structure (for rows whose level is missing). */
export function structuralLevel(code: string): number {
  if (code.length === 12) return 4;
  if (code.endsWith('0000')) return 1;
  if (code.endsWith('00')) return 2;
  return 3;
}

/**
 * The codes a region code climbs through, itself first (data-contract.md:
 * regions — "12-digit → its first 6 digits; county xxxxyy → city xxxx00; city
 * xxyy00 → province xx0000"). Repeats are dropped.
 */
export function structuralChain(code: string): string[] {
  const six = code.slice(0, 6);
  return [...new Set([code, six, `${six.slice(0, 4)}00`, `${six.slice(0, 2)}0000`])];
}

export class RegionTree {
  readonly nodes: ReadonlyMap<string, RegionNode>;
  private readonly children = new Map<string, string[]>();

  constructor(rows: ReadonlyArray<{ code: string; name: string; parent_code: string; level: number }>) {
    const known = new Set(rows.map((r) => r.code));
    const nodes = new Map<string, RegionNode>();
    for (const r of rows) {
      // A parent missing from the table climbs like any unknown code.
      const parent = r.parent_code ? (structuralChain(r.parent_code).find((c) => known.has(c) && c !== r.code) ?? null) : null;
      nodes.set(r.code, { code: r.code, name: r.name, level: r.level >= 1 && r.level <= 4 ? r.level : structuralLevel(r.code), parent });
    }
    this.nodes = nodes;
    for (const n of nodes.values()) {
      if (n.parent !== null) {
        const kids = this.children.get(n.parent) ?? [];
        kids.push(n.code);
        this.children.set(n.parent, kids);
      }
    }
  }

  has(code: string): boolean {
    return this.nodes.has(code);
  }

  /** The nearest known region of any code (itself when known); null when nothing on its chain is known. */
  nearestKnown(code: string): string | null {
    return structuralChain(code).find((c) => this.nodes.has(c)) ?? null;
  }

  /** The region and every known region below it (cycles in bad data are cut). */
  subtree(code: string): string[] {
    if (!this.nodes.has(code)) return [];
    const out: string[] = [];
    const seen = new Set<string>();
    const stack = [code];
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      out.push(c);
      stack.push(...(this.children.get(c) ?? []));
    }
    return out;
  }

  /**
   * The unit a known region reports in when grouping at `level`: its ancestor
   * at that level, or — when it lies above the level — itself as a 本级 row
   * (metrics.md: Rankings). A chain that skips the level ends in the nearest
   * ancestor above it, also as 本级.
   */
  unitAt(code: string, level: number): { code: string; self: boolean } | null {
    let node = this.nodes.get(code);
    for (let guard = 0; node && guard < 16; guard++) {
      if (node.level === level) return { code: node.code, self: false };
      if (node.level < level) return { code: node.code, self: true };
      const parent = node.parent === null ? undefined : this.nodes.get(node.parent);
      // An orphan below the level (no known ancestor) reports as itself.
      if (!parent) return { code: node.code, self: false };
      node = parent;
    }
    return null;
  }

  /**
   * SQL: the nearest known region of the code in `col`, '' when none is known.
   * Mirrors nearestKnown() over structuralChain().
   */
  resolveSql(col: Sql): Sql {
    if (this.nodes.size === 0) return raw(`''`);
    const known = list([...this.nodes.keys()], str);
    const chain = [
      col,
      sql`substring(${col}, 1, 6)`,
      sql`concat(substring(${col}, 1, 4), '00')`,
      sql`concat(substring(${col}, 1, 2), '0000')`,
    ];
    const arms = chain.map((c) => sql`${c} IN ${known}, ${c}`);
    return sql`multiIf(${arms[0]!}, ${arms[1]!}, ${arms[2]!}, ${arms[3]!}, '')`;
  }

  /** SQL: 1 when the code in `col` is not in the table (it climbed, or is unknown altogether). */
  unknownSql(col: Sql): Sql {
    if (this.nodes.size === 0) return raw('1');
    return sql`NOT (${col} IN ${list([...this.nodes.keys()], str)})`;
  }
}

interface RegionRow {
  code: string;
  name: string;
  parent_code: string;
  level: number;
}

const CACHE_TTL_MS = 30_000;
const cache = new WeakMap<Db, { at: number; tree: Promise<RegionTree> }>();

async function loadTree(db: Db): Promise<RegionTree> {
  const rows = await db.query<RegionRow>(raw(`SELECT region_code AS code, argMax(region_name, version) AS name,
      argMax(parent_code, version) AS parent_code, argMax(level, version) AS level
    FROM regions GROUP BY region_code`));
  return new RegionTree(rows.map((r) => ({ ...r, level: Number(r.level) })));
}

/** The region tree of `db`, re-read at most every 30 s (regions change with imports, rarely). */
export function regionTree(db: Db, nowMs = Date.now()): Promise<RegionTree> {
  const hit = cache.get(db);
  if (hit && nowMs - hit.at < CACHE_TTL_MS) return hit.tree;
  const tree = loadTree(db);
  cache.set(db, { at: nowMs, tree });
  // A failed load must not stay cached.
  tree.catch(() => cache.delete(db));
  return tree;
}

/** Drops the cached tree (after an import that changed regions, and in tests). */
export function forgetRegionTree(db: Db): void {
  cache.delete(db);
}
