// Deterministic randomness for the simulator. No Math.random anywhere: the
// same seed must give byte-identical files, and case i must be reproducible
// without generating cases 0..i-1 (so 20 M cases can be streamed, or a single
// case regenerated in a test). Each case therefore gets its own small PRNG,
// seeded from (seed, stream, index) through an integer hash.

/** A 32-bit avalanche hash (the "lowbias32" finalizer by Chris Wellons). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of a (seed, stream, index) triple, uniform over 32 bits. */
export function hash3(seed: number, stream: number, index: number): number {
  return mix32(mix32(mix32(seed ^ 0x9e3779b9) ^ Math.imul(stream + 1, 0x85ebca6b)) ^ (index >>> 0));
}

/** Named independent streams, so adding draws to one never shifts another. */
export const Stream = {
  geography: 1,
  departments: 2,
  catalogue: 3,
  cases: 4,
  episodes: 5,
  serviceRatings: 6,
  faults: 7,
} as const;

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG): 128-bit state, passes
 * PractRand, and needs only 32-bit integer ops, which V8 runs fast.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0, index = 0) {
    this.a = hash3(seed, stream, index);
    this.b = mix32(this.a ^ 0x243f6a88);
    this.c = mix32(this.b ^ 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32(); // warm up: decorrelate nearby indices
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** An index drawn with the given (unnormalized, non-negative) weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Value of `table` picked by weight: [[value, weight], ...]. */
  choose<T>(table: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const e of table) total += e[1];
    let r = this.float() * total;
    for (const e of table) {
      r -= e[1];
      if (r < 0) return e[0];
    }
    return (table[table.length - 1] as readonly [T, number])[0];
  }

  /** Approximately normal(0, 1) (Irwin–Hall with 4 terms: cheap, bounded ±3.5). */
  normal(): number {
    return (this.float() + this.float() + this.float() + this.float() - 2) * 1.7320508;
  }
}

/** Cumulative weights for repeated O(log n) sampling from a fixed distribution. */
export class WeightedTable<T> {
  private readonly cum: Float64Array;
  constructor(
    readonly values: readonly T[],
    weights: readonly number[],
  ) {
    if (values.length === 0 || values.length !== weights.length) throw new RangeError('weighted table: bad sizes');
    this.cum = new Float64Array(weights.length);
    let acc = 0;
    weights.forEach((w, i) => {
      acc += Math.max(0, w);
      this.cum[i] = acc;
    });
  }

  sample(rng: Rng): T {
    const total = this.cum[this.cum.length - 1] as number;
    const r = rng.float() * total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cum[mid] as number) > r) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo] as T;
  }
}
