// 提速率 — metrics.md: Case timeliness: 1 − Σ elapsed_workdays / Σ N over
// finished cases with unit workday and N > 0. Unclipped: it is negative when
// cases took longer than promised (the composite index clips it, not this).
import { sql } from '../sql/literal.ts';
import { WORKDAY_UNIT } from './expr.ts';
import type { MetricDef } from './types.ts';

const SPEEDUP_CASES = sql`${WORKDAY_UNIT} AND ifNull(promised_limit, 0) > 0 AND elapsed_workdays IS NOT NULL`;

export const speedup_rate: MetricDef = {
  id: 'speedup_rate',
  name: '提速率',
  unit: '%',
  direction: 'up',
  kind: 'one_minus',
  base: 'finished',
  period: 'finish_date',
  description: '1 − 实际办理用时之和 / 承诺时限之和（时限单位为工作日且承诺时限大于 0 的办结件）。',
  numerator: () => sql`sumIf(ifNull(elapsed_workdays, 0), ${SPEEDUP_CASES})`,
  denominator: () => sql`sumIf(ifNull(promised_limit, 0), ${SPEEDUP_CASES})`,
};
