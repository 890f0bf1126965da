import { describe, expect, test } from 'vitest';
import { trendOption } from './trend.ts';

const input = { labels: ['2025-01', '2025-02'], accepted: [10, 20], finished: [8, null], ontimeRate: [0.95, null] };

describe('trendOption', () => {
  test('two bar series on the count axis and the rate as a line on a 0–1 axis', () => {
    const o = trendOption(input);
    const series = o.series as Array<{ name: string; type: string; data: unknown[]; yAxisIndex?: number }>;
    expect(series.map((s) => [s.name, s.type])).toEqual([['受理量', 'bar'], ['办结量', 'bar'], ['按时办结率', 'line']]);
    expect(series[2]!.yAxisIndex).toBe(1);
    expect((o.xAxis as { data: string[] }).data).toEqual(['2025-01', '2025-02']);
    const rateAxis = (o.yAxis as Array<{ min?: number; max?: number; axisLabel: { formatter: (v: number) => string } }>)[1]!;
    expect([rateAxis.min, rateAxis.max]).toEqual([0, 1]);
    expect(rateAxis.axisLabel.formatter(0.5)).toBe('50%');
  });

  test('gaps stay null (no data is not zero)', () => {
    const series = trendOption(input).series as Array<{ data: unknown[] }>;
    expect(series[1]!.data).toEqual([8, null]);
    expect(series[2]!.data).toEqual([0.95, null]);
  });

  test('the dark look uses light text', () => {
    const legend = trendOption(input, { dark: true }).legend as { textStyle: { color: string } };
    expect(legend.textStyle.color).toBe('#c9d6ea');
  });
});
