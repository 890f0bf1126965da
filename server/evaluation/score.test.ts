// The scoring engine against hand-computed values (metrics.md: Composite indices).
import { describe, expect, test } from 'vitest';
import type { IndexNode, Normalization } from '../api/evaluation-schemas.ts';
import { ApiError } from '../errors.ts';
import { normalize, type Dir } from './normalize.ts';
import { leavesOf, scoreUnits, type LeafInput } from './score.ts';
import { DEFAULT_SYSTEM, validateSystem } from './systems.ts';

const run = (n: Normalization, dir: Dir, values: Record<string, number>) =>
  Object.fromEntries(normalize(n, dir, new Map(Object.entries(values))));

describe('normalizations', () => {
  test.each([
    ['up', { a: 0.8, b: 0 }, { a: 80, b: 0 }],
    ['down', { a: 0.2, b: 1 }, { a: 80, b: 0 }],
  ] as const)('linear %s', (dir, values, expected) => {
    const got = run({ method: 'linear' }, dir, values);
    for (const [k, v] of Object.entries(expected)) expect(got[k]).toBeCloseTo(v, 12);
  });

  test('minmax ↑/↓, and all 100 when max = min', () => {
    expect(run({ method: 'minmax' }, 'up', { a: 1, b: 3, c: 5 })).toEqual({ a: 0, b: 50, c: 100 });
    expect(run({ method: 'minmax' }, 'down', { a: 1, b: 3, c: 5 })).toEqual({ a: 100, b: 50, c: 0 });
    expect(run({ method: 'minmax' }, 'up', { a: 2, b: 2 })).toEqual({ a: 100, b: 100 });
    expect(run({ method: 'minmax' }, 'down', { a: 2 })).toEqual({ a: 100 });
  });

  test('target ↑ caps at 100; ↓ is target/x, and 100 when x = 0', () => {
    expect(run({ method: 'target', params: { target: 0.9 } }, 'up', { a: 0.45, b: 0.95, c: 0 })).toEqual({ a: 50, b: 100, c: 0 });
    expect(run({ method: 'target', params: { target: 2 } }, 'down', { a: 4, b: 1, c: 0 })).toEqual({ a: 50, b: 100, c: 100 });
  });

  test('bands ↑: highest threshold ≤ x; ↓: lowest threshold ≥ x; 0 if none', () => {
    const up: Normalization = { method: 'bands', params: { bands: [[0.8, 100], [0, 0], [0.5, 60]] } };
    expect(run(up, 'up', { a: 0.7, b: 0.8, c: -1, d: 0 })).toEqual({ a: 60, b: 100, c: 0, d: 0 });
    const down: Normalization = { method: 'bands', params: { bands: [[1, 100], [3, 60], [5, 20]] } };
    expect(run(down, 'down', { a: 2, b: 1, c: 6, d: 5, e: 0 })).toEqual({ a: 60, b: 100, c: 0, d: 20, e: 100 });
  });

  test('rank: 100·(n − rank)/(n − 1) with shared ties, ↑ and ↓; 100 when n = 1', () => {
    const values = { a: 10, b: 8, c: 8, d: 5 }; // ↑ ranks 1, 2, 2, 4
    const up = run({ method: 'rank' }, 'up', values);
    expect(up.a).toBe(100);
    expect(up.b).toBeCloseTo(200 / 3, 12);
    expect(up.c).toBe(up.b);
    expect(up.d).toBe(0);
    const down = run({ method: 'rank' }, 'down', values); // ↓ ranks d 1, b 2, c 2, a 4
    expect(down.d).toBe(100);
    expect(down.b).toBeCloseTo(200 / 3, 12);
    expect(down.a).toBe(0);
    expect(run({ method: 'rank' }, 'up', { only: 0.3 })).toEqual({ only: 100 });
  });

  test('zscore: 50 + 10·z with the population σ, direction-aware, clipped; 50 when σ = 0', () => {
    // 2,4,4,4,5,5,7,9: mean 5, population σ 2.
    const values = { a: 2, b: 4, c: 4, d: 4, e: 5, f: 5, g: 7, h: 9 };
    const up = run({ method: 'zscore' }, 'up', values);
    expect(up.h).toBeCloseTo(70, 12);
    expect(up.a).toBeCloseTo(35, 12);
    expect(up.e).toBeCloseTo(50, 12);
    const down = run({ method: 'zscore' }, 'down', values);
    expect(down.h).toBeCloseTo(30, 12);
    // 36 zeros and one 37: mean 1, σ = 6, z(37) = 6 → 110 → clipped to 100; ↓ → −10 → 0.
    const skew: Record<string, number> = { top: 37 };
    for (let i = 0; i < 36; i++) skew[`z${i}`] = 0;
    expect(run({ method: 'zscore' }, 'up', skew).top).toBe(100);
    expect(run({ method: 'zscore' }, 'down', skew).top).toBe(0);
    expect(run({ method: 'zscore' }, 'up', skew).z0).toBeCloseTo(50 - 10 / 6, 12);
    expect(run({ method: 'zscore' }, 'up', { a: 3, b: 3 })).toEqual({ a: 50, b: 50 });
  });
});

