// 黄牌(超承诺时限未办结) — metrics.md: Case timeliness: open, judged, not
// suspended, due_at < as_of ≤ legal_due_at.
import { sql } from '../sql/literal.ts';
import { cardable } from './expr.ts';
import type { MetricDef } from './types.ts';

export const yellow_open: MetricDef = {
  id: 'yellow_open',
  name: '黄牌(超承诺时限未办结)',
  unit: '件',
  direction: 'down',
  kind: 'count',
  base: 'open',
  period: 'as_of',
  description: '在办、有时限、未暂停计时，已超过承诺时限但未超过法定时限的办件数。',
  numerator: (c) => sql`countIf(${cardable(c.asOf)} AND due_at < ${c.asOf} AND ${c.asOf} <= legal_due_at)`,
  drill: { state: 'yellow' },
};
