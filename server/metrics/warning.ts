// 预警 — metrics.md: Case timeliness: open, judged, not suspended,
// as_of ≤ due_at and #{working days d : date(as_of) < d ≤ due_date} ≤ warn_days.
// Working days in (a, b] = workday_seq(b) − workday_seq(a) from the `calendar`
// table: due_seq is joined per case (extension `due_seq`), asOfSeq is the
// as_of date's seq looked up before the query (engine/calendar-seq.ts).
import { sql } from '../sql/literal.ts';
import { cardable, warnDays } from './expr.ts';
import type { MetricDef } from './types.ts';

export const warning: MetricDef = {
  id: 'warning',
  name: '预警',
  unit: '件',
  direction: 'down',
  kind: 'count',
  base: 'open',
  period: 'as_of',
  description: '在办、有时限、未暂停计时，尚未超过承诺时限且距应办结日不超过预警天数（承诺时限×20%，四舍五入，至少 1 个工作日）的办件数。',
  numerator: (c) => sql`countIf(${cardable(c.asOf)} AND ${c.asOf} <= due_at
    AND toInt64(_due_seq) - toInt64(${c.asOfSeq}) <= ${warnDays(c.config)})`,
  needs: ['due_seq'],
  drill: { state: 'warning' },
};
