// GET /api/metrics against a real ClickHouse: every registered metric on the
// hand-made fixture of test/helpers/metrics-fixture.ts. Every expected
// numerator and denominator below was worked out BY HAND from metrics.md —
// never by calling the code under test.
//
// Deadline facts by hand (metrics.md: Time rules; calendar in the fixture header):
// case item N/legal unit   accepted      finished      ext  due    legal  elapsed
// C1   I1   5/10  wd      01-20 09:00   01-22 15:00   0    01-26  02-08  2   (01-26 is a 调休 Sunday)
// C2   I1   5/10  wd      01-24 10:00   02-10 16:00   2    02-10  02-17  7-2=5 (补正 02-05 10:00–02-07 10:00)
// C3   I1   5/10  wd      01-27 09:00   02-12 11:00   0    02-10  02-17  7
// C4   I1   5/10  wd      01-20 14:00   02-11 09:00   0    01-26  02-08  12
// C5   I2  10/20  natural 01-27 10:00   02-06 20:00   0    02-06  02-17  (natural: not in avg_elapsed)
// C6   I3   0/0   wd      01-28 09:00   02-05 10:00   0    02-05  02-05  1   (即办 accepted on a holiday → next working day)
// C7   IX   —     wd      02-03 10:00   02-07 (denied) 0   —      —      3   (no deadline: 无时限办件)
// C8   I1  withdrawn (effective 01-23 12:00 = updated_at), accepted 01-21 09:00, due 01-27
// C9   not_accepted
// C10  I1  open, accepted 02-05 09:00, open 补正 from 02-06 09:00; due 02-11, legal 02-18
// C11  I1  open, accepted 02-05 09:00; due 02-11, legal 02-18
// C12  I1  open, accepted 01-24 10:00; due 02-07, legal 02-13 (region 330106002000: unknown, climbs to 330106)
// C13  I1  open, accepted 01-20 09:00; due 01-26, legal 02-08
// C14  IX  open, accepted 02-07 09:00; no deadline
// C15  I2  open, accepted 02-05 09:00; due 02-15 (Sat) → 02-17, legal 02-25
// C16  I4  N=20 open, accepted 01-20 09:00; due = legal = 02-21; warn_days = max(1, round(0.2×20)) = 4
// C17  I1  accepted 01-10 09:00 (before the period), finished 01-21 10:00; due 01-17, legal 01-24; elapsed 7 (region 330199: unknown, climbs to 330100)
// C18  I1  accepted 01-20 09:00, finished 02-13 10:00, 特别程序 02-07 09:00–02-12 09:00 → ext 4; due 02-07, legal 02-13, elapsed 14-4=10
// C19  I1  accepted 2024-02-05, finished 2024-02-06 (only for 同比)
// Warn days for N = 5: max(1, round(1.0)) = 1; N = 10: 2.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../server/app.ts';
import { MetricsResponse, CatalogResponse } from '../server/api/schemas.ts';
import { ensureBootstrapAdmin } from '../server/auth/users.ts';
import { METRIC_IDS, METRICS } from '../server/metrics/index.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { listen, type TestClient } from './helpers/http.ts';
import { caseRow, importDir, loadMetricsFixture, ndjson, writeFixtureDir } from './helpers/metrics-fixture.ts';

const SECRET = 'metrics-test-secret-0123456789';
const P = 'from=2025-01-20&to=2025-02-14';

let t: TestDb;
let api: TestClient;

beforeAll(async () => {
  t = await freshDatabase('metrics');
  await loadMetricsFixture(t.db);
  await ensureBootstrapAdmin(t.db, 'root:root-password-1');
  api = await listen(createApp({ db: t.db, secret: SECRET }));
  expect((await api.login('root', 'root-password-1')).status).toBe(200);
});

afterAll(async () => {
  await api?.close();
  await t?.drop();
});

type V = { value: number | null; numerator: number | null; denominator: number | null; n: number; ci: [number, number] | null };

