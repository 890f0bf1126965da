// The loader inserts TabSeparated text (etl/load/tsv.ts) instead of
// JSONEachRow: what it stores must be exactly what the JSON insert stored.
// Each row here goes into a table through both paths and the tables are
// compared column by column on the real ClickHouse.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { raw } from '../server/sql/literal.ts';
import type { CaseRecord, RatingRecord, StepRecord } from '../etl/contract/records.ts';
import { WorkCalendar } from '../etl/clock/work-calendar.ts';
import { insertRows } from '../etl/load/insert-rows.ts';
import { caseRow, ratingRow, stepRow, type FactMeta } from '../etl/load/rows/facts.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';

let t: TestDb;

beforeAll(async () => {
  t = await freshDatabase('etl_tsv');
});

afterAll(async () => {
  await t?.drop();
});

const NASTY = [
  '', 'plain', "it's", 'a "quoted" word', 'back\\slash', 'ends with \\', '\\N', '\\t not a tab', 'tab\there',
  'line\nbreak', 'crlf\r\nend', 'trailing\n', '\ttab first', 'nul\u0000byte', 'bell\u0007', "'\\'\"[],",
  '中文：办件名称（变更）', 'emoji 🏛️👩‍👩‍👧 and 𠀀', 'NULL', '[1,2]', "['a']", '\u2028\u2029', 'ÿ\u00a0é',
];

const meta = (i: number): FactMeta => ({
  updated_ms: 1_700_000_000_000 + i, row_hash: `h${i}`, source_system: NASTY[i % NASTY.length]!, batch_id: 'b', version: 1 + i,
  partition_month: 202501,
});

/** Inserts `rows` into `table` (TSV) and a JSON copy of it, and returns both tables' rows in one text each. */
async function bothWays(table: string, rows: object[], orderBy: string): Promise<[string, string]> {
  const copy = `${table}_json`;
  await t.db.command(raw(`CREATE TABLE ${copy} AS ${table}`));
  await insertRows(t.db, table, rows);
  await t.db.insert(copy, rows);
  const dump = async (name: string) => {
    const rs = await t.db.client.query({ query: `SELECT * FROM ${name} ORDER BY ${orderBy}`, format: 'TabSeparated' });
    return rs.text();
  };
  return [await dump(table), await dump(copy)];
}

