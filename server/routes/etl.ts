// ETL administration (api.md: admin) and the data-freshness badge (any role):
//   GET  /api/etl/runs?page&pageSize&job&status    run history, newest first
//   GET  /api/etl/quarantine?kind&reason&source&page&pageSize   quarantined rows + reason counts
//   GET  /api/etl/jobs                             the job table (etl/jobs.ts) with cron and last run
//   POST /api/etl/jobs/:name/run                   run a job now, in the background; 409 when busy
//   GET  /api/etl/freshness                        last successful run per source, quarantined rows
// etl_runs and quarantine are append-only: the latest version of a run is
// argMax(…, version); a quarantined line is one (source, file_hash, line).
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { ApiError, notFound } from '../errors.ts';
import { audit } from '../auth/audit.ts';
import { requireAuth } from '../auth/sessions.ts';
import { log } from '../log.ts';
import type { Db } from '../sql/client.ts';
import { int, join, raw, sql, str, type Sql } from '../sql/literal.ts';
import { JobBusyError, withJobLock } from '../../etl/job-lock.ts';
import { jobTable, type Job } from '../../etl/jobs.ts';

const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(500).default(50);
const text = z.string().trim().min(1).max(200).optional();

export const RunsQuery = z.object({ page, pageSize, job: text, status: z.enum(['running', 'ok', 'failed']).optional() });
export const QuarantineQuery = z.object({ page, pageSize, kind: text, reason: text, source: text });
const JobName = z.string().min(1).max(200);

export interface EtlRun {
  runId: string;
  job: string;
  source: string;
  status: 'running' | 'ok' | 'failed';
  startedAt: string;
  endedAt: string | null;
  durationSeconds: number | null;
  /** Per kind: read/written/duplicates/stale/quarantined (etl/load/runs.ts). */
  stats: Record<string, Record<string, number>>;
  error: string;
}

export interface QuarantinedRow {
  source: string;
  kind: string;
  file: string;
  line: number;
  field: string;
  reason: string;
  detail: string;
  /** The redacted raw record as stored (JSON text or the unparsable line). */
  raw: string;
  runId: string;
  quarantinedAt: string;
}

export interface EtlJob {
  name: string;
  cron: string | null;
  description: string;
  lastRun: EtlRun | null;
  lastSuccessAt: string | null;
  running: boolean;
}

export interface SourceFreshness {
  source: string;
  job: string;
  lastSuccessAt: string | null;
  lastRunAt: string | null;
  lastStatus: EtlRun['status'] | null;
  quarantined: number;
}

export interface Freshness {
  sources: SourceFreshness[];
  lastSuccessAt: string | null;
  quarantined: number;
}

/** For tests: the job table to use (default: etl/jobs.ts from TIANPING_SOURCES, read per request). */
export interface EtlRouteOptions {
  jobs?: () => Job[];
  lockDir?: string;
}

const iso = (t: string | null): string | null => (t ? `${t.replace(' ', 'T')}+08:00` : null);

// TRICKY: aliases differ from column names (see auth/sessions.ts) so WHERE and
// HAVING never confuse an aggregate with the column of the same name.
const RUNS = raw(`SELECT run_id,
    argMax(job, version) AS run_job,
    argMax(source, version) AS run_source,
    argMax(status, version) AS run_status,
    min(started_at) AS run_started,
    argMax(ended_at, version) AS run_ended,
    argMax(stats, version) AS run_stats,
    argMax(error, version) AS run_error
  FROM etl_runs`);

interface RunRow {
  run_id: string;
  run_job: string;
  run_source: string;
  run_status: EtlRun['status'];
  run_started: string;
  run_ended: string | null;
  run_stats: string;
  run_error: string;
}

function toRun(r: RunRow): EtlRun {
  const started = Date.parse(iso(r.run_started)!);
  const ended = r.run_ended ? Date.parse(iso(r.run_ended)!) : null;
  let stats: EtlRun['stats'] = {};
  try {
    stats = JSON.parse(r.run_stats || '{}') as EtlRun['stats'];
  } catch {
    /* an unreadable stats blob shows as no stats */
  }
  return {
    runId: r.run_id,
    job: r.run_job,
    source: r.run_source,
    status: r.run_status,
    startedAt: iso(r.run_started)!,
    endedAt: iso(r.run_ended),
    durationSeconds: ended === null ? null : Math.max(0, Math.round((ended - started) / 1000)),
    stats,
    error: r.run_error,
  };
}

