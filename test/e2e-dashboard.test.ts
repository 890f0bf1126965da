// The dashboard end to end: the built UI (dashboard/dist) served by the real
// server over a fresh ClickHouse database holding a small simulated province,
// driven in Debian's chromium. Every role signs in and sees its navigation;
// the overview's figures equal /api/metrics for the same filters, before and
// after a period change; a KPI opens the ranking page; 大屏 fits 1920×1080;
// the admin data pages list runs and quarantined rows. Screenshots of each
// main screen go to test-artifacts/; no page may log a console error.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runImport } from '../etl/import.ts';
import { fileDropConnector } from '../etl/sources/file-drop.ts';
import { generateProvince, writeContractFiles } from '../etl/sources/simulator/index.ts';
import { createApp } from '../server/app.ts';
import { ensureDemoUsers, type DemoLogin, type Role } from '../server/auth/index.ts';
import { DASHBOARD_DIST } from '../server/main.ts';
import { KPI_IDS } from '../dashboard/src/lib/kpis.ts';
import { beijingToday, presetRange } from '../dashboard/src/lib/period.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { launchBrowser, screenshot, type Browser, type TrackedPage } from './helpers/browser.ts';

const SECRET = 'e2e-dashboard-secret-0123456789';
const SOURCE = 'e2e-province';
let t: TestDb;
let dir: string;
let server: Server;
let base: string;
let browser: Browser;
let logins: Map<Role, DemoLogin>;
let savedSources: string | undefined;
const pages: TrackedPage[] = [];

const NAV: Record<Role, string[]> = {
  admin: ['驾驶舱', '排行榜', '电子监察', '数据管理', '系统管理'],
  leader: ['驾驶舱', '排行榜', '大屏', '电子监察'],
  inspector: ['驾驶舱', '排行榜', '电子监察'],
  evaluator: ['驾驶舱', '排行榜', '第三方评估'],
  dept: ['驾驶舱', '排行榜', '电子监察'],
};

