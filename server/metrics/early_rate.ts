// 提前办结率 — metrics.md: Case timeliness: date(finished_at) < due_date.
import { sql } from '../sql/literal.ts';
import { JUDGED } from './expr.ts';
import type { MetricDef } from './types.ts';

export const early_rate: MetricDef = {
  id: 'early_rate',
  name: '提前办结率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'finished',
  period: 'finish_date',
  description: '有办理时限的办结件中，办结日期早于应办结日的比例。',
  numerator: () => sql`countIf(${JUDGED} AND finish_date < due_date)`,
  denominator: () => sql`countIf(${JUDGED})`,
};
