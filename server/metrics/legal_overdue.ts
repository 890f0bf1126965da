// 超法定时限件数 — metrics.md: Case timeliness: "same as red_finished (kept as
// the red-line figure's name)". Shares red_finished's SQL so the two cannot drift.
import { red_finished } from './red_finished.ts';
import type { MetricDef } from './types.ts';

export const legal_overdue: MetricDef = {
  ...red_finished,
  id: 'legal_overdue',
  name: '超法定时限件数',
  description: '超过法定时限办结的办件数（红线指标，与红牌办结件数相同）。',
};
