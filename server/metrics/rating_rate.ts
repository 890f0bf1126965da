// 评价率(参评率) — metrics.md: Ratings: finished with a valid rating rated_at ≤
// as_of / finished. Ratings of any date count (rated_at ≤ as_of only); the
// `first_rating` extension joins each case's earliest valid rating.
import { sql } from '../sql/literal.ts';
import { ratedByDay } from './rollup/rated-days.ts';
import type { MetricDef } from './types.ts';

export const rating_rate: MetricDef = {
  id: 'rating_rate',
  name: '评价率(参评率)',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'finished',
  period: 'finish_date',
  description: '办结件中截至统计时点已有有效评价的比例。',
  numerator: (c) => sql`countIf(_r_n > 0 AND _r_first <= ${c.asOf})`,
  denominator: () => sql`count()`,
  needs: ['first_rating'],
  rollup: { numerator: (c) => ratedByDay('r_days', c.asOf) },
};
