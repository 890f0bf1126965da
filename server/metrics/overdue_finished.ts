// 超期办结件数 — metrics.md: Case timeliness ("count of the numerator above").
import { sql } from '../sql/literal.ts';
import { JUDGED, LATE } from './expr.ts';
import type { MetricDef } from './types.ts';

export const overdue_finished: MetricDef = {
  id: 'overdue_finished',
  name: '超期办结件数',
  unit: '件',
  direction: 'down',
  kind: 'count',
  base: 'finished',
  period: 'finish_date',
  description: '有办理时限、晚于承诺时限办结的办件数。',
  numerator: () => sql`countIf(${JUDGED} AND ${LATE})`,
  drill: { state: 'late_finished' },
};
