// GET /api/metrics/catalog and GET /api/metrics (api.md). Any signed-in role;
// the caller's scope is applied inside the SQL (server/sql/filters.ts).
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { MetricsQuery } from '../api/schemas.ts';
import { requireAuth, scopeOf } from '../auth/index.ts';
import { catalog } from '../metrics/reports/catalog.ts';
import { metricsReport } from '../metrics/reports/metrics.ts';
import { parseQuery } from '../metrics/request.ts';

export function metricsRoutes({ db }: AppContext): Router {
  const router = Router();
  router.get('/metrics/catalog', requireAuth(), (_req, res) => {
    res.json(catalog());
  });
  router.get('/metrics', requireAuth(), async (req, res) => {
    const q = parseQuery(MetricsQuery, req.query);
    const scope = scopeOf(req);
    res.json(await metricsReport(db, q, scope));
  });
  return router;
}
