// The project's own ClickHouse server: config, data dir and ports inside the
// project, never the system service (clickhouse.md). `npm run db:start|stop`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderServerConfig, renderUsersConfig } from './config.ts';
import { pingServer } from '../../server/sql/ping.ts';
import { ensureDebianPackages } from './debian-packages.ts';

export const PROJECT_ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
export const LOCAL_DIR = resolve(PROJECT_ROOT, '.data/clickhouse');
export const LOCAL_HTTP_PORT = Number(process.env.TIANPING_CH_HTTP_PORT ?? 18123);
export const LOCAL_TCP_PORT = Number(process.env.TIANPING_CH_TCP_PORT ?? 19000);
const SERVER_BINARY = '/usr/sbin/clickhouse-server';

/** Where and on which ports a local server lives; tests may start a second one. */
export interface LocalServerOptions {
  dir: string;
  httpPort: number;
  tcpPort: number;
}

export const DEFAULT_LOCAL: LocalServerOptions = { dir: LOCAL_DIR, httpPort: LOCAL_HTTP_PORT, tcpPort: LOCAL_TCP_PORT };

export const localUrl = (o: LocalServerOptions = DEFAULT_LOCAL): string => `http://127.0.0.1:${o.httpPort}`;
const pidFile = (o: LocalServerOptions) => resolve(o.dir, 'clickhouse.pid');

const ping = (url: string): Promise<boolean> => pingServer(url, 1000);

function ensureBinary(): void {
  ensureDebianPackages(
    [{ path: SERVER_BINARY, packages: ['clickhouse-server', 'clickhouse-client'], purpose: 'the local ClickHouse' }],
    'Or set CLICKHOUSE_URL to an existing server (then nothing local is started).',
  );
}

function runningPid(o: LocalServerOptions): number | null {
  if (!existsSync(pidFile(o))) return null;
  const pid = Number(readFileSync(pidFile(o), 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** Starts the local server unless it already answers; resolves with its URL. */
export async function startLocalServer(o: LocalServerOptions = DEFAULT_LOCAL): Promise<string> {
  const url = localUrl(o);
  if (await ping(url)) return url;
  ensureBinary();
  for (const dir of ['data', 'tmp', 'user_files', 'format_schemas', 'log']) {
    mkdirSync(resolve(o.dir, dir), { recursive: true });
  }
  const configPath = resolve(o.dir, 'config.xml');
  writeFileSync(configPath, renderServerConfig(o));
  writeFileSync(resolve(o.dir, 'users.xml'), renderUsersConfig());
  const child = spawn(SERVER_BINARY, [`--config-file=${configPath}`], {
    cwd: o.dir,
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  writeFileSync(pidFile(o), String(child.pid));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await ping(url)) return url;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`local ClickHouse did not answer on ${url}; see ${resolve(o.dir, 'log')}`);
}

export async function stopLocalServer(o: LocalServerOptions = DEFAULT_LOCAL): Promise<void> {
  const pid = runningPid(o);
  if (pid === null) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(pidFile(o), { force: true });
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  process.kill(pid, 'SIGKILL');
  rmSync(pidFile(o), { force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  const run = command === 'start' ? startLocalServer().then((u) => console.log(`ClickHouse ready at ${u}`))
    : command === 'stop' ? stopLocalServer().then(() => console.log('ClickHouse stopped'))
    : Promise.reject(new Error('usage: db.ts start|stop'));
  run.catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
