import { describe, expect, test } from 'vitest';
import { columnEncoder, dateTimeSeconds, encodeTsv, NotTsvEncodable, TsvWriter } from './tsv.ts';

// What ClickHouse stores is checked end to end in test/etl-tsv-insert.test.ts.
const written = (write: (w: TsvWriter) => void): string => {
  const w = new TsvWriter(4); // small, so that growing is exercised
  write(w);
  return w.bytes().toString('utf8');
};

describe('TSV encoding', () => {
  test('strings: UTF-8, escaping exactly backslash, tab, newline and carriage return', () => {
    const s = 'a\\b\tc\nd\re\'f"g中é😀\u0000';
    expect(written((w) => w.string(s, false))).toBe('a\\\\b\\tc\\nd\\re\'f"g中é😀\u0000');
    expect(written((w) => w.string('\\N', false))).toBe('\\\\N');
    expect(Buffer.from(written((w) => w.string('中é😀', false)))).toEqual(Buffer.from('中é😀'));
  });

  test('quoted literals also escape the quote', () => {
    expect(written((w) => w.string("it's \\ \t", true))).toBe("'it\\'s \\\\ \\t'");
  });

  test('a lone surrogate cannot be encoded', () => {
    expect(() => written((w) => w.string('x\ud800', false))).toThrow(NotTsvEncodable);
    expect(() => written((w) => w.string('\udc00y', true))).toThrow(NotTsvEncodable);
    expect(() => written((w) => w.string('\ud800\ud800', false))).toThrow(NotTsvEncodable);
  });

  test('numbers as JSON.stringify writes them', () => {
    for (const n of [0, -0, 7, 10, 99, 1_735_689_600_123_456, 12.5, 0.1, -3, 1e21, 2 ** 53 + 2, 1e-7]) {
      expect(written((w) => w.number(n))).toBe(JSON.stringify(n));
    }
  });

  test('DateTime seconds: at least 5 digits, modulo 2^32 like the JSON reader', () => {
    const text = (s: number) => written((w) => w.number(dateTimeSeconds(s), 5));
    expect(text(0)).toBe('00000');
    expect(text(100)).toBe('00100');
    expect(text(1_735_689_600)).toBe('1735689600');
    expect(text(-1)).toBe('4294967295');
    expect(text(2 ** 32 + 5)).toBe('00005');
    expect(() => dateTimeSeconds(1.5)).toThrow();
  });

  test('NULL only in Nullable columns; arrays as literals', () => {
    const enc = (type: string, v: unknown) => written((w) => columnEncoder('x', type)(w, v));
    expect(enc('Nullable(UInt32)', null)).toBe('\\N');
    expect(enc('Nullable(UInt32)', Number.NaN)).toBe('\\N');
    expect(() => enc('String', null)).toThrow(/not Nullable/);
    expect(enc("Array(DateTime('Asia/Shanghai'))", [1, 2])).toBe('[1,2]');
    expect(enc('Array(String)', ['a', "b'"])).toBe("['a','b\\'']");
    expect(enc("Nullable(DateTime('Asia/Shanghai'))", 42)).toBe('00042');
  });

  test('rows follow the named columns, whatever the key order', () => {
    const types = new Map([['a', 'String'], ['b', 'UInt8']]);
    expect(encodeTsv([{ b: 1, a: 'x' }, { a: 'y', b: 2 }], ['a', 'b'], types).toString()).toBe('x\t1\ny\t2\n');
  });
});
