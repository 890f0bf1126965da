// 黄牌办结件数 — metrics.md: Case timeliness: due_at < finished_at ≤ legal_due_at.
import { sql } from '../sql/literal.ts';
import { JUDGED } from './expr.ts';
import type { MetricDef } from './types.ts';

export const yellow_finished: MetricDef = {
  id: 'yellow_finished',
  name: '黄牌办结件数',
  unit: '件',
  direction: 'down',
  kind: 'count',
  base: 'finished',
  period: 'finish_date',
  description: '超过承诺时限、未超过法定时限办结的办件数。',
  numerator: () => sql`countIf(${JUDGED} AND finished_at > due_at AND finished_at <= legal_due_at)`,
  drill: { state: 'late_finished', extra: { card: 'yellow' } },
};
