// CSV with a header row, UTF-8 with or without BOM, RFC 4180 quoting
// (data-contract.md § General rules). Streams through csv-parse.

import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import type { RawRecord } from '../../contract/records.ts';
import { headerNames } from './header.ts';
import type { ByteSource, ParsedRow } from './types.ts';

interface Numbered {
  n: number; // record ordinal, header included
  fields: string[];
}

/**
 * Rows of a CSV stream as `{ line, raw }` keyed by header name, or
 * `{ line, error }` for a row that cannot be read. `file` only labels errors.
 */
export async function* parseCsv(stream: ByteSource, file = 'csv'): AsyncGenerator<ParsedRow> {
  // csv-parse reports broken records through on_skip, synchronously while it
  // parses, i.e. before the records that follow them reach us: they wait in
  // `skipped` and are yielded in record order.
  const skipped: { n: number; error: string }[] = [];
  let ordinal = 0;
  const parser = parse({
    bom: true,
    // Column-count mismatches are judged below, row by row, with a clear message.
    relax_column_count: true,
    // TRICKY: without relax_quotes a stray quote inside an unquoted field
    // (`ab"c`) derails csv-parse's recovery and loses the rows after it; with
    // it the quote is kept literally and the field is judged by the validator.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (fields: string[]): Numbered => ({ n: ++ordinal, fields }),
    on_skip: (err: CsvError | undefined) => {
      const msg = err?.message ?? 'unreadable record';
      const tail = err?.code === 'CSV_QUOTE_NOT_CLOSED' ? ' (the rest of the file after this quote could not be read)' : '';
      skipped.push({ n: ++ordinal, error: `${msg}${tail}` });
      return undefined;
    },
  });
  const source = stream instanceof Readable ? stream : Readable.from(stream);
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);

  let header: string[] | null = null;
  const errorsBefore = function* (n: number): Generator<ParsedRow> {
    while (skipped.length > 0 && (skipped[0] as { n: number }).n < n) {
      const s = skipped.shift() as { n: number; error: string };
      // A broken header record leaves line ≤ 0; report it as line 0 (the header).
      yield { line: header === null ? 0 : s.n - 1, error: s.error };
    }
  };

  for await (const rec of parser as AsyncIterable<Numbered>) {
    if (header === null) {
      yield* errorsBefore(rec.n);
      header = headerNames(rec.fields, file);
      continue;
    }
    yield* errorsBefore(rec.n);
    yield toRow(header, rec.fields, rec.n - 1);
  }
  yield* errorsBefore(Number.POSITIVE_INFINITY);
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
