// 好差评 closed loop and 差评 appeals against a real ClickHouse: statuses at
// as_of, totals equal the metrics, an upheld appeal takes exactly that rating
// out of the rating metrics (a new version of the rating row), a rejected one
// changes nothing, permissions and scope.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { recomputeAnomalies } from '../etl/anomalies/recompute.ts';
import { loadCalendar } from '../etl/load/context.ts';
import { BadRatingsResponse } from '../server/api/supervision-schemas.ts';
import { raw } from '../server/sql/literal.ts';
import { runSupervisionChecks } from '../server/supervision/checks.ts';
import type { TestClient } from './helpers/http.ts';
import { importDir, ndjson, ratingRow, writeFixtureDir } from './helpers/metrics-fixture.ts';
import { RK1_COMMENT_MASKED, SUPERVISION_RATINGS, supervisionEnv, type SupervisionEnv } from './helpers/supervision-fixture.ts';

let env: SupervisionEnv;

beforeAll(async () => {
  env = await supervisionEnv('supratings');
});

afterAll(async () => {
  await env?.close();
});

const FEB = 'from=2025-02-01&to=2025-02-28';

async function bad(query: string, client: TestClient = env.as.inspector) {
  const r = await client.get(`/api/supervision/bad-ratings?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return BadRatingsResponse.parse(r.body);
}

const statuses = async (asOf: string) =>
  Object.fromEntries((await bad(`${FEB}&dept=D4&asOf=${asOf}`)).rows.map((r) => [r.ratingId, r.status]));

describe('好差评 closed loop', () => {
  test.each([
    ['2025-02-22', { RK1: 'pending_visit', RK2: 'pending_visit' }],
    // RK1 verified 02-24 10:00.
    ['2025-02-25', { RK1: 'visited', RK2: 'pending_visit' }],
    // RK2's limit is 02-26 23:59:59.
    ['2025-02-27', { RK1: 'visited', RK2: 'overdue' }],
    // RK1's limit is 03-14 23:59:59; rectified only on 03-20.
    ['2025-03-16', { RK1: 'overdue', RK2: 'overdue' }],
    ['2025-03-21', { RK1: 'rectified', RK2: 'overdue' }],
  ])('at %s', async (asOf, expected) => {
    expect(await statuses(asOf)).toEqual(expected);
  });

  test('status filters; 逾期未整改 is the unrectified_bad anomaly; totals equal the metrics', async () => {
    const overdue = await bad(`${FEB}&dept=D4&asOf=2025-03-16&status=overdue`);
    expect(overdue.rows.map((r) => r.ratingId).sort()).toEqual(['RK1', 'RK2']);
    expect(overdue.rows.find((r) => r.ratingId === 'RK1')!.rectifyLimitAt).toBe('2025-03-14T23:59:59+08:00');
    expect((await bad(`${FEB}&dept=D4&asOf=2025-02-25&status=visited,rectified`)).rows.map((r) => r.ratingId)).toEqual(['RK1']);

    const asOfMs = Date.parse('2025-03-16T23:59:59+08:00');
    await recomputeAnomalies(env.t.db, { now: asOfMs, calendar: await loadCalendar(env.t.db), trigger: 'test' });
    const anomalies = await env.t.db.query<{ rating_id: string }>(raw(`SELECT rating_id FROM anomalies
      WHERE generation = (SELECT max(generation) FROM anomaly_generations) AND anomaly_type = 'unrectified_bad' AND dept_code = 'D4'`));
    expect(anomalies.map((a) => a.rating_id).sort()).toEqual(['RK1', 'RK2']);

    for (const [asOf, q] of [['2025-03-21', `${FEB}`], ['2025-02-25', `${FEB}&region=330100`], ['2025-03-16', 'from=2025-01-01&to=2025-03-31']]) {
      const m = (await env.as.inspector.get(`/api/metrics?ids=bad_count,rectify_rate&${q}&asOf=${asOf}`)).body.rows[0].metrics;
      expect((await bad(`${q}&asOf=${asOf}`)).total).toBe(m.bad_count.value);
      expect((await bad(`${q}&asOf=${asOf}&status=rectified`)).total).toBe(m.rectify_rate.numerator);
    }
  });

  test('scope and masking', async () => {
    expect((await bad(`${FEB}&dept=D4`, env.as.dept1)).total).toBe(0);
    const own = await bad(`${FEB}`, env.as.dept4);
    expect(own.rows.map((r) => r.ratingId).sort()).toEqual(['RK1', 'RK2']);
    expect(own.rows.find((r) => r.ratingId === 'RK1')!.comment).toBe(RK1_COMMENT_MASKED);
    const ev = await bad(`${FEB}&dept=D4`, env.as.evaluator);
    expect(ev.rows.every((r) => r.comment === null)).toBe(true);
    expect(JSON.stringify(ev)).not.toContain('13900001111');
    expect((await env.as.inspector.get('/api/supervision/bad-ratings?status=overdue,invalidated')).status).toBe(400);
  });
});

describe('差评 appeals (申诉复核)', () => {
  const METRIC_IDS = 'ratings,good_rate,very_good_rate,satisfaction,bad_count,verify_rate,rectify_rate,rating_rate';
  const figures = async (q: string) => (await env.as.inspector.get(`/api/metrics?ids=${METRIC_IDS}&${q}&asOf=2025-03-21`)).body.rows[0].metrics;
  const ratingRows = async () => env.t.db.query<{ n: string; inv: number }>(raw(`SELECT count() AS n, max(invalidated) AS inv FROM ratings WHERE rating_id = 'RK2'`));
  let appealId: string;

  test('only a dept, only within its scope, only a valid 差评', async () => {
    expect((await env.as.dept1.post('/api/supervision/appeals', { ratingId: 'RK2', reason: '非本部门' })).status).toBe(404);
    expect((await env.as.inspector.post('/api/supervision/appeals', { ratingId: 'RK2', reason: 'x' })).status).toBe(403);
    const good = await env.as.dept4.post('/api/supervision/appeals', { ratingId: 'RK3', reason: '好评也申诉' });
    expect([good.status, good.body.error.code]).toEqual([400, 'not_bad_rating']);
    expect((await env.as.dept4.post('/api/supervision/appeals', { ratingId: 'RK2', reason: '' })).status).toBe(400);
    const r = await env.as.dept4.post('/api/supervision/appeals', { ratingId: 'RK2', reason: '评价人误操作，已电话核实并取得书面说明' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toEqual(expect.objectContaining({ ratingId: 'RK2', caseId: 'K3', deptCode: 'D4', status: 'pending', submittedBy: 'dept4-user' }));
    appealId = r.body.appealId;
    const again = await env.as.dept4.post('/api/supervision/appeals', { ratingId: 'RK2', reason: '再次申诉' });
    expect([again.status, again.body.error.code]).toEqual([409, 'appeal_exists']);
    expect((await env.as.dept1.get('/api/supervision/appeals')).body.rows).toEqual([]);
    expect((await env.as.leader.get('/api/supervision/appeals?status=pending')).body.rows.map((a: { appealId: string }) => a.appealId)).toEqual([appealId]);
    expect((await bad(`${FEB}&dept=D4`)).rows.find((x) => x.ratingId === 'RK2')!.appeal).toEqual({ appealId, status: 'pending' });
  });

  test('upheld: the rating leaves good_rate, satisfaction and bad_count by exactly that rating', async () => {
    const Q = [`${FEB}&dept=D4`, FEB];
    const before = await Promise.all(Q.map(figures));
    expect((await env.as.leader.post(`/api/supervision/appeals/${appealId}/decision`, { decision: 'uphold' })).status).toBe(403);
    expect((await env.as.dept4.post(`/api/supervision/appeals/${appealId}/decision`, { decision: 'uphold' })).status).toBe(403);
    const r = await env.as.inspector.post(`/api/supervision/appeals/${appealId}/decision`, { decision: 'uphold', note: '核实属实，差评无效' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual(expect.objectContaining({ status: 'upheld', decidedBy: 'inspector-user', note: '核实属实，差评无效' }));
    const after = await Promise.all(Q.map(figures));
    for (let i = 0; i < Q.length; i++) {
      const [b, a] = [before[i], after[i]];
      // RK2: level 2, rated 02-06, never verified nor rectified, on K3 (open, so not in rating_rate's base).
      expect(a.ratings.value).toBe(b.ratings.value - 1);
      expect([a.good_rate.numerator, a.good_rate.denominator]).toEqual([b.good_rate.numerator, b.good_rate.denominator - 1]);
      expect([a.very_good_rate.numerator, a.very_good_rate.denominator]).toEqual([b.very_good_rate.numerator, b.very_good_rate.denominator - 1]);
      expect([a.satisfaction.numerator, a.satisfaction.denominator]).toEqual([b.satisfaction.numerator - 40, b.satisfaction.denominator - 1]);
      expect(a.bad_count.value).toBe(b.bad_count.value - 1);
      expect([a.verify_rate.numerator, a.verify_rate.denominator]).toEqual([b.verify_rate.numerator, b.verify_rate.denominator - 1]);
      expect([a.rectify_rate.numerator, a.rectify_rate.denominator]).toEqual([b.rectify_rate.numerator, b.rectify_rate.denominator - 1]);
      expect(a.rating_rate).toEqual(b.rating_rate);
    }
    expect([after[0].ratings.value, after[0].good_rate.numerator, after[0].satisfaction.numerator, after[0].bad_count.value]).toEqual([2, 1, 120, 1]);
    // One row, merged: hot reads stay exact without FINAL.
    expect(await ratingRows()).toEqual([{ n: '1', inv: 1 }]);
    // Listed separately; gone from the closed loop and the drill-down.
    expect((await bad(`${FEB}&status=invalidated`)).rows.map((x) => x.ratingId).sort()).toEqual(['R4', 'RK2']); // R4: invalidated by its source
    expect((await bad(`${FEB}&dept=D4`)).rows.map((x) => x.ratingId)).toEqual(['RK1']);
    const drill = await env.as.inspector.get(`/api/supervision/cases?base=ratings&bad=1&${FEB}&dept=D4`);
    expect(drill.body.rows.map((x: { rating: { ratingId: string } }) => x.rating.ratingId)).toEqual(['RK1']);
    // Decided once.
    const again = await env.as.inspector.post(`/api/supervision/appeals/${appealId}/decision`, { decision: 'reject' });
    expect([again.status, again.body.error.code]).toEqual([409, 'invalid_transition']);
    const re = await env.as.dept4.post('/api/supervision/appeals', { ratingId: 'RK2', reason: '再次' });
    expect([re.status, re.body.error.code]).toEqual([409, 'already_invalidated']);
  });

  test('the invalidation survives re-imports; a newer source version is re-invalidated by the scheduled check', async () => {
    const rk2 = SUPERVISION_RATINGS.find((r) => r.id === 'RK2')!;
    const load = async (row: object) => {
      const { dir, remove } = writeFixtureDir({ 'ratings.ndjson': ndjson([row]) });
      try {
        await importDir(env.t.db, dir);
      } finally {
        remove();
      }
    };
    // The identical source record again: a duplicate, nothing written.
    await load(ratingRow(rk2));
    expect(await ratingRows()).toEqual([{ n: '1', inv: 1 }]);
    // A newer version from the source (now verified) replaces the row with the source's invalidated = false…
    await load({ ...ratingRow({ ...rk2, verified: '2025-03-01T10:00:00' }), updated_at: '2025-03-01T10:00:00+08:00' });
    expect((await figures(`${FEB}&dept=D4`)).bad_count.value).toBe(2);
    // …and the scheduled check applies the upheld appeal again.
    expect((await runSupervisionChecks(env.t.db)).reinvalidatedRatings).toEqual(['RK2']);
    expect((await figures(`${FEB}&dept=D4`)).bad_count.value).toBe(1);
    expect(await ratingRows()).toEqual([{ n: '1', inv: 1 }]);
    expect((await runSupervisionChecks(env.t.db)).reinvalidatedRatings).toEqual([]);
  });

  test('rejected: the rating stays; every step audited', async () => {
    const before = await figures(`${FEB}&dept=D4`);
    const r = await env.as.dept4.post('/api/supervision/appeals', { ratingId: 'RK1', reason: '态度问题不属实' });
    expect(r.status).toBe(201);
    const d = await env.as.inspector.post(`/api/supervision/appeals/${r.body.appealId}/decision`, { decision: 'reject', note: '录音证实' });
    expect(d.body.status).toBe('rejected');
    expect(await figures(`${FEB}&dept=D4`)).toEqual(before);
    const audit = await env.as.admin.get('/api/admin/audit?action=supervision.appeal.submit,supervision.appeal.uphold,supervision.appeal.reject');
    expect(audit.body.rows.map((e: { action: string }) => e.action).sort()).toEqual([
      'supervision.appeal.reject', 'supervision.appeal.submit', 'supervision.appeal.submit', 'supervision.appeal.uphold',
    ]);
  });
});
