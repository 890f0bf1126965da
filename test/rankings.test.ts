// GET /api/rankings against a real ClickHouse (metrics.md: Rankings), on a
// generated fixture of 3,293 cases whose counts are chosen by hand:
//
//   dept (county)    March 2025: finished / on time    February 2025: finished / on time
//   DA (330102)      3 / 3        (100 %)               —
//   DB (330106)      3,000 / 2,910 (97 %)               100 / 90
//   DC (330108)      10 / 5                             —
//   DD (330110)      40 / 38                            50 / 50
//   DE (330111)      40 / 38                            50 / 45
//
// Item I1: 5 working days. On time = accepted and finished on consecutive
// working days; late = accepted a month before. March 2025 has no holiday.
//
// Wilson lower bounds (z = 1.959963984540054), worked out independently (Python):
//   March: DB 2910/3000 → 0.96327; DD, DE 38/40 → 0.83496; DA 3/3 → 0.43850; DC 5/10 → 0.23659
//   February: DD 50/50 → 0.92865; DB 90/100 → 0.82566; DE 45/50 → 0.78640
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../server/app.ts';
import { RankingsResponse } from '../server/api/schemas.ts';
import { ensureBootstrapAdmin } from '../server/auth/users.ts';
import { METRIC_IDS } from '../server/metrics/index.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { listen, type TestClient } from './helpers/http.ts';
import { caseRow, importDir, ndjson, writeFixtureDir } from './helpers/metrics-fixture.ts';

const UNITS = [
  { dept: 'DA', region: '330102', name: '上城区' },
  { dept: 'DB', region: '330106', name: '西湖区' },
  { dept: 'DC', region: '330108', name: '滨江区' },
  { dept: 'DD', region: '330110', name: '余杭区' },
  { dept: 'DE', region: '330111', name: '富阳区' },
];

/** [dept, month, finished, on time] */
const COUNTS: Array<[string, 'mar' | 'feb', number, number]> = [
  ['DA', 'mar', 3, 3], ['DB', 'mar', 3000, 2910], ['DC', 'mar', 10, 5], ['DD', 'mar', 40, 38], ['DE', 'mar', 40, 38],
  ['DB', 'feb', 100, 90], ['DD', 'feb', 50, 50], ['DE', 'feb', 50, 45],
];

// On time: due = the 5th working day after acceptance; late: finished weeks after it.
const TIMES = {
  mar: { onTime: ['2025-03-03T09:00:00', '2025-03-04T10:00:00'], late: ['2025-02-10T09:00:00', '2025-03-05T10:00:00'] },
  feb: { onTime: ['2025-02-17T09:00:00', '2025-02-18T10:00:00'], late: ['2025-01-06T09:00:00', '2025-02-19T10:00:00'] },
} as const;

function cases(): object[] {
  const out: object[] = [];
  for (const [dept, month, total, onTime] of COUNTS) {
    const unit = UNITS.find((u) => u.dept === dept)!;
    for (let i = 0; i < total; i++) {
      const [accepted, finished] = i < onTime ? TIMES[month].onTime : TIMES[month].late;
      out.push(caseRow({ id: `${dept}-${month}-${i}`, item: 'I1', dept, region: unit.region, channel: 'online', trips: 0,
        status: 'finished', accepted, finished }));
    }
  }
  return out;
}

let t: TestDb;
let api: TestClient;

beforeAll(async () => {
  t = await freshDatabase('rankings');
  const { dir, remove } = writeFixtureDir({
    'regions.csv': `region_code,region_name,parent_code\n330000,浙江省,\n330100,杭州市,330000\n${
      UNITS.map((u) => `${u.region},${u.name},330100`).join('\n')}\n`,
    'depts.csv': `dept_code,dept_name,region_code\n${UNITS.map((u) => `${u.dept},${u.name}政务服务中心,${u.region}`).join('\n')}\n`,
    'items.ndjson': ndjson([{ item_code: 'I1', item_name: '食品经营许可', item_type: 'permit', dept_code: 'DA', region_code: '330100',
      promised_limit: 5, legal_limit: 10, limit_unit: 'workday', updated_at: '2024-12-01T00:00:00+08:00' }]),
    'cases.ndjson': ndjson(cases()),
  });
  try {
    await importDir(t.db, dir);
  } finally {
    remove();
  }
  await ensureBootstrapAdmin(t.db, 'root:root-password-1');
  api = await listen(createApp({ db: t.db, secret: 'rankings-test-secret-0123456789' }));
  expect((await api.login('root', 'root-password-1')).status).toBe(200);
});

