import { describe, expect, test } from 'vitest';
import { ratingDistributionOption } from './rating-distribution.ts';

type Series = { data: Array<{ value: number; itemStyle: { color: string } }>; label: { formatter: (p: { value: number }) => string } };

describe('ratingDistributionOption', () => {
  test('levels 5..1 in order with missing levels as 0', () => {
    const o = ratingDistributionOption([{ level: 5, count: 8 }, { level: 1, count: 2 }]);
    expect((o.xAxis as { data: string[] }).data).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    const s = (o.series as Series[])[0]!;
    expect(s.data.map((d) => d.value)).toEqual([8, 0, 0, 0, 2]);
    expect(s.label.formatter({ value: 8 })).toBe('80.0%');
  });

  test('差评 levels are red', () => {
    const s = (ratingDistributionOption([]).series as Series[])[0]!;
    expect(s.data[4]!.itemStyle.color).toBe('#d64545');
    expect(s.label.formatter({ value: 0 })).toBe('');
  });
});
