// 红牌(超法定时限未办结) — metrics.md: Case timeliness: open, judged, not
// suspended, as_of > legal_due_at.
import { sql } from '../sql/literal.ts';
import { cardable } from './expr.ts';
import type { MetricDef } from './types.ts';

export const red_open: MetricDef = {
  id: 'red_open',
  name: '红牌(超法定时限未办结)',
  unit: '件',
  direction: 'down',
  kind: 'count',
  base: 'open',
  period: 'as_of',
  description: '在办、有时限、未暂停计时，已超过法定时限的办件数。',
  numerator: (c) => sql`countIf(${cardable(c.asOf)} AND ${c.asOf} > legal_due_at)`,
  drill: { state: 'red' },
};
