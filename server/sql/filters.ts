// Filters as data (style.md, after Plausible's where_builder): every filter is
// {dimension, op, values}, compiled by ONE function that fails closed — an
// unknown dimension or op throws, a dimension a base does not declare throws,
// an empty value list throws. Column expressions come only from the base's
// declared map, never from the filter itself.
//
// Scope (api.md: Roles and scope) compiles here too: a row is visible when its
// dept is in scope.depts or its region lies in the subtree of a scope region.
import type { Scope } from '../auth/types.ts';
import { badRequest } from '../errors.ts';
import { CHANNELS, RATING_CHANNELS } from '../../etl/contract/records.ts';
import { join, list, raw, sql, str, type Sql } from './literal.ts';
import type { RegionTree } from './regions.ts';

export const DIMENSIONS = ['region', 'dept', 'item', 'channel', 'ratingChannel'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const FILTER_OPS = ['in'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export interface Filter {
  dimension: Dimension;
  op: FilterOp;
  values: readonly string[];
}

/**
 * How one base exposes each dimension: the SQL of its (raw) column, or null
 * when the dimension does not apply to that base (metrics.md: Periods and
 * as_of — `channel` filters cases, `ratingChannel` filters ratings). Every
 * dimension must be declared, so adding one forces every base to decide.
 */
export type DimensionColumns = Readonly<Record<Dimension, Sql | null>>;

const ALWAYS = raw('1');
const NEVER = raw('0');

const VALUE_RULES: Readonly<Record<Dimension, (v: string) => boolean>> = {
  region: (v) => /^(?:\d{6}|\d{12})$/.test(v),
  // Codes are source data (any text); literal.ts escapes them.
  dept: (v) => v.length > 0 && v.length <= 128,
  item: (v) => v.length > 0 && v.length <= 128,
  channel: (v) => (CHANNELS as readonly string[]).includes(v),
  ratingChannel: (v) => (RATING_CHANNELS as readonly string[]).includes(v),
};

/** The known regions a region filter value stands for: the region and everything below it. */
function regionSubtree(tree: RegionTree, codes: readonly string[]): string[] {
  return [...new Set(codes.flatMap((c) => tree.subtree(c)))];
}

/** SQL: the row's region (climbed to the nearest known one) lies in `codes`' subtrees. */
export function regionIn(tree: RegionTree, column: Sql, codes: readonly string[]): Sql {
  const subtree = regionSubtree(tree, codes);
  return subtree.length === 0 ? NEVER : sql`${tree.resolveSql(column)} IN ${list(subtree, str)}`;
}

function compileOne(f: Filter, columns: DimensionColumns, tree: RegionTree): Sql {
  if (!(DIMENSIONS as readonly string[]).includes(f.dimension)) throw new Error(`unknown filter dimension: ${String(f.dimension)}`);
  if (!(FILTER_OPS as readonly string[]).includes(f.op)) throw new Error(`unknown filter op: ${String(f.op)}`);
  if (!Object.hasOwn(columns, f.dimension)) throw new Error(`base does not declare dimension ${f.dimension}`);
  if (f.values.length === 0) throw new Error(`filter ${f.dimension} has no values`);
  for (const v of f.values) {
    if (typeof v !== 'string' || !VALUE_RULES[f.dimension](v)) {
      throw badRequest(`筛选条件 ${f.dimension} 的取值无效：${String(v)}`, `Invalid value for filter ${f.dimension}: ${String(v)}`);
    }
  }
  const column = columns[f.dimension];
  if (column === null) return ALWAYS; // declared as not applying to this base
  if (f.dimension === 'region') {
    const unknown = f.values.filter((c) => !tree.has(c));
    if (unknown.length > 0) throw badRequest(`未知区划：${unknown.join(',')}`, `Unknown region: ${unknown.join(',')}`, 'unknown_region');
    return regionIn(tree, column, f.values);
  }
  return sql`${column} IN ${list(f.values, str)}`;
}

/** All filters ANDed; no filters = always true. */
export function compileFilters(filters: readonly Filter[], columns: DimensionColumns, tree: RegionTree): Sql {
  if (filters.length === 0) return ALWAYS;
  return sql`(${join(filters.map((f) => compileOne(f, columns, tree)), ' AND ')})`;
}

/**
 * The caller's scope as a condition: null = unrestricted; an empty scope, or
 * one naming only unknown regions, sees nothing (fail closed). A base without
 * dept and region columns cannot be scoped and yields nothing for a scoped user.
 */
export function compileScope(scope: Scope | null, columns: DimensionColumns, tree: RegionTree): Sql {
  if (scope === null) return ALWAYS;
  const parts: Sql[] = [];
  if (scope.depts.length > 0 && columns.dept !== null) parts.push(sql`${columns.dept} IN ${list(scope.depts, str)}`);
  if (scope.regions.length > 0 && columns.region !== null) {
    const part = regionIn(tree, columns.region, scope.regions);
    if (part !== NEVER) parts.push(part);
  }
  return parts.length === 0 ? NEVER : sql`(${join(parts, ' OR ')})`;
}
