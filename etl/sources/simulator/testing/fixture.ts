// Test support: one generated province per test file (generation is the slow part).
import { generateProvince } from '../generate.ts';
import type { SimulatedData, SimulatorOptions } from '../types.ts';

/** Fixed end date: tests must not depend on today's date. */
export const FIXTURE_OPTIONS = { seed: 424242, cases: 20_000, months: 12, endDate: '2026-06-30' } satisfies SimulatorOptions;

let cached: SimulatedData | null = null;

export function fixture(): SimulatedData {
  cached ??= generateProvince(FIXTURE_OPTIONS);
  return cached;
}
