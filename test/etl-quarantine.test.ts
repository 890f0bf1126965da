// End to end: files mixing good and bad rows of every kind (NDJSON, and CSV
// with BOM/CRLF as Excel writes it). Every good row is loaded, every bad one
// lands in `quarantine` with its reason, field, file and line; a re-import
// does not grow the quarantine; personal data never reaches it in clear.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { QUARANTINE_REASONS, type Kind, type QuarantineReason } from '../etl/contract/records.ts';
import { hashApplicantId } from '../etl/pipeline/protect.ts';
import type { RunStats } from '../etl/load/runs.ts';
import { CONTRACT_FIELDS } from '../etl/sources/simulator/index.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { fingerprints, importDir, q, SECRET, tempDir, writeCsv, writeNdjson } from './helpers/etl-fixtures.ts';

const NOW = Date.parse('2025-06-01T00:00:00+08:00');
const SOURCE = 'qtest';
const PII = { id: '11010519491231002X', phone: '13812345678', name: '张三丰' };

const goodCase = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  case_id: id, item_code: 'ITEM-001', item_name: '营业执照核发', dept_code: 'D-001', dept_name: '市场监管局',
  region_code: '390102', channel: 'window', window_type: 'comprehensive', applicant_type: 'person',
  applicant_id: PII.id, applicant_name: PII.name, contact_phone: PII.phone,
  submitted_at: '2025-03-04 09:00:00', accepted_at: '2025-03-04 09:15:00', finished_at: '2025-03-10 16:00:00',
  status: 'finished', promised_limit: 5, legal_limit: 20, limit_unit: 'workday', trips: 1, fee: 0,
  updated_at: '2025-03-10T16:00:00+08:00', ...extra,
});

interface Bad {
  kind: Kind;
  file: string;
  line: number;
  field: string;
  reason: QuarantineReason;
}
const BAD: Bad[] = [];
const bad = (kind: Kind, file: string, line: number, reason: QuarantineReason, field = ''): void => {
  BAD.push({ kind, file, line, field, reason });
};

/** Ids of the rows that must be loaded, per table. */
const GOOD: Record<string, string[]> = {};

