// Cases are recomputed when what their deadline depends on changes after
// they were loaded (metrics.md: Time rules; etl/load/recompute.ts): steps
// arriving later, a catalogue item's limit, a calendar override. Dates are
// worked out by hand on the 2025 national schedule: 春节 1/28–2/4 off with
// 1/26 (Sun) and 2/8 (Sat) worked; 清明 4/4–4/6 off.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunStats } from '../etl/load/runs.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { importDir, q, tempDir, writeCsv, writeNdjson } from './helpers/etl-fixtures.ts';

let t: TestDb;
const tmp = tempDir('recompute');
const dirs = { cases: join(tmp.dir, '1-cases'), steps: join(tmp.dir, '2-steps'), item: join(tmp.dir, '3-item'), calendar: join(tmp.dir, '4-calendar') };

const item = (code: string, promised: number, updated: string) => ({
  item_code: code, item_name: `事项${code}`, item_type: 'permit', dept_code: 'D-1', region_code: '390102',
  legal_limit: 20, promised_limit: promised, limit_unit: 'workday', updated_at: updated,
});
const kase = (id: string, itemCode: string, accepted: string, extra: Record<string, unknown> = {}) => ({
  case_id: id, item_code: itemCode, dept_code: 'D-1', region_code: '390102', channel: 'online', applicant_type: 'person',
  submitted_at: accepted, accepted_at: accepted, status: 'in_progress', updated_at: accepted, ...extra,
});
const step = (caseId: string, seq: number, type: string, started: string, ended: string | null = null) => ({
  case_id: caseId, seq, step_type: type, started_at: started, ended_at: ended, updated_at: '2025-03-20 12:00:00',
});

interface Facts {
  rows: number;
  promised_limit: number | null;
  due_date: string | null;
  legal_due_date: string | null;
  ext_workdays: number;
  batch_id: string;
}

async function facts(): Promise<Record<string, Facts>> {
  const rows = await q<{ case_id: string; n: string; p: number | null; due: string | null; legal: string | null; ext: number; batch: string }>(t.db,
    `SELECT case_id, toString(count()) AS n, any(promised_limit) AS p, toString(any(due_date)) AS due,
       toString(any(legal_due_date)) AS legal, any(ext_workdays) AS ext, any(batch_id) AS batch
     FROM cases GROUP BY case_id ORDER BY case_id`);
  return Object.fromEntries(rows.map((r) => [r.case_id, {
    rows: Number(r.n), promised_limit: r.p === null ? null : Number(r.p), due_date: r.due, legal_due_date: r.legal,
    ext_workdays: Number(r.ext), batch_id: r.batch,
  }]));
}

/** Every recompute leaves exactly one row per case (no FINAL: hot reads must be exact). */
async function expectOneRowPerCase(): Promise<void> {
  const [r] = await q<{ n: string; ids: string }>(t.db, 'SELECT count() AS n, uniqExact(case_id) AS ids FROM cases');
  expect(Number(r!.n)).toBe(Number(r!.ids));
}

let firstRun: string;

beforeAll(async () => {
  t = await freshDatabase('etl_recompute');
  for (const d of Object.values(dirs)) mkdirSync(d);
  writeNdjson(dirs.cases, 'items.ndjson', [item('I1', 5, '2025-01-01 00:00:00'), item('I2', 5, '2025-01-01 00:00:00')]);
  writeNdjson(dirs.cases, 'cases.ndjson', [
    kase('C1', 'I1', '2025-03-03 10:00:00'), //                                   Monday
    kase('C2', 'I1', '2025-03-03 10:00:00', { promised_limit: 3, legal_limit: 10 }), // its own limits
    kase('C3', 'I2', '2025-01-24 10:00:00'), //                                   Friday before 春节
    kase('C4', 'I1', '2025-03-14 10:00:00', { promised_limit: 0, status: 'accepted' }), // 即办件 on a Friday
    kase('C5', 'I9', '2025-03-03 10:00:00'), // an item the catalogue does not have yet: no deadline
  ]);
  writeNdjson(dirs.steps, 'steps.ndjson', [
    step('C1', 3, 'correction', '2025-03-04 10:00:00', '2025-03-06 15:00:00'),
    step('C3', 3, 'correction', '2025-01-27 09:00:00'), // open until the resume below
    step('C3', 4, 'resume', '2025-02-06 11:00:00'),
    step('C2', 2, 'review', '2025-03-04 09:00:00', '2025-03-04 10:00:00'), // does not touch the clock
  ]);
  writeNdjson(dirs.item, 'items.ndjson', [item('I1', 8, '2025-02-01 00:00:00'), item('I9', 3, '2025-02-01 00:00:00')]);
  writeCsv(dirs.calendar, 'calendar.csv', ['date', 'is_workday', 'note'], [
    { date: '2025-02-08', is_workday: 'false', note: '取消调休' },
    { date: '2025-03-14', is_workday: '否', note: '停电' },
  ], { bom: true, crlf: true });
});

