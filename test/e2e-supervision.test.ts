// 电子监察 in a browser (the dashboard issue, item 5), against the real server
// and a fresh ClickHouse database holding a simulated province:
//   - the overview's 红牌 KPI opens the case list, whose rows are the API's
//     and whose total is /api/metrics red_open;
//   - a metric row's drill-down (server/metrics/drill.ts keys) opens the same
//     cases as its figure;
//   - a case shows its deadline explanation (应办结 …) and timeline;
//   - an inspector issues a 督办, the dept responds, the inspector accepts and
//     closes it, and the history shows each step; the 督办 and 好差评 pages list.
// Screenshots go to test-artifacts/supervision-*.png; no console errors.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { beijingToday, presetRange } from '../dashboard/src/lib/period.ts';
import { screenshot, type TrackedPage } from './helpers/browser.ts';
import { settle, signIn, startE2eWorld, type E2eWorld } from './helpers/e2e-app.ts';

let w: E2eWorld;

beforeAll(async () => {
  w = await startE2eWorld({ prefix: 'e2esup', secret: 'e2e-supervision-secret-0123456789' });
}, 300_000);

afterAll(async () => {
  await w?.close();
});

interface CaseList { total: number; rows: Array<{ caseId: string; deptCode: string; card: string | null }> }
interface Metrics { rows: Array<{ unit: { code: string } | null; metrics: Record<string, { value: number | null }>; drill: Record<string, { path: string; query: Record<string, string> }> }> }

const apiJson = async <T>(tp: TrackedPage, path: string): Promise<T> => {
  const r = await tp.page.request.get(`${w.base}${path}`);
  expect(r.status(), path).toBe(200);
  return (await r.json()) as T;
};

/** The case ids the table shows, in order. */
const tableCases = (tp: TrackedPage) => tp.page.locator('[data-test=case-table] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-case')));

