// `index:<systemId>` (metrics.md: Composite indices): a ranking of units by an
// index system's composite, with the previous period's rank. Normalization
// runs over every unit of the level (never scoped); the viewer's scope only
// narrows the rows shown. /api/metrics and /api/trends still reject `index:`
// ids (a composite is not an additive metric).
import type { RankingRow, RankingsQuery, RankingsResponse } from '../../api/schemas.ts';
import type { Scope } from '../../auth/types.ts';
import { badRequest } from '../../errors.ts';
import { computeScorecard, visibleLines } from '../../evaluation/scorecards.ts';
import type { Db } from '../../sql/client.ts';
import { regionTree } from '../../sql/regions.ts';
import { rowDrill } from '../drill.ts';
import { liveNowMs, previousPeriod, withAsOf } from '../engine/periods.ts';
import { unitKey } from '../engine/units.ts';
import { resolvePeriod } from '../request.ts';

export const isComposite = (id: string): boolean => id.startsWith('index:');

export function rejectComposite(id: string): void {
  if (isComposite(id)) {
    throw badRequest('综合指数请在评估模块（评估结果、综合指数排名）中查看', 'Composite indices are served by the evaluation module (scorecards, index rankings)', 'index_unavailable');
  }
}

export async function compositeRankings(db: Db, q: RankingsQuery, scope: Scope | null, nowMs = liveNowMs()): Promise<RankingsResponse> {
  if (q.by !== 'region' && q.by !== 'dept') {
    throw badRequest('综合指数只能按区划或部门排名', 'Composite indices rank regions or departments only', 'index_unavailable');
  }
  const period = resolvePeriod(q, nowMs);
  const prev = withAsOf(previousPeriod(period), nowMs);
  const base = { systemId: q.metric.slice('index:'.length), by: q.by, level: q.level };
  const [current, previous, tree] = await Promise.all([
    computeScorecard(db, { ...base, from: period.from, to: period.to }, { nowMs, actor: 'rankings' }),
    computeScorecard(db, { ...base, from: prev.from, to: prev.to }, { nowMs, actor: 'rankings' }),
    regionTree(db),
  ]);
  const prevRank = new Map(previous.lines.map((l) => [unitKey(l.unit), l.rank]));
  const lines = await visibleLines(db, { ...current, sha256: '', shortCode: '' }, scope);
  const ranked = lines.filter((l) => l.rank !== null);
  const fromBottom = (c: number) => 1 + ranked.filter((x) => x.composite! < c).length;
  let rows: RankingRow[] = lines.map((l) => ({
    rank: l.rank,
    prevRank: prevRank.get(unitKey(l.unit)) ?? null,
    unit: l.unit,
    value: l.composite,
    ci: null,
    n: Object.values(l.leaves).filter((x) => x.missing === null).length,
    insufficient: l.composite === null,
    numerator: null,
    denominator: null,
    cases: rowDrill(period, {}, l.unit, tree),
  }));
  if (q.top !== undefined || q.bottom !== undefined) {
    rows = rows.filter((r) => r.rank !== null
      && ((q.top !== undefined && r.rank <= q.top) || (q.bottom !== undefined && fromBottom(r.value!) <= q.bottom)));
  }
  return {
    metric: { id: q.metric, name: current.system.name, unit: '分', direction: 'up' },
    period: current.period,
    prevPeriod: previous.period,
    asOf: current.asOf,
    by: q.by,
    level: current.level,
    minSample: current.system.minSample,
    rankedBy: 'value',
    rows,
  };
}