async function listRuns(db: Db, q: z.output<typeof RunsQuery>): Promise<{ total: number; rows: EtlRun[] }> {
  const having: Sql[] = [raw('1')];
  if (q.job) having.push(sql`run_job = ${str(q.job)}`);
  if (q.status) having.push(sql`run_status = ${str(q.status)}`);
  const cond = join(having, ' AND ');
  const [count] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM (${RUNS} GROUP BY run_id HAVING ${cond})`);
  const rows = await db.query<RunRow>(sql`${RUNS} GROUP BY run_id HAVING ${cond}
    ORDER BY run_started DESC, run_id LIMIT ${int((q.page - 1) * q.pageSize)}, ${int(q.pageSize)}`);
  return { total: Number(count?.n ?? 0), rows: rows.map(toRun) };
}

/** The latest run and the latest successful run of each job. */
async function lastRunsByJob(db: Db): Promise<Map<string, { last: EtlRun; lastOk: string | null }>> {
  const rows = await db.query<{
    job_name: string; l_id: string; l_source: string; l_status: EtlRun['status']; l_started: string;
    l_ended: string | null; l_stats: string; l_error: string; last_ok: string; oks: string;
  }>(sql`SELECT
      run_job AS job_name,
      argMax(run_id, run_started) AS l_id,
      argMax(run_source, run_started) AS l_source,
      argMax(run_status, run_started) AS l_status,
      max(run_started) AS l_started,
      argMax(run_ended, run_started) AS l_ended,
      argMax(run_stats, run_started) AS l_stats,
      argMax(run_error, run_started) AS l_error,
      maxIf(run_ended, run_status = 'ok') AS last_ok,
      countIf(run_status = 'ok') AS oks
    FROM (${RUNS} GROUP BY run_id) GROUP BY run_job`);
  const out = new Map<string, { last: EtlRun; lastOk: string | null }>();
  for (const r of rows) {
    const last = toRun({
      run_id: r.l_id, run_job: r.job_name, run_source: r.l_source, run_status: r.l_status, run_started: r.l_started,
      run_ended: r.l_ended, run_stats: r.l_stats, run_error: r.l_error,
    });
    out.set(r.job_name, { last, lastOk: Number(r.oks) > 0 ? iso(r.last_ok) : null });
  }
  return out;
}

async function listQuarantine(db: Db, q: z.output<typeof QuarantineQuery>) {
  const where: Sql[] = [raw('1')];
  if (q.kind) where.push(sql`kind = ${str(q.kind)}`);
  if (q.reason) where.push(sql`reason = ${str(q.reason)}`);
  if (q.source) where.push(sql`source = ${str(q.source)}`);
  const cond = join(where, ' AND ');
  // FINAL: one row per (source, file_hash, line) however often a file was re-imported; the table is small.
  const [count] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM quarantine FINAL WHERE ${cond}`);
  const rows = await db.query<{
    source: string; kind: string; file: string; line: number; field: string; reason: string; detail: string;
    raw: string; run_id: string; quarantined_at: string;
  }>(sql`SELECT source, kind, file, line, field, reason, detail, raw, run_id, quarantined_at
    FROM quarantine FINAL WHERE ${cond}
    ORDER BY quarantined_at DESC, source, file, line LIMIT ${int((q.page - 1) * q.pageSize)}, ${int(q.pageSize)}`);
  const reasons = await db.query<{ kind: string; reason: string; n: string }>(
    raw('SELECT kind, reason, count() AS n FROM quarantine FINAL GROUP BY kind, reason ORDER BY kind, n DESC'),
  );
  const sources = await db.query<{ source: string }>(raw('SELECT DISTINCT source FROM quarantine ORDER BY source'));
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r): QuarantinedRow => ({
      source: r.source, kind: r.kind, file: r.file, line: Number(r.line), field: r.field, reason: r.reason,
      detail: r.detail, raw: r.raw, runId: r.run_id, quarantinedAt: iso(r.quarantined_at)!,
    })),
    facets: {
      reasons: reasons.map((r) => ({ kind: r.kind, reason: r.reason, count: Number(r.n) })),
      sources: sources.map((s) => s.source),
    },
  };
}