function writeFiles(dir: string): void {
  // regions: CSV with BOM + CRLF, a quoted comma
  writeCsv(dir, 'regions.csv', CONTRACT_FIELDS.regions, [
    { region_code: '390000', region_name: '江南省' },
    { region_code: '390100', region_name: '临江市', parent_code: '390000' },
    { region_code: '390102', region_name: '城东区, 老城' },
    { region_code: '39010', region_name: '五位码' },
    { region_code: '390103', region_name: '' },
  ], { bom: true, crlf: true });
  GOOD.regions = ['390000', '390100', '390102'];
  bad('regions', 'regions.csv', 4, 'bad_region_code', 'region_code');
  bad('regions', 'regions.csv', 5, 'required_missing', 'region_name');

  writeCsv(dir, 'depts.csv', CONTRACT_FIELDS.depts, [
    { dept_code: 'D-001', dept_name: '市场监管局', region_code: '390102' },
    { dept_code: 'D-002', dept_name: '公安局', region_code: 'abc' },
    'D-003,税务局,390102,2025-03-01 10:00:00,surplus', // a shifted row: one field too many
  ], { bom: true });
  GOOD.depts = ['D-001'];
  bad('depts', 'depts.csv', 2, 'bad_region_code', 'region_code');
  bad('depts', 'depts.csv', 3, 'malformed_row');

  const item = { item_code: 'ITEM-001', item_name: '营业执照核发', item_type: 'permit', dept_code: 'D-001', region_code: '390102',
    legal_limit: 20, promised_limit: 5, limit_unit: 'workday', updated_at: '2025-01-01' };
  writeNdjson(dir, 'items.ndjson', [
    item,
    { ...item, item_code: 'ITEM-002', promised_limit: 10, legal_limit: 5 },
    { ...item, item_code: 'ITEM-003', online_depth: 7 },
  ], ['{"item_code": "ITEM-004", ']);
  GOOD.items = ['ITEM-001'];
  bad('items', 'items.ndjson', 2, 'legal_below_promised', 'legal_limit');
  bad('items', 'items.ndjson', 3, 'bad_number', 'online_depth');
  bad('items', 'items.ndjson', 4, 'malformed_row');

  writeCsv(dir, 'calendar.csv', CONTRACT_FIELDS.calendar, [
    { date: '2025-01-26', is_workday: '是', note: '调休' },
    { date: '2025-02-30', is_workday: '否' },
    { date: '2025-10-11', is_workday: 'maybe' },
  ], { bom: true, crlf: true });
  GOOD.calendar_overrides = ['2025-01-26'];
  bad('calendar', 'calendar.csv', 2, 'bad_date', 'date');
  bad('calendar', 'calendar.csv', 3, 'bad_boolean', 'is_workday');

  // cases, NDJSON: one row per case rule, plus unreadable lines that carry personal data
  const caseRows: Array<[Record<string, unknown>, QuarantineReason | null, string]> = [
    [goodCase('C-OK-1'), null, ''],
    [goodCase('C-OK-2', { channel: 'online', window_type: null, status: 'in_progress', finished_at: null }), null, ''],
    [goodCase(''), 'required_missing', 'case_id'],
    [goodCase('C-ENUM', { channel: 'fax' }), 'unknown_enum', 'channel'],
    [goodCase('C-TS', { submitted_at: '2025-02-30 10:00:00' }), 'bad_timestamp', 'submitted_at'],
    [goodCase('C-FUTURE', { updated_at: '2025-06-02T00:00:01+08:00' }), 'future_timestamp', 'updated_at'],
    [goodCase('C-REGION', { region_code: '39010' }), 'bad_region_code', 'region_code'],
    [goodCase('C-TRIPS', { trips: -1 }), 'bad_number', 'trips'],
    [goodCase('X'.repeat(65)), 'too_long', 'case_id'],
    [goodCase('C-BEFORE', { finished_at: '2025-03-04 09:10:00' }), 'finished_before_accepted', 'finished_at'],
    [goodCase('C-NOFIN', { finished_at: null }), 'finished_without_finished_at', 'finished_at'],
    [goodCase('C-OPENFIN', { status: 'in_progress' }), 'finished_at_with_open_status', 'finished_at'],
    [goodCase('C-NOACC', { status: 'accepted', accepted_at: '', finished_at: '' }), 'accepted_at_missing', 'accepted_at'],
    [goodCase('C-NOWIN', { window_type: '' }), 'window_type_missing', 'window_type'],
    [goodCase('C-LEGAL', { promised_limit: 10, legal_limit: 5 }), 'legal_below_promised', 'legal_limit'],
    [goodCase('C-TYPE', { case_id: { id: 'C-TYPE' } }), 'bad_type', 'case_id'],
  ];
  writeNdjson(dir, 'cases-1.ndjson', caseRows.map(([r]) => r), [
    // V8 quotes a piece of an unreadable line in its message, here the name right before the error.
    `{"case_id":"C-JSON","applicant_id":"${PII.id}","contact_phone":"${PII.phone}","applicant_name":"${PII.name}","x":True}`,
    `["C-ARRAY", "${PII.id}"]`,
  ]);
  GOOD.cases = ['C-OK-1', 'C-OK-2'];
  caseRows.forEach(([, reason, field], i) => {
    if (reason) bad('cases', 'cases-1.ndjson', i + 1, reason, field);
  });
  bad('cases', 'cases-1.ndjson', caseRows.length + 1, 'malformed_row');
  bad('cases', 'cases-1.ndjson', caseRows.length + 2, 'malformed_row');

  // cases, CSV with BOM: a good row with a quoted field, a fractional limit, a short row
  const h = CONTRACT_FIELDS.cases;
  writeCsv(dir, 'cases-2.csv', h, [
    goodCase('C-OK-3', { item_name: '营业执照核发, 变更' }),
    goodCase('C-FRAC', { promised_limit: '2.5' }),
    `C-SHORT,ITEM-001,,D-001,,390102,window,comprehensive,person,${PII.id},${PII.name},${PII.phone}`,
  ], { bom: true });
  GOOD.cases.push('C-OK-3');
  bad('cases', 'cases-2.csv', 2, 'bad_number', 'promised_limit');
  bad('cases', 'cases-2.csv', 3, 'malformed_row');

  const step = { case_id: 'C-OK-1', seq: 1, step_type: 'accept', started_at: '2025-03-04 09:15:00', ended_at: '2025-03-04 09:20:00',
    updated_at: '2025-03-04 09:20:00' };
  writeNdjson(dir, 'steps.ndjson', [
    step,
    { ...step, seq: 2, step_type: 'review', started_at: '2025-03-05 10:00:00', ended_at: '2025-03-05 09:00:00' },
    { ...step, seq: 0 },
  ]);
  GOOD.steps = ['C-OK-1#1'];
  bad('steps', 'steps.ndjson', 2, 'ended_before_started', 'ended_at');
  bad('steps', 'steps.ndjson', 3, 'bad_number', 'seq');

  const rating = { rating_id: 'R-1', case_id: 'C-OK-1', channel: 'pc', level: 5, rated_at: '2025-03-11 10:00:00',
    tags: '态度好;效率高', comment: '很满意', updated_at: '2025-03-11 10:00:00' };
  writeCsv(dir, 'ratings.csv', CONTRACT_FIELDS.ratings, [
    rating,
    { ...rating, rating_id: 'R-2', level: 6 },
    { ...rating, rating_id: 'R-3', comment: '慢'.repeat(2001) },
    { ...rating, rating_id: 'R-4', is_active: 'maybe' },
    { ...rating, rating_id: 'R-5', case_id: '' },
  ], { bom: true });
  GOOD.ratings = ['R-1'];
  bad('ratings', 'ratings.csv', 2, 'bad_level', 'level');
  bad('ratings', 'ratings.csv', 3, 'too_long', 'comment');
  bad('ratings', 'ratings.csv', 4, 'bad_boolean', 'is_active');
  bad('ratings', 'ratings.csv', 5, 'required_missing', 'item_code');
}