afterAll(async () => {
  await t?.drop();
  tmp.remove();
});

describe('recompute of stored cases', () => {
  test('cases loaded without steps: due dates from the catalogue limits', async () => {
    const { runId, stats } = await importDir(t.db, dirs.cases);
    firstRun = runId;
    expect(stats.cases).toMatchObject({ read: 5, written: 5 });
    const f = await facts();
    // 5th working day after 3/3: 3/4 5 6 7 10. Legal 20: … 3/31.
    expect(f.C1).toMatchObject({ rows: 1, promised_limit: 5, due_date: '2025-03-10', legal_due_date: '2025-03-31', ext_workdays: 0 });
    // Own limits 3 / 10: 3/6 and 3/17.
    expect(f.C2).toMatchObject({ rows: 1, promised_limit: 3, due_date: '2025-03-06', legal_due_date: '2025-03-17' });
    // 5th working day after Fri 1/24: 1/26 (Sun, worked) 1/27 2/5 2/6 2/7.
    expect(f.C3).toMatchObject({ rows: 1, promised_limit: 5, due_date: '2025-02-07', ext_workdays: 0 });
    // 即办件: due on its (working) acceptance day.
    expect(f.C4).toMatchObject({ rows: 1, promised_limit: 0, due_date: '2025-03-14' });
    // 无时限办件 until its item is known.
    expect(f.C5).toMatchObject({ rows: 1, promised_limit: null, due_date: null, legal_due_date: null });
  });

  test('suspension steps arriving in a later import move the due dates of their cases', async () => {
    const { runId, stats } = await importDir(t.db, dirs.steps);
    expect(stats).toEqual({ steps: { read: 4, written: 4, duplicates: 0, stale: 0, quarantined: 0 } } satisfies RunStats);
    const f = await facts();
    // Correction 3/4 → 3/6: working days in (3/4, 3/6] = 2 → 7th working day after 3/3 = 3/12; legal 22nd = 4/2.
    expect(f.C1).toMatchObject({ rows: 1, ext_workdays: 2, due_date: '2025-03-12', legal_due_date: '2025-04-02', batch_id: runId });
    // errata.md: 受理 1/24, 承诺 5, 补正 (1/27 → resume 2/6: 2/5, 2/6) 2 working days → 2025-02-10.
    expect(f.C3).toMatchObject({ rows: 1, ext_workdays: 2, due_date: '2025-02-10', batch_id: runId });
    // A review step stops no clock, and C4 got no steps: neither gets a new row.
    expect(f.C2).toMatchObject({ rows: 1, due_date: '2025-03-06', batch_id: firstRun });
    expect(f.C4).toMatchObject({ rows: 1, batch_id: firstRun });
    const [susp] = await q<{ s: string[]; e: string[] }>(t.db,
      "SELECT arrayMap(x -> toString(x), susp_starts) AS s, arrayMap(x -> toString(x), susp_ends) AS e FROM cases WHERE case_id = 'C3'");
    expect(susp).toEqual({ s: ['2025-01-27 09:00:00'], e: ['2025-02-06 11:00:00'] });
    await expectOneRowPerCase();
  });

  test("a catalogue item's new promised limit moves the due date of its cases without limits of their own", async () => {
    const before = await facts();
    const { runId, stats } = await importDir(t.db, dirs.item);
    expect(stats.items).toMatchObject({ read: 2, written: 2 });
    const f = await facts();
    // 8 + 2 suspended = 10th working day after 3/3: … 3/13 3/14 3/17. The legal limit did not change.
    expect(f.C1).toMatchObject({ rows: 1, promised_limit: 8, due_date: '2025-03-17', legal_due_date: '2025-04-02', batch_id: runId });
    // C2 and C4 carry their own promised limit, C3 another item: unchanged, not rewritten.
    expect(f.C2).toEqual(before.C2);
    expect(f.C3).toEqual(before.C3);
    expect(f.C4).toEqual(before.C4);
    // A new catalogue item gives its waiting cases a deadline: 3rd working day after 3/3; legal 20th: 3/31.
    expect(f.C5).toMatchObject({ rows: 1, promised_limit: 3, due_date: '2025-03-06', legal_due_date: '2025-03-31', batch_id: runId });
    await expectOneRowPerCase();
  });

  test('calendar overrides that make working days days off move the affected due dates', async () => {
    const { runId, stats } = await importDir(t.db, dirs.calendar);
    expect(stats.calendar).toMatchObject({ read: 2, written: 2 });
    const cal = await q<{ d: string; w: number }>(t.db,
      "SELECT toString(date) AS d, is_workday AS w FROM calendar WHERE date IN (toDate('2025-02-08'), toDate('2025-03-14'), toDate('2025-03-13')) ORDER BY date");
    expect(cal).toEqual([{ d: '2025-02-08', w: 0 }, { d: '2025-03-13', w: 1 }, { d: '2025-03-14', w: 0 }]);
    const f = await facts();
    // 3/14 off: 10th working day after 3/3 → 3/18; legal 22nd → 4/3.
    expect(f.C1).toMatchObject({ rows: 1, due_date: '2025-03-18', legal_due_date: '2025-04-03', ext_workdays: 2, batch_id: runId });
    // 2/8 off: 1/26 1/27 2/5 2/6 2/7 2/10 2/11 → 2/11.
    expect(f.C3).toMatchObject({ rows: 1, due_date: '2025-02-11', ext_workdays: 2, batch_id: runId });
    // Due 3/6 stays; legal 10th working day after 3/3 moves from 3/17 to 3/18.
    expect(f.C2).toMatchObject({ rows: 1, due_date: '2025-03-06', legal_due_date: '2025-03-18', batch_id: runId });
    // 即办件 accepted on the day that is now off: due on the next working day, Monday 3/17.
    expect(f.C4).toMatchObject({ rows: 1, due_date: '2025-03-17', batch_id: runId });
    expect(f.C5).toMatchObject({ rows: 1, due_date: '2025-03-06', legal_due_date: '2025-04-01', batch_id: runId });
    await expectOneRowPerCase();
  });

  test('importing everything again recomputes nothing', async () => {
    const before = await facts();
    for (const d of Object.values(dirs)) {
      const { stats } = await importDir(t.db, d);
      for (const s of Object.values(stats)) expect(s.written).toBe(0);
    }
    expect(await facts()).toEqual(before);
    await expectOneRowPerCase();
  });
});

