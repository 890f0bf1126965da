// 按时办结率 — metrics.md: Case timeliness.
import { sql } from '../sql/literal.ts';
import { JUDGED } from './expr.ts';
import type { MetricDef } from './types.ts';

export const ontime_rate: MetricDef = {
  id: 'ontime_rate',
  name: '按时办结率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'finished',
  period: 'finish_date',
  description: '有办理时限的办结件中，在承诺时限（应办结日 23:59:59）内办结的比例。',
  numerator: () => sql`countIf(${JUDGED} AND finished_at <= due_at)`,
  denominator: () => sql`countIf(${JUDGED})`,
};
