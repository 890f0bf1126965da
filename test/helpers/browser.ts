// Debian's chromium driven by playwright-core (no browser download): a fresh
// profile per launch, console errors collected per page, screenshots into
// test-artifacts/ (git-ignored).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ARTIFACTS = resolve(fileURLToPath(import.meta.url), '../../../test-artifacts');

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
];

export interface Browser {
  /** A new signed-out context (own cookies) with a page that records console errors. */
  page(viewport?: { width: number; height: number }): Promise<TrackedPage>;
  close(): Promise<void>;
}

export interface TrackedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'tianping-chromium-'));
  const contexts: BrowserContext[] = [];
  let n = 0;
  return {
    async page(viewport = { width: 1600, height: 1000 }) {
      // A persistent context per page keeps the "fresh user-data-dir" rule and isolates cookies.
      const context = await chromium.launchPersistentContext(join(profile, String(n++)), {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ARGS,
        headless: true,
        viewport,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      });
      contexts.push(context);
      const page = context.pages()[0] ?? (await context.newPage());
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      return { page, context, errors, close: () => context.close() };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: opts.fullPage ?? false });
  return path;
}
