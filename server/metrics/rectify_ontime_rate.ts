// 差评整改及时率 — metrics.md: Ratings: over 差评 whose limit < as_of:
// rectified_by(limit) / those. The limit (15th working day after the rating
// date, 23:59:59) is precomputed by the ETL as ratings.rectify_limit_at.
import { sql, type Sql } from '../sql/literal.ts';
import { BAD, rectifiedBy } from './expr.ts';
import type { MetricDef } from './types.ts';

const DUE = (asOf: Sql): Sql => sql`${BAD} AND ifNull(rectify_limit_at < ${asOf}, 0)`;

export const rectify_ontime_rate: MetricDef = {
  id: 'rectify_ontime_rate',
  name: '差评整改及时率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'bad_ratings',
  period: 'rated_at',
  description: '整改期限（评价日后第 15 个工作日 23:59:59）已过的有效差评中，在期限内完成整改的比例。',
  numerator: (c) => sql`countIf(${DUE(c.asOf)} AND ${rectifiedBy(sql`rectify_limit_at`)})`,
  denominator: (c) => sql`countIf(${DUE(c.asOf)})`,
  drill: { extra: { bad: '1' } },
};
