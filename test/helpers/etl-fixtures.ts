// Shared support of the ETL integration tests (test/etl-*.test.ts): temp
// dirs, contract files written by hand, imports of a directory, and
// "metric input" fingerprints of every table an import writes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../server/sql/client.ts';
import { raw, sql, str } from '../../server/sql/literal.ts';
import { runImport, type ImportResult } from '../../etl/import.ts';
import type { KindStats, RunStats } from '../../etl/load/runs.ts';
import { fileDropConnector } from '../../etl/sources/file-drop.ts';
import type { Kind } from '../../etl/contract/records.ts';

export const SECRET = 'etl-test-secret-0123456789abcdef';

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `tianping-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeNdjson(dir: string, name: string, rows: readonly object[], extraLines: string[] = []): void {
  const lines = [...rows.map((r) => JSON.stringify(r)), ...extraLines];
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = Array.isArray(v) ? v.join(';') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A CSV file with a header row; `bom` + CRLF as Excel writes them. Rows are objects or pre-rendered lines. */
export function writeCsv(
  dir: string,
  name: string,
  header: readonly string[],
  rows: ReadonlyArray<Record<string, unknown> | string>,
  opts: { bom?: boolean; crlf?: boolean } = {},
): void {
  const eol = opts.crlf ? '\r\n' : '\n';
  const lines = [header.join(','), ...rows.map((r) => (typeof r === 'string' ? r : header.map((h) => csvCell(r[h])).join(',')))];
  writeFileSync(join(dir, name), `${opts.bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}`);
}

export function importDir(db: Db, dir: string, opts: { source?: string; now?: () => number } = {}): Promise<ImportResult> {
  return runImport({ db, connector: fileDropConnector({ dir, source: opts.source }), secret: SECRET, now: opts.now });
}

export async function q<T = Record<string, string>>(db: Db, text: string): Promise<T[]> {
  return db.query<T>(raw(text));
}

export async function one<T = Record<string, string>>(db: Db, text: string): Promise<T> {
  const rows = await q<T>(db, text);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${text}`);
  return rows[0]!;
}

/** The tables an import writes ("metric inputs"), each with its id expression. */
export const FINGERPRINT_TABLES = {
  cases: 'case_id',
  steps: "concat(case_id, '#', toString(seq))",
  ratings: 'rating_id',
  items: 'item_code',
  regions: 'region_code',
  depts: 'dept_code',
  calendar_overrides: 'toString(date)',
  calendar: 'toString(date)',
  quarantine: "concat(source, '|', file_hash, '|', toString(line))",
} as const;
export type FingerprintTable = keyof typeof FINGERPRINT_TABLES;

/** Bookkeeping columns that differ between runs with the same content. */
const RUN_COLUMNS = new Set(['version', 'batch_id', 'run_id', 'quarantined_at']);

export interface Fingerprint {
  rows: number;
  ids: number;
  hash: string;
}

/**
 * Per table: physical row count (no FINAL: hot reads must be exact without
 * it), distinct ids, and an order-independent hash of every business column.
 */
export async function fingerprints(db: Db, tables: readonly FingerprintTable[] = Object.keys(FINGERPRINT_TABLES) as FingerprintTable[]): Promise<Record<string, Fingerprint>> {
  const out: Record<string, Fingerprint> = {};
  for (const table of tables) {
    const cols = (await db.query<{ name: string; type: string }>(
      sql`SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = ${str(table)} ORDER BY name`,
    )).filter((c) => !RUN_COLUMNS.has(c.name));
    if (cols.length === 0) throw new Error(`no columns for ${table}`);
    // TRICKY: ClickHouse 18.16 cannot toString() a NULL Nullable(Enum8) ("Unexpected value 0"): hash enums by their number.
    const parts = cols.map((c) => `ifNull(toString(${c.type.includes('Enum') ? `toInt16(${c.name})` : c.name}), '\\\\N')`).join(', ');
    const r = await one<{ n: string; ids: string; h: string }>(db,
      `SELECT count() AS n, uniqExact(${FINGERPRINT_TABLES[table]}) AS ids, toString(sum(cityHash64(${parts}))) AS h FROM ${table}`);
    out[table] = { rows: Number(r.n), ids: Number(r.ids), hash: r.h };
  }
  return out;
}

/** Physical rows minus distinct ids, per versioned fact/dimension table: 0 = no id has two rows. */
export async function duplicateRows(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['cases', 'steps', 'ratings', 'items', 'regions', 'depts', 'calendar_overrides', 'calendar', 'quarantine'] as const) {
    const r = await one<{ d: string }>(db, `SELECT count() - uniqExact(${FINGERPRINT_TABLES[table]}) AS d FROM ${table}`);
    out[table] = Number(r.d);
  }
  return out;
}

export const ZERO_DUPLICATES = {
  cases: 0, steps: 0, ratings: 0, items: 0, regions: 0, depts: 0, calendar_overrides: 0, calendar: 0, quarantine: 0,
};

export function written(stats: RunStats): Partial<Record<Kind, number>> {
  return Object.fromEntries(Object.entries(stats).map(([k, s]) => [k, (s as KindStats).written]));
}

export interface RunRow {
  run_id: string;
  job: string;
  source: string;
  started_at: string;
  ended_at: string | null;
  status: 'running' | 'ok' | 'failed';
  stats: string;
  error: string;
}

/** The latest version of each run (etl_runs is versioned). */
export async function runs(db: Db): Promise<RunRow[]> {
  return q<RunRow>(db, `SELECT run_id, argMax(job, version) AS job, argMax(source, version) AS source,
      toString(argMax(started_at, version)) AS started_at, toString(argMax(ended_at, version)) AS ended_at,
      toString(argMax(status, version)) AS status, argMax(stats, version) AS stats, argMax(error, version) AS error,
      min(version) AS first_version
    FROM etl_runs GROUP BY run_id ORDER BY first_version`);
}
