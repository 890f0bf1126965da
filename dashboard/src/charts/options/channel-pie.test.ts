import { describe, expect, test } from 'vitest';
import { channelPieOption } from './channel-pie.ts';

describe('channelPieOption', () => {
  const slices = [
    { id: 'window', name: '窗口', value: 60 },
    { id: 'online', name: '网上', value: 40 },
    { id: 'mail', name: '邮寄', value: 0 },
  ];

  test('empty channels are left out of the donut', () => {
    const s = (channelPieOption(slices).series as Array<{ type: string; data: Array<{ name: string; value: number }> }>)[0]!;
    expect(s.type).toBe('pie');
    expect(s.data).toEqual([{ name: '窗口', value: 60 }, { name: '网上', value: 40 }]);
  });

  test('the tooltip shows count and share', () => {
    const tooltip = channelPieOption(slices).tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter({ name: '窗口', value: 60 })).toBe('窗口：60 件（60.0%）');
  });
});
