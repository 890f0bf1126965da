// 第三方评估 and 节假日日历 end to end: the built UI served by the real server
// over a fresh ClickHouse database holding a small simulated province, driven
// in Debian's chromium. An evaluator creates a scorecard and sees its ranking
// (with a leaf's drill link to the case list); an admin uploads a calendar
// file on the calendar screen and sees the import result and the override.
// Screenshots go to test-artifacts/evaluation-*.png, calendar-*.png; no page
// may log a console error.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Role } from '../server/auth/index.ts';
import { beijingToday } from '../dashboard/src/lib/period.ts';
import { previousMonthRange } from '../dashboard/src/views/evaluation/helpers.ts';
import { screenshot, type TrackedPage } from './helpers/browser.ts';
import { signIn as signInWorld, startE2eWorld, type E2eWorld } from './helpers/e2e-app.ts';

const SECRET = 'e2e-evaluation-secret-0123456789';
let world: E2eWorld;
let base: string;

beforeAll(async () => {
  world = await startE2eWorld({ prefix: 'e2eeval', secret: SECRET, seed: 23, cases: 6_000, months: 3 });
  base = world.base;
}, 300_000);

afterAll(async () => {
  await world?.close();
});

const signIn = (role: Role): Promise<TrackedPage> => signInWorld(world, role);

describe('第三方评估', () => {
  test('evaluator: index systems, a new scorecard and its ranking with drill links', async () => {
    const tp = await signIn('evaluator');
    const { page } = tp;
    await page.getByRole('link', { name: '第三方评估' }).first().click();
    await page.waitForURL(/\/evaluation/);
    await expect.poll(() => page.locator('[data-test="scorecard-form"]').isVisible()).toBe(true);

    // The built-in system's tree.
    await page.click('[data-test="tab-systems"]');
    await expect.poll(() => page.locator('[data-test="system-tree"] tbody tr').count(), { timeout: 15_000 }).toBeGreaterThan(5);
    await screenshot(page, 'evaluation-systems');

    await page.click('[data-test="tab-scorecards"]');
    const { from, to } = previousMonthRange(beijingToday());
    await expect.poll(() => page.locator('[data-test="scorecard-system"] option').count()).toBeGreaterThan(0);
    await page.fill('[data-test="scorecard-from"]', from);
    await page.fill('[data-test="scorecard-to"]', to);
    await page.selectOption('[data-test="scorecard-by"]', 'region');
    await page.selectOption('[data-test="scorecard-level"]', 'city');
    await page.click('[data-test="scorecard-create"]');
    await page.waitForURL(/\/evaluation\/scorecards\/[^/]+$/, { timeout: 60_000 });
    const id = decodeURIComponent(page.url().split('/').pop()!);

    const rows = page.locator('[data-test="scorecard-ranking"] > tbody > tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(1);
    const api = (await (await page.request.get(`${base}/api/evaluation/scorecards/${encodeURIComponent(id)}`)).json()) as {
      lines: Array<{ rank: number | null; composite: number | null; unit: { name: string } }>;
    };
    expect(await rows.count()).toBe(api.lines.length);
    const best = [...api.lines].filter((l) => l.rank !== null).sort((a, b) => a.rank! - b.rank!)[0]!;
    const first = rows.first();
    expect(await first.locator('td').nth(1).innerText()).toContain(best.unit.name);
    expect(await first.locator('td').nth(2).innerText()).toBe(best.composite!.toFixed(2));
    await screenshot(page, 'evaluation-scorecard', { fullPage: true });

    // A leaf value's drill link opens the case list route with its filters.
    await first.getByText('指标明细').click();
    const drill = page.locator('[data-test="leaf-drill"]').first();
    await expect.poll(() => drill.isVisible()).toBe(true);
    await screenshot(page, 'evaluation-scorecard-leaves', { fullPage: true });
    const href = (await drill.getAttribute('href'))!;
    expect(href).toMatch(/^\/supervision\/cases\?/);
    expect(href).toContain(`from=${from}`);
    // …and the evaluator may follow it: the (masked) case list behind the leaf.
    await drill.click();
    await page.waitForURL(/\/supervision\/cases\?/);
    await expect.poll(() => page.locator('[data-test="case-period"]').isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.locator('[data-test="sub-tab-actions"]').count()).toBe(0);

    // Back to the list: the new scorecard is listed; the export links point at the API.
    await page.goto(`${base}/evaluation?tab=scorecards`);
    await expect.poll(() => page.locator('[data-test="scorecards-table"] tbody tr').count()).toBeGreaterThan(0);
    await page.goto(`${base}/evaluation/scorecards/${encodeURIComponent(id)}`);
    await expect.poll(() => page.locator('[data-test="export-xlsx"]').getAttribute('href')).toContain('/export?format=xlsx');
    await page.click('[data-test="scorecard-recompute"]');
    await expect.poll(() => page.locator('[data-test="recompute-result"]').isVisible(), { timeout: 60_000 }).toBe(true);
    await screenshot(page, 'evaluation-recompute', { fullPage: true });

    expect(tp.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });
});

describe('节假日日历', () => {
  test('admin: upload a calendar file on the calendar screen and see the result and the override', async () => {
    const tp = await signIn('admin');
    const { page } = tp;
    await page.goto(`${base}/data`);
    await page.click('[data-test="tab-calendar"]');
    await page.waitForURL(/\/data\/calendar/);
    await expect.poll(() => page.locator('[data-test="calendar-grid"] td[data-date]').count(), { timeout: 15_000 }).toBeGreaterThan(364);

    const year = Number(beijingToday().slice(0, 4));
    await page.setInputFiles('[data-test="calendar-file"]', {
      name: 'calendar.csv', mimeType: 'text/csv',
      buffer: Buffer.from(`date,is_workday,note\n${year}-06-10,false,地方假日\n${year}-13-01,true,坏日期\n`, 'utf8'),
    });
    await page.click('[data-test="calendar-upload"]');
    const result = page.locator('[data-test="calendar-upload-result"]');
    await expect.poll(() => result.isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await result.innerText()).toContain('隔离 1 行');
    expect(await result.innerText()).toContain('写入 1 行');
    expect(await page.locator('[data-test="calendar-quarantined"] tbody tr').count()).toBe(1);
    const cell = page.locator(`td[data-date="${year}-06-10"]`);
    await expect.poll(() => cell.getAttribute('class')).toContain('override');
    expect(await cell.getAttribute('class')).toContain('off');
    // The simulated province brings overrides of its own; ours is one more row, from admin-upload.
    const ours = page.locator('[data-test="calendar-overrides"] tbody tr', { hasText: `${year}-06-10` });
    expect(await ours.count()).toBe(1);
    expect(await ours.innerText()).toContain('admin-upload');
    await screenshot(page, 'calendar-upload', { fullPage: true });

    // A year without an announced national schedule says so.
    await page.goto(`${base}/data/calendar?year=2090`);
    await expect.poll(() => page.locator('[data-test="calendar-fallback"]').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.locator('[data-test="calendar-fallback"]').innerText()).toContain('未公布节假日安排，按周一至周五推算');
    await screenshot(page, 'calendar-fallback');

    expect(tp.errors).toEqual([]);
  });
});
