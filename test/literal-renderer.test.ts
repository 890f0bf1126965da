// The literal renderer against the real ClickHouse: whatever string goes in
// comes back unchanged as data (injection attempts included), fuzzed.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { date, instant, list, num, sql, str } from '../server/sql/literal.ts';
import { freshDatabase, type TestDb } from './helpers/db.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase('literal');
});
afterAll(async () => {
  await t.drop();
});

const roundTrip = async (value: string): Promise<string> => {
  const rows = await t.db.query<{ v: string }>(sql`SELECT ${str(value)} AS v`);
  return rows[0]!.v;
};

describe('string literals round-trip as data', () => {
  test.each([
    ["'; DROP TABLE cases; --"],
    ["\\'"],
    ['\\'],
    ['a\\\\b'],
    ["' OR 1=1 OR '"],
    ['\0nul\0'],
    ['line\nbreak\r\ttab'],
    ['中文 𝄞 emoji 😀'],
    ['\u2028\u2029'],
    ["')) UNION ALL SELECT name FROM system.tables --"],
    ['{name:String}'],
  ])('%j', async (value) => {
    expect(await roundTrip(value)).toBe(value);
  });

  test('fuzzed strings (fast-check, full unicode)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (s) => {
        expect(await roundTrip(s)).toBe(s);
      }),
      { numRuns: 150 },
    );
  });

  test('fuzzed strings built from SQL metacharacters', async () => {
    const meta = fc.constantFrom("'", '\\', '"', '`', ';', '--', '/*', '*/', '\0', '\n', ')', '(', ',', ' ', 'x', '%', '_');
    await fc.assert(
      fc.asyncProperty(fc.array(meta, { maxLength: 30 }), async (parts) => {
        const s = parts.join('');
        expect(await roundTrip(s)).toBe(s);
      }),
      { numRuns: 200 },
    );
  });

  test('a list of hostile values stays a list of values', async () => {
    const values = ["a'", 'b\\', "c'); DROP TABLE x; --"];
    const rows = await t.db.query<{ n: number }>(sql`SELECT count() AS n FROM system.one WHERE ${'b\\'} IN ${list(values, str)}`);
    expect(Number(rows[0]!.n)).toBe(1);
  });
});

describe('numbers, dates and instants', () => {
  test('numbers round-trip', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -1e12, max: 1e12 }), async (n) => {
        const rows = await t.db.query<{ v: number }>(sql`SELECT toInt64(${num(n)}) AS v`);
        expect(Number(rows[0]!.v)).toBe(n);
      }),
      { numRuns: 50 },
    );
  });

  test('a date literal is that date', async () => {
    const rows = await t.db.query<{ v: string }>(sql`SELECT toString(${date('2025-02-28')}) AS v`);
    expect(rows[0]!.v).toBe('2025-02-28');
  });

  test('an instant literal is that instant', async () => {
    const ms = Date.UTC(2025, 0, 24, 1, 2, 3);
    const rows = await t.db.query<{ v: number }>(sql`SELECT toUnixTimestamp(${instant(ms)}) AS v`);
    expect(Number(rows[0]!.v)).toBe(ms / 1000);
  });
});
