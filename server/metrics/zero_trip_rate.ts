// 零跑动率 — metrics.md: Convenience: trips = 0 / accepted with trips known.
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const zero_trip_rate: MetricDef = {
  id: 'zero_trip_rate',
  name: '零跑动率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'accepted',
  period: 'accept_date',
  description: '跑动次数已知的受理件中，跑动次数为 0 的比例。',
  numerator: () => raw('countIf(ifNull(trips = 0, 0))'),
  denominator: () => raw('countIf(trips IS NOT NULL)'),
};
