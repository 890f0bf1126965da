// 满意及以上率 — metrics.md: Ratings: level ≥ 4 / ratings.
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const very_good_rate: MetricDef = {
  id: 'very_good_rate',
  name: '满意及以上率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'ratings',
  period: 'rated_at',
  description: '有效评价中“满意”“非常满意”（4–5 级）的比例。',
  numerator: () => raw('countIf(level >= 4)'),
  denominator: () => raw('count()'),
};