describe('a province-size catalogue', () => {
  test('50,001 items in one run: the recompute of their cases stays under 18.16\'s max_ast_elements (50,000)', async () => {
    const dir = join(tmp.dir, '5-big-catalogue');
    mkdirSync(dir, { recursive: true });
    // A case of an item the big catalogue changes: it must still be recomputed (new promised limit 7).
    const itemsBefore = join(tmp.dir, '5-before');
    mkdirSync(itemsBefore, { recursive: true });
    writeNdjson(itemsBefore, 'items.ndjson', [item('BIG-00000', 3, '2025-01-01 08:00:00')]);
    writeNdjson(itemsBefore, 'cases.ndjson', [kase('BIG-C1', 'BIG-00000', '2025-03-03 09:00:00')]);
    await importDir(t.db, itemsBefore);
    const many = Array.from({ length: 50_001 }, (_, i) => item(`BIG-${String(i).padStart(5, '0')}`, i === 0 ? 7 : 3, '2025-03-10 08:00:00'));
    writeNdjson(dir, 'items.ndjson', many);
    const { stats } = await importDir(t.db, dir);
    expect(stats.items?.written).toBe(50_001);
    // 3/3 (Mon) + 7 working days = 3/12 (Wed).
    expect((await facts())['BIG-C1']).toMatchObject({ promised_limit: 7, due_date: '2025-03-12' });
  });
});
