import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bool, date, ident, instant, int, isValidDate, list, num, raw, sql, SqlLiteralError, str } from './literal.ts';

describe('str', () => {
  test.each([
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
    ['nul\0', "'nul\\0'"],
    ['nl\n', "'nl\\n'"],
  ])('%j → %s', (input, expected) => {
    expect(str(input).text).toBe(expected);
  });

  test('rejects lone surrogates and non-strings', () => {
    expect(() => str('\ud800')).toThrow(SqlLiteralError);
    expect(() => str(1 as unknown as string)).toThrow(SqlLiteralError);
  });

  test('property: the rendered literal never has an unescaped quote inside', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const body = str(s).text.slice(1, -1);
        // Remove escape pairs; what remains must not contain a quote or a backslash.
        expect(body.replace(/\\./gs, '')).not.toMatch(/['\\]/);
      }),
    );
  });
});

describe('num, int, bool', () => {
  test.each([[1, '1'], [0, '0'], [-5, '(-5)'], [1.5, '1.5']])('%d → %s', (n, expected) => {
    expect(num(n).text).toBe(expected);
  });
  test.each([[NaN], [Infinity], [-Infinity], [2 ** 60]])('rejects %d', (n) => {
    expect(() => num(n)).toThrow(SqlLiteralError);
  });
  test('int rejects fractions; bool renders 0/1', () => {
    expect(() => int(1.2)).toThrow(SqlLiteralError);
    expect(bool(true).text).toBe('1');
    expect(bool(false).text).toBe('0');
    expect(() => num('1' as unknown as number)).toThrow(SqlLiteralError);
  });
});

describe('date and instant', () => {
  test.each([['2025-02-28', true], ['2024-02-29', true], ['2025-02-29', false], ['2025-13-01', false], ["2025-01-01'", false], ['', false]])(
    '%s valid=%s',
    (d, ok) => {
      expect(isValidDate(d)).toBe(ok);
      if (ok) expect(date(d).text).toBe(`toDate('${d}')`);
      else expect(() => date(d)).toThrow(SqlLiteralError);
    },
  );
  test('instant renders whole seconds and rejects nonsense', () => {
    expect(instant(1_700_000_000_999).text).toBe('toDateTime(1700000000)');
    expect(() => instant(-1)).toThrow(SqlLiteralError);
    expect(() => instant(NaN)).toThrow(SqlLiteralError);
  });
});

describe('ident, list, sql', () => {
  test('identifiers only from the allow-list', () => {
    expect(ident('region_code', ['region_code', 'dept_code']).text).toBe('region_code');
    expect(() => ident('region_code; DROP', ['region_code'])).toThrow(SqlLiteralError);
    expect(() => ident('x', ['region_code'])).toThrow(SqlLiteralError);
  });
  test('list renders each value; empty lists are refused', () => {
    expect(list(['a', "b'"], str).text).toBe("('a', 'b\\'')");
    expect(() => list([], str)).toThrow(SqlLiteralError);
  });
  test('the sql tag renders values and passes fragments', () => {
    const q = sql`SELECT ${raw('x')} FROM t WHERE a = ${"o'k"} AND b = ${3} AND c = ${true}`;
    expect(q.text).toBe("SELECT x FROM t WHERE a = 'o\\'k' AND b = 3 AND c = 1");
    expect(() => sql`${{} as unknown as string}`).toThrow(SqlLiteralError);
  });
});
