// Test helper: drain a parser.
import type { ParsedRow } from './types.ts';

export async function collect(rows: AsyncIterable<ParsedRow>): Promise<ParsedRow[]> {
  const out: ParsedRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

/** Split a string into byte chunks of `size`, cutting through multi-byte characters on purpose. */
export function chunks(text: string, size: number): Buffer[] {
  const buf = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}
