// JSON built inside ClickHouse 18.16 (it has no JSON output functions), for
// the evidence of the set-based detectors (INSERT … SELECT). Every constant
// reaches SQL through literal.ts; string columns are escaped to JSON here.
import { join, raw, sql, str, type Sql } from '../../server/sql/literal.ts';

// Backslash first, then the quote, then every C0 control character
// (RFC 8259 §7: these must be escaped).
const JSON_ESCAPES: ReadonlyArray<readonly [string, string]> = [
  ['\\', '\\\\'],
  ['"', '\\"'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
  ...Array.from({ length: 32 }, (_, code) => code)
    .filter((code) => code !== 0x0a && code !== 0x0d && code !== 0x09)
    .map((code) => [String.fromCharCode(code), `\\u${code.toString(16).padStart(4, '0')}`] as const),
];

/** A JSON string of a String expression. */
export function jsonString(expr: Sql): Sql {
  let out = expr;
  for (const [from, to] of JSON_ESCAPES) out = sql`replaceAll(${out}, ${str(from)}, ${str(to)})`;
  return sql`concat('"', ${out}, '"')`;
}

/** A JSON string or null of a (Nullable) String expression: '' → null. */
export const jsonStringOrNull = (expr: Sql): Sql => sql`if(${expr} = '', 'null', ${jsonString(expr)})`;

/**
 * A JSON string of a (Nullable) DateTime('Asia/Shanghai') expression in ISO
 * 8601 with the Beijing offset, e.g. "2025-03-04T09:15:00+08:00"; NULL → null.
 * TRICKY: toString renders in the type's time zone, so the expression must be
 * typed Asia/Shanghai (every DateTime column of the schema is).
 */
export const jsonTime = (expr: Sql): Sql =>
  sql`ifNull(concat('"', replaceOne(toString(${expr}), ' ', 'T'), '+08:00"'), 'null')`;

/** A JSON number of a (Nullable) integer expression; NULL → null. */
export const jsonInt = (expr: Sql): Sql => sql`ifNull(toString(${expr}), 'null')`;

/** A JSON boolean of a UInt8 condition. */
export const jsonBool = (expr: Sql): Sql => sql`if(${expr}, 'true', 'false')`;

/** A constant JSON value (thresholds …), rendered by JSON.stringify into a string literal. */
export const jsonConst = (value: unknown): Sql => str(JSON.stringify(value));

const KEY = /^[a-z_][a-z0-9_]*$/;

/** A JSON object from [key, JSON-valued expression] pairs; keys are constants. */
export function jsonObject(entries: ReadonlyArray<readonly [string, Sql]>): Sql {
  if (entries.length === 0) return raw(`'{}'`);
  const parts: Sql[] = [];
  entries.forEach(([key, value], i) => {
    if (!KEY.test(key)) throw new Error(`invalid JSON key: ${key}`);
    parts.push(str(`${i === 0 ? '{' : ','}"${key}":`), value);
  });
  parts.push(raw(`'}'`));
  return sql`concat(${join(parts, ', ')})`;
}

/** A JSON array of the elements of an Array expression, each rendered by `element` (a lambda body over `x`). */
export const jsonArray = (arrayExpr: Sql, element: (x: Sql) => Sql): Sql =>
  sql`concat('[', arrayStringConcat(arrayMap(x -> ${element(raw('x'))}, ${arrayExpr}), ','), ']')`;
