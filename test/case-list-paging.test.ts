// A case-list page is read in two steps (ids from the key columns, then those
// rows by primary key), its total without the calendar joins where the
// states allow, and open-case lists through the open copy with a PREWHERE
// (server/supervision/case-sql.ts). Each must give exactly what the plain
// single query over raw `cases` gives: same total, same rows, same order.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateProvince, writeContractFiles } from '../etl/sources/simulator/index.ts';
import { caseSelect, pagedCaseSql, type CaseSqlRow } from '../server/supervision/case-sql.ts';
import { sql } from '../server/sql/literal.ts';
import { readCaseList, resolveCaseList, type CaseFilters, type Viewer } from '../server/supervision/cases.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';
import { importDir, tempDir } from './helpers/etl-fixtures.ts';

const END = '2026-06-30';
let t: TestDb;
const files = tempDir('case-paging');
const viewer: Viewer = { username: 'paging-test', role: 'inspector', scope: null };

beforeAll(async () => {
  t = await freshDatabase('case_paging');
  await writeContractFiles(generateProvince({ seed: 11, cases: 6000, months: 12, endDate: END }), files.dir, { rowsPerFile: 5000 });
  await importDir(t.db, files.dir);
});

afterAll(async () => {
  await t?.drop();
  files.remove();
});

const YEAR = { from: '2025-07-01', to: END };
const MID = `${END}T10:30:00+08:00`;
const LISTS: Array<[string, CaseFilters]> = [
  ['红牌 by overdue', { ...YEAR, state: ['red'], sort: '-overdue' }],
  ['黄牌 by due date', { ...YEAR, state: ['yellow'], sort: 'due_date' }],
  ['黄牌+红牌 at mid-day by dept', { ...YEAR, asOf: MID, state: ['yellow', 'red'], sort: 'dept' }],
  ['红牌 with minOverdue', { ...YEAR, state: ['red'], minOverdue: 3, sort: '-overdue' }],
  ['预警', { ...YEAR, state: ['warning'], sort: 'due_date' }],
  ['超期办结 (红牌) by finished_at', { ...YEAR, state: ['late_finished'], card: 'red', sort: '-finished_at' }],
  ['accepted in a quarter by accepted_at', { from: '2026-01-01', to: '2026-03-31', base: 'accepted', sort: 'accepted_at' }],
] as Array<[string, CaseFilters]>;

describe('two-step pages equal the single raw query', () => {
  test.each(LISTS)('%s', async (_name, filters) => {
    const resolved = await resolveCaseList(t.db, filters, null);
    if (resolved.kind !== 'cases') throw new Error('expected a case list');
    // The reference: one query over raw `cases`, no copy.
    const rawQuery = { ...resolved.query, openCopy: null };
    const [row] = await t.db.query<{ n: string }>(sql`SELECT count() AS n FROM (${caseSelect(rawQuery)})`);
    const total = Number(row?.n);
    expect(total, 'the list is not empty (else the test proves nothing)').toBeGreaterThan(2);
    if (resolved.base === 'open') expect(resolved.query.openCopy, 'open lists read the open copy').toBeTruthy();
    const pageSize = 2;
    for (const page of [1, 3, Math.ceil(total / pageSize)]) {
      const offset = (page - 1) * pageSize;
      const expected = await t.db.query<CaseSqlRow>(pagedCaseSql(rawQuery, resolved.sort, offset, pageSize));
      const got = await readCaseList(t.db, resolved, viewer, offset, pageSize);
      expect(got.total).toBe(total);
      expect(got.rows.map((r) => [r.caseId, r.card, r.overdueWorkdays])).toEqual(
        expected.map((r) => [r.case_id, r._card === '' ? null : r._card, r._overdue === null ? null : Number(r._overdue)]));
    }
  });
});
