// Figure group `api`: each main endpoint through the HTTP API (the real
// server process) and its SQL run directly on ClickHouse, interleaved run by
// run after a warm-up, so the ratio API / ClickHouse is our overhead
// (routing, auth, JS aggregation, JSON) under the same machine load. The
// server of the targets runs with the result cache as --result-cache says
// (default off: every request computes); the other mode is measured beside it.
//
// The SQL is captured from an in-process app whose Db records every statement
// with its start and end, on a warm request with the result cache off (what
// the server sends for a request its caches cannot answer). The replay keeps
// the server's concurrency: a statement starts once every statement that had
// ended before it started has ended (server/metrics/engine/compute.ts runs a
// request's sources with Promise.all).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.ts';
import { ensureBootstrapAdmin } from '../../server/auth/index.ts';
import { log as serverLog } from '../../server/log.ts';
import { Db } from '../../server/sql/client.ts';
import type { Sql } from '../../server/sql/literal.ts';
import { BENCH_ADMIN, BENCH_SECRET, RESULT_CACHE_ENV } from './children.ts';
import { HttpClient, login, type Endpoint } from './client.ts';
import { atMost, figure, summarize, type Figure } from './stats.ts';

const GROUP = 'api';
/** Performance issue: the API costs at most 1.3× its SQL run directly. */
const MAX_OVERHEAD = 1.3;

interface Statement {
  method: 'query' | 'stream';
  sql: Sql;
  start: number;
  end: number;
}

/** A Db that records the reads it is asked for (writes pass through unrecorded). */
class RecordingDb extends Db {
  recording: Statement[] | null = null;

  override async query<T>(q: Sql): Promise<T[]> {
    const start = performance.now();
    try {
      return await super.query<T>(q);
    } finally {
      this.recording?.push({ method: 'query', sql: q, start, end: performance.now() });
    }
  }

  override async *stream<T>(q: Sql): AsyncGenerator<T> {
    const start = performance.now();
    try {
      yield* super.stream<T>(q);
    } finally {
      this.recording?.push({ method: 'stream', sql: q, start, end: performance.now() });
    }
  }
}

/** Runs the statements with the recorded dependencies; returns ms. */
async function replay(db: Db, statements: readonly Statement[]): Promise<number> {
  const started = performance.now();
  const done: Promise<unknown>[] = [];
  statements.forEach((s, i) => {
    const after = statements.slice(0, i).flatMap((d, j) => (d.end <= s.start ? [done[j]] : []));
    done.push(Promise.all(after).then(async () => {
      if (s.method === 'query') await db.query(s.sql);
      else for await (const _row of db.stream(s.sql)) { /* drain, as the server does */ }
    }));
  });
  await Promise.all(done);
  return performance.now() - started;
}

/** Sequential "waves" of the recorded statements, for the report. */
const waves = (statements: readonly Statement[]): number =>
  statements.reduce((acc, s) => (s.start >= acc.end ? { n: acc.n + 1, end: s.end } : { n: acc.n, end: Math.max(acc.end, s.end) }), { n: 0, end: -Infinity }).n;

interface Recorder {
  capture(path: string): Promise<{ statements: Statement[]; fromColdRequest: boolean }>;
  close(): Promise<void>;
}

async function startRecorder(database: string): Promise<Recorder> {
  serverLog.level = 'silent'; // the in-process app's request log would interleave with the bench's output
  process.env[RESULT_CACHE_ENV] = 'off'; // read per query: the recorded request sends all its SQL
  const db = new RecordingDb({ database });
  await ensureBootstrapAdmin(db, `${BENCH_ADMIN.username}:${BENCH_ADMIN.password}`);
  const server: Server = createApp({ db, secret: BENCH_SECRET }).listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new HttpClient(base, await login(base, BENCH_ADMIN.username, BENCH_ADMIN.password));
  const record = async (path: string): Promise<Statement[]> => {
    db.recording = [];
    await client.timed(path);
    const statements = db.recording.sort((a, b) => a.start - b.start);
    db.recording = null;
    return statements;
  };
  return {
    async capture(path) {
      const cold = await record(path);
      const warm = await record(path);
      // Should a warm request still be answered from some cache, compare with what a cold one sends.
      return warm.length > 0 ? { statements: warm, fromColdRequest: false } : { statements: cold, fromColdRequest: true };
    },
    async close() {
      client.close();
      await new Promise((ok) => server.close(ok));
      await db.close();
    },
  };
}

export async function sqlVsApiGroup(
  opts: {
    database: string;
    /** The server of the targets, its result-cache mode, and a server with the other mode (or null). */
    base: string;
    resultCache: 'on' | 'off';
    other: { base: string; resultCache: 'on' | 'off' } | null;
    cookie: string;
    endpoints: readonly Endpoint[];
    runs: number;
    warmup: number;
  },
  log: (line: string) => void,
): Promise<Figure[]> {
  const recorder = await startRecorder(opts.database);
  const direct = new Db({ database: opts.database });
  const api = new HttpClient(opts.base, opts.cookie);
  const other = opts.other && new HttpClient(opts.other.base, opts.cookie);
  const figures: Figure[] = [];
  try {
    for (const ep of opts.endpoints) {
      const { statements, fromColdRequest } = await recorder.capture(ep.path);
      const apiMs: number[] = [];
      const sqlMs: number[] = [];
      const otherMs: number[] = [];
      for (let i = 0; i < opts.warmup + opts.runs; i++) {
        const a = await api.timed(ep.path);
        const d = await replay(direct, statements);
        const o = other ? await other.timed(ep.path) : NaN;
        if (i >= opts.warmup) {
          apiMs.push(a);
          sqlMs.push(d);
          otherMs.push(o);
        }
      }
      const ratios = apiMs.map((a, i) => a / Math.max(sqlMs[i]!, 0.001));
      const sqlDetail = { path: ep.path, statements: statements.length, waves: waves(statements), fromColdRequest, sql: statements.map((s) => s.sql.text) };
      const apiFigure = figure(GROUP, `${ep.name}: API`, 'ms', apiMs, atMost(ep.targetMs), { path: ep.path, resultCache: opts.resultCache, samples: apiMs });
      const sqlFigure = figure(GROUP, `${ep.name}: ClickHouse direct`, 'ms', sqlMs, null, { ...sqlDetail, samples: sqlMs });
      const ratio = figure(GROUP, `${ep.name}: API / ClickHouse`, 'x', ratios, atMost(MAX_OVERHEAD, 'median'), { resultCache: opts.resultCache });
      figures.push(apiFigure, sqlFigure, ratio);
      if (opts.other) {
        figures.push(figure(GROUP, `${ep.name}: API, result cache ${opts.other.resultCache}`, 'ms', otherMs, null, { path: ep.path, samples: otherMs }));
      }
      log(`api ${ep.id}: API p50 ${apiFigure.median.toFixed(1)} ms, SQL p50 ${sqlFigure.median.toFixed(1)} ms `
        + `(${statements.length} statements in ${waves(statements)} waves${fromColdRequest ? ', cold request' : ''}), ratio ${ratio.median.toFixed(2)}`
        + `${opts.other ? `; result cache ${opts.other.resultCache}: p50 ${summarize(otherMs).median.toFixed(1)} ms` : ''}`);
    }
  } finally {
    api.close();
    other?.close();
    await direct.close();
    await recorder.close();
  }
  return figures;
}
