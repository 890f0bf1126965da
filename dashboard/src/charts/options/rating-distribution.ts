// 好差评 distribution by level, 5 非常满意 … 1 非常不满意; 差评 (1–2) in red.
import { axisLineColor, COLORS, textColor, type ChartOption, type Look } from './types.ts';

export const LEVEL_LABELS: Record<number, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };
const LEVEL_COLORS: Record<number, string> = { 5: COLORS.good, 4: '#64b883', 3: COLORS.accent, 2: '#e8684a', 1: COLORS.bad };

export function ratingDistributionOption(counts: ReadonlyArray<{ level: number; count: number }>, look: Look = {}): ChartOption {
  const byLevel = new Map(counts.map((c) => [c.level, c.count]));
  const levels = [5, 4, 3, 2, 1];
  const total = levels.reduce((a, l) => a + (byLevel.get(l) ?? 0), 0);
  const text = textColor(look);
  return {
    backgroundColor: 'transparent',
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const { name, value } = p as { name: string; value: number };
        return `${name}：${value.toLocaleString('zh-CN')} 条（${total ? ((value / total) * 100).toFixed(1) : '0.0'}%）`;
      },
    },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: levels.map((l) => LEVEL_LABELS[l]!),
      axisLabel: { color: text, interval: 0 },
      axisLine: { lineStyle: { color: axisLineColor(look) } },
    },
    yAxis: { type: 'value', axisLabel: { color: text }, splitLine: { lineStyle: { color: axisLineColor(look), type: 'dashed' } } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 36,
        data: levels.map((l) => ({ value: byLevel.get(l) ?? 0, itemStyle: { color: LEVEL_COLORS[l] } })),
        label: {
          show: true,
          position: 'top',
          color: text,
          formatter: (p) => (total ? `${(((p as { value: number }).value / total) * 100).toFixed(1)}%` : ''),
        },
      },
    ],
  };
}
