// NDJSON / JSON Lines: one JSON object per line (data-contract.md § General rules).
// Streams: a file is never held whole; memory is one chunk plus one line.

import { StringDecoder } from 'node:string_decoder';
import type { RawRecord } from '../../contract/records.ts';
import type { ByteSource, ParsedRow } from './types.ts';

/** Lines of a byte stream, UTF-8, '\n' or '\r\n', BOM stripped. */
async function* lines(stream: ByteSource): AsyncGenerator<string> {
  // StringDecoder keeps a multi-byte character split across chunks intact.
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let first = true;
  const take = (chunk: string): string[] => {
    let s = rest + chunk;
    if (first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      first = false;
    }
    const parts = s.split('\n');
    rest = parts.pop() ?? '';
    return parts;
  };
  for await (const chunk of stream) {
    yield* take(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  }
  yield* take(decoder.end());
  if (rest !== '') yield rest;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  return Array.isArray(v) ? 'an array' : typeof v;
}

/**
 * V8 quotes a piece of the line in some messages (`Unexpected token 'T',
 * ..."张三","x":True}" is not valid JSON`). The error text is what the
 * quarantine keeps of an unreadable row, and the line may carry personal data
 * (data-contract.md: never stored in clear), so the quoted piece is cut off;
 * the line number still points at the row.
 */
function withoutExcerpt(message: string): string {
  const quote = message.indexOf('"');
  if (quote < 0) return message;
  const head = message.slice(0, quote).replace(/[,\s.]+$/, '');
  return head === '' ? 'not a JSON value' : head;
}

export async function* parseNdjson(stream: ByteSource): AsyncGenerator<ParsedRow> {
  let line = 0;
  for await (const text of lines(stream)) {
    line++;
    const s = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (s.trim() === '') continue; // a trailing or spacing blank line is not a record
    let v: unknown;
    try {
      v = JSON.parse(s);
    } catch (e) {
      yield { line, error: `invalid JSON: ${withoutExcerpt((e as Error).message)}` };
      continue;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      yield { line, error: `expected a JSON object, got ${describe(v)}` };
      continue;
    }
    yield { line, raw: v as RawRecord };
  }
}
