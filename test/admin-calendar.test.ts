// GET/POST /api/admin/calendar against a real ClickHouse: the upload goes
// through the real import (validation → quarantine, calendar rebuild, recompute
// of affected cases), the effective calendar shows the override, a case
// accepted before the new holiday gets a later due date, non-admins get 403.
//
// Fixture: item I1 = 5 working days. Case K1 accepted Mon 2025-03-03 09:00,
// still in progress: due = 5th working day after → Mon 2025-03-10. Making
// Wed 2025-03-05 a holiday moves it to Tue 2025-03-11.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApp } from '../server/app.ts';
import { ensureDemoUsers, type DemoLogin, type Role } from '../server/auth/index.ts';
import { sql, str } from '../server/sql/literal.ts';
import { FALLBACK_NOTE, XLSX_MIME } from '../server/routes/admin-calendar.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { listen, type TestClient } from './helpers/http.ts';
import { DEPTS_CSV, FIXTURE_SECRET, ITEMS, REGIONS_CSV, caseRow, importDir, ndjson, writeFixtureDir } from './helpers/metrics-fixture.ts';
import ExcelJS from 'exceljs';

let t: TestDb;
let client: TestClient;
let logins: Map<Role, DemoLogin>;

async function cookieFor(role: Role): Promise<string> {
  const l = logins.get(role)!;
  const res = await fetch(`${client.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: l.username, password: l.password }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function upload(cookie: string, body: string | Buffer, type = 'text/csv'): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${client.url}/api/admin/calendar`, { method: 'POST', headers: { cookie, 'content-type': type }, body });
  return { status: res.status, body: await res.json() };
}

async function getYear(cookie: string, year: number): Promise<{ status: number; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${client.url}/api/admin/calendar?year=${year}`, { headers: { cookie } });
  return { status: res.status, body: await res.json() };
}

async function dueDate(caseId: string): Promise<string> {
  const rows = await t.db.query<{ d: string }>(
    sql`SELECT toString(argMax(due_date, version)) AS d FROM cases WHERE case_id = ${str(caseId)}`,
  );
  return rows[0]!.d;
}

beforeAll(async () => {
  t = await freshDatabase('admincal');
  const { dir, remove } = writeFixtureDir({
    'regions.csv': REGIONS_CSV,
    'depts.csv': DEPTS_CSV,
    'items.ndjson': ndjson(ITEMS),
    'cases.ndjson': ndjson([
      caseRow({ id: 'K1', item: 'I1', dept: 'D1', region: '330102', channel: 'online', trips: 0, status: 'in_progress', accepted: '2025-03-03T09:00:00' }),
      caseRow({ id: 'K2', item: 'I1', dept: 'D1', region: '330102', channel: 'online', trips: 0, status: 'finished', accepted: '2025-01-06T09:00:00', finished: '2025-01-07T09:00:00' }),
    ]),
  });
  try {
    await importDir(t.db, dir);
  } finally {
    remove();
  }
  logins = new Map((await ensureDemoUsers(t.db, { dept: 'D1' })).map((l) => [l.role, l]));
  client = await listen(createApp({ db: t.db, secret: FIXTURE_SECRET }));
}, 120_000);

afterAll(async () => {
  await client?.close();
  await t?.drop();
});

describe('admin calendar', () => {
  test('GET: national schedule of an announced year, the fallback flag of an unannounced one', async () => {
    const admin = await cookieFor('admin');
    const y2025 = await getYear(admin, 2025);
    expect(y2025.status).toBe(200);
    expect(y2025.body.fallback).toBe(false);
    expect(y2025.body.days).toHaveLength(365);
    const day = (d: string) => y2025.body.days.find((x: { date: string }) => x.date === d);
    expect(day('2025-01-29')).toMatchObject({ isWorkday: false, source: 'national', fallback: false }); // 春节
    expect(day('2025-01-26')).toMatchObject({ isWorkday: true, source: 'national' }); // 调休上班 (Sunday)
    expect(day('2025-03-05')).toMatchObject({ isWorkday: true, source: 'national' });
    expect(y2025.body.overrides).toEqual([]);

    const far = await getYear(admin, 2090);
    expect(far.body.fallback).toBe(true);
    expect(far.body.fallbackNote).toBe(FALLBACK_NOTE);
    expect(far.body.days.every((d: { fallback: boolean }) => d.fallback)).toBe(true);

    expect((await getYear(admin, 1999)).status).toBe(400);
  });

  test('POST CSV: a working day becomes a holiday, a bad row is quarantined, the open case is due later', async () => {
    const admin = await cookieFor('admin');
    expect(await dueDate('K1')).toBe('2025-03-10');
    const csv = 'date,is_workday,note\n2025-03-05,false,地方假日\n2025-02-30,true,坏日期\n';
    const res = await upload(admin, csv);
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ read: 2, written: 1, quarantined: 1 });
    expect(res.body.quarantined).toHaveLength(1);
    expect(res.body.quarantined[0]).toMatchObject({ field: 'date', reason: 'bad_date', line: 2 });
    expect(res.body.recomputedCases).toBe(1); // K1; K2 finished before the day

    const y = await getYear(admin, 2025);
    const d = y.body.days.find((x: { date: string }) => x.date === '2025-03-05');
    expect(d).toMatchObject({ isWorkday: false, source: 'override', nationalIsWorkday: true, note: '地方假日' });
    expect(y.body.overrides).toEqual([expect.objectContaining({ date: '2025-03-05', isWorkday: false, note: '地方假日', sourceSystem: 'admin-upload' })]);

    expect(await dueDate('K1')).toBe('2025-03-11');
    expect(await dueDate('K2')).toBe('2025-01-13');

    const auditRows = await t.db.query<{ n: string }>(sql`SELECT count() AS n FROM audit_log WHERE action = 'calendar.upload'`);
    expect(Number(auditRows[0]!.n)).toBeGreaterThanOrEqual(1);
  });

  test('POST XLSX: a Saturday becomes a working day', async () => {
    const admin = await cookieFor('admin');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('calendar');
    ws.addRow(['date', 'is_workday', 'note']);
    ws.addRow(['2025-03-08', 'true', '调休上班']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(admin, file, XLSX_MIME);
    expect(res.status).toBe(200);
    expect(res.body.format).toBe('xlsx');
    expect(res.body.summary).toMatchObject({ read: 1, written: 1, quarantined: 0 });
    const y = await getYear(admin, 2025);
    expect(y.body.days.find((x: { date: string }) => x.date === '2025-03-08')).toMatchObject({ isWorkday: true, source: 'override' });
    expect(y.body.overrides).toHaveLength(2);
    // K1: 03-04, 03-06, 03-07, 03-08 (now worked), 03-10 → due Mon 03-10 again.
    expect(await dueDate('K1')).toBe('2025-03-10');
  });

  test('rejects other roles, other content types and empty bodies', async () => {
    for (const role of ['evaluator', 'leader', 'dept'] as const) {
      const c = await cookieFor(role);
      expect((await getYear(c, 2025)).status).toBe(403);
      expect((await upload(c, 'date,is_workday\n2025-03-06,false\n')).status).toBe(403);
    }
    const anon = await fetch(`${client.url}/api/admin/calendar?year=2025`);
    expect(anon.status).toBe(401);
    const admin = await cookieFor('admin');
    expect((await upload(admin, '{"a":1}', 'application/json')).status).toBe(415);
    expect((await upload(admin, '')).status).toBe(400);
    expect((await upload(admin, 'x'.repeat(3 * 1024 * 1024))).status).toBe(413);
  });
});
