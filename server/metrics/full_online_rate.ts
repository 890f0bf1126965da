// 全程网办率 — metrics.md: Convenience: channel ∈ {online, mobile} and trips = 0 / accepted.
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const full_online_rate: MetricDef = {
  id: 'full_online_rate',
  name: '全程网办率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'accepted',
  period: 'accept_date',
  description: '受理件中网上或移动端申请且跑动次数为 0 的比例（跑动次数未知的不计入分子）。',
  numerator: () => raw(`countIf(channel IN ('online', 'mobile') AND ifNull(trips = 0, 0))`),
  denominator: () => raw('count()'),
};
