// Field readers shared by the validators of data-contract.md. Plain code, no
// per-row zod: validation runs at import speed (≥ 250 k rows/s, errata.md).
//
// Each reader returns the typed value or throws a RowRejected carrying the
// first rule the row breaks (field + reason code of records.ts); `validator()`
// turns that into the Validated<T> result, so one bad row never stops a batch.

import type { QuarantineReason, RawRecord, Rejection, Validated } from '../../contract/records.ts';
import { isRegionCode } from '../region-parent.ts';
import { parseTimestamp } from '../timestamp.ts';

/** What every validator needs from its caller. */
export interface ValidateContext {
  /** Epoch ms of "now", injected so that tests and re-runs are deterministic. */
  now: number;
  /** The connector's source name; stamped on cases, steps and ratings. */
  sourceSystem: string;
}

/**
 * Thrown by a reader for a bad row. Deliberately not an Error: no stack trace
 * is captured, so a file full of bad rows stays cheap. Anything else thrown
 * (a real bug, a missing secret) propagates.
 */
export class RowRejected {
  constructor(readonly rejection: Rejection) {}
}

export function reject(field: string | null, reason: QuarantineReason, detail: string): never {
  throw new RowRejected({ field, reason, detail });
}

/** Wrap a record builder into a validator returning Validated<T>. */
export function validator<T, C extends ValidateContext>(
  build: (raw: RawRecord, ctx: C) => T,
): (raw: RawRecord, ctx: C) => Validated<T> {
  return (raw, ctx) => {
    try {
      return { ok: true, record: build(raw, ctx) };
    } catch (e) {
      if (e instanceof RowRejected) return { ok: false, rejection: e.rejection };
      throw e;
    }
  };
}

/** An offending value for a rejection detail, truncated so the quarantine stays small. */
export function show(v: unknown): string {
  const s = typeof v === 'string' ? v : String(v);
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}

const ONE_DAY_MS = 86_400_000;

// ---- text ------------------------------------------------------------------

/**
 * The trimmed text of a field, or null when absent. data-contract.md § General
 * rules: '' and null both mean absent; we also treat blank-only as absent and
 * trim, since CSV/XLSX exports pad cells. JSON numbers/booleans are accepted as
 * their text (an id sent as 12345); objects and arrays are bad_type.
 */
export function text(raw: RawRecord, field: string): string | null {
  const v = raw[field];
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    // Fast path: printable ASCII at both ends needs no trim (most ids, codes, times).
    const n = v.length;
    if (n === 0) return null;
    const a = v.charCodeAt(0);
    const b = v.charCodeAt(n - 1);
    if (a > 32 && a < 127 && b > 32 && b < 127) return v;
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return reject(field, 'bad_type', `${field}: expected text, got ${Array.isArray(v) ? 'an array' : typeof v}`);
}

function checkLength(field: string, s: string, max: number | undefined): string {
  // UTF-16 length ≥ code points, so only count code points when it might matter.
  if (max !== undefined && s.length > max) {
    const chars = [...s].length;
    if (chars > max) reject(field, 'too_long', `${field}: ${chars} characters, at most ${max} allowed`);
  }
  return s;
}

export function optText(raw: RawRecord, field: string, max?: number): string | null {
  const s = text(raw, field);
  return s === null ? null : checkLength(field, s, max);
}

export function reqText(raw: RawRecord, field: string, max?: number): string {
  const s = text(raw, field);
  if (s === null) return reject(field, 'required_missing', `${field} is required`);
  return checkLength(field, s, max);
}

// ---- enums -----------------------------------------------------------------

export function optEnum<T extends string>(raw: RawRecord, field: string, values: readonly T[]): T | null {
  const s = text(raw, field);
  if (s === null) return null;
  if (!(values as readonly string[]).includes(s)) {
    reject(field, 'unknown_enum', `${field}: ${show(s)} is not one of ${values.join(', ')}`);
  }
  return s as T;
}

export function reqEnum<T extends string>(raw: RawRecord, field: string, values: readonly T[]): T {
  const v = optEnum(raw, field, values);
  if (v === null) return reject(field, 'required_missing', `${field} is required`);
  return v;
}

// ---- instants --------------------------------------------------------------

/**
 * An instant (epoch ms) from a contract timestamp string, or from a Date (SQL
 * connectors hand those over). Numbers are refused: epoch seconds vs
 * milliseconds cannot be told apart. data-contract.md § cases: more than one
 * day in the future is quarantined (a clock or time-zone error at the source).
 */
