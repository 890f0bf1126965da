import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseFile } from './file.ts';
import { collect } from './test-helpers.ts';
import { FileFormatError } from './types.ts';
import { parseXlsx } from './xlsx.ts';

let dir: string;
let path: string;

// exceljs writes a Date's UTC fields as the sheet's wall-clock time.
const wall = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi, s));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tianping-xlsx-'));
  path = join(dir, 'items.xlsx');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('事项');
  ws.addRow([]); // a blank row above the table
  ws.addRow([' item_code ', 'item_name', 'legal_limit', 'ratio', 'updated_at', 'is_immediate', 'region_code', 'total']);
  ws.addRow(['ITEM-1', { richText: [{ text: '营业' }, { text: '执照' }] }, 20, 0.1 + 0.2, wall(2025, 3, 4, 9, 15, 0), true, 110101,
    { formula: 'C3*2', result: 40 }]);
  ws.addRow([]); // blank between records: skipped, still counted in line numbers
  const r = ws.addRow(['ITEM-2', '名称', 5, 1, wall(2025, 1, 1), false, '330106', { formula: 'E5', result: 45658.5 }]);
  r.getCell(5).numFmt = 'yyyy-mm-dd';
  r.getCell(8).numFmt = 'yyyy-mm-dd hh:mm';
  ws.addRow(['ITEM-3', { error: '#N/A' }, 1]);
  ws.getCell('J6').value = 'a note beside the table'; // no header: ignored
  wb.addWorksheet('说明').addRow(['not', 'data']);
  await wb.xlsx.writeFile(path);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseXlsx', () => {
  test('first sheet, header row, cells as text', async () => {
    const rows = await collect(parseXlsx(path));
    expect(rows).toEqual([
      {
        line: 1,
        raw: {
          item_code: 'ITEM-1', item_name: '营业执照', legal_limit: '20', ratio: '0.3', updated_at: '2025-03-04 09:15:00',
          is_immediate: 'true', region_code: '110101', total: '40',
        },
      },
      {
        line: 3,
        raw: {
          item_code: 'ITEM-2', item_name: '名称', legal_limit: '5', ratio: '1', updated_at: '2025-01-01',
          // a formula whose cached result is a date serial (45658.5 = 2025-01-01 12:00)
          is_immediate: 'false', region_code: '330106', total: '2025-01-01 12:00:00',
        },
      },
      { line: 4, error: expect.stringContaining('#N/A') },
    ]);
  });

  test('parseFile picks the parser by extension and refuses others', async () => {
    expect(await collect(parseFile(path))).toHaveLength(3);
    expect(() => parseFile(join(dir, 'cases.txt'))).toThrow(FileFormatError);
  });
});