const metricLeaf = (name: string, id: string, weight: number): IndexNode =>
  ({ name, weight, source: { kind: 'metric', id }, normalization: { method: 'linear' } });

describe('weight redistribution and the composite', () => {
  // A 0.6 (a1 0.5, a2 0.5), B 0.4 (b1 1): all linear ↑.
  const tree: IndexNode[] = [
    { name: 'A', weight: 0.6, children: [metricLeaf('a1', 'a1', 0.5), metricLeaf('a2', 'a2', 0.5)] },
    { name: 'B', weight: 0.4, children: [metricLeaf('b1', 'b1', 1)] },
  ];
  const leaves = leavesOf(tree, () => 'up');
  const input = (rows: Record<string, Record<string, number | null>>) => {
    const m = new Map<string, Map<string, LeafInput>>();
    for (const [unit, vals] of Object.entries(rows)) {
      for (const [leaf, v] of Object.entries(vals)) {
        const lm = m.get(leaf) ?? new Map<string, LeafInput>();
        lm.set(unit, v === null ? { value: null, missing: 'insufficient' } : { value: v });
        m.set(leaf, lm);
      }
    }
    return m;
  };

  test('all present: Σ weight × score', () => {
    const s = scoreUnits(tree, leaves, ['u'], input({ u: { a1: 0.8, a2: 0.6, b1: 0.5 } })).get('u')!;
    expect(s.subtotals[0]).toBeCloseTo(70, 12);
    expect(s.composite).toBeCloseTo(0.6 * 70 + 0.4 * 50, 12); // 62
    expect(s.missingLeaves).toEqual([]);
  });

  test('a missing leaf gives its weight to its present siblings', () => {
    const s = scoreUnits(tree, leaves, ['u'], input({ u: { a1: 0.8, a2: null, b1: 0.5 } })).get('u')!;
    expect(s.subtotals[0]).toBeCloseTo(80, 12); // a1 carries all of A
    expect(s.composite).toBeCloseTo(0.6 * 80 + 0.4 * 50, 12); // 68
    expect(s.missingLeaves).toEqual(['a2']);
    expect(s.leaves.get('a2')).toEqual({ value: null, score: null, missing: 'insufficient' });
  });

  test('a fully missing subtree: the parent is missing and the rule applies one level up', () => {
    const scores = scoreUnits(tree, leaves, ['v', 'w'], input({ v: { a1: null, b1: 0.5 }, w: {} }));
    const v = scores.get('v')!;
    expect(v.subtotals).toEqual([null, 50]);
    expect(v.composite).toBeCloseTo(50, 12); // B carries the whole composite
    expect(v.missingLeaves).toEqual(['a1', 'a2']);
    expect(v.leaves.get('a2')!.missing).toBe('no_data');
    const w = scores.get('w')!;
    expect(w.composite).toBeNull();
    expect(w.rank).toBeNull();
  });

  test('ranks by composite with shared ties (1, 2, 2, 4)', () => {
    const scores = scoreUnits(tree, leaves, ['p', 'q', 'r', 's'], input({
      p: { a1: 1, a2: 1, b1: 1 }, q: { a1: 0.5, a2: 0.5, b1: 0.5 }, r: { a1: 0.5, a2: null, b1: 0.5 }, s: { a1: 0, a2: 0, b1: 0 },
    }));
    expect(['p', 'q', 'r', 's'].map((u) => scores.get(u)!.rank)).toEqual([1, 2, 2, 4]);
  });

  test('minmax of a leaf is taken over every unit that has a value', () => {
    const t: IndexNode[] = [{ name: 'X', weight: 1, children: [{ ...metricLeaf('x', 'x', 1), normalization: { method: 'minmax' } }] }];
    const scores = scoreUnits(t, leavesOf(t, () => 'up'), ['a', 'b', 'c', 'd'], input({ a: { x: 1 }, b: { x: 2 }, c: { x: 3 }, d: { x: null } }));
    expect(['a', 'b', 'c', 'd'].map((u) => scores.get(u)!.composite)).toEqual([0, 50, 100, null]);
  });

  test('clip is applied to the raw value before scoring (提速率 → [0, 1])', () => {
    const t: IndexNode[] = [{ name: 'X', weight: 1, children: [{ ...metricLeaf('s', 'speedup_rate', 1), clip: [0, 1] }] }];
    const scores = scoreUnits(t, leavesOf(t, () => 'up'), ['a', 'b'], input({ a: { speedup_rate: -0.4 }, b: { speedup_rate: 1.3 } }));
    expect(scores.get('a')!.composite).toBe(0);
    expect(scores.get('b')!.composite).toBe(100);
    expect(scores.get('b')!.leaves.get('speedup_rate')!.value).toBe(1);
  });
});

