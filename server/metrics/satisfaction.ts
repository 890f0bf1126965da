// 满意度(分) — metrics.md: Ratings: mean score, 5→100 … 1→20 (mapping in config.ts).
import { join, num, sql } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const satisfaction: MetricDef = {
  id: 'satisfaction',
  name: '满意度(分)',
  unit: '分',
  direction: 'up',
  kind: 'mean',
  base: 'ratings',
  period: 'rated_at',
  description: '有效评价的平均得分：非常满意 100、满意 80、基本满意 60、不满意 40、非常不满意 20。',
  numerator: (c) => {
    const arms = ([5, 4, 3, 2, 1] as const).map((lvl) => sql`level = ${lvl}, toFloat64(${num(c.config.satisfaction[lvl])})`);
    return sql`sum(multiIf(${join(arms, ', ')}, toFloat64(0)))`;
  },
  denominator: () => sql`count()`,
};
