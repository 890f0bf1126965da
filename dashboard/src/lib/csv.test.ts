import { expect, test } from 'vitest';
import { toCsv } from './csv.ts';

test('UTF-8 BOM, CRLF, quoting and formula neutralization', () => {
  const text = toCsv(['名称', '值'], [['甲,乙', 0.5], ['say "hi"', null], ['=1+1', -3], ['-x', 1]]);
  expect(text.startsWith('\uFEFF名称,值\r\n')).toBe(true);
  expect(text).toContain('"甲,乙",0.5\r\n');
  expect(text).toContain('"say ""hi""",\r\n');
  expect(text).toContain("'=1+1,-3\r\n");
  expect(text).toContain("'-x,1\r\n");
});