describe('index systems', () => {
  test('the default system has exactly the weights of metrics.md', () => {
    validateSystem(DEFAULT_SYSTEM);
    const w = Object.fromEntries(leavesOf(DEFAULT_SYSTEM.children, () => 'up').map((l) => [l.key, l.effectiveWeight]));
    const expected: Record<string, number> = {
      ontime_rate: 0.15, early_rate: 0.05, speedup_rate: 0.1, one_window_rate: 0.1, full_online_rate: 0.1, max_one_trip_rate: 0.1,
      good_rate: 0.15, rating_rate: 0.05, rectify_ontime_rate: 0.1, anomaly_rate: 0.05, overdue_open_rate: 0.05,
    };
    expect(Object.keys(w)).toEqual(Object.keys(expected));
    for (const [k, v] of Object.entries(expected)) expect(w[k]).toBeCloseTo(v, 12);
    const leaves = leavesOf(DEFAULT_SYSTEM.children, () => 'up');
    expect(leaves.every((l) => l.normalization.method === 'linear')).toBe(true);
    expect(leaves.find((l) => l.key === 'anomaly_rate')!.direction).toBe('down');
    expect(leaves.find((l) => l.key === 'speedup_rate')!.clip).toEqual([0, 1]);
  });

  test('sibling weights must sum to 1 within 1e-9: the error names the node', () => {
    const bad = { name: '测试体系', children: [
      { name: '时效', weight: 0.5, children: [metricLeaf('按时', 'ontime_rate', 0.5), metricLeaf('提前', 'early_rate', 0.45)] },
      { name: '满意', weight: 0.5, children: [metricLeaf('好评', 'good_rate', 1)] },
    ] };
    expect(() => validateSystem(bad)).toThrow(/「时效」.*0\.95/);
    try { validateSystem(bad); } catch (e) { expect((e as ApiError).status).toBe(400); expect((e as ApiError).en).toMatch(/"时效"/); }
    // Within tolerance passes: thirds.
    validateSystem({ name: 'ok', children: [{ name: 'T', weight: 1, children: [metricLeaf('a', 'ontime_rate', 1 / 3), metricLeaf('b', 'early_rate', 1 / 3), metricLeaf('c', 'good_rate', 1 / 3)] }] });
    expect(() => validateSystem({ name: '顶层', children: [metricLeaf('a', 'ontime_rate', 0.5)] })).toThrow(/「顶层」/);
  });

  test('an unknown metric is a 400', () => {
    expect(() => validateSystem({ name: 'x', children: [metricLeaf('?', 'no_such_metric', 1)] })).toThrow(/no_such_metric/);
  });
});
