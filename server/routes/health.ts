// GET /api/health: {status, clickhouse: {ok, version}, lastEtlRun}; 503 when ClickHouse is down.
import { Router } from 'express';
import { raw } from '../sql/literal.ts';
import type { AppContext } from '../app.ts';

export function healthRoutes({ db }: AppContext): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    try {
      const [version] = await db.query<{ v: string }>(raw('SELECT version() AS v'));
      const [last] = await db.query<{ run_id: string; job: string; status: string; ended_at: string | null }>(
        raw(`SELECT run_id, argMax(job, version) AS job, argMax(status, version) AS status,
             argMax(ended_at, version) AS ended_at FROM etl_runs GROUP BY run_id ORDER BY max(started_at) DESC, ended_at DESC LIMIT 1`),
      );
      res.json({ status: 'ok', clickhouse: { ok: true, version: version?.v ?? null }, lastEtlRun: last ?? null });
    } catch {
      res.status(503).setHeader('Retry-After', '5').json({
        status: 'unavailable',
        clickhouse: { ok: false, version: null },
        lastEtlRun: null,
        error: { code: 'clickhouse_unavailable', message: '数据库暂时不可用，请稍后重试 / The database is unavailable; retry shortly' },
      });
    }
  });
  return router;
}
