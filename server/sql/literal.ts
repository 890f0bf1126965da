// The one place where values become SQL text (clickhouse.md: 18.16 has no
// query parameters). Every value is rendered as a typed literal; identifiers
// come only from allow-lists. No other code may concatenate input into SQL.

export class SqlLiteralError extends Error {
  override name = 'SqlLiteralError';
}

/** A fragment of SQL that is already safe (built by this module or constant). */
export class Sql {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\0': '\\0',
  '\b': '\\b',
  '\f': '\\f',
  '\r': '\\r',
  '\n': '\\n',
  '\t': '\\t',
};

/** A ClickHouse string literal: backslash, quote and control characters escaped. */
export function str(value: string): Sql {
  if (typeof value !== 'string') throw new SqlLiteralError(`expected a string, got ${typeof value}`);
  // TRICKY: lone UTF-16 surrogates cannot be encoded as UTF-8 and would reach
  // ClickHouse as U+FFFD; reject rather than silently change the value.
  if (!value.isWellFormed()) throw new SqlLiteralError('string is not well-formed Unicode');
  return new Sql(`'${value.replace(/[\\'\0\b\f\r\n\t]/g, (c) => ESCAPES[c] ?? c)}'`);
}

/** A finite number literal. Integers are rendered exactly; others in full precision. */
export function num(value: number): Sql {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SqlLiteralError(`expected a finite number, got ${String(value)}`);
  }
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new SqlLiteralError(`integer out of the safe range: ${value}`);
  }
  // Negative numbers are parenthesized so that `x - -1` style rendering stays valid.
  return new Sql(value < 0 ? `(${String(value)})` : String(value));
}

export function int(value: number): Sql {
  if (!Number.isSafeInteger(value)) throw new SqlLiteralError(`expected an integer, got ${String(value)}`);
  return num(value);
}

export function bool(value: boolean): Sql {
  if (typeof value !== 'boolean') throw new SqlLiteralError(`expected a boolean, got ${typeof value}`);
  return new Sql(value ? '1' : '0');
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates a 'YYYY-MM-DD' calendar date (rejects 2025-02-30). */
export function isValidDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && y >= 1970 && y <= 2105;
}

/** A Date literal: toDate('YYYY-MM-DD'). */
export function date(value: string): Sql {
  if (typeof value !== 'string' || !isValidDate(value)) throw new SqlLiteralError(`invalid date: ${String(value)}`);
  return new Sql(`toDate('${value}')`);
}

/** An instant (epoch ms) as a DateTime literal; seconds precision, like the columns. */
export function instant(epochMs: number): Sql {
  if (!Number.isFinite(epochMs) || epochMs < 0 || epochMs > 4_102_444_800_000) {
    throw new SqlLiteralError(`instant out of range: ${String(epochMs)}`);
  }
  return new Sql(`toDateTime(${Math.floor(epochMs / 1000)})`);
}

/** A list for IN (…): each element rendered by `render`. An empty list renders a never-true set. */
export function list<T>(values: readonly T[], render: (v: T) => Sql): Sql {
  if (values.length === 0) throw new SqlLiteralError('empty list: callers must handle the empty case');
  return new Sql(`(${values.map((v) => render(v).text).join(', ')})`);
}

/** An identifier taken from an allow-list: throws unless `name` is one of `allowed`. */
export function ident<T extends string>(name: string, allowed: readonly T[]): Sql {
  if (!(allowed as readonly string[]).includes(name)) throw new SqlLiteralError(`identifier not allowed: ${name}`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new SqlLiteralError(`malformed identifier: ${name}`);
  return new Sql(name);
}

/**
 * Tagged template that renders interpolated values: `Sql` fragments pass
 * through; strings, numbers and booleans become literals; anything else throws.
 */
export function sql(strings: TemplateStringsArray, ...values: Array<Sql | string | number | boolean>): Sql {
  let text = strings[0] ?? '';
  values.forEach((v, i) => {
    text += render(v).text + (strings[i + 1] ?? '');
  });
  return new Sql(text);
}

function render(v: Sql | string | number | boolean): Sql {
  if (v instanceof Sql) return v;
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number') return num(v);
  if (typeof v === 'boolean') return bool(v);
  throw new SqlLiteralError(`cannot render ${typeof v} into SQL`);
}

/** Joins safe fragments. */
export function join(parts: readonly Sql[], separator: string): Sql {
  return new Sql(parts.map((p) => p.text).join(separator));
}

export const raw = (constantSql: string): Sql => new Sql(constantSql);
