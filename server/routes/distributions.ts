// GET /api/distributions/ratings?from&to&region&dept&item&ratingChannel (signed in):
// valid ratings per level 1..5 — the 驾驶舱's rating distribution. Same base,
// filters and scope as the registry's ratings metrics (server/metrics/engine/
// sources.ts: ratings), so the levels add up to the `ratings` metric.
// `channel` (the case channel) does not apply to ratings (metrics.md).
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { FilterQuery } from '../api/schemas.ts';
import { requireAuth } from '../auth/sessions.ts';
import { scopeOf } from '../auth/scope.ts';
import { SOURCES } from '../metrics/engine/sources.ts';
import { liveNowMs } from '../metrics/engine/periods.ts';
import { filtersOf, parseQuery, resolvePeriod } from '../metrics/request.ts';
import { compileFilters, compileScope } from '../sql/filters.ts';
import { date, instant, isValidDate, raw, sql } from '../sql/literal.ts';
import { regionTree } from '../sql/regions.ts';

const day = z.string().refine(isValidDate, '日期格式应为 YYYY-MM-DD / expected a YYYY-MM-DD date');
const RatingLevelsQuery = FilterQuery.extend({ from: day.optional(), to: day.optional() });

export interface RatingLevels {
  period: { from: string; to: string };
  /** Levels 5..1, each present (count 0 when none). */
  levels: Array<{ level: number; count: number }>;
}

export function distributionRoutes({ db }: AppContext): Router {
  const router = Router();

  router.get('/distributions/ratings', requireAuth(), async (req, res) => {
    const q = parseQuery(RatingLevelsQuery, req.query);
    const period = resolvePeriod(q, liveNowMs());
    const tree = await regionTree(db);
    const source = SOURCES.ratings;
    const from = date(period.from);
    const to = date(period.to);
    const asOf = instant(period.asOfMs);
    const join = source.joins.case_attrs!({
      bounds: { from, to, minAsOf: asOf, maxAsOf: asOf },
      minAsOfDate: from,
      ratingChannel: raw('1'),
    });
    const rows = await db.query<{ level: number; n: string }>(sql`SELECT level, count() AS n
      FROM ${source.table} ${join}
      WHERE ${source.where} AND toDate(rated_at) >= ${from} AND toDate(rated_at) <= ${to}
        AND ${compileFilters(filtersOf(q), source.columns, tree)}
        AND ${compileScope(scopeOf(req), source.columns, tree)}
      GROUP BY level`);
    const counts = new Map(rows.map((r) => [Number(r.level), Number(r.n)]));
    const body: RatingLevels = {
      period: { from: period.from, to: period.to },
      levels: [5, 4, 3, 2, 1].map((level) => ({ level, count: counts.get(level) ?? 0 })),
    };
    res.json(body);
  });

  return router;
}
