// Evaluation (metrics.md: Composite indices; api.md) against a real ClickHouse:
// index systems, external indicators, frozen scorecards, recompute, exports
// (XLSX / CSV / PDF) and their verification.
//
// Fixture (March 2025, item I1, 5 working days; on time = finished the next
// working day, late = accepted weeks earlier):
//   dept  finished / on time   ontime_rate   survey (external)
//   DA    3 / 3                1.00          90
//   DB    300 / 291            0.97          80
//   DC    10 / 5               0.50          —
//   DD    40 / 38              0.95          —
//   DE    40 / 38              0.95          —
// System "ontime" (minSample 0): 时效 1 = ontime_rate linear 0.5 + survey target 100 0.5.
//   DA 0.5·100 + 0.5·90 = 95; DB 0.5·97 + 0.5·80 = 88.5; DC, DD, DE: survey missing →
//   ontime alone: 50, 95, 95. Ranks: DA, DD, DE 1 (tie); DB 4; DC 5.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../server/app.ts';
import type { Scorecard } from '../server/api/evaluation-schemas.ts';
import { ensureBootstrapAdmin } from '../server/auth/users.ts';
import { toPdf } from '../server/evaluation/export.ts';
import { generateMonthlyNotice } from '../server/evaluation/notices.ts';
import { isMetricId } from '../server/metrics/index.ts';
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
const ON_TIME = ['2025-03-03T09:00:00', '2025-03-04T10:00:00'] as const;
const LATE = ['2025-02-10T09:00:00', '2025-03-05T10:00:00'] as const;

function cases(counts: Array<[string, number, number]>, prefix: string): object[] {
  const out: object[] = [];
  for (const [dept, total, onTime] of counts) {
    const unit = UNITS.find((u) => u.dept === dept)!;
    for (let i = 0; i < total; i++) {
      const [accepted, finished] = i < onTime ? ON_TIME : LATE;
      out.push(caseRow({ id: `${prefix}-${dept}-${i}`, item: 'I1', dept, region: unit.region, channel: 'online', trips: 0, status: 'finished', accepted, finished }));
    }
  }
  return out;
}

async function importCases(t: TestDb, files: Record<string, string>): Promise<void> {
  const { dir, remove } = writeFixtureDir(files);
  try {
    await importDir(t.db, dir);
  } finally {
    remove();
  }
}

let t: TestDb;
let admin: TestClient;
const cookies: Record<string, string> = {};
const ARTIFACTS = resolve('test-artifacts');