async function metrics(query: string, client: TestClient = api): Promise<MetricsResponse> {
  const r = await client.get(`/api/metrics?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return MetricsResponse.parse(r.body);
}

/** Asserts a value object: counts as [count], ratios as [numerator, denominator]. */
function expectValue(v: V | undefined, expected: [number] | [number, number], kind?: string): void {
  expect(v).toBeDefined();
  if (expected.length === 1) {
    expect(v).toEqual({ value: expected[0], numerator: null, denominator: null, n: expected[0], ci: null });
    return;
  }
  const [num, den] = expected;
  expect(v!.numerator).toBe(num);
  expect(v!.denominator).toBe(den);
  expect(v!.n).toBe(den);
  if (den === 0) {
    expect(v!.value).toBeNull();
    expect(v!.ci).toBeNull();
  } else {
    expect(v!.value).toBeCloseTo(kind === 'one_minus' ? 1 - num / den : num / den, 12);
  }
  if (kind === 'proportion' && den > 0) expect(v!.ci).not.toBeNull();
  if (kind !== 'proportion') expect(v!.ci).toBeNull();
}

const kindOf = (id: string) => METRICS.find((m) => m.id === id)!.kind;

describe('every metric by hand — period 2025-01-20 … 2025-02-14, as_of 02-14 23:59:59', () => {
  // Accepted in the period (16): C1 C2 C3 C4 C5 C6 C7 C8(withdrawn) C10 C11 C12 C13 C14 C15 C16 C18
  //   (C9 not_accepted, C17 accepted 01-10, C19 in 2024 are out).
  // Finished in the period (9): C1 C2 C3 C4 C5 C6 C7(denied) C17 C18; judged (with N): all but C7 → 8.
  // Open at 02-14 23:59:59 (7): C10 C11 C12 C13 C14 C15 C16 (C3 fin 02-12, C4 02-11, C18 02-13; C8 withdrawn).
  // Valid ratings rated in the period (9): R1 R2 R3 R5 R6 R7 R8 R10 R11 (R4 = invalidated 差评, R9 rated 02-20).
  const EXPECTED: Record<string, [number] | [number, number]> = {
    accepted: [16],
    finished: [9],
    // on time (finished_at ≤ due_at): C1 (01-22 ≤ 01-26), C2 (02-10 16:00 ≤ 02-10 23:59:59 thanks to the 补正),
    // C5 (02-06 20:00 ≤ 02-06 23:59:59), C6 (02-05) → 4 of 8. Late: C3, C4, C17, C18.
    ontime_rate: [4, 8],
    overdue_rate: [4, 8],
    overdue_finished: [4],
    // yellow: C3 (02-10 < 02-12 ≤ 02-17), C17 (01-17 < 01-21 ≤ 01-24), C18 (02-07 < 02-13 ≤ 02-13); red: C4 (02-11 > 02-08).
    yellow_finished: [3],
    red_finished: [1],
    legal_overdue: [1],
    // date(finished) < due_date: only C1 (01-22 < 01-26); C2, C5, C6 finish on their due date.
    early_rate: [1, 8],
    // workday-unit finished cases (C5 is natural_day): 2+5+7+12+1+3+7+10 = 47 over 8 (C7 without N included).
    avg_elapsed: [47, 8],
    // workday, N > 0: C1 2, C2 5, C3 7, C4 12, C17 7, C18 10 = 43 over N = 6 × 5 = 30 → 1 − 43/30.
    speedup_rate: [43, 30],
    // N = 0: C6 → 1 of all 16 accepted.
    immediate_rate: [1, 16],
    // items with legal > 0: I1 5/10, I2 10/20, I4 20/20 (I3 has legal 0) → 1 − 35/50.
    compression_rate: [35, 50],
    open: [7],
    // C15: due 02-17, working days (02-14, 02-17] = {02-17} = 1 ≤ warn 2 → 预警.
    // C16: (02-14, 02-21] = 5 working days > 4 → none. C10 suspended; C14 has no deadline.
    warning: [1],
    // C11: due 02-11 < as_of ≤ legal 02-18.
    yellow_open: [1],
    // C12 (legal 02-13), C13 (legal 02-08).
    red_open: [2],
    overdue_open: [3],
    overdue_open_rate: [3, 7],
    // window with known type: C1 c, C3 d, C5 c, C8 c, C11 d, C15 c (C6 unknown excluded) → comprehensive 4 of 6.
    one_window_rate: [4, 6],
    // online/mobile: C2 C4 C10 C12 C13 → 5 of 16.
    online_rate: [5, 16],
    // …with trips = 0: C2 C4 C10 C12 (C13 trips unknown) → 4 of 16.
    full_online_rate: [4, 16],
    // trips known: 13 (C6, C13, C18 unknown); 0 trips: C2 C4 C7 C10 C12 C16 = 6.
    zero_trip_rate: [6, 13],
    // ≤ 1: the 6 above + C1 C5 C8 C11 = 10.
    max_one_trip_rate: [10, 13],
    // trips 1+0+2+0+1+0+1+0+1+0+2+3+0 = 11.
    avg_trips: [11, 13],
    // finished with a valid rating by as_of: C1 (R1, R10), C2 (R2 02-11), C3 (R3), C5 (R5, system default), C6 (R7),
    // C17 (R8: 'invalidated' ignored on level 4) → 6 of 9; C4's only rating R4 is an invalidated 差评; C7's R9 is
    // after as_of; C18 has none.
    rating_rate: [6, 9],
    // active ones: the same but C5 (R5 is_active = false) → 5 of 9.
    active_rate: [5, 9],
    ratings: [9],
    // level ≥ 3: R1 5, R2 4, R5 3, R8 4, R10 3, R11 5 = 6; 差评: R3 2, R6 1, R7 2.
    good_rate: [6, 9],
    // level ≥ 4: R1, R2, R8, R11.
    very_good_rate: [4, 9],
    // 100+80+40+60+20+40+80+60+100 = 580 over 9.
    satisfaction: [580, 9],
    bad_count: [3],
    // verified by 02-14: R3 (02-13), R7 (02-06); R6 never.
    verify_rate: [2, 3],
    // rectified by 02-14: R7 (explained 02-10); R3 02-20 and R6 02-18 are later.
    rectify_rate: [1, 3],
    // limits: R3 03-05, R6 02-17, R7 02-25 — none before as_of → 0 of 0 → null.
    rectify_ontime_rate: [0, 0],
    // no_process (finished/denied, N ≥ 1, no review/decide step — the fixture has none): C1 C2 C3 C4 C5 C18
    // among the 16 accepted (C6 is 即办件, C7 has no N, C17 is accepted before the period) → 6 of 16.
    anomaly_rate: [6, 16],
  };

  test('the registry has every metric of metrics.md', () => {
    expect([...METRIC_IDS].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(Object.keys(EXPECTED))('%s', async (id) => {
    const body = await metrics(`${P}&ids=${id}`);
    expect(body.asOf).toBe('2025-02-14T23:59:59+08:00');
    expect(body.rows).toHaveLength(1);
    expectValue(body.rows[0]!.metrics[id], EXPECTED[id]!, kindOf(id));
  });

  test('all at once (one query per base) gives the same values', async () => {
    const body = await metrics(P);
    for (const [id, exp] of Object.entries(EXPECTED)) expectValue(body.rows[0]!.metrics[id], exp, kindOf(id));
  });
});

describe('open cases and cards at a fixed as_of', () => {
  const OPEN_IDS = 'ids=open,warning,yellow_open,red_open,overdue_open,overdue_open_rate';
  const cards = async (asOf: string) => {
    const m = (await metrics(`${P}&${OPEN_IDS}&asOf=${encodeURIComponent(asOf)}`)).rows[0]!.metrics;
    return [m.open!.value, m.warning!.value, m.yellow_open!.value, m.red_open!.value, m.overdue_open!.value,
      m.overdue_open_rate!.numerator, m.overdue_open_rate!.denominator];
  };

  test('2025-02-10 23:59:59: the open and the closed suspension keep C10 and C18 off the cards', async () => {
    // Open (10): C3 (fin 02-12) C4 (fin 02-11) C10 C11 C12 C13 C14 C15 C16 C18 (fin 02-13); C2 finished 02-10 16:00.
    // 预警: C3 (as_of = due_at 02-10 23:59:59, (02-10, 02-10] = 0 ≤ 1), C11 ((02-10, 02-11] = 1 ≤ 1).
    // 黄牌: C12 (02-07 < as_of ≤ 02-13). 红牌: C4, C13 (legal 02-08).
    // C10: would be 预警 (due 02-11) but is suspended since 02-06 09:00 (open interval).
    // C18: would be 黄牌 (due 02-07, legal 02-13) but is inside 特别程序 02-07 09:00–02-12 09:00.
    // C15 ((02-10, 02-17] = 5 > 2) and C16 (9 > 4) carry no card; C14 has no deadline.
    expect(await cards('2025-02-10')).toEqual([10, 2, 1, 2, 3, 3, 10]);
  });

  test('2025-02-17: warn_days boundary of N = 20 (4 working days)', async () => {
    // Open (7): C10 C11 C12 C13 C14 C15 C16. 预警: C15 (as_of = due_at 02-17), C16 ((02-17, 02-21] = 4 ≤ 4).
    // 黄牌: C11 (02-11 < as_of ≤ 02-18). 红牌: C12 (02-13), C13 (02-08).
    expect(await cards('2025-02-17')).toEqual([7, 2, 1, 2, 3, 3, 7]);
  });

  test('2025-03-10: everything still open is past its legal deadline', async () => {
    // Open: C10 (suspended) C11 C12 C13 C14 (no N) C15 C16 → red: C11 C12 C13 C15 (legal 02-25) C16 (02-21).
    expect(await cards('2025-03-10')).toEqual([7, 0, 0, 5, 5, 5, 7]);
  });

  test('a withdrawn case is open until its withdrawal (updated_at when withdrawn_at is absent)', async () => {
    // 2025-01-22 23:59:59: C4 C8 C13 C16 C18 (C1 finished 01-22 15:00, C17 01-21). No cards: C4/C13 due 01-26 is
    // 3 working days away (01-23, 01-24, 01-26), C8 due 01-27 (4), C16 due 02-21, C18 due 02-07 (stored due_at).
    expect(await cards('2025-01-22')).toEqual([5, 0, 0, 0, 0, 0, 5]);
    // C8 is withdrawn at 01-23 12:00:00: open one second before, not at that instant.
    expect((await cards('2025-01-23T11:59:59+08:00'))[0]).toBe(5);
    expect((await cards('2025-01-23T12:00:00+08:00'))[0]).toBe(4);
    expect((await cards('2025-01-23T04:00:00Z'))[0]).toBe(4);
  });
});

describe('open cases over several as_of at once (rankings, trends)', () => {
  test('an instant as_of and an end-of-day as_of in one query agree with single queries', async () => {
    // The ranking's current period has as_of = an instant (arrayFilter path), its previous period
    // (2025-01-06 … 2025-01-19) ends on a day's 23:59:59 (lookup-table path): one arrayConcat.
    const asOf = encodeURIComponent('2025-02-10T12:00:00+08:00');
    const r = await api.get(`/api/rankings?metric=open&from=2025-01-20&to=2025-02-02&by=dept&minSample=0&asOf=${asOf}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const single = await metrics(`from=2025-01-20&to=2025-02-02&ids=open&groupBy=dept&asOf=${asOf}`);
    expect(r.body.rows.map((row: { unit: { code: string }; value: number }) => [row.unit.code, row.value]).sort())
      .toEqual(single.rows.map((row) => [row.unit!.code, row.metrics.open!.value]).sort());
    // At 02-10 12:00 C2 (finished 16:00) is still open: D1 C2 C11 C16 C18, D2 C3 C4 C10 C12 C15, D3 C13 C14.
    expect(single.rows.map((row) => row.metrics.open!.value)).toEqual([4, 5, 2]);
    // Previous period as_of 2025-01-19 23:59:59: only C17 (accepted 01-10, finished 01-21) is open → D1 ranked 1.
    expect(r.body.rows.find((row: { unit: { code: string } }) => row.unit.code === 'D1').prevRank).toBe(1);
  });
});

