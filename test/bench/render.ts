// Figure group `render`: the 驾驶舱 in Debian's Chromium against the built
// dashboard served by the real server — time from navigation start to the
// `tianping:kpi-cards-rendered` performance mark (OverviewView.vue sets it
// once the KPI cards have their data), median/p95 over fresh browser
// profiles (cold browser cache) after one warm-up load — and the JS bundle's
// gzip size (all chunks, and those the overview loads).
import { readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildDashboardIfStale, DASHBOARD_DIR } from '../../dashboard/scripts/build-if-stale.ts';
import { launchBrowser } from '../helpers/browser.ts';
import type { Period } from './client.ts';
import { atMost, figure, type Figure } from './stats.ts';

const GROUP = 'render';
const MARK = 'tianping:kpi-cards-rendered';
/** Performance issue targets. */
const MAX_RENDER_MS = 1_500;
const MAX_JS_KB = 700;

const ASSETS = resolve(DASHBOARD_DIR, 'dist/assets');

/** Builds dashboard/dist when a source is newer (before the server starts serving it). */
export function ensureDashboardBuilt(log: (line: string) => void): void {
  if (buildDashboardIfStale(log)) log('render: dashboard built');
}

/** gzip size (KB) of each JS chunk of dashboard/dist. */
function jsChunks(): Map<string, number> {
  return new Map(readdirSync(ASSETS).filter((f) => f.endsWith('.js'))
    .map((f) => [f, gzipSync(readFileSync(resolve(ASSETS, f))).length / 1024]));
}

export async function renderGroup(
  opts: { base: string; cookie: string; period: Period; runs: number },
  log: (line: string) => void,
): Promise<Figure[]> {
  const chunks = jsChunks();
  const totalKb = [...chunks.values()].reduce((a, b) => a + b, 0);
  // What 本月 shows on the data's last day (the default view), for the dataset's last month.
  const url = `${opts.base}/overview?period=custom&from=${opts.period.to.slice(0, 8)}01&to=${opts.period.to}`;
  const [name, value] = opts.cookie.split(/=(.*)/s) as [string, string];
  const browser = await launchBrowser();
  const times: number[] = [];
  const errors: string[] = [];
  let loadedJs = new Set<string>();
  try {
    for (let i = 0; i < 1 + opts.runs; i++) {
      const tp = await browser.page();
      try {
        await tp.context.addCookies([{ name, value, url: opts.base }]);
        const js = new Set<string>();
        tp.page.on('response', (r) => {
          const file = basename(new URL(r.url()).pathname);
          if (chunks.has(file)) js.add(file);
        });
        await tp.page.goto(url);
        // The mark, or the login page when the session was not accepted.
        await tp.page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0
          || Boolean((globalThis as { location?: { pathname: string } }).location?.pathname.startsWith('/login')), MARK, { timeout: 120_000 });
        if (!new URL(tp.page.url()).pathname.startsWith('/overview')) throw new Error(`render: landed on ${tp.page.url()}, not the overview`);
        const ms = await tp.page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, MARK);
        if (i > 0) times.push(ms); // the first load warms the server
        loadedJs = js;
        errors.push(...tp.errors);
      } finally {
        await tp.close();
      }
    }
  } finally {
    await browser.close();
  }
  const overviewKb = [...loadedJs].reduce((sum, f) => sum + (chunks.get(f) ?? 0), 0);
  const rendered = figure(GROUP, 'overview KPI cards rendered (Chromium, warm server)', 'ms', times, atMost(MAX_RENDER_MS), { url, samples: times, consoleErrors: errors });
  log(`render: KPI cards at p50 ${Math.round(rendered.median)} ms; JS ${totalKb.toFixed(1)} KB gzip (overview loads ${overviewKb.toFixed(1)} KB)`);
  return [
    rendered,
    figure(GROUP, 'dashboard JS bundle, gzip (all chunks)', 'KB', totalKb, atMost(MAX_JS_KB, 'median'), { chunks: Object.fromEntries(chunks) }),
    figure(GROUP, 'JS loaded by the overview, gzip', 'KB', overviewKb, null, { chunks: [...loadedJs].sort() }),
  ];
}