export function optInstant(raw: RawRecord, field: string, now: number): number | null {
  const v = raw[field];
  let ms: number | null;
  if (v instanceof Date) {
    ms = Number.isNaN(v.getTime()) ? null : v.getTime();
  } else {
    const s = text(raw, field);
    if (s === null) return null;
    ms = parseTimestamp(s);
  }
  if (ms === null) return reject(field, 'bad_timestamp', `${field}: ${show(v)} is not a valid timestamp`);
  if (ms > now + ONE_DAY_MS) reject(field, 'future_timestamp', `${field}: ${show(v)} is more than one day in the future`);
  return ms;
}

export function reqInstant(raw: RawRecord, field: string, now: number): number {
  const ms = optInstant(raw, field, now);
  if (ms === null) return reject(field, 'required_missing', `${field} is required`);
  return ms;
}

// ---- numbers ---------------------------------------------------------------

const DECIMAL = /^[+-]?\d+(?:\.\d+)?$/;

function toNumber(raw: RawRecord, field: string): number | null {
  const v = raw[field];
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) reject(field, 'bad_number', `${field}: ${show(v)} is not a finite number`);
    return v;
  }
  const s = text(raw, field);
  if (s === null) return null;
  if (!DECIMAL.test(s)) return reject(field, 'bad_number', `${field}: ${show(s)} is not a number`);
  return Number(s);
}

/**
 * A whole number ≥ min (limits, trips, seq…). data-contract.md § cases: a
 * negative, fractional or non-numeric value is quarantined, not rounded.
 * '5.0' is accepted as 5 (it is whole).
 */
export function optWhole(raw: RawRecord, field: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | null {
  const n = toNumber(raw, field);
  if (n === null) return null;
  if (!Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in ${min}..${max}`;
    reject(field, 'bad_number', `${field}: ${show(raw[field])} is not a whole number ${range}`);
  }
  return n;
}

export function reqWhole(raw: RawRecord, field: string, min = 0, max?: number): number {
  const n = optWhole(raw, field, min, max);
  if (n === null) return reject(field, 'required_missing', `${field} is required`);
  return n;
}

/** A decimal ≥ 0 (fees; a negative fee is not a fee). */
export function optDecimal(raw: RawRecord, field: string): number | null {
  const n = toNumber(raw, field);
  if (n !== null && n < 0) reject(field, 'bad_number', `${field}: ${show(raw[field])} is negative`);
  return n;
}

// ---- booleans --------------------------------------------------------------

const TRUE_WORDS = new Set(['true', '1', '是']);
const FALSE_WORDS = new Set(['false', '0', '否']);

/** true/false, 1/0, 'true'/'false' (any case), '1'/'0', '是'/'否'. */
export function optBool(raw: RawRecord, field: string): boolean | null {
  const v = raw[field];
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  const s = text(raw, field);
  if (s === null) return null;
  const k = s.toLowerCase();
  if (TRUE_WORDS.has(k)) return true;
  if (FALSE_WORDS.has(k)) return false;
  return reject(field, 'bad_boolean', `${field}: ${show(s)} is not a boolean (true/false, 1/0, 是/否)`);
}

export function reqBool(raw: RawRecord, field: string): boolean {
  const b = optBool(raw, field);
  if (b === null) return reject(field, 'required_missing', `${field} is required`);
  return b;
}

// ---- region codes ----------------------------------------------------------

export function optRegion(raw: RawRecord, field: string): string | null {
  const s = text(raw, field);
  if (s !== null && !isRegionCode(s)) reject(field, 'bad_region_code', `${field}: ${show(s)} is not 6 or 12 digits`);
  return s;
}

export function reqRegion(raw: RawRecord, field: string): string {
  const s = optRegion(raw, field);
  if (s === null) return reject(field, 'required_missing', `${field} is required`);
  return s;
}

// ---- tags ------------------------------------------------------------------

/**
 * An array of strings (NDJSON) or a ';'-separated string (CSV), data-contract.md
 * § ratings. The full-width '；' separates too (typed by Chinese IMEs); items
 * are trimmed, empty ones dropped. Absent → [].
 */
export function tagList(raw: RawRecord, field: string): string[] {
  const v = raw[field];
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const t of v) {
      if (t === null || t === undefined) continue;
      if (typeof t !== 'string' && typeof t !== 'number') {
        reject(field, 'bad_type', `${field}: array items must be strings, got ${typeof t}`);
      }
      const s = String(t).trim();
      if (s !== '') out.push(s);
    }
    return out;
  }
  const s = text(raw, field);
  if (s === null) return [];
  const out: string[] = [];
  for (const part of s.split(/[;；]/)) {
    const p = part.trim();
    if (p !== '') out.push(p);
  }
  return out;
}
