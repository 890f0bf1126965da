// No overlapping runs of the same job, across processes on this machine: an
// exclusive lock file holding the owner's pid; a lock whose owner is gone is stale.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processAlive } from '../sql/local/process-alive.ts';

const LOCK_DIR = resolve(fileURLToPath(import.meta.url), '../../.data/locks');

export class JobBusyError extends Error {
  override name = 'JobBusyError';
}

export async function withJobLock<T>(job: string, fn: () => Promise<T>, dir = LOCK_DIR): Promise<T> {
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `${job.replace(/[^A-Za-z0-9_.-]/g, '_')}.lock`);
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
  } catch {
    const owner = Number(readFileSync(path, 'utf8'));
    if (Number.isInteger(owner) && owner > 0 && processAlive(owner)) throw new JobBusyError(`job ${job} is already running (pid ${owner})`);
    writeFileSync(path, String(process.pid)); // stale lock of a crashed run
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}
