// 在办件 — metrics.md: Case timeliness, "Open cases at as_of" (suspended ones
// included). The open-at-as_of condition itself is the base's (engine/bases.ts).
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const open: MetricDef = {
  id: 'open',
  name: '在办件',
  unit: '件',
  direction: 'none',
  kind: 'count',
  base: 'open',
  period: 'as_of',
  description: '截至统计时点已受理、未办结且未撤回的办件数（含暂停计时的办件），不论何时受理。',
  numerator: () => raw('count()'),
};
