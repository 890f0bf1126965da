// 平均跑动次数 — metrics.md: Convenience: mean trips over accepted with trips known.
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const avg_trips: MetricDef = {
  id: 'avg_trips',
  name: '平均跑动次数',
  unit: '次',
  direction: 'down',
  kind: 'mean',
  base: 'accepted',
  period: 'accept_date',
  description: '跑动次数已知的受理件的平均跑动次数。',
  numerator: () => raw('sum(ifNull(trips, 0))'),
  denominator: () => raw('countIf(trips IS NOT NULL)'),
};