afterAll(async () => {
  await api?.close();
  await t?.drop();
});

async function rankings(query: string): Promise<RankingsResponse> {
  const r = await api.get(`/api/rankings?${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return RankingsResponse.parse(r.body);
}

const MARCH = 'from=2025-03-01&to=2025-03-31';
const table = (body: RankingsResponse) => body.rows.map((r) => [r.unit.code, r.rank, r.prevRank, r.n, r.insufficient]);

describe('ranking by the Wilson bound', () => {
  test('3 cases at 100 % do not outrank 3,000 at 97 %; small units are 样本不足; ties share the rank', async () => {
    const body = await rankings(`metric=ontime_rate&${MARCH}&by=dept`);
    expect(body.rankedBy).toBe('wilson_lower');
    expect(body.minSample).toBe(30);
    // Previous period of a calendar month: February (whole), ranked DD 1, DB 2, DE 3.
    expect(body.prevPeriod).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(table(body)).toEqual([
      ['DB', 1, 2, 3000, false],
      ['DD', 2, 1, 40, false],
      ['DE', 2, 3, 40, false],
      ['DC', null, null, 10, true],
      ['DA', null, null, 3, true],
    ]);
    const db = body.rows[0]!;
    expect(db.value).toBeCloseTo(0.97, 12);
    expect(db.ci![0]).toBeCloseTo(0.9632690332931554, 10);
    expect([db.numerator, db.denominator]).toEqual([2910, 3000]);
    expect(db.unit.name).toBe('西湖区政务服务中心');
    expect(db.cases.query).toMatchObject({ base: 'finished', dept: 'DB', from: '2025-03-01', to: '2025-03-31' });
  });

  test('with minSample 1 the small units are ranked — below the large one', async () => {
    const body = await rankings(`metric=ontime_rate&${MARCH}&by=dept&minSample=1`);
    expect(table(body).map((r) => [r[0], r[1]])).toEqual([['DB', 1], ['DD', 2], ['DE', 2], ['DA', 4], ['DC', 5]]);
  });

  test('↓ proportions rank by the upper bound, ascending', async () => {
    const body = await rankings(`metric=overdue_rate&${MARCH}&by=dept`);
    expect(body.rankedBy).toBe('wilson_upper');
    // Upper bounds: DB 90/3000 → 0.0367; DD, DE 2/40 → 0.1650.
    expect(table(body).map((r) => [r[0], r[1]])).toEqual([['DB', 1], ['DD', 2], ['DE', 2], ['DC', null], ['DA', null]]);
  });

  test('counts rank by value; n is the count', async () => {
    const body = await rankings(`metric=overdue_finished&${MARCH}&by=dept&minSample=0`);
    // Late: DA 0, DD 2, DE 2, DC 5, DB 90 — fewer is better.
    expect(table(body).map((r) => [r[0], r[1], r[3]])).toEqual([['DA', 1, 0], ['DD', 2, 2], ['DE', 2, 2], ['DC', 4, 5], ['DB', 5, 90]]);
  });

  test('by region at county level ranks the same units', async () => {
    const body = await rankings(`metric=ontime_rate&${MARCH}&by=region&level=county`);
    expect(body.level).toBe('county');
    expect(table(body).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['330106', 1, 2], ['330110', 2, 1], ['330111', 2, 3], ['330108', null, null], ['330102', null, null],
    ]);
  });
});

describe('红黑榜 and periods', () => {
  test('top N keeps ties at the cut; bottom N counts from the worst', async () => {
    expect((await rankings(`metric=ontime_rate&${MARCH}&by=dept&top=1`)).rows.map((r) => r.unit.code)).toEqual(['DB']);
    expect((await rankings(`metric=ontime_rate&${MARCH}&by=dept&top=2`)).rows.map((r) => r.unit.code)).toEqual(['DB', 'DD', 'DE']);
    expect((await rankings(`metric=ontime_rate&${MARCH}&by=dept&bottom=1`)).rows.map((r) => r.unit.code)).toEqual(['DD', 'DE']);
    expect((await rankings(`metric=ontime_rate&${MARCH}&by=dept&bottom=2&minSample=1`)).rows.map((r) => r.unit.code))
      .toEqual(['DA', 'DC']);
  });

  test('a custom range compares with the preceding span of equal length', async () => {
    const body = await rankings('metric=ontime_rate&from=2025-03-02&to=2025-03-15&by=dept');
    expect(body.prevPeriod).toEqual({ from: '2025-02-16', to: '2025-03-01' });
    // 02-16 … 03-01 holds February's finishes (02-18, 02-19): the same previous ranks.
    expect(table(body).map((r) => [r[0], r[2]])).toEqual([['DB', 2], ['DD', 1], ['DE', 3], ['DC', null], ['DA', null]]);
  });

  test.each(METRIC_IDS)('%s can be ranked by dept and by region', async (id) => {
    for (const by of ['dept', 'region']) {
      const body = await rankings(`metric=${id}&${MARCH}&by=${by}`);
      expect(body.metric.id).toBe(id);
    }
  });

  test('composite indices rank by the index; an item ranking of one and unknown metrics are a 400', async () => {
    const index = await api.get(`/api/rankings?metric=index:default&${MARCH}&by=dept`);
    expect(index.status).toBe(200);
    expect(index.body.rows.length).toBeGreaterThan(0);
    const byItem = await api.get(`/api/rankings?metric=index:default&${MARCH}&by=item`);
    expect(byItem.status).toBe(400);
    expect(byItem.body.error.code).toBe('index_unavailable');
    expect((await api.get(`/api/rankings?metric=nope&${MARCH}`)).body.error.code).toBe('unknown_metric');
    expect((await api.get(`/api/rankings?${MARCH}`)).body.error.message).toContain('metric');
    expect((await api.get(`/api/rankings?metric=accepted&top=0`)).body.error.message).toContain('top');
  });
});

describe('rankings export', () => {
  test('XLSX holds the same rows as the JSON, numbers as numbers; CSV has a BOM; both audited', async () => {
    const json = await rankings(`metric=ontime_rate&${MARCH}&by=dept`);
    const res = await api.getBytes(`/api/rankings/export?format=xlsx&metric=ontime_rate&${MARCH}&by=dept`);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('排行榜')!;
    expect(sheet.getRow(2).getCell(1).value).toBe('排名');
    // DB: 2,910 of 3,000 on time; DA: 3 of 3 (样本不足, unranked).
    const rows = new Map<string, ExcelJS.Row>();
    for (let i = 3; i <= sheet.rowCount; i++) rows.set(String(sheet.getRow(i).getCell(4).value), sheet.getRow(i));
    expect(rows.size).toBe(json.rows.length);
    expect(rows.get('DB')!.getCell(5).value).toBeCloseTo(2910 / 3000, 12);
    expect(rows.get('DB')!.getCell(8).value).toBe(3000);
    expect(rows.get('DA')!.getCell(1).value).toBeNull();
    expect(rows.get('DA')!.getCell(11).value).toBe('样本不足');

    const { bytes } = await api.getBytes(`/api/rankings/export?format=csv&metric=ontime_rate&${MARCH}&by=dept`);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('排名,上期排名,单位');

    const audit = await api.get('/api/admin/audit?action=rankings.export');
    expect(audit.body.rows.length).toBe(2);
    expect((await api.get(`/api/rankings/export?format=pdf&metric=ontime_rate&${MARCH}`)).status).toBe(400);
  });
});
