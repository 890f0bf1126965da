// Pick a parser by file extension (data-contract.md § General rules).

import { createReadStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseCsv } from './csv.ts';
import { parseNdjson } from './ndjson.ts';
import { FileFormatError, type ParsedRow } from './types.ts';
import { parseXlsx } from './xlsx.ts';

/** Large reads: fewer, bigger chunks help the 250 k rows/s import budget. */
const CHUNK = 1 << 20;

export type FileFormat = 'ndjson' | 'csv' | 'xlsx';

export function fileFormat(path: string): FileFormat | null {
  switch (extname(path).toLowerCase()) {
    case '.ndjson':
    case '.jsonl':
      return 'ndjson';
    case '.csv':
      return 'csv';
    case '.xlsx':
      return 'xlsx';
    default:
      return null;
  }
}

/** Rows of a .ndjson/.jsonl, .csv or .xlsx file; any other extension is refused. */
export function parseFile(path: string): AsyncIterable<ParsedRow> {
  const format = fileFormat(path);
  if (format === 'ndjson') return parseNdjson(createReadStream(path, { highWaterMark: CHUNK }));
  if (format === 'csv') return parseCsv(createReadStream(path, { highWaterMark: CHUNK }), basename(path));
  if (format === 'xlsx') return parseXlsx(path);
  throw new FileFormatError(`${basename(path)}: unsupported file type (expected .ndjson, .jsonl, .csv or .xlsx)`);
}
