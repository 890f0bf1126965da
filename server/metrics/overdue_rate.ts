// 超期办结率 — metrics.md: Case timeliness.
import { sql } from '../sql/literal.ts';
import { JUDGED, LATE } from './expr.ts';
import type { MetricDef } from './types.ts';

export const overdue_rate: MetricDef = {
  id: 'overdue_rate',
  name: '超期办结率',
  unit: '%',
  direction: 'down',
  kind: 'proportion',
  base: 'finished',
  period: 'finish_date',
  description: '有办理时限的办结件中，晚于承诺时限办结的比例。',
  numerator: () => sql`countIf(${JUDGED} AND ${LATE})`,
  denominator: () => sql`countIf(${JUDGED})`,
  drill: { state: 'late_finished' },
};
