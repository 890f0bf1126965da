// XLSX, first sheet, header row (data-contract.md § General rules: accepted
// for the catalogue, calendar, regions and depts, which people keep by hand).
// Streams with exceljs' WorkbookReader: rows are parsed as the zip is read.
//
// Cells become text, as CSV cells would be, so one validator serves all formats:
//  - numbers: integers as is; others to 15 significant digits (Excel's own
//    precision), so 0.1 + 0.2 reads '0.3';
//  - date cells: 'YYYY-MM-DD' at midnight, else 'YYYY-MM-DD HH:mm:ss' to the
//    nearest second — the wall-clock time the sheet shows, which the contract
//    reads as Beijing time (no offset = Asia/Shanghai);
//  - booleans 'true'/'false'; rich text joined; formulas by their cached result;
//  - an error cell (#N/A …) makes the row malformed: its value is unknown.

import ExcelJS from 'exceljs';
import type { RawRecord } from '../../contract/records.ts';
import { headerNames } from './header.ts';
import type { ParsedRow } from './types.ts';

type Cell = ExcelJS.Cell;

/** What the stream reader exposes at run time beyond its typings. */
interface ReaderInternals {
  model?: { sheets?: { id: number | string }[] };
  properties?: { model?: { date1904?: boolean } };
}
interface SheetInternals {
  id?: number | string;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** A Date from exceljs holds the sheet's wall-clock time in its UTC fields. */
function dateText(d: Date): string {
  const t = new Date(Math.round(d.getTime() / 1000) * 1000);
  const day = `${String(t.getUTCFullYear()).padStart(4, '0')}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
  const h = t.getUTCHours();
  const mi = t.getUTCMinutes();
  const s = t.getUTCSeconds();
  return h === 0 && mi === 0 && s === 0 ? day : `${day} ${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
}

function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

/** exceljs' own test (utils.isDateFmt), which it applies to plain cells but not to formula results. */
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

type CellText = string | null | { error: string };

/**
 * The text of a cell value. `formulaResult`: exceljs turns a plain numeric
 * cell with a date format into a Date, but leaves a formula's result a serial
 * number, so that case checks the format itself.
 */
function cellText(v: unknown, cell: Cell, date1904: boolean, formulaResult = false): CellText {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    // The stream reader parses an error-valued formula result as NaN.
    if (Number.isNaN(v)) return { error: `cell ${cell.address} has an error value` };
    return formulaResult && isDateFormat(cell.numFmt) ? dateText(serialToDate(v, date1904)) : numberText(v);
  }
  if (v instanceof Date) return dateText(v);
  if (typeof v !== 'object') return String(v);
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
  if ('error' in o) return { error: `cell ${cell.address} holds ${String(o.error)}` };
  if ('formula' in o || 'sharedFormula' in o) return cellText(o.result, cell, date1904, true);
  if ('text' in o) return cellText(o.text, cell, date1904); // hyperlink: its text
  return { error: `cell ${cell.address} has an unsupported value` };
}

function isFirstSheet(reader: ReaderInternals, sheet: SheetInternals): boolean {
  // "First" = first in the workbook's tab order; zip order can differ. When
  // the workbook part has not been read yet, the first sheet met is taken.
  const first = reader.model?.sheets?.[0];
  return first === undefined || String(first.id) === String(sheet.id);
}

/** Rows of the first sheet of an XLSX file. See types.ts for `line`. */
export async function* parseXlsx(path: string): AsyncGenerator<ParsedRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to recognise date cells by their number format
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const internals = reader as unknown as ReaderInternals;
  let taken = false;
  for await (const sheet of reader) {
    if (taken || !isFirstSheet(internals, sheet as unknown as SheetInternals)) {
      // Not ours: drain it. TRICKY: destroying its iterator instead raced with
      // exceljs' own clean-up of the temp file it spools such a sheet to, and
      // surfaced later as an uncaught ENOENT (seen in CI).
      for await (const _row of sheet as AsyncIterable<unknown>) void _row;
      continue;
    }
    taken = true;
    const date1904 = internals.properties?.model?.date1904 === true;
    yield* sheetRows(sheet, path, date1904);
  }
}

async function* sheetRows(sheet: AsyncIterable<ExcelJS.Row>, path: string, date1904: boolean): AsyncGenerator<ParsedRow> {
  let header: string[] | null = null;
  let headerRow = 0;
  for await (const row of sheet) {
    const cells: { col: number; text: CellText }[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const t = cellText(cell.value, cell, date1904);
      if (t !== null && !(typeof t === 'string' && t.trim() === '')) cells.push({ col, text: t });
    });
    if (cells.length === 0) continue; // blank rows, before the header or between records
    if (header === null) {
      const names: string[] = [];
      for (const c of cells) names[c.col - 1] = typeof c.text === 'string' ? c.text : '';
      header = headerNames(Array.from(names, (n) => n ?? ''), path);
      headerRow = row.number;
      continue;
    }
    const line = row.number - headerRow;
    const raw: RawRecord = {};
    let error: string | null = null;
    for (const c of cells) {
      const name = header[c.col - 1];
      if (name === undefined || name === '') continue; // notes beside the table are not data
      if (typeof c.text === 'object' && c.text !== null) {
        error = `${name}: ${c.text.error}`;
        break;
      }
      raw[name] = c.text;
    }
    yield error === null ? { line, raw } : { line, error };
  }
}
