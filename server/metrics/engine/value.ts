// Value objects (metrics.md: Value conventions): {value, numerator, denominator, n, ci}.
// A zero denominator gives value null — never 0, never 100 %.
import type { MetricValue } from '../../api/schemas.ts';
import type { MetricKind } from '../types.ts';
import { wilson } from '../wilson.ts';

export type { MetricValue };

export function metricValue(kind: MetricKind, numerator: number, denominator: number): MetricValue {
  if (kind === 'count') return { value: numerator, numerator: null, denominator: null, n: numerator, ci: null };
  const ratio = denominator === 0 ? null : numerator / denominator;
  return {
    value: ratio === null ? null : kind === 'one_minus' ? 1 - ratio : ratio,
    numerator,
    denominator,
    n: denominator,
    ci: kind === 'proportion' ? wilson(numerator, denominator) : null,
  };
}
