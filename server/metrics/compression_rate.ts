// 承诺时限压缩率 — metrics.md: Case timeliness: catalogue metric, no period:
// 1 − Σ promised_limit / Σ legal_limit over the unit's items with legal_limit > 0,
// whatever their unit.
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const compression_rate: MetricDef = {
  id: 'compression_rate',
  name: '承诺时限压缩率',
  unit: '%',
  direction: 'up',
  kind: 'one_minus',
  base: 'catalogue',
  period: 'none',
  description: '事项目录中法定时限大于 0 的事项：1 − 承诺时限之和 / 法定时限之和（不分时限单位，不按统计期）。',
  numerator: () => raw('sumIf(promised_limit, legal_limit > 0)'),
  denominator: () => raw('sumIf(legal_limit, legal_limit > 0)'),
};
