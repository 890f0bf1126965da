// 差评整改率 — metrics.md: Ratings: rectified_by(as_of) / 差评.
import { sql } from '../sql/literal.ts';
import { BAD, rectifiedBy } from './expr.ts';
import type { MetricDef } from './types.ts';

export const rectify_rate: MetricDef = {
  id: 'rectify_rate',
  name: '差评整改率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'bad_ratings',
  period: 'rated_at',
  description: '统计期内的有效差评中，截至统计时点已有整改结果的比例。',
  numerator: (c) => sql`countIf(${BAD} AND ${rectifiedBy(c.asOf)})`,
  denominator: () => sql`countIf(${BAD})`,
  drill: { extra: { bad: '1' } },
};
