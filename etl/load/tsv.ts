// Rows → TabSeparated bytes for the bulk INSERTs of the loader.
//
// Why not JSONEachRow: ClickHouse 18.16 parses it 1.3–1.7× slower than TSV
// (measured on our steps/cases rows: it matches every key by name), and the
// JSON text carries every key on every row, so it is twice as long to build,
// send and parse. The bytes are written straight into a Buffer: building a
// string per field and joining them cost more than JSON.stringify did.
//
// The values stored must be exactly those the JSON insert stored, so the
// rules below follow how 18.16 reads JSONEachRow:
//  - strings: UTF-8 with the TSV escapes \\ \t \n \r (every other byte is
//    taken as is, as JSON's decoded string was);
//  - null (or a non-finite number, which JSON.stringify writes as null):
//    \N in a Nullable column; in any other column JSON refused the row, so
//    this throws;
//  - DateTime from epoch seconds: see dateTimeSeconds();
//  - arrays: the quoted literal [1,2] / ['a','b'];
//  - a string with a lone UTF-16 surrogate (JSON sent it as \uD8xx, which
//    18.16 decodes differently from UTF-8's replacement character) makes the
//    encoder give up (NotTsvEncodable), and the caller sends that batch as
//    JSON, as before.
// The column list is explicit (the caller names it in the INSERT), so a
// change of the table's column order cannot shift values.

/** Thrown for a value that TSV cannot carry exactly as JSON did (see above). */
export class NotTsvEncodable extends Error {
  override name = 'NotTsvEncodable';
}

const BACKSLASH = 92;
const TAB = 9;
const LF = 10;
const CR = 13;
const QUOTE = 39;
/** What string() cannot copy as is: the escaped characters and surrogates (checked for lone ones). */
const NEEDS_CARE = /[\\\t\n\r\ud800-\udfff]/;
const NEEDS_CARE_QUOTED = /[\\'\t\n\r\ud800-\udfff]/;

/** A growing byte buffer with the writes the encoders need. */
export class TsvWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Text known to be ASCII without anything to escape (numbers, NULL). */
  ascii(s: string): void {
    this.ensure(s.length);
    this.pos += this.buf.write(s, this.pos, 'latin1');
  }

  /** A string as UTF-8 with TSV escapes; `quoted` adds quotes and escapes the quote (array elements). */
  string(s: string, quoted: boolean): void {
    // Worst case: 3 bytes per UTF-16 unit (a pair of units takes 4), an escape 2.
    this.ensure(3 * s.length + 2);
    if (quoted) this.buf[this.pos++] = QUOTE;
    // Most strings need no escape: one native copy (a JS loop per char costs more).
    if (!(quoted ? NEEDS_CARE_QUOTED : NEEDS_CARE).test(s)) this.pos += this.buf.write(s, this.pos, 'utf8');
    else this.escaped(s, quoted);
    if (quoted) this.buf[this.pos++] = QUOTE;
  }

  /** The slow path of string(): escapes, and surrogate pairs checked one by one. */
  private escaped(s: string, quoted: boolean): void {
    const n = s.length;
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c === BACKSLASH || c === TAB || c === LF || c === CR || (quoted && c === QUOTE)) {
          b[p++] = BACKSLASH;
          b[p++] = c === TAB ? 116 /* t */ : c === LF ? 110 /* n */ : c === CR ? 114 /* r */ : c;
        } else {
          b[p++] = c;
        }
      } else if (c < 0x800) {
        b[p++] = 0xc0 | (c >> 6);
        b[p++] = 0x80 | (c & 0x3f);
      } else if (c < 0xd800 || c > 0xdfff) {
        b[p++] = 0xe0 | (c >> 12);
        b[p++] = 0x80 | ((c >> 6) & 0x3f);
        b[p++] = 0x80 | (c & 0x3f);
      } else {
        const low = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c > 0xdbff || low < 0xdc00 || low > 0xdfff) throw new NotTsvEncodable('a string holds a lone UTF-16 surrogate');
        const cp = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        b[p++] = 0xf0 | (cp >> 18);
        b[p++] = 0x80 | ((cp >> 12) & 0x3f);
        b[p++] = 0x80 | ((cp >> 6) & 0x3f);
        b[p++] = 0x80 | (cp & 0x3f);
        i++;
      }
    }
    this.pos = p;
  }

  /** A number as JSON.stringify writes it (non-finite numbers never reach here), at least `minDigits` digits. */
  number(v: number, minDigits = 1): void {
    if (v >= 0 && v < 2 ** 31 && Number.isInteger(v)) {
      this.int31(v, minDigits);
    } else if (v >= 0 && Number.isSafeInteger(v)) {
      // Versions (µs) and updated_ms exceed 31 bits: two halves keep the digit loop in small-integer arithmetic.
      const high = Math.floor(v / 1e8);
      this.int31(high, minDigits - 8);
      this.int31(v - high * 1e8, 8);
    } else {
      this.ascii(String(v));
    }
  }

  private int31(v: number, minDigits: number): void {
    let digits = 1;
    for (let x = v; x >= 10; x = (x / 10) | 0) digits++;
    if (digits < minDigits) digits = minDigits;
    this.ensure(digits);
    const b = this.buf;
    let x = v;
    for (let i = this.pos + digits - 1; i >= this.pos; i--) {
      b[i] = 48 + (x % 10);
      x = (x / 10) | 0;
    }
    this.pos += digits;
  }

  /** The bytes written so far. */
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

