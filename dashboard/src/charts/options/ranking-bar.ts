// Horizontal ranking bars: best on top. Units with too small a sample are
// shown greyed and labelled 样本不足 (metrics.md: Rankings).
import { axisLineColor, COLORS, pct, textColor, type ChartOption, type Look } from './types.ts';

export interface RankingBar {
  code: string;
  name: string;
  value: number | null;
  insufficient: boolean;
}

/**
 * The bars of a ranking: ranked units by rank; units with 样本不足 (unranked)
 * only fill the remaining places, so "前 10" never shows unranked units first.
 */
export function rankingBars(
  rows: ReadonlyArray<{ rank: number | null; insufficient: boolean; value: number | null; unit: { code: string; name: string } }>,
  limit: number,
): RankingBar[] {
  const toBar = (r: (typeof rows)[number]): RankingBar => ({ code: r.unit.code, name: r.unit.name, value: r.value, insufficient: r.insufficient });
  const ranked = rows.filter((r) => r.rank !== null).sort((a, b) => a.rank! - b.rank!);
  const small = rows.filter((r) => r.rank === null && r.insufficient && r.value !== null);
  return [...ranked, ...small].slice(0, limit).map(toBar);
}

export interface RankingBarOptions extends Look {
  rate: boolean;
  /** At most this many bars (default 10). */
  limit?: number;
}

export function rankingBarOption(rows: readonly RankingBar[], opts: RankingBarOptions): ChartOption {
  const shown = rows.slice(0, opts.limit ?? 10);
  const text = textColor(opts);
  const format = (v: number | null): string => (v === null ? '—' : opts.rate ? pct(v) : v.toLocaleString('zh-CN'));
  // ECharts draws the first category at the bottom: reverse so rank 1 is on top.
  const ordered = [...shown].reverse();
  return {
    backgroundColor: 'transparent',
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const row = ordered[(p as { dataIndex: number }).dataIndex];
        return row ? `${row.name}：${format(row.value)}${row.insufficient ? '（样本不足）' : ''}` : '';
      },
    },
    grid: { left: 8, right: shown.some((r) => r.insufficient) ? (opts.dark ? 150 : 118) : 64, top: 8, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      show: false,
      ...(opts.rate ? { min: 0, max: 1 } : {}),
    },
    yAxis: {
      type: 'category',
      data: ordered.map((r) => r.name),
      axisLabel: { color: text, fontSize: opts.dark ? 16 : 12, width: 130, overflow: 'truncate' },
      axisLine: { lineStyle: { color: axisLineColor(opts) } },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: opts.dark ? 22 : 16,
        data: ordered.map((r) => ({
          value: r.value ?? 0,
          itemStyle: { color: r.insufficient || r.value === null ? COLORS.muted : COLORS.primary, borderRadius: [0, 3, 3, 0] },
        })),
        label: {
          show: true,
          position: 'right',
          color: text,
          fontSize: opts.dark ? 16 : 12,
          formatter: (p) => {
            const row = ordered[(p as { dataIndex: number }).dataIndex];
            return row ? `${format(row.value)}${row.insufficient ? ' 样本不足' : ''}` : '';
          },
        },
      },
    ],
  };
}
