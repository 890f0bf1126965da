// 差评回访核实率 — metrics.md: Ratings: verified_at ≤ as_of / 差评.
import { sql } from '../sql/literal.ts';
import { BAD } from './expr.ts';
import type { MetricDef } from './types.ts';

export const verify_rate: MetricDef = {
  id: 'verify_rate',
  name: '差评回访核实率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'bad_ratings',
  period: 'rated_at',
  description: '统计期内的有效差评中，截至统计时点已回访核实的比例。',
  numerator: (c) => sql`countIf(${BAD} AND ifNull(verified_at <= ${c.asOf}, 0))`,
  denominator: () => sql`countIf(${BAD})`,
  drill: { extra: { bad: '1' } },
};
