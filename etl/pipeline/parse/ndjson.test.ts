import { describe, expect, test } from 'vitest';
import { chunks, collect } from './test-helpers.ts';
import { parseNdjson } from './ndjson.ts';

describe('parseNdjson', () => {
  test('objects by physical line; blank lines skipped but counted; BOM and CRLF handled', async () => {
    const text = '\uFEFF{"case_id":"甲-1"}\r\n\r\n{"case_id":"乙-2","tags":["a"]}\n';
    expect(await collect(parseNdjson(chunks(text, 3)))).toEqual([
      { line: 1, raw: { case_id: '甲-1' } },
      { line: 3, raw: { case_id: '乙-2', tags: ['a'] } },
    ]);
  });

  test('a bad line yields an error entry and the rest goes on', async () => {
    const rows = await collect(parseNdjson(['{"a":1}\n{"a":\n[1,2]\n"text"\nnull\n{"a":2}']));
    expect(rows.map((r) => ('error' in r ? `E${r.line}` : `R${r.line}`))).toEqual(['R1', 'E2', 'E3', 'E4', 'E5', 'R6']);
    expect(rows[1]).toMatchObject({ error: expect.stringContaining('invalid JSON') });
    expect(rows[2]).toMatchObject({ error: 'expected a JSON object, got an array' });
  });

  test('an empty stream yields nothing', async () => {
    expect(await collect(parseNdjson([]))).toEqual([]);
  });
});
