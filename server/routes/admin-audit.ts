// GET /api/admin/audit?from&to&user&action&target&page&pageSize (admin only):
// the audit log, newest first. from/to are Beijing dates, to inclusive.
import { Router } from 'express';
import type { AppContext } from '../app.ts';
import { badRequest } from '../errors.ts';
import { queryAudit } from '../auth/audit.ts';
import { AuditQueryParams } from '../auth/schemas.ts';
import { requireAuth } from '../auth/sessions.ts';
import { beijingMidnightMs, beijingToday } from '../auth/version.ts';

export function adminAuditRoutes({ db }: AppContext): Router {
  const router = Router();
  router.get('/admin/audit', requireAuth('admin'), async (req, res) => {
    const q = AuditQueryParams.parse(req.query);
    const to = q.to ?? beijingToday();
    const from = q.from ?? `${to.slice(0, 7)}-01`; // api.md: from defaults to the first day of the month
    if (from > to) throw badRequest('开始日期晚于结束日期', '`from` is after `to`');
    const result = await queryAudit(db, {
      fromMs: beijingMidnightMs(from),
      toMs: beijingMidnightMs(to) + 86_400_000,
      user: q.user,
      actions: q.action,
      target: q.target,
      page: q.page,
      pageSize: q.pageSize,
    });
    res.json({ period: { from, to }, page: q.page, pageSize: q.pageSize, ...result });
  });
  return router;
}