async function freshness(db: Db): Promise<Freshness> {
  const runs = await db.query<{ run_source: string; src_job: string; last_ok: string; last_run: string; oks: string; last_status: EtlRun['status'] }>(
    sql`SELECT run_source, any(run_job) AS src_job, maxIf(run_ended, run_status = 'ok') AS last_ok, countIf(run_status = 'ok') AS oks,
        max(run_started) AS last_run, argMax(run_status, run_started) AS last_status
      FROM (${RUNS} GROUP BY run_id) GROUP BY run_source ORDER BY run_source`,
  );
  const quarantined = new Map(
    (await db.query<{ source: string; n: string }>(raw('SELECT source, count() AS n FROM quarantine FINAL GROUP BY source')))
      .map((r) => [r.source, Number(r.n)]),
  );
  const sources: SourceFreshness[] = runs.map((r) => ({
    source: r.run_source,
    job: r.src_job,
    lastSuccessAt: Number(r.oks) > 0 ? iso(r.last_ok) : null,
    lastRunAt: iso(r.last_run),
    lastStatus: r.last_status,
    quarantined: quarantined.get(r.run_source) ?? 0,
  }));
  const oks = sources.map((s) => s.lastSuccessAt).filter((s): s is string => s !== null).sort();
  return {
    sources,
    lastSuccessAt: oks.at(-1) ?? null,
    quarantined: [...quarantined.values()].reduce((a, b) => a + b, 0),
  };
}

export function etlRoutes(ctx: AppContext, opts: EtlRouteOptions = {}): Router {
  const { db } = ctx;
  const router = Router();
  const jobs = opts.jobs ?? (() => jobTable());
  const running = new Set<string>();

  router.get('/etl/freshness', requireAuth(), async (_req, res) => {
    res.json(await freshness(db));
  });

  router.get('/etl/runs', requireAuth('admin'), async (req, res) => {
    const q = RunsQuery.parse(req.query);
    res.json({ page: q.page, pageSize: q.pageSize, ...(await listRuns(db, q)) });
  });

  router.get('/etl/quarantine', requireAuth('admin'), async (req, res) => {
    const q = QuarantineQuery.parse(req.query);
    res.json({ page: q.page, pageSize: q.pageSize, ...(await listQuarantine(db, q)) });
  });

  router.get('/etl/jobs', requireAuth('admin'), async (_req, res) => {
    const last = await lastRunsByJob(db);
    res.json({
      jobs: jobs().map((j): EtlJob => ({
        name: j.name,
        cron: j.cron,
        description: j.description,
        lastRun: last.get(j.name)?.last ?? null,
        lastSuccessAt: last.get(j.name)?.lastOk ?? null,
        running: running.has(j.name),
      })),
    });
  });

  router.post('/etl/jobs/:name/run', requireAuth('admin'), async (req, res) => {
    const name = JobName.parse(req.params.name);
    const job = jobs().find((j) => j.name === name);
    if (!job) throw notFound('任务');
    // Recorded before it starts, so no run happens unaudited (auth/audit.ts).
    await audit(db, { req, action: 'etl.job.run', target: name });
    // withJobLock takes the lock synchronously before it calls fn: if fn has
    // not started once the call returns, the lock was refused (JobBusyError).
    let started = false;
    const done = withJobLock(job.name, async () => {
      started = true;
      running.add(job.name);
      try {
        return await job.run({ db, secret: ctx.secret });
      } finally {
        running.delete(job.name);
      }
    }, opts.lockDir);
    if (!started) {
      const err = await done.then(() => null, (e: unknown) => e);
      if (err instanceof JobBusyError) throw new ApiError(409, 'job_busy', `任务 ${name} 正在运行`, `Job ${name} is already running`);
      throw err;
    }
    // The run records itself in etl_runs (also when it fails); here it is only logged.
    done.catch((err: unknown) => log.error({ err, job: name }, 'manual job run failed'));
    res.status(202).json({ job: name, started: true });
  });

  return router;
}
