// 受理量 — metrics.md: Case timeliness; base "cases, accepted".
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const accepted: MetricDef = {
  id: 'accepted',
  name: '受理量',
  unit: '件',
  direction: 'none',
  kind: 'count',
  base: 'accepted',
  period: 'accept_date',
  description: '受理日期在统计期内的办件数（不予受理的除外，撤回件计入）。',
  numerator: () => raw('count()'),
};
