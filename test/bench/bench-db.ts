// The bench databases on the project's local ClickHouse: tianping_bench (the
// scale dataset, kept for --skip-load) and tianping_bench_csv (the CSV import
// figure, dropped after it). What is loaded is remembered in
// .data/bench/<database>.state.json.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Db } from '../../server/sql/client.ts';
import { ident, raw, sql, str } from '../../server/sql/literal.ts';
import { migrate } from '../../sql/migrate.ts';
import { CACHE_DIR, type Dataset } from './dataset.ts';
import { sleep } from './stats.ts';

export interface LoadedState {
  database: string;
  sizeKey: string;
  dataset: Dataset;
  loadedAt: string;
}

const stateFile = (database: string): string => resolve(CACHE_DIR, `${database}.state.json`);

export function readState(database: string): LoadedState | null {
  const file = stateFile(database);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LoadedState) : null;
}

export function writeState(state: LoadedState): void {
  writeFileSync(stateFile(state.database), `${JSON.stringify(state, null, 2)}\n`);
}

/** Forgets what `database` held (before it is dropped and loaded anew). */
export function clearState(database: string): void {
  rmSync(stateFile(database), { force: true });
}

async function withDefaultDb<T>(run: (db: Db) => Promise<T>): Promise<T> {
  const db = new Db({ database: 'default' });
  try {
    return await run(db);
  } finally {
    await db.close();
  }
}

export async function dropDatabase(database: string): Promise<void> {
  await withDefaultDb((db) => db.command(sql`DROP DATABASE IF EXISTS ${ident(database, [database])}`));
}

/** An empty, migrated database. */
export async function freshDatabase(database: string): Promise<void> {
  await dropDatabase(database);
  await migrate({ database });
}

export const clickhouseVersion = (): Promise<string> =>
  withDefaultDb(async (db) => (await db.query<{ v: string }>(raw('SELECT version() AS v')))[0]?.v ?? 'unknown');

/** Waits until ClickHouse has no merge running in `database` (an import leaves some), at most `maxMs`. */
export async function waitForMerges(database: string, maxMs = 300_000): Promise<number> {
  const started = Date.now();
  await withDefaultDb(async (db) => {
    let quiet = 0;
    while (quiet < 2 && Date.now() - started < maxMs) {
      const [row] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM system.merges WHERE database = ${str(database)}`);
      quiet = Number(row?.n ?? 0) === 0 ? quiet + 1 : 0;
      if (quiet < 2) await sleep(1_000);
    }
  });
  return (Date.now() - started) / 1000;
}

/** Rows and on-disk size of the database's tables. */
export async function databaseSize(database: string): Promise<{ rows: number; bytes: number }> {
  return withDefaultDb(async (db) => {
    const [row] = await db.query<{ rows: string; bytes: string }>(
      sql`SELECT sum(rows) AS rows, sum(bytes_on_disk) AS bytes FROM system.parts WHERE active AND database = ${str(database)}`);
    return { rows: Number(row?.rows ?? 0), bytes: Number(row?.bytes ?? 0) };
  });
}
