// Monthly trend: 受理量 and 办结量 as bars, 按时办结率 as a line on its own axis.
import { axisLineColor, COLORS, pct, textColor, type ChartOption, type Look } from './types.ts';

export interface TrendInput {
  /** One label per bucket, e.g. '2025-03'. */
  labels: string[];
  accepted: Array<number | null>;
  finished: Array<number | null>;
  ontimeRate: Array<number | null>;
}

export function trendOption(input: TrendInput, look: Look = {}): ChartOption {
  const text = textColor(look);
  const line = axisLineColor(look);
  return {
    backgroundColor: 'transparent',
    color: [COLORS.primary, COLORS.secondary, COLORS.accent],
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v) => (typeof v === 'number' && v <= 1 && v >= 0 && !Number.isInteger(v) ? pct(v) : String(v ?? '—')),
    },
    legend: { top: 0, textStyle: { color: text, fontSize: look.dark ? 16 : 12 } },
    grid: { left: 56, right: 56, top: 36, bottom: 28 },
    xAxis: {
      type: 'category',
      data: input.labels,
      axisLabel: { color: text, fontSize: look.dark ? 14 : 12 },
      axisLine: { lineStyle: { color: line } },
    },
    yAxis: [
      {
        type: 'value',
        name: '件',
        minInterval: 1,
        nameTextStyle: { color: text },
        axisLabel: { color: text, fontSize: look.dark ? 14 : 12 },
        splitLine: { lineStyle: { color: line, type: 'dashed' } },
      },
      {
        type: 'value',
        name: '按时办结率',
        nameTextStyle: { color: text },
        min: 0,
        max: 1,
        axisLabel: { color: text, fontSize: look.dark ? 14 : 12, formatter: (v: number) => `${Math.round(v * 100)}%` },
        splitLine: { show: false },
      },
    ],
    series: [
      { name: '受理量', type: 'bar', data: input.accepted, barMaxWidth: 18 },
      { name: '办结量', type: 'bar', data: input.finished, barMaxWidth: 18 },
      { name: '按时办结率', type: 'line', yAxisIndex: 1, data: input.ontimeRate, smooth: true, symbolSize: 6, connectNulls: false },
    ],
  };
}