describe('TSV inserts store what JSONEachRow stored', () => {
  test('case rows: every string column with nasty text, NULLs, arrays of DateTime, decimals', async () => {
    const calendar = new WorkCalendar([]);
    const rows = NASTY.map((s, i) => {
      const c: CaseRecord = {
        case_id: `C${i}\t${s}`, item_code: s, item_name: i % 3 === 0 ? null : s, dept_code: s, dept_name: s, region_code: s,
        channel: 'online', window_type: 'none', applicant_type: i % 2 ? 'person' : 'org', applicant_id_hash: i % 4 ? s : null,
        contact_phone_masked: s, submitted_at: 1_735_689_600_000 + i * 3_600_000, accepted_at: i % 7 === 3 ? null : 1_735_700_000_000,
        finished_at: i % 5 === 0 ? 1_736_000_000_000 : null, withdrawn_at: null, status: i % 5 === 0 ? 'finished' : 'accepted',
        promised_limit: i % 3 === 1 ? null : 5 + i, legal_limit: null, limit_unit: i % 2 ? 'workday' : null, trips: i % 2 ? i : null,
        fee: i % 2 ? 12.5 + i / 100 : null, source_system: 's', updated_at: 1_735_800_000_000,
      };
      const steps = i % 4 === 0
        ? [{ seq: 1, step_type: 'correction', started_at: 1_735_710_000_000, ended_at: 1_735_790_000_000 }]
        : [];
      return caseRow(c, steps, { items: new Map(), calendar }, meta(i));
    });
    expect(rows.some((r) => r.susp_starts.length > 0)).toBe(true);
    const [tsv, json] = await bothWays('cases', rows, 'case_id');
    expect(tsv.split('\n').length).toBe(NASTY.length + 1);
    expect(tsv).toBe(json);
  });

  test('step rows', async () => {
    const rows = NASTY.map((s, i) => {
      const r: StepRecord = {
        case_id: `C${i}`, seq: i, step_type: 'review', step_name: i % 2 ? s : null, actor_id: s,
        started_at: 1_735_689_600_000 + i, ended_at: i % 3 ? null : 1_735_689_700_000, source_system: 's', updated_at: 1,
      } as StepRecord;
      return stepRow(r, meta(i));
    });
    const [tsv, json] = await bothWays('steps', rows, 'case_id, seq');
    expect(tsv).toBe(json);
  });

  test('rating rows: Array(String) tags with nasty elements', async () => {
    const calendar = new WorkCalendar([]);
    const rows = NASTY.map((s, i) => {
      const r = {
        rating_id: `R${i}`, case_id: i % 2 ? s : null, item_code: null, dept_code: s, region_code: s, channel: 'app', level: 1 + (i % 5),
        rated_at: 1_735_689_600_000, tags: i % 3 ? [s, 'x', s] : [], comment: s, is_active: true, invalidated: false,
        verified_at: null, rectified_at: i % 2 ? 1_735_789_600_000 : null, rectify_result: i % 2 ? 'rectified' : null,
        source_system: 's', updated_at: 1,
      } as unknown as RatingRecord;
      return ratingRow(r, calendar, meta(i));
    });
    const [tsv, json] = await bothWays('ratings', rows, 'rating_id');
    expect(tsv).toBe(json);
  });

  test('DateTime edge values: short, 9-digit and out-of-range epoch seconds', async () => {
    await t.db.command(raw(`CREATE TABLE dt (k UInt32, d DateTime('Asia/Shanghai'), n Nullable(DateTime('Asia/Shanghai')),
      a Array(DateTime('Asia/Shanghai'))) ENGINE = MergeTree ORDER BY k`));
    const values = [0, 1, 100, 9_999, 10_000, 99_999, 999_999_999, 1_000_000_000, 1_735_689_600, 4_294_967_295, -1, -100, -86_400 * 365, 2 ** 32 + 5];
    // The last value of a line tests the reader's short-buffer path as well.
    const rows = values.map((v, k) => ({ k, d: v, n: k % 2 ? v : null, a: [v, 1_735_689_600] }));
    const [tsv, json] = await bothWays('dt', rows, 'k');
    expect(tsv).toBe(json);
    const tail = values.map((v, k) => ({ k, a: [v], d: v }));
    await t.db.command(raw('CREATE TABLE dt2 (k UInt32, a Array(DateTime), d DateTime) ENGINE = MergeTree ORDER BY k'));
    const [tsv2, json2] = await bothWays('dt2', tail, 'k');
    expect(tsv2).toBe(json2);
  });

  test('a lone surrogate (JSON escapes it) falls back to the JSON insert', async () => {
    await t.db.command(raw('CREATE TABLE lone (k UInt32, s String) ENGINE = MergeTree ORDER BY k'));
    const rows = [{ k: 1, s: 'low \udc00 alone' }, { k: 2, s: 'pair 😀' }];
    const [tsv, json] = await bothWays('lone', rows, 'k');
    expect(tsv).toBe(json);
  });

  test('null in a column that is not Nullable is refused, as JSON refused it', async () => {
    await t.db.command(raw('CREATE TABLE strict (k UInt32, s String) ENGINE = MergeTree ORDER BY k'));
    await expect(insertRows(t.db, 'strict', [{ k: 1, s: null }])).rejects.toThrow(/not Nullable/);
    await expect(t.db.insert('strict', [{ k: 1, s: null }])).rejects.toThrow();
  });
});
