// 超期未办结率 — metrics.md: Case timeliness: overdue_open / open (every open
// case in the denominator, suspended and unjudged ones included).
import { raw } from '../sql/literal.ts';
import { overdue_open } from './overdue_open.ts';
import type { MetricDef } from './types.ts';

export const overdue_open_rate: MetricDef = {
  id: 'overdue_open_rate',
  name: '超期未办结率',
  unit: '%',
  direction: 'down',
  kind: 'proportion',
  base: 'open',
  period: 'as_of',
  description: '超期未办结件（黄牌 + 红牌）占在办件的比例。',
  numerator: overdue_open.numerator,
  denominator: () => raw('count()'),
  drill: { state: 'yellow,red' },
};
