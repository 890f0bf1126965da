// Header handling shared by the CSV and XLSX parsers.

import { FileFormatError } from './types.ts';

/**
 * Column names from a header row: trimmed, BOM-free. Empty names mark columns
 * to ignore (exports often carry trailing empty columns). A duplicate name is
 * a file-level error: which of the two columns is meant cannot be told.
 */
export function headerNames(cells: readonly string[], file: string): string[] {
  const names = cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
  const seen = new Set<string>();
  for (const n of names) {
    if (n === '') continue;
    if (seen.has(n)) throw new FileFormatError(`${file}: duplicate column ${JSON.stringify(n)} in the header row`);
    seen.add(n);
  }
  if (seen.size === 0) throw new FileFormatError(`${file}: the header row has no column names`);
  return names;
}