beforeAll(async () => {
  if (!existsSync(resolve(DASHBOARD_DIST, 'index.html'))) throw new Error('dashboard/dist is missing (test/build-dashboard-setup.ts builds it)');
  t = await freshDatabase('e2e');
  dir = mkdtempSync(join(tmpdir(), 'tianping-e2e-'));
  const data = generateProvince({ seed: 11, cases: 12_000, months: 14, endDate: beijingToday() });
  await writeContractFiles(data, join(dir, 'drop'), { format: 'mixed' });
  await runImport({ db: t.db, connector: fileDropConnector({ dir: join(dir, 'drop'), source: SOURCE }), job: `import:${SOURCE}`, secret: SECRET });
  savedSources = process.env.TIANPING_SOURCES;
  writeFileSync(join(dir, 'sources.json'), JSON.stringify([{ type: 'file-drop', name: SOURCE, dir: join(dir, 'drop') }]));
  process.env.TIANPING_SOURCES = join(dir, 'sources.json');

  // The dept user's scope: the department with the most cases, so its overview has figures.
  const perDept = new Map<string, number>();
  for (const c of data.cases) if (typeof c.dept_code === 'string') perDept.set(c.dept_code, (perDept.get(c.dept_code) ?? 0) + 1);
  const dept = [...perDept].sort((a, b) => b[1] - a[1])[0]![0];
  logins = new Map((await ensureDemoUsers(t.db, { dept })).map((l) => [l.role, l]));
  const app = createApp({ db: t.db, secret: SECRET, dashboardDir: DASHBOARD_DIST });
  server = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  if (savedSources === undefined) delete process.env.TIANPING_SOURCES;
  else process.env.TIANPING_SOURCES = savedSources;
  await t?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signIn(role: Role, viewport?: { width: number; height: number }): Promise<TrackedPage> {
  const tp = await browser.page(viewport);
  pages.push(tp);
  const { page } = tp;
  await page.goto(`${base}/overview`);
  await page.waitForURL(/\/login/);
  const login = logins.get(role)!;
  await page.fill('input[name=username]', login.username);
  await page.fill('input[name=password]', login.password);
  await page.click('button[type=submit]');
  await page.waitForURL(/\/overview/);
  // Signed out, GET /api/auth/me answers 401, which Chrome logs; nothing else may be logged.
  expect(tp.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  tp.errors.length = 0;
  return tp;
}

const consoleErrors = (tp: TrackedPage) => tp.errors;

/** The raw value behind each KPI card (data-value), by metric id. */
async function kpiValues(tp: TrackedPage): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of KPI_IDS) out[id] = (await tp.page.locator(`[data-test="kpi-${id}"] .value`).first().getAttribute('data-value')) ?? '';
  return out;
}

async function apiKpis(tp: TrackedPage, from: string, to: string): Promise<Record<string, string>> {
  const r = await tp.page.request.get(`${base}/api/metrics?ids=${KPI_IDS.join(',')}&from=${from}&to=${to}&groupBy=none`);
  expect(r.status()).toBe(200);
  const body = (await r.json()) as { rows: Array<{ metrics: Record<string, { value: number | null }> }> };
  return Object.fromEntries(KPI_IDS.map((id) => [id, String(body.rows[0]!.metrics[id]!.value ?? '')]));
}

const waitForKpis = (tp: TrackedPage, expected: Record<string, string>) =>
  expect.poll(() => kpiValues(tp), { timeout: 30_000, interval: 250 }).toEqual(expected);

/** Waits until no panel is loading and ECharts' entry animation is over. */
async function settle(tp: TrackedPage): Promise<void> {
  await expect.poll(() => tp.page.locator('.state', { hasText: '加载中' }).count(), { timeout: 30_000 }).toBe(0);
  await tp.page.waitForTimeout(800);
}

describe('dashboard in a browser', () => {
  test.each(['admin', 'leader', 'inspector', 'evaluator', 'dept'] as const)('%s signs in and sees the navigation of the role', async (role) => {
    const tp = await signIn(role);
    const nav = (await tp.page.locator('.nav .nav-link').allTextContents()).map((s) => s.trim());
    expect(nav).toEqual(NAV[role]);
    expect(await tp.page.textContent('.header')).toContain(logins.get(role)!.displayName);
    if (role === 'evaluator') {
      await tp.page.click('.nav-link:has-text("第三方评估")');
      // test/e2e-evaluation.test.ts covers the screens.
      await expect.poll(() => tp.page.locator('[data-test=evaluation-view]').isVisible()).toBe(true);
    }
    if (role === 'inspector') {
      await tp.page.click('.nav-link:has-text("电子监察")');
      await tp.page.waitForURL(/\/supervision\/cases\?state=red/); // test/e2e-supervision.test.ts covers the screens
    }
    // The rating distribution adds up to the registry's `ratings` count, inside the caller's scope.
    const period = presetRange('year', beijingToday());
    const q = `from=${period.from}&to=${period.to}`;
    const levels = (await (await tp.page.request.get(`${base}/api/distributions/ratings?${q}`)).json()) as { levels: Array<{ count: number }> };
    const ratings = (await (await tp.page.request.get(`${base}/api/metrics?ids=ratings&${q}`)).json()) as { rows: Array<{ metrics: { ratings: { value: number } } }> };
    expect(levels.levels.reduce((a, l) => a + l.count, 0)).toBe(ratings.rows[0]!.metrics.ratings.value);
    if (role === 'dept') {
      await settle(tp);
      await screenshot(tp.page, 'overview-dept');
    }
    expect(consoleErrors(tp)).toEqual([]);
    await tp.close();
  });

  test('overview: figures equal /api/metrics, follow a period change, and open the ranking page', async () => {
    const tp = await signIn('leader');
    const { page } = tp;
    const today = beijingToday();
    const month = presetRange('month', today);
    await waitForKpis(tp, await apiKpis(tp, month.from, month.to));
    await settle(tp);
    await screenshot(page, 'overview-leader', { fullPage: true });
    // Rates are shown to 0.1 %.
    expect(await page.textContent('[data-test=kpi-ontime_rate] .value')).toMatch(/^\s*(\d{1,3}\.\d%|—)/);

    const before = await kpiValues(tp);
    await page.click('[data-test=preset-lastMonth]');
    await page.waitForURL(/period=lastMonth/);
    const last = presetRange('lastMonth', today);
    const expected = await apiKpis(tp, last.from, last.to);
    expect(expected).not.toEqual(before);
    await waitForKpis(tp, expected);
    expect(await page.textContent('[data-test=period-range]')).toContain(`${last.from} 至 ${last.to}`);

    // Bookmarkable: reloading the URL shows the same figures.
    await page.reload();
    await waitForKpis(tp, expected);

    await page.click('[data-test=kpi-ontime_rate]');
    await page.waitForURL(/\/rankings\?.*metric=ontime_rate/);
    expect(page.url()).toContain('period=lastMonth');
    const rankings = await page.request.get(`${base}/api/rankings?metric=ontime_rate&by=region&level=city&from=${last.from}&to=${last.to}`);
    const rows = ((await rankings.json()) as { rows: unknown[] }).rows;
    expect(rows.length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-test=ranking-table] tbody tr').count(), { timeout: 30_000 }).toBe(rows.length);
    await settle(tp);
    await screenshot(page, 'rankings');

    // 红牌 opens the case list (test/e2e-supervision.test.ts checks its rows).
    await page.goto(`${base}/overview`);
    await page.click('[data-test=kpi-red_open]');
    await page.waitForURL(/\/supervision\/cases\?state=red/);
    await expect.poll(() => page.locator('[data-test=case-table]').count(), { timeout: 30_000 }).toBe(1);
    expect(consoleErrors(tp)).toEqual([]);
  });

  test('大屏: 1920×1080 without scrolling, with figures and charts', async () => {
    const tp = await signIn('leader', { width: 1920, height: 1080 });
    const { page } = tp;
    await page.goto(`${base}/screen?refresh=30`);
    const month = presetRange('month', beijingToday());
    const expected = await apiKpis(tp, month.from, month.to);
    await expect.poll(() => page.locator('[data-test=screen] [data-test=kpi-accepted] .value').getAttribute('data-value'), { timeout: 30_000 }).toBe(expected.accepted);
    await settle(tp);
    expect(await page.locator('[data-test=screen] canvas').count()).toBeGreaterThanOrEqual(4);
    // No scrolling: the page is exactly the viewport.
    const size = await page.locator('html').evaluate((html) => ({ h: html.scrollHeight, w: html.scrollWidth }));
    expect(size).toEqual({ h: 1080, w: 1920 });
    expect(await page.textContent('[data-test=screen]')).toContain('每 30 秒刷新');
    await screenshot(page, 'screen');
    expect(consoleErrors(tp)).toEqual([]);
  });

  test('admin data pages: jobs, runs and quarantine with the raw record', async () => {
    const tp = await signIn('admin');
    const { page } = tp;
    await page.click('.nav-link:has-text("数据管理")');
    await expect.poll(() => page.locator('[data-test=jobs-table] tbody tr', { hasText: `import:${SOURCE}` }).count(), { timeout: 30_000 }).toBe(1);
    await screenshot(page, 'data-jobs');
    await page.click('[data-test=tab-runs]');
    await expect.poll(() => page.locator('[data-test=runs-table] tbody tr').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    expect(await page.textContent('[data-test=runs-table]')).toContain('成功');
    await screenshot(page, 'data-runs');
    await page.click('[data-test=tab-quarantine]');
    await expect.poll(() => page.locator('[data-test=quarantine-table] tbody tr').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    await page.locator('[data-test=raw-open]').first().click();
    expect(await page.textContent('[data-test=raw-record]')).toMatch(/\S/);
    await screenshot(page, 'data-quarantine');
    await page.goto(`${base}/system`);
    await expect.poll(() => page.locator('table').first().locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    await settle(tp);
    expect(await page.locator('table').nth(1).locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'system');
    expect(consoleErrors(tp)).toEqual([]);
  });

  test('ClickHouse down: a banner with the 503 message of the server, panels show errors instead of going blank', async () => {
    const tp = await signIn('inspector');
    const { page } = tp;
    await settle(tp); // no request of the first load still in flight: its success would clear the banner
    const body = JSON.stringify({ error: { code: 'clickhouse_unavailable', message: '数据库暂时不可用，请稍后重试 / The database is unavailable; retry shortly' } });
    await page.route(/\/api\/(metrics|trends|rankings|distributions)/, (route) => route.fulfill({ status: 503, contentType: 'application/json', body }));
    await page.click('[data-test=preset-quarter]');
    await expect.poll(() => page.textContent('.outage-banner').catch(() => ''), { timeout: 30_000 }).toContain('数据库暂时不可用，请稍后重试');
    await settle(tp);
    expect(await page.locator('[role=alert]', { hasText: '加载失败' }).count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'outage');
    // Chrome logs each 503 response; nothing else may be logged.
    expect(tp.errors.filter((e) => !/status of 503/.test(e))).toEqual([]);
    await page.unroute(/\/api\/(metrics|trends|rankings|distributions)/);
    await page.click('[data-test=preset-month]');
    await expect.poll(() => page.locator('.outage-banner').count(), { timeout: 30_000 }).toBe(0);
  });
});
