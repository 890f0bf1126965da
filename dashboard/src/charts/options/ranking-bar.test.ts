import { describe, expect, test } from 'vitest';
import { rankingBarOption, rankingBars, type RankingBar } from './ranking-bar.ts';

const rows: RankingBar[] = [
  { code: 'A', name: '甲市', value: 0.98, insufficient: false },
  { code: 'B', name: '乙市', value: 0.9, insufficient: false },
  { code: 'C', name: '丙市', value: 1, insufficient: true },
];

type Series = { data: Array<{ value: number; itemStyle: { color: string } }>; label: { formatter: (p: { dataIndex: number }) => string } };

describe('rankingBarOption', () => {
  test('rank 1 is drawn on top (categories reversed) and the limit applies', () => {
    const o = rankingBarOption(rows, { rate: true, limit: 2 });
    expect((o.yAxis as { data: string[] }).data).toEqual(['乙市', '甲市']);
  });

  test('rates are labelled to 0.1 %, small samples greyed and marked', () => {
    const o = rankingBarOption(rows, { rate: true });
    const s = (o.series as Series[])[0]!;
    expect(s.label.formatter({ dataIndex: 2 })).toBe('98.0%');
    expect(s.label.formatter({ dataIndex: 0 })).toBe('100.0% 样本不足');
    expect(s.data[0]!.itemStyle.color).toBe('#b8c0cc');
    expect(s.data[2]!.itemStyle.color).toBe('#2f6fed');
    expect((o.xAxis as { max?: number }).max).toBe(1);
  });

  test('counts are labelled as integers, null as —', () => {
    const o = rankingBarOption([{ code: 'X', name: 'X', value: 12345, insufficient: false }, { code: 'Y', name: 'Y', value: null, insufficient: false }], { rate: false });
    const s = (o.series as Series[])[0]!;
    expect(s.label.formatter({ dataIndex: 1 })).toBe('12,345');
    expect(s.label.formatter({ dataIndex: 0 })).toBe('—');
    expect((o.xAxis as { max?: number }).max).toBeUndefined();
  });
});

describe('rankingBars', () => {
  const r = (code: string, rank: number | null, insufficient = rank === null) => ({ rank, insufficient, value: 0.5, unit: { code, name: code } });
  test('ranked units by rank first; 样本不足 only fill the remaining places', () => {
    const rows = [r('S1', null), r('B', 2), r('A', 1), r('S2', null)];
    expect(rankingBars(rows, 3).map((b) => b.code)).toEqual(['A', 'B', 'S1']);
    expect(rankingBars(rows, 2).map((b) => b.code)).toEqual(['A', 'B']);
  });
  test('units without a value are left out', () => {
    expect(rankingBars([{ rank: null, insufficient: false, value: null, unit: { code: 'X', name: 'X' } }], 5)).toEqual([]);
  });
});
