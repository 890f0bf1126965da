// Child processes of the benchmark: the real ETL CLI (for the import figures,
// measured from outside: wall time, peak RSS, CPU) and the real server
// (`server/main.ts`, as `npm run serve` runs it) against the bench database.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT, withTimeout } from './stats.ts';

/** Keys the PII hashes and session signatures of the bench database (never a deployment's). */
export const BENCH_SECRET = 'tianping-bench-secret-not-for-production-0123456789';
export const BENCH_ADMIN = { username: 'bench-admin', password: 'bench-admin-password-1' };
/** on|off: the server's cache of metric query results (server/sql/result-cache.ts). */
export const RESULT_CACHE_ENV = 'TIANPING_RESULT_CACHE';

export const LOG_DIR = resolve(ROOT, '.data/bench/logs');

/** V8 flags of `npm run etl` (package.json: heap cap, young-generation size), so the measured import runs as shipped. */
const ETL_NODE_FLAGS: string[] = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
  .scripts.etl!.split(' ').filter((f) => f.startsWith('--max-'));

const tsNode = (script: string, preload: string[] = []): string[] =>
  ['--import', 'tsx', ...preload.flatMap((p) => ['--import', p]), script];

/** Children still running: ended with the benchmark, however it ends. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

export interface ChildUsage {
  wallSeconds: number;
  /** Peak resident set size of the process, MB (getrusage maxRSS). */
  maxRssMb: number;
  cpuSeconds: number;
}

export interface KindSummary {
  kind: string;
  read: number;
  written: number;
  duplicates: number;
  stale: number;
  quarantined: number;
}

/**
 * `etl/cli.ts import <dir>` in a child process of its own (its RSS is the
 * import's alone); returns its summary lines (api.md) and resource usage.
 */
export async function importInChild(dir: string, database: string, label: string): Promise<ChildUsage & { kinds: KindSummary[]; log: string }> {
  mkdirSync(LOG_DIR, { recursive: true });
  const usageFile = resolve(LOG_DIR, `${label}.usage.json`);
  const logFile = resolve(LOG_DIR, `${label}.log`);
  rmSync(usageFile, { force: true });
  const log = createWriteStream(logFile);
  const started = performance.now();
  const child = track(spawn(process.execPath, [...ETL_NODE_FLAGS, ...tsNode('etl/cli.ts', ['./test/bench/rss-probe.ts']), 'import', dir, '--source', 'bench'], {
    cwd: ROOT,
    env: { ...process.env, CLICKHOUSE_DB: database, TIANPING_SECRET: BENCH_SECRET, BENCH_USAGE_FILE: usageFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  const kinds: KindSummary[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    log.write(`${line}\n`);
    if (line.startsWith('{"kind"')) kinds.push(JSON.parse(line) as KindSummary);
  });
  child.stderr!.pipe(log, { end: false });
  const code = await exited(child);
  const wallSeconds = (performance.now() - started) / 1000;
  await new Promise((ok) => log.end(ok));
  if (code !== 0) throw new Error(`import of ${dir} failed (exit ${code}); see ${logFile}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage;
  return {
    wallSeconds,
    maxRssMb: usage.maxRSS / 1024,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    kinds,
    log: logFile,
  };
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => ok(code));
  });

export interface ServerChild {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The real server (`server/main.ts`) on a free loopback port against
 * `database`, with the bench admin bootstrapped and the built dashboard
 * served when present (`env` on top). Its log is drained to a file.
 */
export async function startServerChild(database: string, label: string, env: Record<string, string> = {}): Promise<ServerChild> {
  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = resolve(LOG_DIR, `server-${label}.log`);
  const log = createWriteStream(logFile);
  const child = track(spawn(process.execPath, tsNode('server/main.ts'), {
    cwd: ROOT,
    env: {
      ...process.env, CLICKHOUSE_DB: database, PORT: '0', TIANPING_SECRET: BENCH_SECRET,
      TIANPING_BOOTSTRAP_ADMIN: `${BENCH_ADMIN.username}:${BENCH_ADMIN.password}`, ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  child.stderr!.pipe(log, { end: false });
  const listening = new Promise<string>((ok, fail) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (line.includes('tianping server listening')) ok((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => fail(new Error(`the server exited (${code}) before listening; see ${logFile}`)));
  });
  const done = exited(child).catch(() => null);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await withTimeout(done, 5_000, 'server did not stop').catch(() => child.kill('SIGKILL'));
    }
    log.end();
  };
  try {
    // Start-up applies pending migrations to the bench database (a rollup may take a while).
    const base = await withTimeout(listening, 900_000, `the server did not start within 15 min; see ${logFile}`);
    return { base, pid: child.pid!, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
