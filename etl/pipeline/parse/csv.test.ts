import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { chunks, collect } from './test-helpers.ts';
import { parseCsv } from './csv.ts';
import { FileFormatError } from './types.ts';

describe('parseCsv', () => {
  test('header row, BOM, quoted fields with commas, quotes and line breaks, CRLF', async () => {
    const text = '\uFEFFcase_id,comment, note \r\nC1,"好,很好",x\r\nC2,"说""满意""\r\n第二行",\r\n';
    expect(await collect(parseCsv(chunks(text, 5)))).toEqual([
      { line: 1, raw: { case_id: 'C1', comment: '好,很好', note: 'x' } },
      { line: 2, raw: { case_id: 'C2', comment: '说"满意"\r\n第二行', note: '' } },
    ]);
  });

  test('without BOM; blank lines are not records', async () => {
    const rows = await collect(parseCsv(['a,b\n1,2\n\n3,4\n']));
    expect(rows).toEqual([{ line: 1, raw: { a: '1', b: '2' } }, { line: 2, raw: { a: '3', b: '4' } }]);
  });

  test('a row with the wrong number of fields is an error entry; empty extra fields are tolerated', async () => {
    const rows = await collect(parseCsv(['a,b\n1\n2,3,4\n5,6,,\n7,8\n']));
    expect(rows).toEqual([
      { line: 1, error: 'expected 2 fields as in the header, got 1' },
      { line: 2, error: 'expected 2 fields as in the header, got 3' },
      { line: 3, raw: { a: '5', b: '6' } },
      { line: 4, raw: { a: '7', b: '8' } },
    ]);
  });

  test('a stray quote is kept literally and does not lose the following rows', async () => {
    const rows = await collect(parseCsv(['a,b\n1,ab"c\n2,x\n']));
    expect(rows).toEqual([{ line: 1, raw: { a: '1', b: 'ab"c' } }, { line: 2, raw: { a: '2', b: 'x' } }]);
  });

  test('an unclosed quote yields an error entry at its record, in order', async () => {
    const rows = await collect(parseCsv(['a,b\n1,x\n2,"open\n3,y\n']));
    expect(rows[0]).toEqual({ line: 1, raw: { a: '1', b: 'x' } });
    expect(rows[1]).toMatchObject({ line: 2, error: expect.stringContaining('quote not closed') });
    expect(rows).toHaveLength(2);
  });

  test('columns with an empty header are ignored; a duplicate header refuses the file', async () => {
    expect(await collect(parseCsv(['a,,b\n1,note,2\n']))).toEqual([{ line: 1, raw: { a: '1', b: '2' } }]);
    await expect(collect(parseCsv(['a,a\n1,2\n']))).rejects.toBeInstanceOf(FileFormatError);
  });

  test('text after a closing quote makes that row malformed, not the next', async () => {
    const rows = await collect(parseCsv(['a,b\n1,"x"y\n2,"ok"\r\n']));
    expect(rows).toEqual([
      { line: 1, error: 'unexpected text after a closing quote in field 2' },
      { line: 2, raw: { a: '2', b: 'ok' } },
    ]);
  });

  test('an empty file and a header-only file yield nothing', async () => {
    expect(await collect(parseCsv([]))).toEqual([]);
    expect(await collect(parseCsv(['\uFEFFa,b\r\n']))).toEqual([]);
  });

  test('round trip: any fields, quoted as RFC 4180 writers do, any chunking', async () => {
    const field = fc.stringMatching(/^[a中,"\n\r ]{0,6}$/);
    const quote = (f: string) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }).chain((cols) =>
          fc.tuple(fc.constant(cols), fc.array(fc.array(field, { minLength: cols, maxLength: cols }), { maxLength: 6 }))),
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        async ([cols, rows], chunkSize, crlf) => {
          const header = Array.from({ length: cols }, (_, i) => `c${i}`);
          const eol = crlf ? '\r\n' : '\n';
          const text = `\uFEFF${[header, ...rows].map((r) => r.map(quote).join(',')).join(eol)}${eol}`;
          const parsed = await collect(parseCsv(chunks(text, chunkSize)));
          expect(parsed).toEqual(rows.map((r, i) => ({
            line: i + 1, raw: Object.fromEntries(header.map((h, j) => [h, r[j]])),
          })));
        },
      ),
      { numRuns: 300 },
    );
  });
});
