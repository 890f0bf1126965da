// Builds dashboard/dist when it is missing or older than any source file.
// Used by `npm run demo` (predemo) and by the browser tests' global setup.
// Run as a script: `tsx dashboard/scripts/build-if-stale.ts`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_DIR = resolve(fileURLToPath(import.meta.url), '../..');
const ROOT = resolve(DASHBOARD_DIR, '..');
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'tsconfig.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

export function dashboardIsStale(): boolean {
  const built = resolve(DASHBOARD_DIR, 'dist/index.html');
  if (!existsSync(built)) return true;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(resolve(DASHBOARD_DIR, s))), newestMtime(resolve(ROOT, 'package-lock.json')));
  return sources > statSync(built).mtimeMs;
}

/** Returns whether it built. */
export function buildDashboardIfStale(log: (line: string) => void = console.log): boolean {
  if (!dashboardIsStale()) return false;
  log('building the dashboard (vite build) …');
  // Build beside dist and swap it in, so a server (or a concurrent test run)
  // never serves a half-written dist.
  const tmp = resolve(DASHBOARD_DIR, `.dist-${process.pid}`);
  const dist = resolve(DASHBOARD_DIR, 'dist');
  try {
    execFileSync(process.execPath, [
      resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', resolve(DASHBOARD_DIR, 'vite.config.ts'),
      '--outDir', tmp, '--emptyOutDir', '--logLevel', 'warn',
    ], { cwd: ROOT, stdio: 'inherit' });
    rmSync(dist, { recursive: true, force: true });
    renameSync(tmp, dist);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!buildDashboardIfStale()) console.log('dashboard/dist is up to date');
}
