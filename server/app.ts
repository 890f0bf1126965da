// The Express app factory, used by `npm run demo`, `npm run serve` and the tests.
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import type { Db } from './sql/client.ts';
import { ApiError, notFound, unavailable } from './errors.ts';
import { log } from './log.ts';
import { isClickHouseUnavailable } from './sql/unavailable.ts';
import { healthRoutes } from './routes/health.ts';
import { sessionMiddleware } from './auth/sessions.ts';
import { authRoutes } from './routes/auth.ts';
import { adminUserRoutes } from './routes/admin-users.ts';
import { adminAuditRoutes } from './routes/admin-audit.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { trendsRoutes } from './routes/trends.ts';
import { rankingsRoutes } from './routes/rankings.ts';
import { etlRoutes } from './routes/etl.ts';
import { dimensionRoutes } from './routes/dimensions.ts';
import { distributionRoutes } from './routes/distributions.ts';
import { supervisionCaseRoutes } from './routes/supervision-cases.ts';
import { supervisionActionRoutes } from './routes/supervision-actions.ts';
import { supervisionRatingRoutes } from './routes/supervision-ratings.ts';
import { evaluationRoutes } from './routes/evaluation.ts';
import { adminCalendarRoutes } from './routes/admin-calendar.ts';

export interface AppContext {
  db: Db;
  secret: string;
  /** Directory of the built dashboard to serve, if any. */
  dashboardDir?: string;
}

export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"], // ECharts and Vue set inline styles
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.use(pinoHttp({ logger: log, genReqId: (req) => (req.headers['x-request-id'] as string) || randomUUID() }));
  app.use(express.json({ limit: '1mb' }));
  // Before every router: routes call requireAuth(...) / currentUser(req).
  app.use(sessionMiddleware(ctx));

  app.use('/api', healthRoutes(ctx));
  app.use('/api', authRoutes(ctx));
  app.use('/api', adminUserRoutes(ctx));
  app.use('/api', adminAuditRoutes(ctx));
  app.use('/api', metricsRoutes(ctx));
  app.use('/api', trendsRoutes(ctx));
  app.use('/api', rankingsRoutes(ctx));
  app.use('/api', etlRoutes(ctx));
  app.use('/api', dimensionRoutes(ctx));
  app.use('/api', distributionRoutes(ctx));
  app.use('/api', supervisionCaseRoutes(ctx));
  app.use('/api', supervisionActionRoutes(ctx));
  app.use('/api', supervisionRatingRoutes(ctx));
  app.use('/api', evaluationRoutes(ctx));
  app.use('/api', adminCalendarRoutes(ctx));

  app.use('/api', (_req, _res, next) => next(notFound('接口')));
  if (ctx.dashboardDir) {
    app.use(express.static(ctx.dashboardDir, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile('index.html', { root: ctx.dashboardDir }));
  }
  app.use(errorHandler);
  return app;
}

function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  let apiError: ApiError;
  if (err instanceof ApiError) apiError = err;
  else if (err instanceof ZodError) {
    const issue = err.issues[0];
    const where = issue?.path.join('.') || '请求';
    apiError = new ApiError(400, 'bad_request', `参数 ${where} 无效：${issue?.message ?? ''}`, `Invalid parameter ${where}: ${issue?.message ?? ''}`);
  } else if (isClickHouseUnavailable(err)) apiError = unavailable();
  else if ((err as { type?: string }).type === 'entity.too.large') {
    apiError = new ApiError(413, 'payload_too_large', '请求体过大', 'Request body too large');
  } else if ((err as { type?: string }).type === 'entity.parse.failed') {
    apiError = new ApiError(400, 'bad_json', '请求体不是有效的 JSON', 'Request body is not valid JSON');
  } else {
    req.log?.error({ err }, 'unhandled error');
    apiError = new ApiError(500, 'internal', '服务器内部错误', 'Internal server error');
  }
  if (apiError.status === 503) res.setHeader('Retry-After', '5');
  res.status(apiError.status).json({ error: { code: apiError.code, message: apiError.message } });
}
