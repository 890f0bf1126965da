// CSV with a header row, UTF-8 with or without BOM, RFC 4180 quoting
// (data-contract.md § General rules). Streams: memory is one chunk plus the
// record being read (bounded by MAX_RECORD_CHARS).

import { StringDecoder } from 'node:string_decoder';
import type { RawRecord } from '../../contract/records.ts';
import { CsvScanner, MAX_RECORD_CHARS } from './csv-scanner.ts';
import { headerNames } from './header.ts';
import { FileFormatError, type ByteSource, type ParsedRow } from './types.ts';

/**
 * Rows of a CSV stream as `{ line, raw }` keyed by header name, or
 * `{ line, error }` for a row that cannot be read. `file` only labels errors.
 */
export async function* parseCsv(stream: ByteSource, file = 'csv'): AsyncGenerator<ParsedRow> {
  const decoder = new StringDecoder('utf8'); // keeps a character split across chunks whole
  const scanner = new CsvScanner();
  let rest = '';
  let started = false;
  let header: string[] | null = null;
  let ordinal = 0; // non-blank records, header included

  // Yields the complete records of rest + text; returns false to stop reading.
  function* feed(text: string, final: boolean): Generator<ParsedRow, boolean> {
    let buf = rest + text;
    if (!started && buf.length > 0) {
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      started = true;
    }
    scanner.reset(buf);
    let pos = 0;
    while (pos < buf.length) {
      const r = scanner.scan(pos, final);
      if (r.kind === 'need') break;
      pos = r.next;
      if (r.kind === 'blank') continue;
      ordinal++;
      if (header === null) {
        if (r.kind === 'error') throw new FileFormatError(`${file}: the header row cannot be read: ${r.error}`);
        header = headerNames(r.fields, file);
        continue;
      }
      yield r.kind === 'error' ? { line: ordinal - 1, error: r.error } : toRow(header, r.fields, ordinal - 1);
    }
    rest = buf.slice(pos);
    if (rest.length > MAX_RECORD_CHARS) {
      yield { line: ordinal, error: `a record runs past ${MAX_RECORD_CHARS} characters (an unclosed quote?); the rest of the file is not read` };
      return false;
    }
    return true;
  }

  for await (const chunk of stream) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (!(yield* feed(text, false))) return;
  }
  yield* feed(decoder.end(), true);
}

function toRow(header: string[], fields: string[], line: number): ParsedRow {
  if (fields.length < header.length) {
    return { line, error: `expected ${header.length} fields as in the header, got ${fields.length}` };
  }
  // Extra fields are tolerated only when empty (trailing commas of spreadsheet
  // exports); extra content means a shifted row, which must not be guessed at.
  for (let i = header.length; i < fields.length; i++) {
    if ((fields[i] as string).trim() !== '') {
      return { line, error: `expected ${header.length} fields as in the header, got ${fields.length}` };
    }
  }
  const raw: RawRecord = {};
  for (let i = 0; i < header.length; i++) {
    const name = header[i] as string;
    if (name !== '') raw[name] = fields[i];
  }
  return { line, raw };
}
