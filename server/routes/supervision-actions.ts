// 督办 endpoints (api.md; the supervision issue, item 3):
//   POST /api/supervision/actions                  inspector, admin: issue a notice (case or unit)
//   POST /api/supervision/actions/:id/events       respond (dept, in scope) | accept | return | close (inspector, admin)
//   GET  /api/supervision/actions?state&escalation&targetKind&caseId&dept&region&asOf&page&pageSize
//   GET  /api/supervision/actions/:id?asOf         the notice with its full history
// Reads: inspector, admin, leader, dept (scope). Every transition is audited;
// an invalid transition is a 409.
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { ActionDetailQuery, ActionEventBody, ActionListQuery, IssueActionBody } from '../api/supervision-schemas.ts';
import { requireAuth } from '../auth/index.ts';
import { parseQuery } from '../metrics/request.ts';
import { asOfOf, getAction, issueAction, listActions, postActionEvent } from '../supervision/actions.ts';
import { viewerOf } from './supervision-cases.ts';

const ActionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '督办编号无效 / invalid notice id');
const READERS = ['inspector', 'admin', 'leader', 'dept'] as const;

export function supervisionActionRoutes({ db }: AppContext): Router {
  const router = Router();

  router.post('/supervision/actions', requireAuth('inspector', 'admin'), async (req, res) => {
    const body = parseQuery(IssueActionBody, req.body);
    res.status(201).json(await issueAction(db, req, viewerOf(req), body));
  });

  router.post('/supervision/actions/:id/events', requireAuth('inspector', 'admin', 'dept'), async (req, res) => {
    const id = parseQuery(ActionId, req.params.id);
    const body = parseQuery(ActionEventBody, req.body);
    res.status(201).json(await postActionEvent(db, req, viewerOf(req), id, body));
  });

  router.get('/supervision/actions', requireAuth(...READERS), async (req, res) => {
    const q = parseQuery(ActionListQuery, req.query);
    res.json(await listActions(db, viewerOf(req), q));
  });

  router.get('/supervision/actions/:id', requireAuth(...READERS), async (req, res) => {
    const id = parseQuery(ActionId, req.params.id);
    const q = parseQuery(ActionDetailQuery, req.query);
    res.json(await getAction(db, viewerOf(req), id, asOfOf(q.asOf, Date.now())));
  });

  return router;
}