describe('as_of of period metrics', () => {
  test('asOf 2025-03-10 counts later ratings, verifications and rectifications of the same period', async () => {
    const m = (await metrics(`${P}&ids=rating_rate,active_rate,verify_rate,rectify_rate,rectify_ontime_rate,ratings&asOf=2025-03-10`))
      .rows[0]!.metrics;
    // C7's R9 (02-20) is now before as_of: 7 of 9; it is active: 6 of 9. The ratings base itself is by rated date.
    expectValue(m.rating_rate, [7, 9], 'proportion');
    expectValue(m.active_rate, [6, 9], 'proportion');
    expectValue(m.ratings, [9]);
    expectValue(m.verify_rate, [2, 3], 'proportion');
    // R3 (02-20), R6 (02-18), R7 (02-10) are all rectified by 03-10.
    expectValue(m.rectify_rate, [3, 3], 'proportion');
    // Limits R3 03-05, R6 02-17, R7 02-25 all before 03-10: in time R3 (02-20 ≤ 03-05), R7 (02-10 ≤ 02-25);
    // R6 02-18 > 02-17.
    expectValue(m.rectify_ontime_rate, [2, 3], 'proportion');
  });
});

describe('units', () => {
  test('region at county level: 本级 rows, climbed codes, 未知区划', async () => {
    const body = await metrics(`${P}&ids=accepted,open,ratings&groupBy=region&level=county`);
    expect(body.level).toBe('county');
    const rows = body.rows.map((r) => [r.unit!.code, r.unit!.name, Boolean(r.unit!.self), Boolean(r.unit!.climbed),
      r.metrics.accepted!.value, r.metrics.open!.value, r.metrics.ratings!.value]);
    expect(rows).toEqual([
      // 330100 本级: accepted C5 C16; open C16; ratings R5 (C5) + R8 (C17 at unknown 330199, climbed to 330100).
      ['330100', '杭州市本级', true, true, 2, 1, 2],
      // 330102: accepted C1 C2 C6 C8 C11 C18; open C11; ratings R1 R2 R7 R10.
      ['330102', '上城区', false, false, 6, 1, 4],
      // 330106 (+ township 330106001000, + unknown 330106002000): accepted C3 C4 C10 C12 C15; open C10 C12 C15; R3.
      ['330106', '西湖区', false, true, 5, 3, 1],
      // 330200 has no counties in the table: its cases form its 本级 row. Accepted C7 C13 C14; open C13 C14; R6.
      ['330200', '宁波市本级', true, false, 3, 2, 1],
      // R11 rates case C99, which does not exist yet: no region at all.
      ['', '未知区划', false, true, 0, 0, 1],
    ]);
  });

  test('本级 rows add up to the parent', async () => {
    const ids = METRIC_IDS.join(',');
    const county = await metrics(`${P}&ids=${ids}&groupBy=region&level=county&region=330100`);
    const city = await metrics(`${P}&ids=${ids}&groupBy=region&level=city`);
    const hangzhou = city.rows.find((r) => r.unit?.code === '330100')!;
    expect(county.rows.map((r) => r.unit!.name)).toEqual(['杭州市本级', '上城区', '西湖区']);
    for (const m of METRICS) {
      const sum = (pick: (v: V) => number | null) => county.rows.reduce((s, r) => s + (pick(r.metrics[m.id]!) ?? 0), 0);
      if (m.kind === 'count') expect(sum((v) => v.value), m.id).toBe(hangzhou.metrics[m.id]!.value);
      else {
        expect(sum((v) => v.numerator), m.id).toBe(hangzhou.metrics[m.id]!.numerator);
        expect(sum((v) => v.denominator), m.id).toBe(hangzhou.metrics[m.id]!.denominator);
      }
    }
  });

  test('township level: counties without townships report as 本级', async () => {
    const body = await metrics(`${P}&ids=accepted&groupBy=region&level=township`);
    expect(body.rows.map((r) => [r.unit!.name, r.metrics.accepted!.value])).toEqual([
      ['杭州市本级', 2], ['上城区本级', 6], ['西湖区本级', 4], ['西溪街道', 1], ['宁波市本级', 3],
    ]);
  });

  test('dept: names from the dimension table; zero denominators are null', async () => {
    const body = await metrics(`${P}&ids=accepted,one_window_rate,compression_rate,ratings&groupBy=dept`);
    const byCode = Object.fromEntries(body.rows.map((r) => [r.unit!.code, r]));
    expect(body.rows.map((r) => r.unit!.name)).toEqual(['未知部门', '杭州市市场监管局', '西湖区人社局', '宁波市公安局']);
    // D1: C1 C2 C5 C6 C8 C11 C16 C18; window with a known type: C1 c, C5 c, C8 c, C11 d → 3 of 4.
    expectValue(byCode.D1!.metrics.accepted, [8]);
    expectValue(byCode.D1!.metrics.one_window_rate, [3, 4], 'proportion');
    // D1 items I1 (5/10) + I2 (10/20) → 1 − 15/30; D2: I4 20/20 (I3 has legal 0) → 0.
    expectValue(byCode.D1!.metrics.compression_rate, [15, 30], 'one_minus');
    expectValue(byCode.D2!.metrics.compression_rate, [20, 20], 'one_minus');
    // D3: no window case and no catalogue item → null, never 0.
    expectValue(byCode.D3!.metrics.one_window_rate, [0, 0], 'proportion');
    expectValue(byCode.D3!.metrics.compression_rate, [0, 0], 'one_minus');
    // Ratings take the case's dept when they carry none: D1 R1 R2 R5 R7 R8 R10, D2 R3, D3 R6 (its own), '' R11.
    expect(body.rows.map((r) => r.metrics.ratings!.value)).toEqual([1, 6, 1, 1]);
  });

  test('item', async () => {
    const body = await metrics(`${P}&ids=accepted,finished&groupBy=item`);
    // Accepted: I1 C1 C2 C3 C4 C8 C10 C11 C12 C13 C18 = 10; I2 C5 C15; I3 C6; I4 C16; IX C7 C14.
    // Finished: I1 C1 C2 C3 C4 C17 C18 = 6; I2 C5; I3 C6; IX C7.
    expect(body.rows.map((r) => [r.unit!.code, r.unit!.name, r.metrics.accepted!.value, r.metrics.finished!.value])).toEqual([
      ['I1', '食品经营许可', 10, 6], ['I2', '户外广告设置', 2, 1], ['I3', '社保卡补领', 1, 1], ['I4', '职业资格认定', 1, 0],
      ['IX', 'IX', 2, 1],
    ]);
  });

  test.each([
    ['none', ''], ['region', 'province'], ['region', 'city'], ['region', 'county'], ['region', 'township'], ['dept', ''], ['item', ''],
  ])('every metric\'s SQL runs grouped by %s %s, and units add up to the total', async (groupBy, level) => {
    const all = (await metrics(`${P}&asOf=2025-02-10`)).rows[0]!.metrics;
    const body = await metrics(`${P}&asOf=2025-02-10&groupBy=${groupBy}${level ? `&level=${level}` : ''}`);
    for (const m of METRICS) {
      const total = all[m.id]!;
      const sum = (pick: (v: V) => number | null) => body.rows.reduce((s, r) => s + (pick(r.metrics[m.id]!) ?? 0), 0);
      if (m.kind === 'count') expect(sum((v) => v.value), m.id).toBe(total.value);
      else {
        expect(sum((v) => v.numerator), m.id).toBeCloseTo(total.numerator!, 9);
        expect(sum((v) => v.denominator), m.id).toBeCloseTo(total.denominator!, 9);
      }
    }
  });
});

