// RFC 4180 record scanner over a growing text buffer, for parse/csv.ts.
//
// Why not csv-parse: measured here it reads ~70–90 k rows/s of 21-column case
// rows, a third of the import budget (≥ 250 k rows/s, errata.md). Rows without
// a quote — nearly all — take a fast path (indexOf + split); quoted fields go
// through a small state machine. Leniency follows the common readers: a quote
// inside an unquoted field is literal (`ab"c`); text after a closing quote
// (`"ab"c`) makes the record malformed (it cannot be read without guessing).

export const MAX_RECORD_CHARS = 4_000_000;

export type Scan =
  | { kind: 'need' } // the record is incomplete: feed more text
  | { kind: 'blank'; next: number }
  | { kind: 'fields'; fields: string[]; next: number }
  | { kind: 'error'; error: string; next: number };

const NEED: Scan = { kind: 'need' };
const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

export class CsvScanner {
  private buf = '';
  /** Index of the next '"' at or after the last lookup, -1 if none in buf, -2 unknown. */
  private quoteAt = -2;

  /** Replace the buffer (the caller keeps the unread tail and appends the new chunk). */
  reset(buf: string): void {
    this.buf = buf;
    this.quoteAt = -2;
  }

  private nextQuote(pos: number): number {
    if (this.quoteAt === -1) return -1;
    if (this.quoteAt < pos) this.quoteAt = this.buf.indexOf('"', pos);
    return this.quoteAt;
  }

  /** Scan one record at `pos`. `final`: no more text will come. */
  scan(pos: number, final: boolean): Scan {
    const buf = this.buf;
    const nl = buf.indexOf('\n', pos);
    if (nl === -1 && !final) return NEED;
    const end = nl === -1 ? buf.length : nl;
    const next = nl === -1 ? buf.length : nl + 1;
    const lineEnd = end > pos && buf.charCodeAt(end - 1) === CR ? end - 1 : end;
    const q = this.nextQuote(pos);
    if (q === -1 || q >= lineEnd) {
      if (lineEnd === pos) return { kind: 'blank', next };
      return { kind: 'fields', fields: buf.slice(pos, lineEnd).split(','), next };
    }
    return this.scanQuoted(pos, final);
  }

  /** The slow path: a record with at least one quote, possibly spanning lines. */
  private scanQuoted(pos: number, final: boolean): Scan {
    const buf = this.buf;
    const n = buf.length;
    const fields: string[] = [];
    let i = pos;
    for (;;) {
      if (i < n && buf.charCodeAt(i) === QUOTE) {
        // Quoted field: up to a '"' not followed by another; '""' is one quote.
        let value = '';
        let j = i + 1;
        for (;;) {
          const k = buf.indexOf('"', j);
          if (k === -1 || (k + 1 === n && !final)) {
            if (!final) return NEED;
            return { kind: 'error', error: 'quote not closed: the rest of the file is inside it and could not be read', next: n };
          }
          if (buf.charCodeAt(k + 1) === QUOTE) {
            value += buf.slice(j, k + 1);
            j = k + 2;
            continue;
          }
          value += buf.slice(j, k);
          i = k + 1;
          break;
        }
        fields.push(value);
        const c = i < n ? buf.charCodeAt(i) : -1;
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === -1) {
          if (!final) return NEED;
          return { kind: 'fields', fields, next: n };
        }
        if (c === LF) return { kind: 'fields', fields, next: i + 1 };
        if (c === CR && i + 1 < n && buf.charCodeAt(i + 1) === LF) return { kind: 'fields', fields, next: i + 2 };
        if (c === CR && i + 1 === n && !final) return NEED;
        // Text after a closing quote: skip to the end of this line and report it.
        const nl = buf.indexOf('\n', i);
        if (nl === -1 && !final) return NEED;
        return { kind: 'error', error: `unexpected text after a closing quote in field ${fields.length}`, next: nl === -1 ? n : nl + 1 };
      }
      // Unquoted field: up to the next ',' or end of line; a '"' inside is literal.
      let comma = buf.indexOf(',', i);
      let nl = buf.indexOf('\n', i);
      if (nl === -1) {
        if (!final) return NEED;
        nl = n;
      }
      if (comma !== -1 && comma < nl) {
        fields.push(buf.slice(i, comma));
        i = comma + 1;
        continue;
      }
      comma = -1;
      const lineEnd = nl > i && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      fields.push(buf.slice(i, lineEnd));
      return { kind: 'fields', fields, next: nl === n ? n : nl + 1 };
    }
  }
}
