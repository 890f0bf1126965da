// The 驾驶舱's KPI cards (issue: Overview), with metrics.md's ids and directions.
import type { Direction } from './metric-format.ts';

export interface KpiCard {
  id: string;
  label: string;
  direction: Direction;
  /** Card counts open the case list of this state (supervision); others the ranking page. */
  caseState?: 'warning' | 'yellow' | 'red';
  suffix?: string;
}

export const KPI_CARDS: readonly KpiCard[] = [
  { id: 'accepted', label: '受理量', direction: 'none', suffix: '件' },
  { id: 'finished', label: '办结量', direction: 'none', suffix: '件' },
  { id: 'ontime_rate', label: '按时办结率', direction: 'higher' },
  { id: 'warning', label: '预警', direction: 'lower', caseState: 'warning', suffix: '件' },
  { id: 'yellow_open', label: '黄牌', direction: 'lower', caseState: 'yellow', suffix: '件' },
  { id: 'red_open', label: '红牌', direction: 'lower', caseState: 'red', suffix: '件' },
  { id: 'one_window_rate', label: '一窗受理率', direction: 'higher' },
  { id: 'full_online_rate', label: '全程网办率', direction: 'higher' },
  { id: 'max_one_trip_rate', label: '最多跑一次实现率', direction: 'higher' },
  { id: 'good_rate', label: '好评率', direction: 'higher' },
  { id: 'satisfaction', label: '满意度', direction: 'higher', suffix: '分' },
];

export const KPI_IDS = KPI_CARDS.map((c) => c.id);

/** Metrics the ranking panels offer on the overview. */
export const RANKING_METRICS: ReadonlyArray<{ id: string; label: string }> = [
  { id: 'ontime_rate', label: '按时办结率' },
  { id: 'accepted', label: '受理量' },
  { id: 'good_rate', label: '好评率' },
  { id: 'full_online_rate', label: '全程网办率' },
  { id: 'max_one_trip_rate', label: '最多跑一次实现率' },
];
