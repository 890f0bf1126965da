// 好评率 — metrics.md: Ratings: level ≥ 3 / ratings.
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const good_rate: MetricDef = {
  id: 'good_rate',
  name: '好评率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'ratings',
  period: 'rated_at',
  description: '有效评价中“基本满意”及以上（3–5 级）的比例。',
  numerator: () => raw('countIf(level >= 3)'),
  denominator: () => raw('count()'),
};
