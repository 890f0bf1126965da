// Rankings (metrics.md: Rankings): proportions rank by their Wilson bound — ↑
// by the lower bound, descending; ↓ by the upper bound, ascending — so a unit
// with 3 cases cannot top a unit with 3,000; other metrics by value (↑ and
// undirected counts descending, ↓ ascending). Units with n below the minimum
// sample are listed as 样本不足 and not ranked. Ties share the rank (1, 2, 2, 4).
import type { MetricValue } from './engine/value.ts';
import type { MetricDef } from './types.ts';

export type RankedBy = 'wilson_lower' | 'wilson_upper' | 'value';

export const rankedBy = (m: MetricDef): RankedBy =>
  m.kind === 'proportion' ? (m.direction === 'down' ? 'wilson_upper' : 'wilson_lower') : 'value';

/** The score a unit is ranked on (null: cannot be ranked) and whether larger is better. */
function score(m: MetricDef, v: MetricValue): number | null {
  switch (rankedBy(m)) {
    case 'wilson_lower':
      return v.ci ? v.ci[0] : null;
    case 'wilson_upper':
      return v.ci ? v.ci[1] : null;
    case 'value':
      return v.value;
  }
}

export interface RankResult {
  rank: number | null;
  insufficient: boolean;
  /** The rank counted from the worst end (for 黑榜 / bottom N); null when unranked. */
  rankFromBottom: number | null;
}

/** Ranks values by key. */
export function rankValues(m: MetricDef, values: ReadonlyMap<string, MetricValue>, minSample: number): Map<string, RankResult> {
  const better = m.direction === 'down' ? -1 : 1;
  const out = new Map<string, RankResult>();
  const ranked: Array<{ key: string; s: number }> = [];
  for (const [key, v] of values) {
    const insufficient = v.n < minSample;
    const s = score(m, v);
    out.set(key, { rank: null, insufficient, rankFromBottom: null });
    if (!insufficient && s !== null) ranked.push({ key, s });
  }
  ranked.sort((a, b) => better * (b.s - a.s));
  // Competition ranking: a unit's rank is 1 + the number of units strictly better.
  ranked.forEach((r, i) => {
    const rank = i > 0 && ranked[i - 1]!.s === r.s ? out.get(ranked[i - 1]!.key)!.rank! : i + 1;
    out.get(r.key)!.rank = rank;
  });
  for (let i = ranked.length - 1; i >= 0; i--) {
    const r = ranked[i]!;
    const fromBottom = i < ranked.length - 1 && ranked[i + 1]!.s === r.s
      ? out.get(ranked[i + 1]!.key)!.rankFromBottom!
      : ranked.length - i;
    out.get(r.key)!.rankFromBottom = fromBottom;
  }
  return out;
}
