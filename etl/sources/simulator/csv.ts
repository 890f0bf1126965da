// Row serialization for contract files: RFC 4180 CSV (tags joined with ';')
// and NDJSON.
import type { RawRow, RawValue } from './types.ts';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(v: RawValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return csvCell(v.join(';'));
  const s = typeof v === 'string' ? v : String(v);
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (fields: readonly string[], row: RawRow, eol: string): string =>
  fields.map((f) => csvCell(row[f])).join(',') + eol;

export const csvHeader = (fields: readonly string[], eol: string): string => fields.join(',') + eol;

/**
 * One NDJSON line. Rows are built with their keys in contract order. (A
 * hand-rolled serializer was tried: faster per call, but its concatenated
 * strings cost more in GC and flattening than JSON.stringify's flat output.)
 */
export const ndjsonLine = (row: RawRow): string => `${JSON.stringify(row)}\n`;
