// 办结量 — metrics.md: Case timeliness; base "cases, finished" (finished or denied).
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const finished: MetricDef = {
  id: 'finished',
  name: '办结量',
  unit: '件',
  direction: 'none',
  kind: 'count',
  base: 'finished',
  period: 'finish_date',
  description: '办结日期在统计期内的办件数（准予办结与不予许可办结）。',
  numerator: () => raw('count()'),
};