async function login(username: string, password: string): Promise<string> {
  const res = await fetch(`${admin.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function call(who: string, method: string, path: string, body?: unknown, contentType = 'application/json') {
  const res = await fetch(admin.url + path, {
    method,
    headers: { cookie: cookies[who]!, ...(body === undefined ? {} : { 'content-type': contentType }) },
    body: body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const buf = Buffer.from(await res.arrayBuffer());
  let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted field by field
  try { json = JSON.parse(buf.toString('utf8')); } catch { json = undefined; }
  return { status: res.status, json, buf, headers: res.headers };
}

beforeAll(async () => {
  t = await freshDatabase('evaluation');
  await importCases(t, {
    'regions.csv': `region_code,region_name,parent_code\n330000,浙江省,\n330100,杭州市,330000\n${UNITS.map((u) => `${u.region},${u.name},330100`).join('\n')}\n`,
    'depts.csv': `dept_code,dept_name,region_code\n${UNITS.map((u) => `${u.dept},${u.name}政务服务中心,${u.region}`).join('\n')}\n`,
    'items.ndjson': ndjson([{ item_code: 'I1', item_name: '食品经营许可', item_type: 'permit', dept_code: 'DA', region_code: '330100',
      promised_limit: 5, legal_limit: 10, limit_unit: 'workday', updated_at: '2024-12-01T00:00:00+08:00' }]),
    'cases.ndjson': ndjson(cases([['DA', 3, 3], ['DB', 300, 291], ['DC', 10, 5], ['DD', 40, 38], ['DE', 40, 38]], 'm1')),
  });
  await ensureBootstrapAdmin(t.db, 'root:root-password-1');
  admin = await listen(createApp({ db: t.db, secret: 'evaluation-test-secret-0123456789' }));
  expect((await admin.login('root', 'root-password-1')).status).toBe(200);
  for (const [username, role, scope] of [['eva', 'evaluator', undefined], ['lead', 'leader', undefined], ['deptb', 'dept', { depts: ['DB'], regions: [] }]] as const) {
    const r = await admin.post('/api/admin/users', { username, role, password: 'password-123', ...(scope ? { scope } : {}) });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    cookies[username] = await login(username, 'password-123');
  }
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await admin?.close();
  await t?.drop();
});

const leaf = (name: string, source: object, weight: number, normalization: object = { method: 'linear' }) => ({ name, weight, source, normalization });
const ONTIME_SYSTEM = {
  code: 'ontime', name: '时效与满意度指数', minSample: 0,
  children: [{ name: '时效', weight: 1, children: [
    leaf('按时办结率', { kind: 'metric', id: 'ontime_rate' }, 0.5),
    leaf('问卷满意度', { kind: 'external', code: 'survey' }, 0.5, { method: 'target', params: { target: 100 } }),
  ] }],
};

describe('index systems', () => {
  test('weights that do not sum to 1 are a 400 naming the node; an unknown metric is a 400', async () => {
    const bad = structuredClone(ONTIME_SYSTEM);
    bad.children[0]!.children[1]!.weight = 0.45;
    const r = await call('eva', 'POST', '/api/evaluation/index-systems', bad);
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_weights');
    expect(r.json.error.message).toContain('「时效」');
    expect(r.json.error.message).toContain('"时效"');
    const unknown = structuredClone(ONTIME_SYSTEM);
    (unknown.children[0]!.children[0]!.source as { id: string }).id = 'nope_rate';
    const u = await call('eva', 'POST', '/api/evaluation/index-systems', unknown);
    expect(u.status).toBe(400);
    expect(u.json.error.code).toBe('unknown_metric');
    expect((await call('lead', 'POST', '/api/evaluation/index-systems', ONTIME_SYSTEM)).status).toBe(403);
  });

  test('POST appends immutable versions; the list has the built-in default', async () => {
    const v1 = await call('eva', 'POST', '/api/evaluation/index-systems', ONTIME_SYSTEM);
    expect(v1.status, JSON.stringify(v1.json)).toBe(201);
    expect(v1.json.id).toBe('ontime-v1');
    const v2 = await call('eva', 'POST', '/api/evaluation/index-systems', { ...ONTIME_SYSTEM, name: '时效指数 v2' });
    expect(v2.json.id).toBe('ontime-v2');
    const list = await call('admin' in cookies ? 'admin' : 'eva', 'GET', '/api/evaluation/index-systems');
    const ids = list.json.systems.map((s: { id: string }) => s.id);
    expect(ids).toEqual(['default-v1', 'ontime-v1', 'ontime-v2']);
    // The export is the import format: v1 is unchanged by v2.
    const one = await call('eva', 'GET', '/api/evaluation/index-systems/ontime-v1');
    expect(one.json.name).toBe('时效与满意度指数');
    expect(one.json.children).toEqual(ONTIME_SYSTEM.children);
  });
});

describe('external indicators', () => {
  test('the template is a CSV with the columns', async () => {
    const r = await call('eva', 'GET', '/api/evaluation/external-indicators/template');
    expect(r.status).toBe(200);
    expect(r.buf.toString('utf8')).toMatch(/^\uFEFFindicator_code,unit_kind,unit_code,period_from,period_to,value\r\n/);
  });

  test('a file with one bad row imports nothing and reports that row; a good file imports', async () => {
    const bad = 'indicator_code,unit_kind,unit_code,period_from,period_to,value\nsurvey,dept,DA,2025-03-01,2025-03-31,90\nsurvey,dept,DZZ,2025-03-01,2025-03-31,80\n';
    const r = await call('eva', 'POST', '/api/evaluation/external-indicators', bad, 'text/csv');
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_rows');
    expect(r.json.error.rows).toEqual([{ line: 3, column: 'unit_code', message: expect.stringContaining('DZZ') }]);
    const range = 'indicator_code,unit_kind,unit_code,period_from,period_to,value\nsurvey,dept,DA,2025-03-01,2025-03-31,190\nsurvey,dept,DA,2025-03-01,2025-03-31,90\nsurvey,dept,DA,2025-03-01,2025-03-31,91\n';
    const rr = await call('eva', 'POST', '/api/evaluation/external-indicators', range, 'text/csv');
    expect(rr.json.error.rows.map((e: { line: number; column: string | null }) => [e.line, e.column])).toEqual([[2, 'value'], [4, null]]);
    expect((await call('eva', 'GET', '/api/evaluation/external-indicators')).json.values).toEqual([]);

    const good = '\uFEFFindicator_code,unit_kind,unit_code,period_from,period_to,value\r\nsurvey,dept,DA,2025-03-01,2025-03-31,90\r\nsurvey,dept,DB,2025-03-01,2025-03-31,80\r\n';
    const g = await call('eva', 'POST', '/api/evaluation/external-indicators', good, 'text/csv');
    expect(g.status, JSON.stringify(g.json)).toBe(201);
    expect(g.json.imported).toBe(2);
    const list = await call('eva', 'GET', '/api/evaluation/external-indicators');
    expect(list.json.values.map((v: { unitCode: string; value: number }) => [v.unitCode, v.value])).toEqual([['DA', 90], ['DB', 80]]);
  });

  test('an XLSX upload (first sheet, real dates and numbers) imports the same way', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('暗访');
    sheet.addRow(['indicator_code', 'unit_kind', 'unit_code', 'period_from', 'period_to', 'value']);
    sheet.addRow(['mystery', 'dept', 'DA', new Date(Date.UTC(2025, 2, 1)), new Date(Date.UTC(2025, 2, 31)), 87.5]);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const r = await call('eva', 'POST', '/api/evaluation/external-indicators', file,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json.imported).toBe(1);
    const list = await call('eva', 'GET', '/api/evaluation/external-indicators?code=mystery');
    expect(list.json.values.map((v: { unitCode: string; value: number; periodFrom: string }) => [v.unitCode, v.value, v.periodFrom]))
      .toEqual([['DA', 87.5, '2025-03-01']]);
    // A bad cell in an XLSX is reported by row like a CSV's.
    sheet.addRow(['mystery', 'dept', 'DA', new Date(Date.UTC(2025, 3, 1)), new Date(Date.UTC(2025, 3, 30)), 101]);
    const bad = await call('eva', 'POST', '/api/evaluation/external-indicators', Buffer.from(await book.xlsx.writeBuffer()),
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(bad.status).toBe(400);
    expect(bad.json.error.rows).toEqual([{ line: 3, column: 'value', message: expect.any(String) }]);
  });
});

let card: Scorecard;

describe('scorecards', () => {
  test('computes by hand-checked numbers, frozen with a SHA-256', async () => {
    const started = performance.now();
    const r = await call('eva', 'POST', '/api/evaluation/scorecards', { systemId: 'ontime-v1', from: '2025-03-01', to: '2025-03-31', by: 'dept' });
    console.log(`scorecard compute+store (fixture): ${(performance.now() - started).toFixed(0)} ms`);
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    card = r.json;
    expect(card.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(card.system.id).toBe('ontime-v1');
    expect(card.dataWatermark.facts.cases!.rows).toBe('393');
    const table = card.lines.map((l) => [l.unit.code, l.rank, l.composite]);
    expect(table.map(([c, r]) => [c, r])).toEqual([['DA', 1], ['DD', 1], ['DE', 1], ['DB', 4], ['DC', 5]]);
    const byCode = Object.fromEntries(card.lines.map((l) => [l.unit.code, l]));
    expect(byCode.DA!.composite).toBeCloseTo(95, 9);
    expect(byCode.DB!.composite).toBeCloseTo(88.5, 9);
    expect(byCode.DC!.composite).toBeCloseTo(50, 9);
    expect(byCode.DC!.missingLeaves).toEqual(['ext:survey']);
    expect(byCode.DB!.leaves.ontime_rate!.raw).toMatchObject({ numerator: 291, denominator: 300, n: 300 });
    expect(byCode.DB!.leaves.ontime_rate!.cases).toMatchObject({ path: '/api/supervision/cases', query: { dept: 'DB', base: 'finished' } });
    expect(byCode.DB!.leaves['ext:survey']!.score).toBe(80);
    expect(r.json.lines[0].unit.name).toBe('上城区政务服务中心');
  });

  test('roles: leader reads, a dept user sees only its own lines, dept and leader cannot create', async () => {
    expect((await call('lead', 'GET', `/api/evaluation/scorecards/${card.id}`)).json.lines).toHaveLength(5);
    const d = await call('deptb', 'GET', `/api/evaluation/scorecards/${card.id}`);
    expect(d.status).toBe(200);
    expect(d.json.lines.map((l: { unit: { code: string } }) => l.unit.code)).toEqual(['DB']);
    expect((await call('deptb', 'POST', '/api/evaluation/scorecards', { systemId: 'default', from: '2025-03-01', to: '2025-03-31' })).status).toBe(403);
    expect((await call('lead', 'POST', '/api/evaluation/scorecards', { systemId: 'default', from: '2025-03-01', to: '2025-03-31' })).status).toBe(403);
    const list = await call('eva', 'GET', '/api/evaluation/scorecards');
    expect(list.json.scorecards[0]).toMatchObject({ id: card.id, sha256: card.sha256 });
  });

  test('the default system: 异常办件率 missing everywhere while unregistered (said in the notes)', async () => {
    const r = await call('eva', 'POST', '/api/evaluation/scorecards', { systemId: 'default', from: '2025-03-01', to: '2025-03-31', by: 'dept' });
    expect(r.status).toBe(201);
    expect(r.json.system.name).toBe('电子监察综合指数');
    if (isMetricId('anomaly_rate')) {
      expect(r.json.notes.join('')).not.toContain('异常办件率');
      for (const l of r.json.lines) expect(l.leaves.anomaly_rate.missing).not.toBe('unavailable');
    } else {
      expect(r.json.notes[0]).toContain('异常办件率');
      for (const l of r.json.lines) expect(l.leaves.anomaly_rate.missing).toBe('unavailable');
    }
    // DB (n = 300): ontime 0.97, early 0.97 (on-time cases finish the next working day, before the due date) …
    const db = r.json.lines.find((l: { unit: { code: string } }) => l.unit.code === 'DB');
    expect(db.leaves.ontime_rate.score).toBeCloseTo(97, 9);
    // DA (n = 3) is 样本不足 on every leaf: no composite, no rank.
    const da = r.json.lines.find((l: { unit: { code: string } }) => l.unit.code === 'DA');
    expect(da.leaves.ontime_rate.missing).toBe('insufficient');
    expect(da.composite).toBeNull();
    expect(da.rank).toBeNull();
  });

  test('after more data is imported the stored numbers are identical; recompute shows the differences', async () => {
    // DC gets 10 more on-time cases: 15 / 20 = 0.75 → composite 75.
    await importCases(t, { 'cases.ndjson': ndjson(cases([['DC', 10, 10]], 'm2')) });
    const again = await call('eva', 'GET', `/api/evaluation/scorecards/${card.id}`);
    expect(again.json).toEqual(card);
    const r = await call('eva', 'POST', `/api/evaluation/scorecards/${card.id}/recompute`);
    expect(r.status).toBe(201);
    expect(r.json.scorecard.id).not.toBe(card.id);
    expect(r.json.scorecard.recomputedFrom).toBe(card.id);
    expect(r.json.dataWatermark.before.facts.cases.rows).toBe('393');
    expect(r.json.dataWatermark.after.facts.cases.rows).toBe('403');
    expect(r.json.differences).toHaveLength(1);
    const dc = r.json.differences[0];
    expect(dc.unit.code).toBe('DC');
    expect(dc.composite[0]).toBeCloseTo(50, 9);
    expect(dc.composite[1]).toBeCloseTo(75, 9);
    expect(dc.rank).toEqual([5, 5]);
    expect(dc.leaves.ontime_rate.value).toEqual([0.5, 0.75]);
  });
});

describe('exports and verification', () => {
  const files: Record<string, Buffer> = {};

  test.each(['xlsx', 'csv', 'pdf'] as const)('export %s (audited)', async (format) => {
    const started = performance.now();
    const r = await call('eva', 'GET', `/api/evaluation/scorecards/${card.id}/export?format=${format}`);
    console.log(`export ${format}: ${(performance.now() - started).toFixed(0)} ms, ${r.buf.length} bytes`);
    expect(r.status).toBe(200);
    files[format] = r.buf;
    const auditRows = await t.db.client.query({ query: `SELECT count() AS n FROM audit_log WHERE action = 'scorecard.export' AND target = '${card.id}' AND detail LIKE '%"${format}"%'`, format: 'JSONEachRow' });
    expect(Number((await auditRows.json<{ n: string }>())[0]!.n)).toBe(1);
  });

  test('XLSX reads back: sheets, cells, number formats, frozen header rows', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(files.xlsx as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['封面', '排名', '1-时效', '方法说明']);
    const cover = wb.getWorksheet('封面')!;
    const coverText = JSON.stringify(cover.getSheetValues());
    expect(coverText).toContain(card.sha256);
    expect(coverText).toContain('时效与满意度指数（ontime-v1，版本 1）');
    expect(coverText).toContain('eva');
    const ranking = wb.getWorksheet('排名')!;
    expect(ranking.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ranking.getRow(1).values).toEqual([undefined, '排名', '单位编码', '单位名称', '综合指数', '时效得分', '缺失指标']);
    expect(ranking.getCell('B2').value).toBe('DA');
    expect(ranking.getCell('A2').value).toBe(1);
    expect(ranking.getCell('D2').value).toBeCloseTo(95, 9);
    expect(ranking.getCell('D2').numFmt).toBe('0.00');
    expect(ranking.getCell('F6').value).toContain('问卷满意度');
    const dim = wb.getWorksheet('1-时效')!;
    expect(dim.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(dim.getRow(1).values).toEqual([undefined, '单位编码', '单位名称', '时效得分', '按时办结率·值', '按时办结率·得分', '问卷满意度·值', '问卷满意度·得分']);
    const dbRow = dim.getRow(5);
    expect(dbRow.getCell(1).value).toBe('DB');
    expect(dbRow.getCell(4).value).toBeCloseTo(0.97, 12);
    expect(dbRow.getCell(4).numFmt).toBe('0.0%');
    expect(dbRow.getCell(6).value).toBe(80);
    const method = wb.getWorksheet('方法说明')!;
    expect(method.getCell('H2').value).toBeCloseTo(0.5, 12);
    expect(method.getCell('H2').numFmt).toBe('0.00%');
  });

  test('CSV starts with a BOM and carries the hash', () => {
    const text = files.csv!.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain(`SHA-256,${card.sha256}`);
    expect(text).toContain('\r\n排名,单位编码,单位名称,综合指数,时效得分,缺失指标,按时办结率·值');
  });

  test('PDF: selectable Chinese text with the hash; page 1 renders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tianping-pdf-'));
    try {
      writeFileSync(join(dir, 'card.pdf'), files.pdf!);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'card.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('时效与满意度指数 评估结果');
      expect(text).toContain(card.sha256);
      expect(text).toContain(card.shortCode);
      expect(text).toMatch(/第\s*1\s*\/\s*1\s*页/);
      expect(text).toMatch(/DB\s+西湖区政务服务中心\s+88\.50\s+88\.50/);
      const fonts = execFileSync('pdffonts', [join(dir, 'card.pdf')], { encoding: 'utf8' });
      expect(fonts).toContain('NotoSansCJK');
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', join(dir, 'card.pdf'), join(ARTIFACTS, 'evaluation-scorecard')]);
      expect(readFileSync(join(ARTIFACTS, 'evaluation-scorecard-1.png')).length).toBeGreaterThan(1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const verify = async (file: Buffer) => (await call('deptb', 'POST', '/api/evaluation/scorecards/verify', file, 'application/octet-stream')).json;

  test('untouched files verify', async () => {
    for (const format of ['xlsx', 'csv', 'pdf'] as const) {
      const started = performance.now();
      expect(await verify(files[format]!), format).toMatchObject({ valid: true, scorecardId: card.id });
      console.log(`verify ${format}: ${(performance.now() - started).toFixed(0)} ms`);
    }
  });

  test('a re-saved but unchanged file verifies by content; one changed number fails', async () => {
    // CSV: re-encoded (no byte identity) but the same numbers → valid.
    const csv = files.csv!.toString('utf8');
    expect(await verify(Buffer.from(csv.replace(/\r\n/g, '\n'), 'utf8'))).toMatchObject({ valid: true, scorecardId: card.id });
    const changed = csv.replace(/\r\n4,DB,([^,]*),88\.5,/, '\r\n4,DB,$1,89.5,');
    expect(changed).not.toBe(csv);
    const bad = await verify(Buffer.from(changed, 'utf8'));
    expect(bad).toMatchObject({ valid: false, scorecardId: card.id });
    expect(bad.reason).toContain('DB');

    // XLSX: re-saved through exceljs unchanged → valid; one leaf value changed → invalid.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(files.xlsx as unknown as ArrayBuffer);
    const resaved = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await verify(resaved)).toMatchObject({ valid: true, scorecardId: card.id });
    wb.getWorksheet('1-时效')!.getRow(5).getCell(4).value = 0.98;
    const tampered = await verify(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(tampered).toMatchObject({ valid: false, scorecardId: card.id });
    expect(tampered.reason).toContain('按时办结率·值');

    // PDF: a forged file (same hash printed, one composite changed) fails.
    const forged = structuredClone(card);
    forged.lines.find((l) => l.unit.code === 'DB')!.composite = 90.5;
    const pdf = await toPdf(forged, forged.lines, { generatedAt: card.createdAt, generatedBy: 'eva' });
    const p = await verify(pdf);
    expect(p).toMatchObject({ valid: false, scorecardId: card.id });
    expect(p.reason).toContain('90.50');

    // A file from nowhere.
    expect(await verify(Buffer.from('hello'))).toMatchObject({ valid: false, scorecardId: null });
  });
});

describe('composite rankings (index:<id>)', () => {
  test('ranks by the composite with the previous period; a dept user sees only its rows', async () => {
    const r = await call('lead', 'GET', '/api/evaluation/rankings?metric=index:ontime-v1&from=2025-03-01&to=2025-03-31&by=dept');
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.metric).toMatchObject({ id: 'index:ontime-v1', name: '时效与满意度指数' });
    expect(r.json.prevPeriod).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    // After the second import DC is 75: DA, DD, DE 95 (1), DB 88.5 (4), DC 75 (5); no February data.
    expect(r.json.rows.map((x: { unit: { code: string }; rank: number; prevRank: number | null }) => [x.unit.code, x.rank, x.prevRank]))
      .toEqual([['DA', 1, null], ['DD', 1, null], ['DE', 1, null], ['DB', 4, null], ['DC', 5, null]]);
    const bottom = await call('lead', 'GET', '/api/evaluation/rankings?metric=index:ontime&from=2025-03-01&to=2025-03-31&by=dept&bottom=1');
    expect(bottom.json.rows.map((x: { unit: { code: string } }) => x.unit.code)).toEqual(['DC']);
    const mine = await call('deptb', 'GET', '/api/evaluation/rankings?metric=index:ontime-v1&from=2025-03-01&to=2025-03-31&by=dept');
    expect(mine.json.rows.map((x: { unit: { code: string }; rank: number }) => [x.unit.code, x.rank])).toEqual([['DB', 4]]);
  });
});

describe('PDF pagination', () => {
  test('a long table repeats its header on every page and numbers the pages', async () => {
    const many = structuredClone(card);
    const proto = many.lines[0]!;
    many.lines = Array.from({ length: 70 }, (_, i) => ({ ...proto, unit: { ...proto.unit, code: `U${String(i).padStart(3, '0')}` }, rank: i + 1 }));
    const pdf = await toPdf(many, many.lines, { generatedAt: card.createdAt, generatedBy: 'eva' });
    const dir = mkdtempSync(join(tmpdir(), 'tianping-pdf-'));
    try {
      writeFileSync(join(dir, 'many.pdf'), pdf);
      const pages = execFileSync('pdftotext', ['-layout', join(dir, 'many.pdf'), '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
      expect(pages.length).toBeGreaterThanOrEqual(3);
      pages.forEach((page, i) => {
        expect(page).toMatch(/排名\s+单位编码\s+单位名称\s+综合指数/);
        expect(page).toMatch(new RegExp(`第\\s*${i + 1}\\s*/\\s*${pages.length}\\s*页`));
        expect(page).toContain(card.sha256);
      });
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '2', '-l', '2', join(dir, 'many.pdf'), join(ARTIFACTS, 'evaluation-scorecard-long')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('monthly notice', () => {
  test('generates the previous month of the default system, listed for leaders', async () => {
    const notice = await generateMonthlyNotice(t.db, Date.parse('2025-04-01T01:00:00+08:00'));
    expect(notice.month).toBe('2025-03');
    const r = await call('lead', 'GET', '/api/evaluation/notices');
    expect(r.status).toBe(200);
    expect(r.json.notices[0]).toMatchObject({ id: notice.id, month: '2025-03', scorecardId: notice.scorecardId });
    expect((await call('deptb', 'GET', '/api/evaluation/notices')).status).toBe(403);
  });
});
