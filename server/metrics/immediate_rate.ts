// 即办件占比 — metrics.md: Case timeliness: accepted with N = 0 / accepted.
// TRICKY: the denominator is every accepted case, cases without N included —
// the definition says "/ accepted", not "/ judged accepted".
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const immediate_rate: MetricDef = {
  id: 'immediate_rate',
  name: '即办件占比',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'accepted',
  period: 'accept_date',
  description: '受理件中即办件（承诺时限为 0）的比例。',
  numerator: () => raw('countIf(promised_limit = 0)'),
  denominator: () => raw('count()'),
};
