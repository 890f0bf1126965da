// The supervision case list, detail and exports against a real ClickHouse
// (fixture: test/helpers/supervision-fixture.ts on top of the metrics fixture).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CaseListResponse } from '../server/api/supervision-schemas.ts';
import { METRICS } from '../server/metrics/index.ts';
import { overdueWorkdays } from '../etl/clock/deadline.ts';
import { loadCalendar } from '../etl/load/context.ts';
import type { TestClient } from './helpers/http.ts';
import { RK1_COMMENT_MASKED, supervisionEnv, type SupervisionEnv } from './helpers/supervision-fixture.ts';

let env: SupervisionEnv;

beforeAll(async () => {
  env = await supervisionEnv('supcases');
});

afterAll(async () => {
  await env?.close();
});

const P = 'from=2025-01-20&to=2025-02-14';

async function list(query: string, client: TestClient = env.as.inspector): Promise<CaseListResponse> {
  const r = await client.get(`/api/supervision/cases?${query}`);
  expect(r.status, `${query}: ${JSON.stringify(r.body)}`).toBe(200);
  return CaseListResponse.parse(r.body);
}

const ids = (body: CaseListResponse): string[] => body.rows.map((r) => r.caseId).sort();
const enc = encodeURIComponent;

describe('预警 → 黄牌 → 红牌 over simulated time (working-day aware, never while suspended)', () => {
  // K1: due 2025-02-10 (7th working day after Fri 01-24, counting 01-26 调休 and 02-08 调休, with a
  // 2-working-day 补正), legal 02-17, warn_days 1. K2: due 01-26, legal 02-08, suspended from 02-05 09:00 on.
  const cardOf = async (caseId: string, asOf: string) => {
    const r = await env.as.inspector.get(`/api/supervision/cases/${caseId}?asOf=${enc(asOf)}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.clock.card as string | null;
  };
  const states = async (asOf: string) => {
    const out: Record<string, string[]> = {};
    for (const s of ['warning', 'yellow', 'red']) out[s] = ids(await list(`state=${s}&dept=D4&asOf=${enc(asOf)}`));
    return out;
  };
  const metricCards = async (asOf: string) => {
    const r = await env.as.inspector.get(`/api/metrics?ids=warning,yellow_open,red_open&dept=D4&asOf=${enc(asOf)}`);
    const m = r.body.rows[0].metrics;
    return [m.warning.value, m.yellow_open.value, m.red_open.value];
  };

  test.each([
    // During the Spring Festival the due date is 3 working days away (02-05 … 02-10 minus the 补正 days counted in the due date).
    ['2025-01-30T12:00:00+08:00', null],
    // Inside the 补正 interval: suspended, no card whatever the dates say.
    ['2025-02-06T12:00:00+08:00', null],
    // (02-07, 02-10] = {02-08, 02-10} = 2 working days > warn_days 1.
    ['2025-02-07T23:59:59+08:00', null],
    // 02-08 is a 调休 Saturday: (02-08, 02-10] = {02-10} = 1 → 预警 from 00:00 of 02-08.
    ['2025-02-08T00:00:00+08:00', 'warning'],
    // Sunday 02-09: still 1 working day left.
    ['2025-02-09T12:00:00+08:00', 'warning'],
    // as_of = due_at exactly: still 预警.
    ['2025-02-10T23:59:59+08:00', 'warning'],
    // One second later: past the promised deadline → 黄牌.
    ['2025-02-11T00:00:00+08:00', 'yellow'],
    ['2025-02-17T23:59:59+08:00', 'yellow'],
    // Past the legal deadline → 红牌.
    ['2025-02-18T00:00:00+08:00', 'red'],
  ])('K1 at %s → %s', async (asOf, card) => {
    expect(await cardOf('K1', asOf)).toBe(card);
    const s = await states(asOf);
    for (const c of ['warning', 'yellow', 'red']) expect(s[c]!.includes('K1')).toBe(card === c);
  });

  test('K2 is 黄牌 before its open suspension and carries no card from its start on', async () => {
    expect(await cardOf('K2', '2025-02-05T08:59:59+08:00')).toBe('yellow');
    expect(await cardOf('K2', '2025-02-05T09:00:00+08:00')).toBeNull();
    // Past its legal deadline (02-08) but suspended: still no card, neither in the list nor in the metrics.
    expect(await cardOf('K2', '2025-02-20')).toBeNull();
    const s = await states('2025-02-20');
    expect(Object.values(s).flat()).not.toContain('K2');
    const detail = await env.as.inspector.get('/api/supervision/cases/K2?asOf=2025-02-20');
    expect(detail.body.clock).toEqual(expect.objectContaining({ open: true, suspended: true, card: null }));
  });

  test.each(['2025-02-04', '2025-02-08', '2025-02-11', '2025-02-18', '2025-02-20'])('list totals equal the card metrics of D4 at %s', async (asOf) => {
    const s = await states(asOf);
    expect([s.warning!.length, s.yellow!.length, s.red!.length]).toEqual(await metricCards(asOf));
  });

  test('overdue working days skip holidays and count 调休 days', async () => {
    // K1 at 02-14: due 02-10 → (02-10, 02-14] = 02-11 … 02-14 = 4.
    const body = await list(`state=yellow&dept=D4&asOf=2025-02-14`);
    expect(body.rows.find((r) => r.caseId === 'K1')!.overdueWorkdays).toBe(4);
    // K2 at 02-04 (before its suspension): due 01-26 → (01-26, 02-04] = {01-27} = 1 (the festival does not count).
    const k2 = await list(`state=yellow&dept=D4&asOf=2025-02-04`);
    expect(k2.rows.map((r) => [r.caseId, r.overdueWorkdays])).toEqual([['K2', 1]]);
    // minOverdue filters on it.
    expect(ids(await list(`state=yellow&dept=D4&asOf=2025-02-14&minOverdue=5`))).toEqual([]);
    expect(ids(await list(`state=yellow&dept=D4&asOf=2025-02-14&minOverdue=4`))).toEqual(['K1']);
  });

  test('the SQL overdue days (calendar.workday_seq) agree with etl/clock overdueWorkdays on every case', async () => {
    const calendar = await loadCalendar(env.t.db);
    for (const asOf of ['2025-02-04', '2025-02-14', '2025-03-10']) {
      const asOfMs = Date.parse(`${asOf}T23:59:59+08:00`);
      const body = await list(`base=accepted&from=2024-01-01&to=2025-02-28&asOf=${asOf}&pageSize=200`);
      expect(body.total).toBe(body.rows.length);
      for (const r of body.rows) {
        // No deadline, or withdrawn by as_of (C8, 01-23): no overdue figure.
        if (r.dueDate === null || r.status === 'withdrawn') {
          expect(r.overdueWorkdays, r.caseId).toBeNull();
          continue;
        }
        const end = r.finishedAt !== null && Date.parse(r.finishedAt) <= asOfMs ? Date.parse(r.finishedAt) : asOfMs;
        expect(r.overdueWorkdays, `${r.caseId} at ${asOf}`).toBe(overdueWorkdays(r.dueDate, end, calendar));
      }
    }
  });
});

describe('every count figure opens down to exactly its cases (drill-down)', () => {
  const COUNT_METRICS = METRICS.filter((m) => m.kind === 'count').map((m) => m.id);

  async function checkDrills(query: string, client: TestClient): Promise<number> {
    const r = await client.get(`/api/metrics?${query}&ids=${COUNT_METRICS.join(',')}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    let checked = 0;
    for (const row of r.body.rows) {
      for (const id of COUNT_METRICS) {
        const drill = row.drill[id] as { path: string; query: Record<string, string> };
        expect(drill.path).toBe('/api/supervision/cases');
        const qs = new URLSearchParams({ ...drill.query, pageSize: '1' }).toString();
        const listed = await client.get(`${drill.path}?${qs}`);
        expect(listed.status, `${id} ${qs}: ${JSON.stringify(listed.body)}`).toBe(200);
        expect(listed.body.total, `${id} of ${JSON.stringify(row.unit)} (${qs})`).toBe(row.metrics[id].value);
        checked++;
      }
    }
    return checked;
  }

  test.each([
    [`${P}`, 'inspector'],
    [`${P}&asOf=2025-02-10`, 'inspector'],
    [`${P}&groupBy=region`, 'inspector'],
    [`${P}&groupBy=region&level=county&asOf=2025-02-17`, 'inspector'],
    [`${P}&groupBy=dept`, 'leader'],
    [`${P}&groupBy=item&channel=window,online`, 'evaluator'],
    [`${P}&region=330100&groupBy=region`, 'inspector'],
    [`from=2025-01-01&to=2025-02-28&groupBy=region&level=county`, 'dept1'],
    [`from=2025-01-01&to=2025-02-28&groupBy=dept&asOf=2025-02-12`, 'deptRegion'],
    [`from=2025-01-01&to=2025-02-28&ratingChannel=pc,app`, 'inspector'],
  ] as const)('%s as %s', async (query, who) => {
    expect(await checkDrills(query, env.as[who])).toBeGreaterThan(0);
  });

  test('the catalogue metric says it has no cases', async () => {
    const r = await env.as.inspector.get('/api/supervision/cases?base=catalogue');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('no_cases_for_catalogue');
  });
});

describe('the list: paging, sorting, validation, scope, masking', () => {
  test('stable paging: pages concatenate to the whole ordered list', async () => {
    const all = await list(`base=accepted&from=2025-01-01&to=2025-02-28&sort=-due_date&pageSize=200`);
    expect(all.total).toBe(all.rows.length);
    const pages: string[] = [];
    for (let page = 1; page <= Math.ceil(all.total / 3); page++) {
      pages.push(...(await list(`base=accepted&from=2025-01-01&to=2025-02-28&sort=-due_date&pageSize=3&page=${page}`)).rows.map((r) => r.caseId));
    }
    expect(pages).toEqual(all.rows.map((r) => r.caseId));
    // Ties on due_date are broken by case_id.
    const dues = all.rows.map((r) => r.dueDate ?? '');
    for (let i = 1; i < all.rows.length; i++) {
      const [a, b] = [all.rows[i - 1]!, all.rows[i]!];
      if (a.dueDate !== null && b.dueDate !== null) expect(a.dueDate >= b.dueDate).toBe(true);
      if (a.dueDate === b.dueDate) expect(a.caseId < b.caseId).toBe(true);
    }
    expect(dues.length).toBe(all.total);
  });

  test.each([
    ['pageSize=201', 400],
    ['page=0', 400],
    ['sort=applicant_id_hash', 400],
    ['sort=rated_at', 400],
    ['state=purple', 400],
    ['stat=red', 400],
    ['state=red&base=finished', 400],
    ['state=red,late_finished', 400],
    ['card=red', 400],
    ['bad=1', 400],
    ['regionSelf=1', 400],
    ['region=999999', 400],
    ['asOf=yesterday', 400],
    ['state=red&sort=-overdue&pageSize=200', 200],
  ])('%s → %i', async (query, status) => {
    const r = await env.as.inspector.get(`/api/supervision/cases?${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    if (status === 400) expect(r.body.error.message).toMatch(/ \/ /);
  });

  test('a dept user sees only its scope, applied in SQL (totals, not just rows)', async () => {
    const all = await list(`base=accepted&from=2025-01-01&to=2025-02-28&pageSize=200`);
    const d1 = await list(`base=accepted&from=2025-01-01&to=2025-02-28&pageSize=200`, env.as.dept1);
    expect(d1.total).toBe(d1.rows.length);
    expect(d1.rows.every((r) => r.deptCode === 'D1')).toBe(true);
    expect(d1.total).toBe(all.rows.filter((r) => r.deptCode === 'D1').length);
    // Asking for another dept's cases gives nothing, not an error that reveals them.
    expect((await list(`base=accepted&from=2025-01-01&to=2025-02-28&dept=D2`, env.as.dept1)).total).toBe(0);
    // A region scope covers its subtree, including codes that climb into it (330106002000 → 330106).
    const region = await list(`base=accepted&from=2025-01-01&to=2025-02-28&pageSize=200`, env.as.deptRegion);
    expect(region.rows.map((r) => r.regionCode).every((c) => c.startsWith('330106'))).toBe(true);
    expect(ids(region)).toContain('C12');
  });

  test('applicant data: hash prefix to inspector/admin only, phone always masked, nothing to evaluators', async () => {
    const q = `base=open&dept=D4&asOf=2025-02-10`;
    const byRole = async (c: TestClient) => (await list(q, c)).rows.find((r) => r.caseId === 'K1')!.applicant;
    const inspector = await byRole(env.as.inspector);
    expect(inspector!.idHashPrefix).toMatch(/^[0-9a-f]{8}…$/);
    expect(inspector!.phone).toBe('138****5678');
    expect((await byRole(env.as.admin))!.idHashPrefix).toBe(inspector!.idHashPrefix);
    for (const who of ['leader', 'dept4'] as const) {
      const a = await byRole(env.as[who]);
      expect(a).toEqual({ type: 'person', idHashPrefix: null, phone: '138****5678' });
    }
    expect(await byRole(env.as.evaluator)).toBeNull();
    const raw = await env.as.evaluator.get(`/api/supervision/cases?${q}`);
    expect(JSON.stringify(raw.body)).not.toMatch(/138\*\*\*\*5678|[0-9a-f]{16}/);
  });

  test('state=anomaly lists the cases of the latest generation with their evidence', async () => {
    const { recomputeAnomalies } = await import('../etl/anomalies/recompute.ts');
    const { loadCalendar } = await import('../etl/load/context.ts');
    await recomputeAnomalies(env.t.db, { now: Date.parse('2025-02-28T12:00:00+08:00'), calendar: await loadCalendar(env.t.db), trigger: 'test' });
    const r = await list(`state=anomaly&from=2025-01-01&to=2025-02-28&anomalyType=no_process,time_inversion,instant_finish,offhours_bulk`);
    expect(r.total).toBeGreaterThan(0);
    for (const row of r.rows) {
      expect(row.anomalyTypes.length).toBeGreaterThan(0);
      expect(row.anomalies!.length).toBeGreaterThan(0);
      expect(row.anomalies![0]!.evidence).toEqual(expect.any(Object));
    }
    // no_process: finished cases with N ≥ 1 and no review/decide step, e.g. C1.
    expect(ids(await list(`state=anomaly&anomalyType=no_process&from=2025-01-01&to=2025-02-28&pageSize=200`))).toContain('C1');
    // state=anomaly (default: the four case types) is the numerator of anomaly_rate, the accepted base its denominator.
    for (const [who, q] of [['inspector', 'from=2025-01-01&to=2025-02-28'], ['dept1', 'from=2025-01-01&to=2025-02-28&channel=window']] as const) {
      const m = (await env.as[who].get(`/api/metrics?ids=anomaly_rate&${q}`)).body.rows[0].metrics.anomaly_rate;
      expect((await list(`state=anomaly&${q}`, env.as[who])).total).toBe(m.numerator);
      expect((await list(`base=accepted&${q}`, env.as[who])).total).toBe(m.denominator);
    }
  });
});

describe('case detail', () => {
  test('timeline, deadlines with the explanation, suspensions, steps, item; audited', async () => {
    const r = await env.as.inspector.get('/api/supervision/cases/K1?asOf=2025-02-14');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const d = r.body;
    expect(d.case).toEqual(expect.objectContaining({ caseId: 'K1', itemName: '食品经营许可', deptName: '上城区行政审批局', regionName: '上城区', status: 'in_progress' }));
    expect(d.item).toEqual(expect.objectContaining({ code: 'I1', promisedLimit: 5, legalLimit: 10, limitUnit: 'workday' }));
    expect(d.deadline).toEqual(expect.objectContaining({ dueDate: '2025-02-10', legalDueDate: '2025-02-17', extWorkdays: 2, dueAt: '2025-02-10T23:59:59+08:00' }));
    // errata.md: 受理 2025-01-24 (周五)，承诺 5 个工作日，补正 2 个工作日 → 应办结 2025-02-10.
    expect(d.deadline.explanation).toContain('受理 2025-01-24 (周五)');
    expect(d.deadline.explanation).toContain('1/26 调休上班计入');
    expect(d.deadline.explanation).toContain('补正 2 个工作日');
    expect(d.deadline.explanation).toContain('应办结 2025-02-10');
    expect(d.suspensions).toEqual([{ start: '2025-02-05T10:00:00+08:00', end: '2025-02-07T10:00:00+08:00', workdays: 2, naturalDays: 2, label: '补正' }]);
    expect(d.steps.map((s: { seq: number; actorId: string; durationSeconds: number | null; durationBasis: string | null }) => [s.seq, s.actorId, s.durationSeconds, s.durationBasis])).toEqual([
      [1, 'staff-01', 300, 'ended_at'],
      [2, 'staff-02', Date.parse('2025-02-05T10:00:00+08:00') / 1000 - Date.parse('2025-01-27T09:00:00+08:00') / 1000, 'next_step'],
      [3, 'staff-02', 2 * 86_400, 'ended_at'],
    ]);
    // At 02-14: 黄牌, 4 working days past due; elapsed = (01-24, 02-14] working days (01-26, 01-27, 02-05 … 02-08,
    // 02-10 … 02-14 = 11) − 2 suspended = 9.
    expect(d.clock).toEqual({ open: true, suspended: false, card: 'yellow', elapsedWorkdays: 9, overdueWorkdays: 4, legalOverdueWorkdays: 0 });
    const audit = await env.as.admin.get('/api/admin/audit?action=case.view&target=K1');
    expect(audit.body.rows.some((e: { username: string }) => e.username === 'inspector-user')).toBe(true);
  });

  test('ratings: comments hidden from evaluators, never an applicant hash', async () => {
    const insp = await env.as.inspector.get('/api/supervision/cases/K4?asOf=2025-03-16');
    expect(insp.body.ratings).toEqual([expect.objectContaining({
      ratingId: 'RK1', level: 1, comment: RK1_COMMENT_MASKED, badStatus: 'overdue', rectifyLimitAt: '2025-03-14T23:59:59+08:00',
    })]);
    // K4 finished 02-20 10:00 after its legal due date 02-18: 红牌 for the record.
    expect(insp.body.clock).toEqual(expect.objectContaining({ open: false, card: 'red', overdueWorkdays: 7, legalOverdueWorkdays: 2 }));
    for (const who of ['leader', 'dept4'] as const) {
      expect((await env.as[who].get('/api/supervision/cases/K4')).body.ratings[0].comment).toBe(RK1_COMMENT_MASKED);
    }
    const ev = await env.as.evaluator.get('/api/supervision/cases/K4');
    expect(ev.status).toBe(200);
    expect(ev.body.case.applicant).toBeNull();
    expect(ev.body.ratings[0].comment).toBeNull();
    const text = JSON.stringify(ev.body);
    expect(text).not.toContain('13900001111');
    expect(text).not.toMatch(/[0-9a-f]{16}|138\*\*\*\*5678/);
  });

  test('out of scope or unknown: 404 without revealing existence', async () => {
    const other = await env.as.dept1.get('/api/supervision/cases/K1');
    const unknown = await env.as.dept1.get('/api/supervision/cases/NOPE');
    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(other.body).toEqual(unknown.body);
    expect((await env.as.dept4.get('/api/supervision/cases/K1')).status).toBe(200);
  });
});

describe('exports', () => {
  async function download(client: TestClient, path: string): Promise<{ status: number; buf: Buffer; type: string | null; body: string }> {
    const res = await fetch(client.url + path, { headers: { cookie: await cookieOf(client) } });
    const buf = Buffer.from(await res.arrayBuffer());
    return { status: res.status, buf, type: res.headers.get('content-type'), body: buf.toString('utf8') };
  }
  // The test client keeps its cookie private; a GET through it returns text, so fetch the bytes with the same cookie.
  const cookies = new Map<TestClient, string>();
  async function cookieOf(client: TestClient): Promise<string> {
    return cookies.get(client) ?? '';
  }

  beforeAll(async () => {
    // Sign in fresh sessions whose cookies we hold.
    for (const [who, user] of [['inspector', 'inspector-user'], ['dept1', 'dept1-user'], ['evaluator', 'evaluator-user']] as const) {
      const res = await fetch(`${env.as[who].url}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: 'password-12345' }),
      });
      cookies.set(env.as[who], res.headers.get('set-cookie')!.split(';')[0]!);
    }
  });

  const Q = 'base=accepted&from=2025-01-01&to=2025-02-28&asOf=2025-02-14';

  test('XLSX: Chinese headers, frozen header, dates as dates, masking; equals the list', async () => {
    const { status, buf, type } = await download(env.as.inspector, `/api/supervision/cases/export?format=xlsx&${Q}&sort=case_id`);
    expect(status).toBe(200);
    expect(type).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 1 }));
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['办件编号', '事项名称', '实施部门', '行政区划', '受理时间', '应办结日期', '法定办结日期', '超期工作日', '监察状态', '申请人标识(前缀)', '联系电话(脱敏)']));
    const listed = await list(`${Q}&sort=case_id&pageSize=200`);
    expect(ws.rowCount - 1).toBe(listed.total);
    const col = (name: string) => header.indexOf(name) + 1;
    const k1 = ws.getRows(2, ws.rowCount - 1)!.find((row) => row.getCell(col('办件编号')).value === 'K1')!;
    // Beijing wall time as an Excel date: 2025-01-24 10:00.
    expect(k1.getCell(col('受理时间')).value).toEqual(new Date(Date.UTC(2025, 0, 24, 10, 0, 0)));
    expect(k1.getCell(col('应办结日期')).value).toEqual(new Date(Date.UTC(2025, 1, 10)));
    expect(k1.getCell(col('应办结日期')).numFmt).toBe('yyyy-mm-dd');
    expect(k1.getCell(col('超期工作日')).value).toBe(4);
    expect(k1.getCell(col('监察状态')).value).toBe('黄牌');
    expect(k1.getCell(col('事项名称')).value).toBe('食品经营许可');
    expect(String(k1.getCell(col('申请人标识(前缀)')).value)).toMatch(/^[0-9a-f]{8}…$/);
    expect(k1.getCell(col('联系电话(脱敏)')).value).toBe('138****5678');
  });

  test('CSV: BOM, header, dept scope only, audited with filters and row count', async () => {
    const { status, body, type } = await download(env.as.dept1, `/api/supervision/cases/export?format=csv&${Q}`);
    expect(status).toBe(200);
    expect(type).toContain('text/csv');
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const lines = body.slice(1).trim().split('\r\n');
    const header = lines[0]!.split(',');
    expect(header[0]).toBe('办件编号');
    expect(header).not.toContain('申请人标识(前缀)');
    const deptCol = header.indexOf('部门编码');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r[deptCol] === 'D1')).toBe(true);
    const listed = await list(Q, env.as.dept1);
    expect(rows.length).toBe(listed.total);
    const audit = await env.as.admin.get('/api/admin/audit?action=cases.export&user=dept1-user');
    expect(audit.body.rows[0]).toEqual(expect.objectContaining({ target: 'csv', detail: expect.objectContaining({ rows: listed.total, filters: expect.objectContaining({ base: 'accepted', format: 'csv' }) }) }));
  });

  test('evaluator exports carry no applicant columns', async () => {
    const { body } = await download(env.as.evaluator, `/api/supervision/cases/export?format=csv&${Q}`);
    const header = body.slice(1).split('\r\n')[0]!;
    expect(header).not.toMatch(/申请人|联系电话/);
    expect(body).not.toContain('138****5678');
  });

  test('the row cap refuses with a clear message', async () => {
    process.env.TIANPING_EXPORT_MAX_ROWS = '3';
    try {
      const { status, body } = await download(env.as.inspector, `/api/supervision/cases/export?format=csv&${Q}`);
      expect(status).toBe(400);
      expect(JSON.parse(body).error).toEqual(expect.objectContaining({ code: 'export_too_large', message: expect.stringContaining('超过上限 3 行') }));
    } finally {
      delete process.env.TIANPING_EXPORT_MAX_ROWS;
    }
  });
});
