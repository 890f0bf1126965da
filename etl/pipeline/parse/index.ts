// Streaming parsers: file → `{ line, raw } | { line, error }` (see types.ts).
export { parseCsv } from './csv.ts';
export { fileFormat, parseFile, type FileFormat } from './file.ts';
export { parseNdjson } from './ndjson.ts';
export { FileFormatError, malformedRow, type ByteSource, type ParsedRow } from './types.ts';
export { parseXlsx } from './xlsx.ts';
