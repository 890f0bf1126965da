// What every parser yields (data-contract.md § General rules).
//
// `line` is 1-based and counts data rows only, the header excluded:
//  - NDJSON: the physical line number (no header; blank lines are skipped but
//    still counted, so the number is the one an editor shows);
//  - CSV: the ordinal of the data record (blank lines are not records; a
//    record with a quoted line break counts once): in a file without blank
//    lines, spreadsheet row = line + 1;
//  - XLSX: the sheet row number minus the header's row number.
// A row that cannot be read yields `{ line, error }` (quarantined by the
// caller as `malformed_row`); parsers never throw for one bad row. They do
// throw for a file that cannot be read at all (I/O error, unusable header).

import type { RawRecord, Rejection } from '../../contract/records.ts';

export type ParsedRow = { line: number; raw: RawRecord } | { line: number; error: string };

/** A byte or text stream: a Node Readable, or any (async) iterable of chunks. */
export type ByteSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** A file-level problem (e.g. a duplicate header name): the whole file is refused. */
export class FileFormatError extends Error {
  override name = 'FileFormatError';
}

/** The quarantine entry for a row a parser could not read (data-contract.md: never dropped silently). */
export function malformedRow(error: string): Rejection {
  return { field: null, reason: 'malformed_row', detail: error };
}
