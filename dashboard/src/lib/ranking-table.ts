// The ranking table's client-side work: 红榜/黑榜 slices, column sorting,
// rank change and the CSV export. Units with 样本不足 have no rank.
import type { RankingRow } from '../api/types.ts';
import { toCsv } from './csv.ts';
import { formatValue, type MetricKind } from './metric-format.ts';

export type SortKey = 'rank' | 'prevRank' | 'name' | 'value' | 'n';
export type Order = 'top' | 'bottom';

/** Top or bottom `n` ranked units (0 = all rows, unranked ones last). */
export function sliceRows(rows: readonly RankingRow[], order: Order, n: number): RankingRow[] {
  const ranked = rows.filter((r) => r.rank !== null).sort((a, b) => a.rank! - b.rank!);
  const unranked = rows.filter((r) => r.rank === null);
  if (n <= 0) return order === 'top' ? [...ranked, ...unranked] : [...ranked].reverse().concat(unranked);
  return order === 'top' ? ranked.slice(0, n) : ranked.slice(-n).reverse();
}

/** Stable sort by a column; nulls always last. */
export function sortRows(rows: readonly RankingRow[], key: SortKey, dir: 'asc' | 'desc'): RankingRow[] {
  const get = (r: RankingRow): number | string | null =>
    key === 'name' ? r.unit.name : key === 'value' ? r.value : key === 'n' ? r.n : key === 'rank' ? r.rank : r.prevRank;
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      const x = get(a.row);
      const y = get(b.row);
      if (x === null && y === null) return a.i - b.i;
      if (x === null) return 1;
      if (y === null) return -1;
      const c = typeof x === 'string' ? x.localeCompare(String(y), 'zh-CN') : x - (y as number);
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((e) => e.row);
}

/** Places gained since the previous period (positive = moved up); null when either rank is missing. */
export const rankChange = (r: RankingRow): number | null => (r.rank === null || r.prevRank === null ? null : r.prevRank - r.rank);

export function rankingCsv(rows: readonly RankingRow[], kind: MetricKind, metricName: string): string {
  return toCsv(
    ['排名', '上期排名', '单位代码', '单位名称', metricName, '区间下限', '区间上限', '样本量', '备注'],
    rows.map((r) => [
      r.rank,
      r.prevRank,
      r.unit.code,
      r.unit.name,
      // Exports carry the unrounded value (rates as fractions) plus the shown text.
      r.value,
      r.ci?.[0] ?? null,
      r.ci?.[1] ?? null,
      r.n,
      r.insufficient ? '样本不足' : r.value === null ? '无数据' : formatValue(r.value, kind),
    ]),
  );
}
