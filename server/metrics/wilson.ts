// metrics.md: Value conventions — "ci: the Wilson score interval,
// z = 1.959963984540054, no continuity correction, for proportions only".
import { WILSON_Z } from './config.ts';

/** The Wilson score interval of `successes` out of `n`; null when n = 0. */
export function wilson(successes: number, n: number, z = WILSON_Z): [number, number] | null {
  if (!(n > 0)) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Mathematically inside [0, 1]; clamp float noise at p = 0 or 1.
  return [Math.max(0, center - half), Math.min(1, center + half)];
}