const TWO_32 = 2 ** 32;

/**
 * Epoch seconds for a DateTime field. JSON's number went through readIntText
 * into a 64-bit time_t and was stored as UInt32 (so modulo 2^32); TSV's
 * DateTime reader takes a run of 5–10 digits as epoch seconds (fewer digits
 * are read as a 'YYYY-…' date, hence at least 5 digits, leading zeros being
 * allowed) and has no sign, hence the same modulo done here.
 */
export function dateTimeSeconds(seconds: number): number {
  if (!Number.isInteger(seconds)) throw new Error(`DateTime value ${seconds} is not whole seconds`);
  return ((seconds % TWO_32) + TWO_32) % TWO_32;
}

type Encode = (w: TsvWriter, v: unknown) => void;

function scalar(w: TsvWriter, v: unknown, column: string): void {
  if (typeof v === 'string') w.string(v, false);
  else if (typeof v === 'number') w.number(v);
  else throw new Error(`column ${column}: cannot encode a ${typeof v} as TSV`);
}

function element(w: TsvWriter, v: unknown, column: string): void {
  if (typeof v === 'string') w.string(v, true);
  else if (typeof v === 'number' && Number.isFinite(v)) w.number(v);
  else throw new Error(`column ${column}: cannot encode an array element of type ${typeof v} as TSV`);
}

const isNull = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v));

/** The encoder of one column, from its ClickHouse type (as system.columns spells it). */
export function columnEncoder(column: string, type: string): Encode {
  const nullable = type.startsWith('Nullable(');
  const inner = nullable ? type.slice('Nullable('.length, -1) : type;
  let encode: Encode;
  if (inner.startsWith('Array(')) {
    encode = (w, v) => {
      if (!Array.isArray(v)) throw new Error(`column ${column}: expected an array`);
      w.byte(91 /* [ */);
      for (let i = 0; i < v.length; i++) {
        if (i > 0) w.byte(44 /* , */);
        element(w, v[i], column);
      }
      w.byte(93 /* ] */);
    };
  } else if (inner === 'DateTime' || inner.startsWith('DateTime(')) {
    encode = (w, v) => (typeof v === 'number' ? w.number(dateTimeSeconds(v), 5) : scalar(w, v, column));
  } else {
    encode = (w, v) => scalar(w, v, column);
  }
  return (w, v) => {
    if (!isNull(v)) encode(w, v);
    else if (nullable) w.ascii('\\N');
    else throw new Error(`column ${column} (${type}) is not Nullable: got ${v === undefined ? 'no value' : 'null'}`);
  };
}

/**
 * TSV bytes of `rows` (each an object with every name of `columns`), one line
 * each, `types` giving each column's ClickHouse type. Throws NotTsvEncodable
 * when a value cannot be carried exactly (see the top of this file).
 */
export function encodeTsv(rows: readonly object[], columns: readonly string[], types: ReadonlyMap<string, string>): Buffer {
  const encoders = columns.map((c) => {
    const type = types.get(c);
    if (type === undefined) throw new Error(`no column ${c} in the table`);
    return columnEncoder(c, type);
  });
  const n = columns.length;
  const w = new TsvWriter();
  for (const row of rows as ReadonlyArray<Record<string, unknown>>) {
    for (let i = 0; i < n; i++) {
      if (i > 0) w.byte(TAB);
      encoders[i]!(w, row[columns[i]!]);
    }
    w.byte(LF);
  }
  return w.bytes();
}
