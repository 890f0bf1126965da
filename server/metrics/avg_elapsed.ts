// 平均办理用时(工作日) — metrics.md: Case timeliness: mean elapsed_workdays over
// finished cases whose unit is workday.
// TRICKY: not a deadline metric (it does not say "judged"), so cases without N
// count too; elapsed_workdays does not depend on N.
import { sql } from '../sql/literal.ts';
import { WORKDAY_UNIT } from './expr.ts';
import type { MetricDef } from './types.ts';

export const avg_elapsed: MetricDef = {
  id: 'avg_elapsed',
  name: '平均办理用时(工作日)',
  unit: '工作日',
  direction: 'down',
  kind: 'mean',
  base: 'finished',
  period: 'finish_date',
  description: '时限单位为工作日的办结件的平均办理用时（受理次日起至办结日的工作日数，扣除暂停计时）。',
  numerator: () => sql`sumIf(ifNull(elapsed_workdays, 0), ${WORKDAY_UNIT} AND elapsed_workdays IS NOT NULL)`,
  denominator: () => sql`countIf(${WORKDAY_UNIT} AND elapsed_workdays IS NOT NULL)`,
};
