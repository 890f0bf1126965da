// The scoring engine (metrics.md: Composite indices), pure: leaf values per
// unit → leaf scores (normalized over every unit of the level that has a
// value) → node scores with missing-leaf weight redistribution → composite
// → ranks by value with shared ties.
import type { IndexNode, Normalization } from '../api/evaluation-schemas.ts';
import { normalize, rankByValue, type Dir } from './normalize.ts';

export type MissingReason = 'no_data' | 'insufficient' | 'unavailable';

export interface LeafSpec {
  key: string;
  name: string;
  /** Names from the top-level dimension down to the leaf. */
  path: string[];
  /** Product of the weights from the root: the leaf's share of the composite when nothing is missing. */
  effectiveWeight: number;
  direction: Dir;
  normalization: Normalization;
  clip?: [number, number];
  node: IndexNode;
}

/** A leaf's input for one unit: a value, or why it is missing. */
export type LeafInput = { value: number } | { value: null; missing: MissingReason };

export interface UnitScore {
  composite: number | null;
  rank: number | null;
  /** Score of each top-level dimension (in tree order). */
  subtotals: Array<number | null>;
  leaves: Map<string, { value: number | null; score: number | null; missing: MissingReason | null }>;
  missingLeaves: string[];
}

/** Leaves in tree order. `defaultDirection(leaf)` supplies the direction when the leaf has none. */
export function leavesOf(children: readonly IndexNode[], defaultDirection: (leaf: IndexNode) => Dir): LeafSpec[] {
  const out: LeafSpec[] = [];
  const walk = (nodes: readonly IndexNode[], path: string[], w: number) => {
    for (const n of nodes) {
      if (n.children) walk(n.children, [...path, n.name], w * n.weight);
      else {
        out.push({
          key: leafKey(n), name: n.name, path: [...path, n.name], effectiveWeight: w * n.weight,
          direction: n.direction ?? defaultDirection(n), normalization: n.normalization ?? { method: 'linear' },
          ...(n.clip ? { clip: n.clip } : {}), node: n,
        });
      }
    }
  };
  walk(children, [], 1);
  return out;
}

export const leafKey = (n: IndexNode): string =>
  n.key ?? (n.source?.kind === 'metric' ? n.source.id : n.source?.kind === 'external' ? `ext:${n.source.code}` : n.name);

export const clipValue = (x: number, clip?: [number, number]): number => (clip ? Math.min(clip[1], Math.max(clip[0], x)) : x);

/**
 * Scores every unit. `inputs.get(leafKey).get(unitKey)`; a unit absent from a
 * leaf's map is missing that leaf (no_data). `units` lists every unit of the level.
 */
export function scoreUnits(
  children: readonly IndexNode[],
  leaves: readonly LeafSpec[],
  units: readonly string[],
  inputs: ReadonlyMap<string, ReadonlyMap<string, LeafInput>>,
): Map<string, UnitScore> {
  // 1. Leaf scores over all units that have a value.
  const leafScores = new Map<string, Map<string, number>>();
  const leafValues = new Map<string, Map<string, number>>();
  for (const leaf of leaves) {
    const present = new Map<string, number>();
    for (const u of units) {
      const input = inputs.get(leaf.key)?.get(u);
      if (input && input.value !== null) present.set(u, clipValue(input.value, leaf.clip));
    }
    leafValues.set(leaf.key, present);
    leafScores.set(leaf.key, present.size ? normalize(leaf.normalization, leaf.direction, present) : new Map());
  }

  // 2. Node scores with redistribution: missing children give their weight to
  // present siblings in proportion; all missing → the node is missing.
  const out = new Map<string, UnitScore>();
  for (const u of units) {
    const nodeScore = (n: IndexNode): number | null => {
      if (!n.children) return leafScores.get(leafKey(n))?.get(u) ?? null;
      let sum = 0;
      let weight = 0;
      for (const c of n.children) {
        const s = nodeScore(c);
        if (s === null) continue;
        sum += c.weight * s;
        weight += c.weight;
      }
      return weight > 0 ? sum / weight : null;
    };
    const subtotals = children.map(nodeScore);
    const composite = nodeScore({ name: '', weight: 1, children: [...children] });
    const leafMap: UnitScore['leaves'] = new Map();
    const missingLeaves: string[] = [];
    for (const leaf of leaves) {
      const input = inputs.get(leaf.key)?.get(u);
      const value = leafValues.get(leaf.key)!.get(u) ?? null;
      const missing: MissingReason | null = value !== null ? null : input && input.value === null ? input.missing : 'no_data';
      if (missing) missingLeaves.push(leaf.key);
      leafMap.set(leaf.key, { value, score: leafScores.get(leaf.key)!.get(u) ?? null, missing });
    }
    out.set(u, { composite, rank: null, subtotals, leaves: leafMap, missingLeaves });
  }

  // 3. Ranks by composite, shared ties; rounded to 1e-9 so float noise from
  // summation order never splits a tie.
  const composites = new Map<string, number>();
  for (const [u, s] of out) if (s.composite !== null) composites.set(u, Math.round(s.composite * 1e9) / 1e9);
  for (const [u, r] of rankByValue(composites, 'up')) out.get(u)!.rank = r;
  return out;
}