let t: TestDb;
const tmp = tempDir('quarantine');
let firstStats: RunStats;

interface QRow {
  kind: string; file: string; line: number; field: string; reason: string; detail: string; raw: string; run_id: string; source: string;
}
const quarantineRows = () =>
  q<QRow>(t.db, 'SELECT kind, file, line, field, reason, detail, raw, run_id, source FROM quarantine ORDER BY file, line');

const ids = async (table: string, expr: string) =>
  (await q<{ id: string }>(t.db, `SELECT ${expr} AS id FROM ${table} ORDER BY id`)).map((r) => r.id);

beforeAll(async () => {
  t = await freshDatabase('etl_quar');
  writeFiles(tmp.dir);
  firstStats = (await importDir(t.db, tmp.dir, { source: SOURCE, now: () => NOW })).stats;
});

afterAll(async () => {
  await t?.drop();
  tmp.remove();
});

describe('a file mixing good and bad rows', () => {
  test('every good row is loaded, and nothing else', async () => {
    expect(await ids('regions', 'region_code')).toEqual(GOOD.regions);
    expect(await ids('depts', 'dept_code')).toEqual(GOOD.depts);
    expect(await ids('items', 'item_code')).toEqual(GOOD.items);
    expect(await ids('calendar_overrides', 'toString(date)')).toEqual(GOOD.calendar_overrides);
    expect(await ids('cases', 'case_id')).toEqual([...GOOD.cases!].sort());
    expect(await ids('steps', "concat(case_id, '#', toString(seq))")).toEqual(GOOD.steps);
    expect(await ids('ratings', 'rating_id')).toEqual(GOOD.ratings);
    // CSV details survive: quoted commas, ';'-separated tags.
    expect(await q(t.db, "SELECT region_name FROM regions WHERE region_code = '390102'")).toEqual([{ region_name: '城东区, 老城' }]);
    expect(await q(t.db, "SELECT item_name FROM cases WHERE case_id = 'C-OK-3'")).toEqual([{ item_name: '营业执照核发, 变更' }]);
    expect(await q(t.db, 'SELECT tags FROM ratings')).toEqual([{ tags: ['态度好', '效率高'] }]);
  });

  test('every bad row is in the quarantine with kind, file, line, field and reason', async () => {
    const rows = await quarantineRows();
    const got = rows.map(({ kind, file, line, field, reason }) => ({ kind, file, line: Number(line), field, reason }));
    const want = [...BAD].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    expect(got).toEqual(want);
    for (const r of rows) {
      expect(r.source).toBe(SOURCE);
      expect(r.detail.length).toBeGreaterThan(0);
      expect(r.raw.length).toBeGreaterThan(0);
    }
  });

  test('the summary counts what was read, loaded and quarantined per kind', () => {
    const perKind = (kind: Kind) => BAD.filter((b) => b.kind === kind).length;
    const goodOf: Record<Kind, number> = {
      regions: 3, depts: 1, items: 1, calendar: 1, cases: 3, steps: 1, ratings: 1,
    };
    for (const kind of Object.keys(goodOf) as Kind[]) {
      expect(firstStats[kind], kind).toEqual({
        read: goodOf[kind] + perKind(kind), written: goodOf[kind], duplicates: 0, stale: 0, quarantined: perKind(kind),
      });
    }
  });

  test.each(QUARANTINE_REASONS.map((r) => [r]))('reason %s: lands in the quarantine table', async (reason) => {
    const expected = BAD.filter((b) => b.reason === reason);
    expect(expected.length, `the fixture has a row for ${reason}`).toBeGreaterThan(0);
    const rows = await q<QRow>(t.db, `SELECT kind, file, line, field, reason FROM quarantine WHERE reason = '${reason}' ORDER BY file, line`);
    expect(rows.map((r) => ({ ...r, line: Number(r.line) }))).toEqual(expect.arrayContaining(expected.map((b) => ({ ...b }))));
    expect(rows).toHaveLength(expected.length);
  });

  test('a quarantined case never keeps the applicant id, phone or name in clear', async () => {
    const rows = (await quarantineRows()).filter((r) => r.kind === 'cases');
    expect(rows.length).toBeGreaterThan(15);
    for (const r of rows) {
      for (const text of [r.raw, r.detail]) {
        expect(text, `${r.file}:${r.line}`).not.toContain(PII.id);
        expect(text.toLowerCase(), `${r.file}:${r.line}`).not.toContain(PII.id.toLowerCase());
        expect(text, `${r.file}:${r.line}`).not.toContain(PII.phone);
        expect(text, `${r.file}:${r.line}`).not.toContain(PII.name);
      }
    }
    // A readable row keeps its shape: the id as its keyed hash, the phone masked, no name.
    const enumRow = rows.find((r) => r.reason === 'unknown_enum')!;
    const raw = JSON.parse(enumRow.raw) as Record<string, unknown>;
    expect(raw).toMatchObject({ case_id: 'C-ENUM', channel: 'fax', applicant_id: `hmac:${hashApplicantId(PII.id, SECRET)}`, contact_phone: '138****5678' });
    expect(raw).not.toHaveProperty('applicant_name');
    // …and so does a loaded case.
    const loaded = await q<{ h: string; p: string }>(t.db, "SELECT applicant_id_hash AS h, contact_phone_masked AS p FROM cases WHERE case_id = 'C-OK-3'");
    expect(loaded).toEqual([{ h: hashApplicantId(PII.id, SECRET), p: '138****5678' }]);
  });

  test('importing the same files again reports the quarantined rows but does not grow the quarantine', async () => {
    const before = await quarantineRows();
    const fpBefore = await fingerprints(t.db);
    const { stats } = await importDir(t.db, tmp.dir, { source: SOURCE, now: () => NOW });
    for (const kind of Object.keys(firstStats) as Kind[]) {
      expect(stats[kind]!.quarantined, kind).toBe(firstStats[kind]!.quarantined);
      expect(stats[kind]!.written, kind).toBe(0);
    }
    // Physically one row per (source, file hash, line): no FINAL needed, and the first run's rows stay.
    expect(await quarantineRows()).toEqual(before);
    const [k] = await q<{ n: string; keys: string }>(t.db, 'SELECT count() AS n, uniqExact(source, file_hash, line) AS keys FROM quarantine');
    expect(Number(k!.n)).toBe(BAD.length);
    expect(Number(k!.keys)).toBe(BAD.length);
    expect(await fingerprints(t.db)).toEqual(fpBefore);
  });

  test('the same bad lines from another source are that source\'s own quarantine rows', async () => {
    const { stats } = await importDir(t.db, tmp.dir, { source: 'qtest-2', now: () => NOW });
    expect(stats.cases!.quarantined).toBe(BAD.filter((b) => b.kind === 'cases').length);
    const [k] = await q<{ n: string }>(t.db, "SELECT count() AS n FROM quarantine WHERE source = 'qtest-2'");
    expect(Number(k!.n)).toBe(BAD.length);
  });
});
