// How figures are shown: rates as percentages rounded to 0.1 % (only the UI
// rounds, metrics.md: Value conventions), null as "—", small samples marked.
import type { MetricValue } from '../api/types.ts';

/** metrics.md: the proportions (*p*) and the other fraction metrics, shown as %. */
const RATE_IDS = new Set([
  'ontime_rate', 'overdue_rate', 'early_rate', 'speedup_rate', 'immediate_rate', 'compression_rate', 'overdue_open_rate',
  'one_window_rate', 'online_rate', 'full_online_rate', 'zero_trip_rate', 'max_one_trip_rate', 'rating_rate',
  'active_rate', 'good_rate', 'very_good_rate', 'verify_rate', 'rectify_rate', 'rectify_ontime_rate', 'anomaly_rate',
]);

/** metrics.md: Rankings — the default minimum sample. */
export const MIN_SAMPLE = 30;

export type MetricKind = 'rate' | 'number';

/** Rate when the catalogue's unit says so, else by the ids of metrics.md. */
export function metricKind(id: string, unit?: string): MetricKind {
  if (unit && /%|ratio|rate|percent|proportion|fraction|比例|率/i.test(unit)) return 'rate';
  return RATE_IDS.has(id) ? 'rate' : 'number';
}

export function formatValue(value: number | null | undefined, kind: MetricKind): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (kind === 'rate') return `${(value * 100).toFixed(1)}%`;
  if (Number.isInteger(value)) return value.toLocaleString('zh-CN');
  return value.toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 2 });
}

export function formatInterval(ci: [number, number] | null | undefined, kind: MetricKind): string {
  if (!ci) return '—';
  return `${formatValue(ci[0], kind)} ~ ${formatValue(ci[1], kind)}`;
}

/** A proportion on fewer than MIN_SAMPLE cases or ratings (样本不足). */
export const isSmallSample = (v: Pick<MetricValue, 'value' | 'n' | 'ci'> | null | undefined): boolean =>
  !!v && v.ci !== null && v.value !== null && v.n < MIN_SAMPLE;

export interface Delta {
  /** '+1.2个百分点', '-3.4%', '—' */
  text: string;
  /** Arrow direction of the raw change. */
  trend: 'up' | 'down' | 'flat' | null;
  /** Whether the change is an improvement, given the metric's direction; null when neutral. */
  good: boolean | null;
}

/**
 * Change versus a comparison period: rates in percentage points, other
 * figures as a relative change. A missing side gives '—'.
 */
export function delta(current: number | null | undefined, previous: number | null | undefined, kind: MetricKind, direction: Direction): Delta {
  if (current === null || current === undefined || previous === null || previous === undefined) {
    return { text: '—', trend: null, good: null };
  }
  const diff = current - previous;
  const trend = Math.abs(diff) < 1e-12 ? 'flat' : diff > 0 ? 'up' : 'down';
  const good = trend === 'flat' || direction === 'none' ? null : (trend === 'up') === (direction === 'higher');
  if (kind === 'rate') {
    return { text: `${diff >= 0 ? '+' : ''}${(diff * 100).toFixed(1)}个百分点`, trend, good };
  }
  if (previous === 0) return { text: current === 0 ? '0%' : '新增', trend, good };
  const rel = diff / Math.abs(previous);
  return { text: `${rel >= 0 ? '+' : ''}${(rel * 100).toFixed(1)}%`, trend, good };
}

export type Direction = 'higher' | 'lower' | 'none';

/** The catalogue's direction, whatever its spelling (higher/up/↑, lower/down/↓). */
export function directionOf(raw: string | null | undefined): Direction {
  if (!raw) return 'none';
  if (/higher|up|↑|asc|positive/i.test(raw)) return 'higher';
  if (/lower|down|↓|desc|negative/i.test(raw)) return 'lower';
  return 'none';
}
