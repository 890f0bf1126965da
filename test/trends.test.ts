// GET /api/trends on the hand-made fixture (test/helpers/metrics-fixture.ts;
// the per-case facts are listed at the top of test/metrics.test.ts).
// Expected values are worked out by hand from metrics.md: 环比 / 同比.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../server/app.ts';
import { TrendsResponse } from '../server/api/schemas.ts';
import { ensureBootstrapAdmin } from '../server/auth/users.ts';
import { METRIC_IDS } from '../server/metrics/index.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { listen, type TestClient } from './helpers/http.ts';
import { loadMetricsFixture } from './helpers/metrics-fixture.ts';

let t: TestDb;
let api: TestClient;

beforeAll(async () => {
  t = await freshDatabase('trends');
  await loadMetricsFixture(t.db);
  await ensureBootstrapAdmin(t.db, 'root:root-password-1');
  api = await listen(createApp({ db: t.db, secret: 'trends-test-secret-0123456789' }));
  expect((await api.login('root', 'root-password-1')).status).toBe(200);
});

afterAll(async () => {
  await api?.close();
  await t?.drop();
});

async function trends(query: string): Promise<TrendsResponse> {
  const r = await api.get(`/api/trends?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return TrendsResponse.parse(r.body);
}

/** [from, to, value, 环比 from, 环比 value, 同比 from, 同比 value] per point. */
const summary = (body: TrendsResponse, id: string) =>
  body.series.find((s) => s.id === id)!.points.map((p) => [
    p.period.from, p.period.to, p.value.value, p.mom.period.from, p.mom.value.value, p.yoy.period.from, p.yoy.value.value,
  ]);

describe('buckets with 环比 / 同比', () => {
  test('months, the first and last clipped; comparisons are whole months', async () => {
    const body = await trends('ids=accepted&from=2025-01-15&to=2025-02-14&grain=month');
    // Jan 15–31: C1 C2 C3 C4 C5 C6 C8 C12 C13 C16 C18 = 11 (C17 was accepted 01-10).
    // Feb 1–14: C7 C10 C11 C14 C15 = 5. 环比 of Feb = all of January = 11 + C17 = 12; of Jan = December 2024 = 0.
    // 同比 of Feb = February 2024 = C19 (accepted 2024-02-05) = 1; of Jan = January 2024 = 0.
    expect(summary(body, 'accepted')).toEqual([
      ['2025-01-15', '2025-01-31', 11, '2024-12-01', 0, '2024-01-01', 0],
      ['2025-02-01', '2025-02-14', 5, '2025-01-01', 12, '2024-02-01', 1],
    ]);
    const feb = body.series[0]!.points[1]!;
    expect(feb.mom.period).toEqual({ from: '2025-01-01', to: '2025-01-31' });
    expect(feb.mom.delta).toBe(5 - 12);
    expect(feb.mom.growth).toBeCloseTo((5 - 12) / 12, 12);
    expect(feb.yoy.growth).toBe(4);
    expect(body.series[0]!.points[0]!.mom.growth).toBeNull(); // 环比 value 0: no growth rate
  });

  test('weeks start on Monday; 同比 is the same ISO week a year earlier', async () => {
    const body = await trends('ids=accepted&from=2025-01-22&to=2025-02-05&grain=week');
    // [01-22, 01-26] (week of Monday 01-20, clipped): C2 C12 = 2; 环比 = week 01-13…01-19: 0.
    // [01-27, 02-02]: C3 C5 C6 = 3; 环比 = week 01-20…01-26: C1 C4 C13 C16 C18 (01-20) C8 (01-21) C2 C12 (01-24) = 8.
    // [02-03, 02-05] (clipped): C7 C10 C11 C15 = 4; 环比 = 3; 同比 = ISO week 6 of 2024 (02-05…02-11): C19 = 1.
    expect(summary(body, 'accepted')).toEqual([
      ['2025-01-22', '2025-01-26', 2, '2025-01-13', 0, '2024-01-22', 0],
      ['2025-01-27', '2025-02-02', 3, '2025-01-20', 8, '2024-01-29', 0],
      ['2025-02-03', '2025-02-05', 4, '2025-01-27', 3, '2024-02-05', 1],
    ]);
  });

  test('days: every bucket is evaluated at its own as_of', async () => {
    const body = await trends('ids=open,accepted&from=2025-02-09&to=2025-02-12&grain=day');
    // Open at 02-09 23:59:59: C2 C3 C4 C10 C11 C12 C13 C14 C15 C16 C18 = 11; C2 finishes 02-10 16:00 → 10;
    // C4 02-11 09:00 → 9; C3 02-12 11:00 → 8. 环比 of 02-09 = 02-08: nothing changes on 02-09 → 11.
    // 同比: 2024-02-09 … 12: C19 finished 2024-02-06 → 0.
    expect(summary(body, 'open')).toEqual([
      ['2025-02-09', '2025-02-09', 11, '2025-02-08', 11, '2024-02-09', 0],
      ['2025-02-10', '2025-02-10', 10, '2025-02-09', 11, '2024-02-10', 0],
      ['2025-02-11', '2025-02-11', 9, '2025-02-10', 10, '2024-02-11', 0],
      ['2025-02-12', '2025-02-12', 8, '2025-02-11', 9, '2024-02-12', 0],
    ]);
    const point = body.series.find((s) => s.id === 'open')!.points[1]!;
    expect(point.asOf).toBe('2025-02-10T23:59:59+08:00');
    expect(point.mom.asOf).toBe('2025-02-09T23:59:59+08:00');
    expect(point.cases.query).toEqual({ asOf: '2025-02-10T23:59:59+08:00', base: 'open' });
  });

  test('a year-ago 29 February compares with 28 February', async () => {
    const body = await trends('ids=accepted&from=2024-02-28&to=2024-03-01&grain=day');
    expect(body.series[0]!.points.map((p) => p.yoy.period.from)).toEqual(['2023-02-28', '2023-02-28', '2023-03-01']);
  });

  test('per-bucket as_of of period metrics (rating_rate at each month end)', async () => {
    const body = await trends('ids=rating_rate&from=2025-01-01&to=2025-02-28&grain=month');
    // January finished: C1 (R1 01-23), C17 (R8 01-22) → 2 of 2 by 01-31.
    // February finished: C2 (R2) C3 (R3) C4 (R4 invalid) C5 (R5) C6 (R7) C7 (R9 02-20) C18 (none) → 5 of 7 by 02-28.
    const points = body.series[0]!.points;
    expect(points.map((p) => [p.value.numerator, p.value.denominator])).toEqual([[2, 2], [5, 7]]);
    expect(points[1]!.mom.value.value).toBe(1);
  });
});

describe('every metric', () => {
  test.each(['day', 'week', 'month', 'quarter'])('all metrics run by %s (multi-period SQL of every base)', async (grain) => {
    const body = await trends(`ids=${METRIC_IDS.join(',')}&from=2025-01-20&to=2025-02-14&grain=${grain}`);
    expect(body.series.map((s) => s.id)).toEqual([...METRIC_IDS]);
    // The multi-period SQL agrees with the one-period SQL of /api/metrics on every bucket.
    for (const point of body.series[0]!.points.slice(0, 3)) {
      const r = await api.get(`/api/metrics?from=${point.period.from}&to=${point.period.to}`);
      expect(r.status).toBe(200);
      for (const s of body.series) {
        const p = s.points.find((x) => x.period.from === point.period.from)!;
        expect(p.value, `${s.id} ${point.period.from}`).toEqual(r.body.rows[0].metrics[s.id]);
      }
    }
  });

  test('validation', async () => {
    expect((await api.get('/api/trends?from=2025-01-01&to=2025-01-02')).status).toBe(400); // ids required
    expect((await api.get('/api/trends?ids=accepted&grain=hour')).body.error.message).toContain('grain');
    expect((await api.get('/api/trends?ids=accepted&from=2020-01-01&to=2025-01-01&grain=day')).status).toBe(400);
    expect((await api.get('/api/trends?ids=nope')).body.error.code).toBe('unknown_metric');
  });
});