describe('supervision screens', () => {
  test('红牌 KPI → case list equal to /api/metrics red_open; sorting and paging stay stable', async () => {
    const tp = await signIn(w, 'inspector');
    const { page } = tp;
    const month = presetRange('month', beijingToday());
    const metrics = await apiJson<Metrics>(tp, `/api/metrics?ids=red_open&from=${month.from}&to=${month.to}&groupBy=none`);
    const red = metrics.rows[0]!.metrics.red_open!.value!;
    expect(red).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-test=kpi-red_open] .value').getAttribute('data-value'), { timeout: 30_000 }).toBe(String(red));
    await page.click('[data-test=kpi-red_open]');
    await page.waitForURL(/\/supervision\/cases\?state=red/);

    const list = await apiJson<CaseList>(tp, `/api/supervision/cases?state=red&from=${month.from}&to=${month.to}&page=1&pageSize=50`);
    expect(list.total).toBe(red);
    await expect.poll(() => tableCases(tp), { timeout: 30_000 }).toEqual(list.rows.map((r) => r.caseId));
    expect(await page.textContent('.pager')).toContain(`共 ${red.toLocaleString('zh-CN')} 条`);
    expect(await page.locator('[data-test=case-table] [data-test=card-red]').count()).toBe(list.rows.length);
    expect(await page.getAttribute('[data-test=export-xlsx]', 'href')).toContain('/api/supervision/cases/export?');
    await settle(tp);
    await screenshot(page, 'supervision-cases');

    // Sorting by acceptance time (newest first) is the API's order.
    await page.click('[data-test=case-table] th:has-text("受理时间")');
    await page.waitForURL(/sort=-accepted_at/);
    const sorted = await apiJson<CaseList>(tp, `/api/supervision/cases?state=red&from=${month.from}&to=${month.to}&sort=-accepted_at&page=1&pageSize=50`);
    await expect.poll(() => tableCases(tp), { timeout: 30_000 }).toEqual(sorted.rows.map((r) => r.caseId));
    if (sorted.total > 50) {
      await page.click('.pager button:has-text("下一页")');
      await page.waitForURL(/page=2/);
      const p2 = await apiJson<CaseList>(tp, `/api/supervision/cases?state=red&from=${month.from}&to=${month.to}&sort=-accepted_at&page=2&pageSize=50`);
      await expect.poll(() => tableCases(tp), { timeout: 30_000 }).toEqual(p2.rows.map((r) => r.caseId));
      expect(p2.rows.some((r) => sorted.rows.some((s) => s.caseId === r.caseId))).toBe(false);
    }

    // Other state tabs load (超期办结 with its card filter).
    await page.click('[data-test=state-late_finished]');
    await page.waitForURL(/state=late_finished/);
    expect(page.url()).not.toContain('sort=');
    await expect.poll(() => page.locator('[data-test=card-filter]').count()).toBe(1);
    await settle(tp);
    expect(tp.errors).toEqual([]);
    await tp.close();
  });

  test('a metric row drill-down (drill.ts keys) opens the cases of its figure', async () => {
    const tp = await signIn(w, 'leader');
    const { page } = tp;
    const year = presetRange('year', beijingToday());
    const metrics = await apiJson<Metrics>(tp, `/api/metrics?ids=red_finished&from=${year.from}&to=${year.to}&groupBy=region&level=city`);
    const row = metrics.rows.filter((r) => (r.metrics.red_finished?.value ?? 0) > 0).sort((a, b) => b.metrics.red_finished!.value! - a.metrics.red_finished!.value!)[0]!;
    const drill = row.drill.red_finished!;
    expect(drill.query).toMatchObject({ state: 'late_finished', card: 'red', region: row.unit!.code });
    expect(drill.path).toBe('/api/supervision/cases');
    await page.goto(`${w.base}/supervision/cases?${new URLSearchParams(drill.query)}`);
    // The drill's own range shows in the filter bar (period=custom), the figure is the list's total.
    await page.waitForURL(/period=custom/);
    await expect.poll(() => page.textContent('.pager').catch(() => ''), { timeout: 30_000 }).toContain(`共 ${row.metrics.red_finished!.value!.toLocaleString('zh-CN')} 条`);
    await expect.poll(() => page.textContent('[data-test=case-period]')).toContain(`${drill.query.from} 至 ${drill.query.to}`);
    expect(tp.errors).toEqual([]);
    await tp.close();
  });

  test('case detail: deadline explanation and timeline; 督办 issue → respond → accept → close with its history', async () => {
    const inspector = await signIn(w, 'inspector');
    const { page } = inspector;
    // The most overdue open case of the dept user's department (so the dept can respond).
    const list = await apiJson<CaseList>(inspector, `/api/supervision/cases?base=open&dept=${w.dept}&sort=-overdue&pageSize=5`);
    expect(list.rows.length).toBeGreaterThan(0);
    const caseId = list.rows[0]!.caseId;
    await page.goto(`${w.base}/supervision/cases?base=open&dept=${w.dept}&sort=-overdue`);
    await page.click(`[data-case="${caseId}"] [data-test=case-link]`);
    await page.waitForURL(new RegExp(`/supervision/cases/${caseId}`));
    await expect.poll(() => page.textContent('[data-test=deadline-explanation]').catch(() => ''), { timeout: 30_000 }).toContain('应办结');
    expect(await page.locator('[data-test=timeline] li').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('[data-test=timeline] li.due').count()).toBe(1);
    await settle(inspector);
    await screenshot(page, 'supervision-case', { fullPage: true });

    // Issue.
    await page.click('[data-test=issue-open]');
    await page.fill('[data-test=issue-reason]', '该件已超过法定时限，请说明原因并于期限内办结');
    await page.fill('[data-test=issue-days]', '3');
    await page.click('[data-test=issue-submit]');
    const card = page.locator('[data-test=case-actions] article').first();
    await expect.poll(() => card.locator('[data-test=action-state]').textContent(), { timeout: 30_000 }).toBe('待回复');
    expect(await card.locator('[data-test=action-history]').textContent()).toContain('下发督办');
    // An inspector cannot respond; the dept cannot accept or close.
    expect(await card.locator('[data-test=action-respond]').count()).toBe(0);
    expect(await card.locator('[data-test=action-close]').count()).toBe(1);

    // The dept responds.
    const dept = await signIn(w, 'dept');
    await dept.page.goto(`${w.base}/supervision/cases/${caseId}`);
    const deptCard = dept.page.locator('[data-test=case-actions] article').first();
    await expect.poll(() => deptCard.locator('[data-test=action-state]').textContent(), { timeout: 30_000 }).toBe('待回复');
    expect(await dept.page.locator('[data-test=issue-open]').count()).toBe(0);
    expect(await deptCard.locator('[data-test=action-close]').count()).toBe(0);
    await deptCard.locator('[data-test=action-text]').fill('已补齐材料，本周内办结');
    await deptCard.locator('[data-test=action-respond]').click();
    await expect.poll(() => deptCard.locator('[data-test=action-state]').textContent(), { timeout: 30_000 }).toBe('已回复待审核');
    expect(dept.errors).toEqual([]);
    await dept.close();

    // The inspector accepts, then closes; the history shows every step.
    await page.reload();
    await expect.poll(() => card.locator('[data-test=action-state]').textContent(), { timeout: 30_000 }).toBe('已回复待审核');
    await card.locator('[data-test=action-accept]').click();
    await expect.poll(() => card.locator('[data-test=action-state]').textContent(), { timeout: 30_000 }).toBe('已采纳');
    await card.locator('[data-test=action-text]').fill('整改到位，关闭督办');
    await card.locator('[data-test=action-close]').click();
    await expect.poll(() => card.locator('[data-test=action-state]').textContent(), { timeout: 30_000 }).toBe('已关闭');
    const history = await card.locator('[data-test=action-history] li').allTextContents();
    expect(history.map((h) => h.match(/下发督办|回复|采纳|关闭/)?.[0])).toEqual(['下发督办', '回复', '采纳', '关闭']);
    expect(history.join()).toContain('已补齐材料，本周内办结');
    await settle(inspector);
    await screenshot(page, 'supervision-case-actions', { fullPage: true });

    // The 督办 list shows the closed notice; its detail has the same history.
    await page.click('[data-test=sub-tab-actions]');
    await page.waitForURL(/\/supervision\/actions/);
    const row = page.locator('[data-test=action-table] tbody tr', { hasText: caseId }).first();
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await row.textContent()).toContain('已关闭');
    await row.locator('button').click();
    await expect.poll(() => page.locator('[data-test=action-history] li').count(), { timeout: 30_000 }).toBe(4);
    await screenshot(page, 'supervision-actions');
    expect(inspector.errors).toEqual([]);
    await inspector.close();
  });

  test('好差评: statuses, appeal for the dept, decisions for the inspector', async () => {
    const dept = await signIn(w, 'dept');
    const { page } = dept;
    // The whole simulated span (14 months), so the dept has 差评 to appeal.
    const to = beijingToday();
    const from = `${Number(to.slice(0, 4)) - 1}-${to.slice(5, 7)}-01`;
    const api = await apiJson<{ total: number; rows: Array<{ ratingId: string; status: string; appeal: unknown }> }>(dept, `/api/supervision/bad-ratings?from=${from}&to=${to}&pageSize=50`);
    expect(api.total, 'the dept has 差评 in the simulated data').toBeGreaterThan(0);
    await page.goto(`${w.base}/supervision/bad-ratings?period=custom&from=${from}&to=${to}`);
    await expect.poll(() => page.locator('[data-test=bad-rating-table] tbody tr[data-rating]').count(), { timeout: 30_000 }).toBe(api.rows.length);
    expect(await page.textContent('.pager')).toContain(`共 ${api.total.toLocaleString('zh-CN')} 条`);
    const target = api.rows.find((r) => r.status !== 'invalidated' && !r.appeal);
    expect(target).toBeDefined();
    await page.click(`[data-test=appeal-${target!.ratingId}]`);
    await page.fill('input[aria-label=申诉理由]', '该评价针对的是其他部门的办件');
    await page.click('button:has-text("提交申诉")');
    await expect.poll(() => page.textContent(`tr[data-rating="${target!.ratingId}"]`), { timeout: 30_000 }).toContain('待裁决');
    await settle(dept);
    await screenshot(page, 'supervision-bad-ratings');
    expect(dept.errors).toEqual([]);
    await dept.close();

    const inspector = await signIn(w, 'inspector');
    await inspector.page.goto(`${w.base}/supervision/bad-ratings?period=custom&from=${from}&to=${to}`);
    const appealRow = inspector.page.locator('[data-test=appeal-table] tbody tr', { hasText: target!.ratingId });
    await expect.poll(() => appealRow.count(), { timeout: 30_000 }).toBe(1);
    expect(await inspector.page.locator(`[data-test=appeal-${target!.ratingId}]`).count()).toBe(0); // only the dept appeals
    await appealRow.locator('button:has-text("驳回")').click();
    await expect.poll(() => appealRow.count(), { timeout: 30_000 }).toBe(0); // the pending list no longer holds it
    expect(inspector.errors).toEqual([]);
    await inspector.close();
  });
});
