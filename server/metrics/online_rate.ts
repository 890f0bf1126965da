// 网上办理率 — metrics.md: Convenience: channel ∈ {online, mobile} / accepted.
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const online_rate: MetricDef = {
  id: 'online_rate',
  name: '网上办理率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'accepted',
  period: 'accept_date',
  description: '受理件中通过网上（PC）或移动端申请的比例。',
  numerator: () => raw(`countIf(channel IN ('online', 'mobile'))`),
  denominator: () => raw('count()'),
};
