// GET /api/trends (api.md): series per metric with 环比 / 同比. Any signed-in role, scoped in SQL.
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { TrendsQuery } from '../api/schemas.ts';
import { requireAuth, scopeOf } from '../auth/index.ts';
import { trendsReport } from '../metrics/reports/trends.ts';
import { parseQuery } from '../metrics/request.ts';

export function trendsRoutes({ db }: AppContext): Router {
  const router = Router();
  router.get('/trends', requireAuth(), async (req, res) => {
    const q = parseQuery(TrendsQuery, req.query);
    const scope = scopeOf(req);
    res.json(await trendsReport(db, q, scope));
  });
  return router;
}