describe('filters', () => {
  test('region = the region and everything below it, unknown codes climbing into it', async () => {
    const m = (await metrics(`${P}&ids=accepted,ratings,compression_rate&region=330106`)).rows[0]!.metrics;
    // C3 C10 C15 (330106), C4 (its township), C12 (330106002000, unknown → 330106); ratings R3; items I3, I4.
    expectValue(m.accepted, [5]);
    expectValue(m.ratings, [1]);
    expectValue(m.compression_rate, [20, 20], 'one_minus');
    const city = (await metrics(`${P}&ids=accepted&region=330100`)).rows[0]!.metrics;
    expectValue(city.accepted, [13]); // 16 minus Ningbo's C7 C13 C14
  });

  test('channel filters cases, ratingChannel filters ratings; multi-valued filters are comma-separated', async () => {
    const m = (await metrics(`${P}&ids=accepted,ratings,rating_rate&channel=online,mobile&ratingChannel=pc`)).rows[0]!.metrics;
    expectValue(m.accepted, [5]); // C2 C4 C10 C12 C13
    expectValue(m.ratings, [4]); // pc: R1 R5 R8 R11 (channel does not apply to ratings)
    // Finished online/mobile: C2, C4; a valid pc rating by as_of: neither (R2 is app, R4 invalid) → 0 of 2.
    expectValue(m.rating_rate, [0, 2], 'proportion');
  });

  test('dept and item filters', async () => {
    const m = (await metrics(`${P}&ids=accepted,ratings&dept=D2,D3&item=I1`)).rows[0]!.metrics;
    expectValue(m.accepted, [5]); // I1 in D2/D3: C3 C4 C10 C12 C13
    expectValue(m.ratings, [2]); // R3 (C3: D2, I1), R6 (D3, I1)
  });
});

