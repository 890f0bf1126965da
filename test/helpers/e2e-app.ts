// The browser tests' world: a fresh ClickHouse database holding a small
// simulated province (imported through the file-drop connector, as in
// production), demo users of every role, the built dashboard served by the real
// server, and Debian's chromium. Same setup as test/e2e-dashboard.test.ts.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';
import { runImport } from '../../etl/import.ts';
import { fileDropConnector } from '../../etl/sources/file-drop.ts';
import { generateProvince, writeContractFiles } from '../../etl/sources/simulator/index.ts';
import { createApp } from '../../server/app.ts';
import { ensureDemoUsers, type DemoLogin, type Role } from '../../server/auth/index.ts';
import { DASHBOARD_DIST } from '../../server/main.ts';
import { beijingToday } from '../../dashboard/src/lib/period.ts';
import { freshDatabase, type TestDb } from './db.ts';
import { launchBrowser, type Browser, type TrackedPage } from './browser.ts';

export interface E2eWorld {
  t: TestDb;
  base: string;
  browser: Browser;
  logins: Map<Role, DemoLogin>;
  /** The dept user's scope: the department with the most 差评 among those with open cases. */
  dept: string;
  close(): Promise<void>;
}

export async function startE2eWorld(opts: { prefix: string; secret: string; seed?: number; cases?: number; months?: number }): Promise<E2eWorld> {
  if (!existsSync(resolve(DASHBOARD_DIST, 'index.html'))) throw new Error('dashboard/dist is missing (test/build-dashboard-setup.ts builds it)');
  const source = `${opts.prefix}-province`;
  const t = await freshDatabase(opts.prefix);
  const dir = mkdtempSync(join(tmpdir(), `tianping-${opts.prefix}-`));
  const data = generateProvince({ seed: opts.seed ?? 11, cases: opts.cases ?? 12_000, months: opts.months ?? 14, endDate: beijingToday() });
  await writeContractFiles(data, join(dir, 'drop'), { format: 'mixed' });
  await runImport({ db: t.db, connector: fileDropConnector({ dir: join(dir, 'drop'), source }), job: `import:${source}`, secret: opts.secret });
  const savedSources = process.env.TIANPING_SOURCES;
  writeFileSync(join(dir, 'sources.json'), JSON.stringify([{ type: 'file-drop', name: source, dir: join(dir, 'drop') }]));
  process.env.TIANPING_SOURCES = join(dir, 'sources.json');

  // The department with the most 差评 among those with open cases, so the dept
  // user has cases to answer 督办 on and 差评 to appeal.
  const deptOfCase = new Map<string, string>();
  const perDept = new Map<string, number>();
  const OPEN = new Set(['accepted', 'in_progress', 'suspended']);
  for (const c of data.cases) {
    if (typeof c.dept_code !== 'string') continue;
    deptOfCase.set(String(c.case_id), c.dept_code);
    if (OPEN.has(String(c.status))) perDept.set(c.dept_code, (perDept.get(c.dept_code) ?? 0) + 1);
  }
  const bad = new Map<string, Set<string>>();
  for (const r of data.ratings) {
    const d = typeof r.dept_code === 'string' ? r.dept_code : deptOfCase.get(String(r.case_id));
    if (d && Number(r.level) <= 2) bad.set(d, (bad.get(d) ?? new Set<string>()).add(String(r.rating_id)));
  }
  const badOf = (d: string) => bad.get(d)?.size ?? 0;
  const dept = [...perDept].filter(([d]) => badOf(d) > 0).sort((a, b) => badOf(b[0]) - badOf(a[0]) || b[1] - a[1])[0]![0];
  const logins = new Map((await ensureDemoUsers(t.db, { dept })).map((l) => [l.role, l]));
  const app = createApp({ db: t.db, secret: opts.secret, dashboardDir: DASHBOARD_DIST });
  const server = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchBrowser();
  return {
    t, base, browser, logins, dept,
    async close() {
      await browser.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      if (savedSources === undefined) delete process.env.TIANPING_SOURCES;
      else process.env.TIANPING_SOURCES = savedSources;
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new browser context signed in as `role` on the overview; no console error on the way (but the signed-out 401). */
export async function signIn(world: E2eWorld, role: Role, viewport?: { width: number; height: number }): Promise<TrackedPage> {
  const tp = await world.browser.page(viewport);
  const { page } = tp;
  await page.goto(`${world.base}/overview`);
  await page.waitForURL(/\/login/);
  const login = world.logins.get(role)!;
  await page.fill('input[name=username]', login.username);
  await page.fill('input[name=password]', login.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/overview/);
  expect(tp.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  tp.errors.length = 0;
  return tp;
}

/** Waits until no panel says 加载中 (and animations are over). */
export async function settle(tp: TrackedPage): Promise<void> {
  await expect.poll(() => tp.page.locator('.state', { hasText: '加载中' }).count(), { timeout: 30_000 }).toBe(0);
  await tp.page.waitForTimeout(800);
}
