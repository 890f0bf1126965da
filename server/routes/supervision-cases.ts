// Supervision case endpoints (api.md; the supervision issue, items 1–2):
//   GET /api/supervision/cases?state&base&<drill keys>&anomalyType&minOverdue&page&pageSize&sort
//   GET /api/supervision/cases/export?format=xlsx|csv&<same filters>   (audited: cases.export)
//   GET /api/supervision/cases/:caseId?asOf                              (audited: case.view)
// Roles: inspector, admin, leader (read), evaluator (no applicant data, no
// comments), dept (its scope only, applied inside the SQL; a case outside it is a 404).
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { CaseDetailQuery, CaseExportQuery, CaseListQuery, type CaseListResponse } from '../api/supervision-schemas.ts';
import { audit, requireAuth, scopeOf } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { beijingIsoOf } from '../metrics/engine/periods.ts';
import { parseQuery, resolvePeriod } from '../metrics/request.ts';
import { countCaseList, readCaseList, resolveCaseList, sortText, streamCaseList, type Viewer } from '../supervision/cases.ts';
import { exportMaxRows } from '../supervision/config.ts';
import { caseDetail } from '../supervision/detail.ts';
import { exportColumns, writeCsv, writeXlsx } from '../supervision/export.ts';

export const CASE_ROLES = ['inspector', 'admin', 'leader', 'evaluator', 'dept'] as const;
const CaseId = z.string().min(1).max(128);

export function viewerOf(req: Request): Viewer {
  const user = req.user!;
  return { username: user.username, role: user.role, scope: scopeOf(req) };
}

export function supervisionCaseRoutes({ db }: AppContext): Router {
  const router = Router();

  router.get('/supervision/cases/export', requireAuth(...CASE_ROLES), async (req, res) => {
    const q = parseQuery(CaseExportQuery, req.query);
    const viewer = viewerOf(req);
    const { format, ...filters } = q;
    const resolved = await resolveCaseList(db, filters, viewer.scope);
    const total = await countCaseList(db, resolved);
    const cap = exportMaxRows();
    if (total > cap) {
      throw new ApiError(400, 'export_too_large',
        `导出结果共 ${total} 行，超过上限 ${cap} 行，请缩小筛选范围（时间、区划、部门、状态）后分批导出`,
        `The export has ${total} rows, above the limit of ${cap}; narrow the filters (period, region, dept, state) and export in parts`);
    }
    const columns = exportColumns(viewer.role, resolved.kind === 'ratings');
    const asOf = beijingIsoOf(resolved.period.asOfMs);
    // Audited before the file leaves: an export never happens unrecorded.
    await audit(db, { req, action: 'cases.export', target: format, detail: { filters: req.query, rows: total, asOf } });
    const stamp = asOf.slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    res.setHeader('Content-Disposition', `attachment; filename="cases-${stamp}.${format}"; filename*=UTF-8''${encodeURIComponent(`办件清单-${stamp}.${format}`)}`);
    res.setHeader('Cache-Control', 'no-store');
    res.type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // The same query as the list, streamed; `total` rows at most (rows arriving
    // between the count and the read are left for the next export).
    const chunks = streamCaseList(db, resolved, viewer, Math.max(total, 1));
    if (format === 'csv') await writeCsv(res, chunks, columns);
    else await writeXlsx(res, chunks, columns, { title: '办件清单', asOf });
  });

  router.get('/supervision/cases', requireAuth(...CASE_ROLES), async (req, res) => {
    const q = parseQuery(CaseListQuery, req.query);
    const viewer = viewerOf(req);
    const { page, pageSize, ...filters } = q;
    const resolved = await resolveCaseList(db, filters, viewer.scope);
    const { total, rows } = await readCaseList(db, resolved, viewer, (page - 1) * pageSize, pageSize);
    const body: CaseListResponse = {
      base: resolved.base,
      states: resolved.states,
      period: { from: resolved.period.from, to: resolved.period.to },
      asOf: beijingIsoOf(resolved.period.asOfMs),
      total, page, pageSize, sort: sortText(resolved.sort), rows,
    };
    res.json(body);
  });

  router.get('/supervision/cases/:caseId', requireAuth(...CASE_ROLES), async (req, res) => {
    const caseId = parseQuery(CaseId, req.params.caseId);
    const q = parseQuery(CaseDetailQuery, req.query);
    const viewer = viewerOf(req);
    const detail = await caseDetail(db, viewer, caseId, resolvePeriod({ asOf: q.asOf }, Date.now()));
    await audit(db, { req, action: 'case.view', target: caseId, detail: { asOf: detail.asOf } });
    res.json(detail);
  });

  return router;
}
