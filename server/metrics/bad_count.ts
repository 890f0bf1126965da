// 差评数 — metrics.md: Ratings: level ≤ 2 (valid ones: invalidated 差评 are out of the base).
import { sql } from '../sql/literal.ts';
import { BAD } from './expr.ts';
import type { MetricDef } from './types.ts';

export const bad_count: MetricDef = {
  id: 'bad_count',
  name: '差评数',
  unit: '件',
  direction: 'down',
  kind: 'count',
  base: 'ratings',
  period: 'rated_at',
  description: '统计期内的有效差评（不满意、非常不满意）数。',
  numerator: () => sql`countIf(${BAD})`,
  drill: { extra: { bad: '1' } },
};
