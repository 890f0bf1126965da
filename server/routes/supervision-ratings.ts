// 好差评 closed loop and 差评 appeals (api.md; the supervision issue, item 4):
//   GET  /api/supervision/bad-ratings?status=pending_visit|visited|rectified|overdue|invalidated&<filters>&from&to&asOf&page&pageSize
//   POST /api/supervision/appeals                  dept (its scope): {ratingId, reason}
//   POST /api/supervision/appeals/:id/decision     inspector, admin: {decision: uphold|reject, note}
//   GET  /api/supervision/appeals?status&page&pageSize
// An upheld appeal invalidates the rating (a new version of the rating row,
// server/supervision/appeals.ts), so it leaves every rating metric.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { AppealBody, AppealDecisionBody, AppealListQuery, BadRatingsQuery } from '../api/supervision-schemas.ts';
import { requireAuth } from '../auth/index.ts';
import { parseQuery } from '../metrics/request.ts';
import { decideAppeal, listAppeals, submitAppeal } from '../supervision/appeals.ts';
import { listBadRatings } from '../supervision/bad-ratings.ts';
import { CASE_ROLES, viewerOf } from './supervision-cases.ts';

const AppealId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '申诉编号无效 / invalid appeal id');

export function supervisionRatingRoutes({ db }: AppContext): Router {
  const router = Router();

  router.get('/supervision/bad-ratings', requireAuth(...CASE_ROLES), async (req, res) => {
    const q = parseQuery(BadRatingsQuery, req.query);
    res.json(await listBadRatings(db, viewerOf(req), q));
  });

  router.post('/supervision/appeals', requireAuth('dept'), async (req, res) => {
    const body = parseQuery(AppealBody, req.body);
    res.status(201).json(await submitAppeal(db, req, viewerOf(req), body));
  });

  router.post('/supervision/appeals/:id/decision', requireAuth('inspector', 'admin'), async (req, res) => {
    const id = parseQuery(AppealId, req.params.id);
    const body = parseQuery(AppealDecisionBody, req.body);
    res.json(await decideAppeal(db, req, id, body));
  });

  router.get('/supervision/appeals', requireAuth('inspector', 'admin', 'leader', 'dept'), async (req, res) => {
    const q = parseQuery(AppealListQuery, req.query);
    res.json(await listAppeals(db, viewerOf(req), q));
  });

  return router;
}