describe('scope (api.md: Roles and scope)', () => {
  let d3: TestClient;
  let xihu: TestClient;

  beforeAll(async () => {
    for (const [username, scope] of [['dept-d3', { depts: ['D3'], regions: [] }], ['xihu', { depts: [], regions: ['330106'] }]] as const) {
      const r = await api.post('/api/admin/users', { username, role: 'dept', scope, password: 'dept-password-1' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    d3 = await listen(createApp({ db: t.db, secret: SECRET }));
    xihu = await listen(createApp({ db: t.db, secret: SECRET }));
    expect((await d3.login('dept-d3', 'dept-password-1')).status).toBe(200);
    expect((await xihu.login('xihu', 'dept-password-1')).status).toBe(200);
  });

  afterAll(async () => {
    await d3?.close();
    await xihu?.close();
  });

  test('a dept-scoped request never includes another dept\'s rows', async () => {
    const body = await metrics(`${P}&groupBy=dept`, d3);
    expect(body.rows.map((r) => r.unit!.code)).toEqual(['D3']);
    const m = body.rows[0]!.metrics;
    expectValue(m.accepted, [3]); // C7 C13 C14
    expectValue(m.ratings, [1]); // R6
    const total = (await metrics(P, d3)).rows[0]!.metrics;
    expectValue(total.accepted, [3]);
    expectValue(total.open, [2]); // C13 C14
  });

  test('query parameters only narrow the scope', async () => {
    expectValue((await metrics(`${P}&ids=accepted&dept=D1`, d3)).rows[0]!.metrics.accepted, [0]);
    expectValue((await metrics(`${P}&ids=accepted&region=330100`, d3)).rows[0]!.metrics.accepted, [0]);
    expectValue((await metrics(`${P}&ids=accepted&channel=mobile`, d3)).rows[0]!.metrics.accepted, [1]);
  });

  test('a region scope covers the subtree, climbed codes included', async () => {
    const body = await metrics(`${P}&ids=accepted,ratings&groupBy=region&level=township`, xihu);
    expect(body.rows.map((r) => [r.unit!.name, r.metrics.accepted!.value, r.metrics.ratings!.value])).toEqual([
      ['西湖区本级', 4, 1], ['西溪街道', 1, 0],
    ]);
  });
});

describe('requests', () => {
  test('defaults: from = the first day of this month, to = today, as_of = now at the start of its minute', async () => {
    const before = Date.now();
    const body = await metrics('ids=accepted');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(body.period).toEqual({ from: `${today.slice(0, 7)}-01`, to: today });
    // Live requests share one as_of per minute (periods.ts liveNowMs), so the result cache can serve them.
    const asOf = Date.parse(body.asOf);
    expect(asOf % 60_000).toBe(0);
    expect(asOf).toBeGreaterThan(before - 60_000);
    expect(asOf).toBeLessThanOrEqual(Date.now());
  });

  test.each([
    ['ids=nope', 'unknown_metric', 'nope'],
    ['ids=accepted&from=2025-02-30', 'bad_request', 'from'],
    ['ids=accepted&from=2025-03-01&to=2025-02-01', 'bad_request', 'from'],
    ['ids=accepted&groupBy=town', 'bad_request', 'groupBy'],
    ['ids=accepted&groupBy=region&level=village', 'bad_request', 'level'],
    ['ids=accepted&asOf=tomorrow', 'bad_request', 'asOf'],
    ['ids=accepted&region=12345', 'bad_request', 'region'],
    ['ids=accepted&region=440000', 'unknown_region', '440000'],
    ['ids=accepted&channel=fax', 'bad_request', 'channel'],
    ['ids=index:default', 'index_unavailable', '评估模块'],
  ])('%s → 400 %s', async (query, code, mentions) => {
    const r = await api.get(`/api/metrics?${query}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toContain(mentions);
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/); // 中文 / English
  });

  test('sign-in is required', async () => {
    const anon = await listen(createApp({ db: t.db, secret: SECRET }));
    try {
      expect((await anon.get(`/api/metrics?${P}`)).status).toBe(401);
      expect((await anon.get('/api/metrics/catalog')).status).toBe(401);
    } finally {
      await anon.close();
    }
  });

  test('the catalog lists every definition', async () => {
    const r = await api.get('/api/metrics/catalog');
    expect(r.status).toBe(200);
    const body = CatalogResponse.parse(r.body);
    expect(body.metrics.map((m) => m.id)).toEqual([...METRIC_IDS]);
    expect(body.metrics.find((m) => m.id === 'ontime_rate')).toMatchObject({
      name: '按时办结率', direction: 'up', kind: 'proportion', base: 'finished', period: 'finish_date',
    });
  });

  test('every row carries its drill-down', async () => {
    const body = await metrics(`${P}&ids=yellow_open,ratings,verify_rate&groupBy=region&level=county&channel=online`);
    const self = body.rows.find((r) => r.unit?.self && r.unit.code === '330100')!;
    expect(self.cases).toEqual({
      path: '/api/supervision/cases',
      query: { from: '2025-01-20', to: '2025-02-14', asOf: '2025-02-14T23:59:59+08:00', channel: 'online', region: '330100', regionSelf: '1' },
    });
    expect(self.drill.yellow_open!.query).toEqual({
      asOf: '2025-02-14T23:59:59+08:00', channel: 'online', region: '330100', regionSelf: '1', base: 'open', state: 'yellow',
    });
    expect(self.drill.verify_rate!.query).toMatchObject({ base: 'ratings', bad: '1', from: '2025-01-20' });
  });
});

describe('ratings attributed at query time', () => {
  test('a rating that arrived before its case is attributed once the case exists', async () => {
    const before = (await metrics(`${P}&ids=ratings&dept=D2`)).rows[0]!.metrics.ratings!.value;
    expect(before).toBe(1); // R3
    const { dir, remove } = writeFixtureDir({
      'cases.ndjson': ndjson([caseRow({ id: 'C99', item: 'I1', dept: 'D2', region: '330106', channel: 'online', trips: 0,
        status: 'finished', accepted: '2025-01-02T09:00:00', finished: '2025-01-03T09:00:00' })]),
    });
    try {
      await importDir(t.db, dir);
    } finally {
      remove();
    }
    expect((await metrics(`${P}&ids=ratings&dept=D2`)).rows[0]!.metrics.ratings!.value).toBe(2); // R3 + R11
  });
});
