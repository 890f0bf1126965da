// 最多跑一次实现率 — metrics.md: Convenience: trips ≤ 1 / accepted with trips known.
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const max_one_trip_rate: MetricDef = {
  id: 'max_one_trip_rate',
  name: '最多跑一次实现率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'accepted',
  period: 'accept_date',
  description: '跑动次数已知的受理件中，跑动次数不超过 1 次的比例。',
  numerator: () => raw('countIf(ifNull(trips <= 1, 0))'),
  denominator: () => raw('countIf(trips IS NOT NULL)'),
};
