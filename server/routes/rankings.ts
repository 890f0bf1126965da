// GET /api/rankings (api.md): units ranked on one metric, with the previous
// period's rank and 红黑榜 (top / bottom). Any signed-in role, scoped in SQL.
// GET /api/rankings/export?format=xlsx|csv: the same rows as a file, audited.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { RankingsQuery } from '../api/schemas.ts';
import { audit, requireAuth, scopeOf } from '../auth/index.ts';
import { rankingsCsv, rankingsXlsx } from '../metrics/reports/rankings-export.ts';
import { rankingsReport } from '../metrics/reports/rankings.ts';
import { parseQuery } from '../metrics/request.ts';

const ExportFormat = z.object({ format: z.enum(['xlsx', 'csv']) });

export function rankingsRoutes({ db }: AppContext): Router {
  const router = Router();
  router.get('/rankings', requireAuth(), async (req, res) => {
    const q = parseQuery(RankingsQuery, req.query);
    const scope = scopeOf(req);
    res.json(await rankingsReport(db, q, scope));
  });
  router.get('/rankings/export', requireAuth(), async (req, res) => {
    const { format, ...rest } = req.query;
    const { format: fmt } = ExportFormat.parse({ format });
    const q = parseQuery(RankingsQuery, rest);
    const report = await rankingsReport(db, q, scopeOf(req));
    await audit(db, { req, action: 'rankings.export', target: q.metric, detail: { format: fmt, query: rest, rows: report.rows.length } });
    const name = encodeURIComponent(`排行榜_${report.metric.name}_${report.period.from}_${report.period.to}.${fmt}`);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${name}`);
    if (fmt === 'xlsx') {
      res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await rankingsXlsx(report));
    } else {
      res.type('text/csv; charset=utf-8').send(rankingsCsv(report));
    }
  });
  return router;
}
