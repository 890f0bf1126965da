// 评价量 — metrics.md: Ratings: count of valid ratings rated in the period.
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const ratings: MetricDef = {
  id: 'ratings',
  name: '评价量',
  unit: '件',
  direction: 'none',
  kind: 'count',
  base: 'ratings',
  period: 'rated_at',
  description: '评价日期在统计期内的有效评价数（申诉复核认定无效的差评除外）。',
  numerator: () => raw('count()'),
};
