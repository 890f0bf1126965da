// GET /api/rankings (api.md): units ranked on one metric, with the previous
// period's rank and 红黑榜 (top / bottom). Any signed-in role, scoped in SQL.
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { RankingsQuery } from '../api/schemas.ts';
import { requireAuth, scopeOf } from '../auth/index.ts';
import { rankingsReport } from '../metrics/reports/rankings.ts';
import { parseQuery } from '../metrics/request.ts';

export function rankingsRoutes({ db }: AppContext): Router {
  const router = Router();
  router.get('/rankings', requireAuth(), async (req, res) => {
    const q = parseQuery(RankingsQuery, req.query);
    const scope = scopeOf(req);
    res.json(await rankingsReport(db, q, scope));
  });
  return router;
}
