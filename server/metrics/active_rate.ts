// 主动评价率 — metrics.md: Ratings: finished with a valid active (is_active)
// rating rated_at ≤ as_of / finished. System default ratings (is_active = false)
// do not count.
import { sql } from '../sql/literal.ts';
import { ratedByDay } from './rollup/rated-days.ts';
import type { MetricDef } from './types.ts';

export const active_rate: MetricDef = {
  id: 'active_rate',
  name: '主动评价率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'finished',
  period: 'finish_date',
  description: '办结件中截至统计时点已有有效主动评价（非系统默认评价）的比例。',
  numerator: (c) => sql`countIf(_r_n_active > 0 AND _r_first_active <= ${c.asOf})`,
  denominator: () => sql`count()`,
  needs: ['first_rating'],
  rollup: { numerator: (c) => ratedByDay('ra_days', c.asOf) },
};
