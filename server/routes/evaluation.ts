// Evaluation endpoints (api.md; metrics.md: Composite indices):
//   GET/POST /api/evaluation/index-systems, GET /api/evaluation/index-systems/:id      evaluator, admin
//   POST /api/evaluation/scorecards                                                   evaluator
//   GET  /api/evaluation/scorecards                                                   evaluator, admin, leader
//   GET  /api/evaluation/scorecards/:id[/export?format=xlsx|csv|pdf]                  evaluator, leader, admin; dept: own units' lines
//   POST /api/evaluation/scorecards/:id/recompute                                     evaluator, admin
//   POST /api/evaluation/scorecards/verify   (raw file body)                          any signed-in user
//   GET  /api/evaluation/external-indicators[/template], POST (CSV body)               evaluator (GET also admin)
//   GET  /api/evaluation/notices                                                      leader, evaluator, admin
//   GET  /api/evaluation/rankings?metric=index:<id>&from&to&by&level&top&bottom       any signed-in user (scoped rows)
import express, { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { RankingsQuery } from '../api/schemas.ts';
import { ExportQuery, ExternalListQuery, IndexSystemInput, ScorecardRequest } from '../api/evaluation-schemas.ts';
import { audit, requireAuth, scopeOf } from '../auth/index.ts';
import { nextVersion, toSeconds } from '../auth/version.ts';
import { badRequest } from '../errors.ts';
import { beijingIsoOf, beijingToday } from '../metrics/engine/periods.ts';
import { parseQuery } from '../metrics/request.ts';
import { compositeRankings, isComposite } from '../metrics/reports/composite.ts';
import { TEMPLATE_CSV, listExternal, uploadExternal } from '../evaluation/external.ts';
import { toCsv, toPdf, toXlsx } from '../evaluation/export.ts';
import { listNotices } from '../evaluation/notices.ts';
import { createScorecard, diffScorecards, listScorecards, loadScorecard, sha256Hex, visibleLines } from '../evaluation/scorecards.ts';
import { createSystem, getSystem, listSystems } from '../evaluation/systems.ts';
import { verifyFile } from '../evaluation/verify.ts';

const Id = z.string().min(1).max(100);
const MAX_UPLOAD = '20mb';

export function evaluationRoutes({ db }: AppContext): Router {
  const router = Router();

  router.get('/evaluation/index-systems', requireAuth('evaluator', 'admin'), async (_req, res) => {
    res.json({ systems: await listSystems(db) });
  });

  router.get('/evaluation/index-systems/:id', requireAuth('evaluator', 'admin'), async (req, res) => {
    res.json(await getSystem(db, parseQuery(Id, req.params.id)));
  });

  router.post('/evaluation/index-systems', requireAuth('evaluator', 'admin'), async (req, res) => {
    const input = parseQuery(IndexSystemInput, req.body);
    const system = await createSystem(db, input, req.user!.username);
    await audit(db, { req, action: 'index_system.create', target: system.id });
    res.status(201).json(system);
  });

  router.post('/evaluation/scorecards/verify', requireAuth(), express.raw({ type: () => true, limit: MAX_UPLOAD }), async (req, res) => {
    const file = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await verifyFile(db, file);
    await audit(db, { req, action: 'scorecard.verify', target: result.scorecardId ?? '', detail: { valid: result.valid, bytes: file.length } });
    res.json(result);
  });

  router.post('/evaluation/scorecards', requireAuth('evaluator'), async (req, res) => {
    const body = parseQuery(ScorecardRequest, req.body);
    if (body.from > body.to) throw badRequest('参数 from 无效：开始日期晚于结束日期', 'Invalid parameter from: `from` is after `to`');
    const card = await createScorecard(db, body, { actor: req.user!.username });
    await audit(db, { req, action: 'scorecard.create', target: card.id, detail: { sha256: card.sha256, systemId: card.system.id } });
    res.status(201).json(card);
  });

  router.get('/evaluation/scorecards', requireAuth('evaluator', 'admin', 'leader'), async (_req, res) => {
    res.json({ scorecards: await listScorecards(db) });
  });

  router.get('/evaluation/scorecards/:id', requireAuth('evaluator', 'leader', 'admin', 'dept'), async (req, res) => {
    const card = await loadScorecard(db, { id: parseQuery(Id, req.params.id) });
    res.json({ ...card, lines: await visibleLines(db, card, scopeOf(req)) });
  });

  router.post('/evaluation/scorecards/:id/recompute', requireAuth('evaluator', 'admin'), async (req, res) => {
    const before = await loadScorecard(db, { id: parseQuery(Id, req.params.id) });
    const after = await createScorecard(db,
      { systemId: before.system.id, from: before.period.from, to: before.period.to, by: before.by, level: before.level ?? undefined },
      { actor: req.user!.username, recomputedFrom: before.id });
    await audit(db, { req, action: 'scorecard.recompute', target: after.id, detail: { from: before.id, sha256: after.sha256 } });
    res.status(201).json({
      scorecard: after,
      differences: diffScorecards(before, after),
      dataWatermark: { before: before.dataWatermark, after: after.dataWatermark },
    });
  });

  router.get('/evaluation/scorecards/:id/export', requireAuth('evaluator', 'leader', 'admin', 'dept'), async (req, res) => {
    const { format } = parseQuery(ExportQuery, req.query);
    const card = await loadScorecard(db, { id: parseQuery(Id, req.params.id) });
    const lines = await visibleLines(db, card, scopeOf(req));
    const meta = { generatedAt: beijingIsoOf(Math.floor(Date.now() / 1000) * 1000), generatedBy: req.user!.username };
    const file = format === 'xlsx' ? await toXlsx(card, lines, meta)
      : format === 'pdf' ? await toPdf(card, lines, meta) : Buffer.from(toCsv(card, lines, meta), 'utf8');
    const fileSha = sha256Hex(file);
    // Audited and recorded before the file leaves: an export never happens unrecorded.
    await audit(db, { req, action: 'scorecard.export', target: card.id, detail: { format, rows: lines.length, fileSha256: fileSha } });
    await db.insert('eval_exports', [{ file_sha256: fileSha, scorecard_id: card.id, format, exported_by: req.user!.username,
      exported_at: toSeconds(Date.now()), seq: nextVersion() }]);
    const name = `scorecard-${card.id}.${format}`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(`评估结果-${card.id}.${format}`)}`);
    res.setHeader('Cache-Control', 'no-store');
    res.type(format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
      : format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8').send(file);
  });

  router.get('/evaluation/external-indicators/template', requireAuth('evaluator', 'admin'), (_req, res) => {
    res.setHeader('Content-Disposition', `attachment; filename="external-indicators-template.csv"`);
    res.type('text/csv; charset=utf-8').send(TEMPLATE_CSV);
  });

  router.get('/evaluation/external-indicators', requireAuth('evaluator', 'admin'), async (req, res) => {
    const q = parseQuery(ExternalListQuery, req.query);
    res.json({ values: await listExternal(db, q.code, q.limit) });
  });

  router.post('/evaluation/external-indicators', requireAuth('evaluator'), express.raw({ type: () => true, limit: MAX_UPLOAD }), async (req, res) => {
    const file = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await uploadExternal(db, file, req.user!.username);
    await audit(db, { req, action: 'external.upload', target: result.ok ? result.batchId : '',
      detail: result.ok ? { imported: result.imported } : { errors: result.errors.length } });
    if (!result.ok) {
      res.status(400).json({ error: { code: 'invalid_rows', message: `${result.errors.length} 处错误，未导入任何数据 / ${result.errors.length} errors, nothing imported`, rows: result.errors } });
      return;
    }
    res.status(201).json(result);
  });

  router.get('/evaluation/notices', requireAuth('leader', 'evaluator', 'admin'), async (_req, res) => {
    res.json({ notices: await listNotices(db), today: beijingToday(Date.now()) });
  });

  router.get('/evaluation/rankings', requireAuth(), async (req, res) => {
    const q = parseQuery(RankingsQuery, req.query);
    if (!isComposite(q.metric)) throw badRequest('参数 metric 无效：应为 index:<指标体系>', 'Invalid parameter metric: expected index:<systemId>');
    res.json(await compositeRankings(db, q, scopeOf(req)));
  });

  return router;
}
