// 一窗受理率 — metrics.md: Convenience: channel=window and comprehensive /
// channel=window with window_type comprehensive or department (unknown excluded).
import { raw } from '../sql/literal.ts';
import type { MetricDef } from './types.ts';

export const one_window_rate: MetricDef = {
  id: 'one_window_rate',
  name: '一窗受理率',
  unit: '%',
  direction: 'up',
  kind: 'proportion',
  base: 'accepted',
  period: 'accept_date',
  description: '窗口受理件（窗口类型已知）中综合窗口受理的比例。',
  numerator: () => raw(`countIf(channel = 'window' AND window_type = 'comprehensive')`),
  denominator: () => raw(`countIf(channel = 'window' AND window_type IN ('comprehensive', 'department'))`),
};
