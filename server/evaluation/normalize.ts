// Leaf normalizations to 0–100 (metrics.md: Composite indices). Pure: each
// takes every present value of the leaf at the level (whatever the viewer's
// scope — the caller passes all units) and returns a score per key.
import type { Normalization } from '../api/evaluation-schemas.ts';

export type Dir = 'up' | 'down';

/** Scores of `values` (key → raw value, all present) under `n`, direction-aware. */
export function normalize(n: Normalization, dir: Dir, values: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  const xs = [...values.values()];
  switch (n.method) {
    case 'linear':
      for (const [k, x] of values) out.set(k, dir === 'up' ? 100 * x : 100 * (1 - x));
      return out;
    case 'minmax': {
      const min = Math.min(...xs);
      const max = Math.max(...xs);
      for (const [k, x] of values) {
        // metrics.md: all 100 when max = min.
        out.set(k, max === min ? 100 : dir === 'up' ? (100 * (x - min)) / (max - min) : (100 * (max - x)) / (max - min));
      }
      return out;
    }
    case 'target': {
      const t = n.params.target;
      for (const [k, x] of values) {
        if (dir === 'up') out.set(k, 100 * Math.min(1, x / t));
        // TRICKY: ↓ with x = 0 is perfect (100), not a division by zero.
        else out.set(k, x === 0 ? 100 : 100 * Math.min(1, t / x));
      }
      return out;
    }
    case 'bands': {
      const bands = n.params.bands;
      for (const [k, x] of values) {
        let best: [number, number] | null = null;
        for (const b of bands) {
          // ↑: the highest threshold ≤ x; ↓: the lowest threshold ≥ x.
          if (dir === 'up' ? b[0] <= x && (!best || b[0] > best[0]) : b[0] >= x && (!best || b[0] < best[0])) best = b;
        }
        out.set(k, best ? best[1] : 0);
      }
      return out;
    }
    case 'rank': {
      const ranks = rankByValue(values, dir);
      const count = values.size;
      for (const [k, r] of ranks) out.set(k, count === 1 ? 100 : (100 * (count - r)) / (count - 1));
      return out;
    }
    case 'zscore': {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length); // population σ
      for (const [k, x] of values) {
        if (sd === 0) out.set(k, 50);
        else {
          const z = (dir === 'up' ? x - mean : mean - x) / sd;
          out.set(k, Math.min(100, Math.max(0, 50 + 10 * z)));
        }
      }
      return out;
    }
  }
}

/** Competition ranks (1, 2, 2, 4) by value: ↑ descending, ↓ ascending. */
export function rankByValue(values: ReadonlyMap<string, number>, dir: Dir): Map<string, number> {
  const sorted = [...values].sort((a, b) => (dir === 'up' ? b[1] - a[1] : a[1] - b[1]));
  const out = new Map<string, number>();
  sorted.forEach(([k, x], i) => {
    out.set(k, i > 0 && sorted[i - 1]![1] === x ? out.get(sorted[i - 1]![0])! : i + 1);
  });
  return out;
}
