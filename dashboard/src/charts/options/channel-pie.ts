// Channel mix of accepted cases (受理渠道构成) as a donut.
import { COLORS, textColor, type ChartOption, type Look } from './types.ts';

export interface Slice {
  id: string;
  name: string;
  value: number;
}

export function channelPieOption(slices: readonly Slice[], look: Look = {}): ChartOption {
  const total = slices.reduce((a, s) => a + s.value, 0);
  const text = textColor(look);
  return {
    backgroundColor: 'transparent',
    color: COLORS.palette,
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const { name, value } = p as { name: string; value: number };
        return `${name}：${value.toLocaleString('zh-CN')} 件（${total ? ((value / total) * 100).toFixed(1) : '0.0'}%）`;
      },
    },
    legend: { bottom: 0, left: 'center', itemWidth: 12, itemHeight: 10, textStyle: { color: text, fontSize: look.dark ? 14 : 12 } },
    series: [
      {
        type: 'pie',
        radius: ['38%', '62%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        minShowLabelAngle: 3,
        // Shares to 0.1 % like every rate in the UI.
        label: { color: text, fontSize: look.dark ? 14 : 12, formatter: (p) => `${(p as { percent: number }).percent.toFixed(1)}%` },
        data: slices.filter((s) => s.value > 0).map((s) => ({ name: s.name, value: s.value })),
      },
    ],
  };
}
