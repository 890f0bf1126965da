// 超期未办结 — metrics.md: Case timeliness: yellow_open + red_open
// (the classes are exclusive, so one countIf of "past due_at" is their sum).
import { sql } from '../sql/literal.ts';
import { cardable } from './expr.ts';
import type { MetricDef } from './types.ts';

export const overdue_open: MetricDef = {
  id: 'overdue_open',
  name: '超期未办结',
  unit: '件',
  direction: 'down',
  kind: 'count',
  base: 'open',
  period: 'as_of',
  description: '黄牌与红牌在办件之和：在办、有时限、未暂停计时且已超过承诺时限的办件数。',
  numerator: (c) => sql`countIf(${cardable(c.asOf)} AND due_at < ${c.asOf})`,
  drill: { state: 'yellow,red' },
};
