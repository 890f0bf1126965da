// `npm run bench -- --replicate K`: the "replicated scale" path. The ETL
// imports a base of ceil(cases / K) simulator cases (with the full size's
// departments and items); this file then copies its facts K − 1 more times
// inside ClickHouse (INSERT … SELECT, one partition of one table at a time)
// and brings what is derived from them up to date as the ETL does at the end
// of a run: every partition marked derived-pending and rebuilt
// (etl/load/derived.ts), the anomalies recomputed (etl/anomalies), then the
// merges waited for.
//
// Copy k (1 … K−1) keeps every column as is except the identities, so that
// the copies are independent "worlds" with the base's shape:
// - case_id → case_id~k (cases, steps, ratings: a copy's steps and ratings
//   belong to its copy of the case; a rating without a case keeps '');
// - rating_id → rating_id~k;
// - steps.actor_id → actor_id~k ('' stays ''): otherwise one actor would
//   finish K cases at the same instant, and the per-actor anomaly rules
//   (offhours_bulk, repeat_bad) would fire on copies, not on the data;
// - applicant_id_hash, row_hash → SHA-256 hex of (value ~ k), cut to the
//   value's length ('' stays ''): same format, other applicant per copy, and
//   an applicant's cases in the base stay one applicant in each copy;
// - batch_id → 'replica-k' (which also keeps copies out of later copies' reads).
// partition_month, versions and timestamps are kept. Every other String
// column must be listed as kept below: a new one fails until someone decides
// whether it is an identity.
import { recomputeAnomalies } from '../../etl/anomalies/recompute.ts';
import { loadCalendar } from '../../etl/load/context.ts';
import { markDerivedPending, refreshDerived } from '../../etl/load/derived.ts';
import type { Db } from '../../server/sql/client.ts';
import { int, join, raw, sql, str, type Sql } from '../../server/sql/literal.ts';
import { waitForMerges } from './bench-db.ts';

export const FACT_TABLES = ['cases', 'steps', 'ratings'] as const;
export type FactTable = (typeof FACT_TABLES)[number];

/** batch_id of copy k. */
export const REPLICA_BATCH_PREFIX = 'replica-';
/** ClickHouse bytes on disk per case with its steps and ratings (≈ 0.6 GB per million, measured). */
export const CLICKHOUSE_BYTES_PER_CASE = 600;
/** Rows one INSERT … SELECT writes at most (base rows × copies in one statement): bounds its time. */
const ROWS_PER_STATEMENT = 2_000_000;

const suffixed = (col: string): string => `if(${col} = '', '', concat(${col}, '~', toString(k)))`;
/** Another value of the same format: lower-case hex of SHA-256, as long as the original (≤ 64). */
const rehashed = (col: string): string =>
  `if(${col} = '', '', substring(lower(hex(SHA256(concat(${col}, '~', toString(k))))), 1, length(${col})))`;
const BATCH = `concat('${REPLICA_BATCH_PREFIX}', toString(k))`;

/** The columns a copy changes; `k` is the copy number (ARRAY JOIN). */
const CHANGED: Readonly<Record<FactTable, Readonly<Record<string, string>>>> = {
  cases: {
    case_id: `concat(case_id, '~', toString(k))`,
    applicant_id_hash: rehashed('applicant_id_hash'),
    row_hash: rehashed('row_hash'),
    batch_id: BATCH,
  },
  steps: {
    case_id: `concat(case_id, '~', toString(k))`,
    actor_id: suffixed('actor_id'),
    row_hash: rehashed('row_hash'),
    batch_id: BATCH,
  },
  ratings: {
    rating_id: `concat(rating_id, '~', toString(k))`,
    case_id: suffixed('case_id'),
    row_hash: rehashed('row_hash'),
    batch_id: BATCH,
  },
};

/** String columns copied unchanged: dimensions, names, masked or free text — no identity of their own. */
const KEPT_STRINGS: Readonly<Record<FactTable, readonly string[]>> = {
  cases: ['item_code', 'item_name', 'dept_code', 'dept_name', 'region_code', 'contact_phone_masked', 'source_system'],
  steps: ['step_name', 'source_system'],
  ratings: ['item_code', 'dept_code', 'region_code', 'comment', 'source_system'],
};

export interface ReplicationSummary {
  /** K: the base plus K − 1 copies. */
  factor: number;
  /** Rows in ClickHouse before (the ETL's import) and after. */
  baseRows: Record<FactTable, number>;
  rows: Record<FactTable, number>;
  /** INSERT … SELECT of the copies; derived tables; anomalies; merges; all four. */
  copySeconds: number;
  derivedSeconds: number;
  anomaliesSeconds: number;
  mergeSeconds: number;
  seconds: number;
  partitions: Record<FactTable, number>;
  anomalies: Record<string, number>;
}

const SAFE_COLUMN = /^[a-z_][a-z0-9_]*$/;

/** The INSERT … SELECT column list and expressions of `table`, checked against its String columns. */
async function copyColumns(db: Db, table: FactTable): Promise<{ names: Sql; exprs: Sql }> {
  const cols = await db.query<{ name: string; type: string }>(
    sql`SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = ${str(table)}`);
  const changed = CHANGED[table];
  const names = cols.map((c) => c.name);
  for (const name of Object.keys(changed)) if (!names.includes(name)) throw new Error(`replicate: ${table}.${name} does not exist`);
  for (const c of cols) {
    if (!SAFE_COLUMN.test(c.name)) throw new Error(`replicate: unexpected column name ${table}.${c.name}`);
    if (c.type === 'String' && !(c.name in changed) && !KEPT_STRINGS[table].includes(c.name)) {
      throw new Error(`replicate: ${table}.${c.name} is a String column neither changed nor kept by the copies (test/bench/replicate.ts): is it an identity?`);
    }
  }
  // Column names come from system.columns (checked above), the expressions are constants of this file.
  return {
    names: raw(names.join(', ')),
    exprs: raw(cols.map((c) => changed[c.name] ?? c.name).join(',\n  ')),
  };
}

const countOf = async (db: Db, text: Sql): Promise<number> => Number((await db.query<{ n: string }>(text))[0]?.n ?? 0);

/** Rows of the facts, per table. */
export async function factCounts(db: Db): Promise<Record<FactTable, number>> {
  const out = {} as Record<FactTable, number>;
  for (const t of FACT_TABLES) out[t] = await countOf(db, sql`SELECT count() AS n FROM ${raw(t)}`);
  return out;
}

/**
 * Copies the facts of `db` (an ETL-imported base, nothing replicated yet)
 * factor − 1 times, then refreshes the derived tables and the anomalies as
 * the ETL does after a run and waits for the merges.
 */
export async function replicateFacts(
  db: Db, factor: number, log: (line: string) => void, opts: { mergeWaitMs?: number } = {},
): Promise<ReplicationSummary> {
  if (!Number.isInteger(factor) || factor < 2) throw new Error(`replicate: factor must be a whole number ≥ 2, got ${factor}`);
  if (db.cluster) throw new Error('replicate: single-server databases only (the bench database)');
  const started = performance.now();
  const baseRows = await factCounts(db);
  if (baseRows.cases === 0) throw new Error(`replicate: ${db.database} holds no cases`);
  for (const t of FACT_TABLES) {
    const copies = await countOf(db, sql`SELECT count() AS n FROM ${raw(t)} WHERE batch_id LIKE ${str(`${REPLICA_BATCH_PREFIX}%`)}`);
    if (copies > 0) throw new Error(`replicate: ${db.database}.${t} already holds ${copies} copied rows`);
  }
  // The ETL leaves one version per row (it merges what got new versions); a
  // base with more would be copied with them (harmless, merged later) and the
  // exact count check below would not hold.
  const unique = (await countOf(db, raw('SELECT count() - uniqExact(case_id) AS n FROM cases'))) === 0
    && (await countOf(db, raw('SELECT count() - uniqExact(rating_id) AS n FROM ratings'))) === 0;
  if (!unique) log('replicate: note: the base holds several versions of some rows; they are copied as they are');

  const partitions = {} as Record<FactTable, number>;
  const copyStarted = performance.now();
  for (const table of FACT_TABLES) {
    const { names, exprs } = await copyColumns(db, table);
    const parts = await db.query<{ p: number; n: string }>(
      sql`SELECT partition_month AS p, count() AS n FROM ${raw(table)} GROUP BY p ORDER BY p`);
    partitions[table] = parts.length;
    for (const [i, part] of parts.entries()) {
      const t0 = performance.now();
      const rows = Number(part.n);
      // Copies per statement: at most ROWS_PER_STATEMENT rows written by one INSERT.
      const step = Math.max(1, Math.min(factor - 1, Math.floor(ROWS_PER_STATEMENT / Math.max(1, rows))));
      for (let first = 1; first < factor; first += step) {
        const ks = Array.from({ length: Math.min(step, factor - first) }, (_, j) => int(first + j));
        await db.command(sql`INSERT INTO ${raw(table)} (${names})
          SELECT ${exprs}
          FROM ${raw(table)} ARRAY JOIN [${join(ks, ', ')}] AS k
          WHERE partition_month = ${int(Number(part.p))} AND batch_id NOT LIKE ${str(`${REPLICA_BATCH_PREFIX}%`)}`,
        // Small read blocks (each becomes `copies` × as many rows) and insert blocks: bounded memory.
        { max_block_size: 8192, min_insert_block_size_rows: 262_144, min_insert_block_size_bytes: 268_435_456 });
      }
      log(`replicate ${table} ${part.p} (${i + 1}/${parts.length}): ${rows.toLocaleString('en')} rows × ${factor - 1} copies in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
  const copySeconds = (performance.now() - copyStarted) / 1000;
  const rows = await factCounts(db);
  log(`replicate: copies in ${copySeconds.toFixed(1)} s; ${FACT_TABLES.map((t) => `${t} ${baseRows[t].toLocaleString('en')} → ${rows[t].toLocaleString('en')}`).join(', ')}`);
  if (unique) {
    for (const t of FACT_TABLES) {
      if (rows[t] !== baseRows[t] * factor) throw new Error(`replicate: ${t} holds ${rows[t]} rows, expected ${baseRows[t]} × ${factor}`);
    }
  }

  // As the ETL does at the end of a run (etl/import.ts): every partition of
  // both families is stale now, rebuilt by the same refresh.
  const derivedStarted = performance.now();
  const runId = `bench:replicate:${Date.now()}`;
  for (const family of ['cases', 'ratings'] as const) {
    const ps = await db.query<{ p: number }>(sql`SELECT DISTINCT partition_month AS p FROM ${raw(family)}`);
    await markDerivedPending(db, family, ps.map((r) => Number(r.p)), runId);
  }
  const rebuilt = await refreshDerived(db, runId);
  const derivedSeconds = (performance.now() - derivedStarted) / 1000;
  log(`replicate: derived tables rebuilt (${rebuilt.cases.length} case, ${rebuilt.ratings.length} rating partitions) in ${derivedSeconds.toFixed(1)} s`);

  const anomaliesStarted = performance.now();
  const { counts } = await recomputeAnomalies(db, { now: Date.now(), calendar: await loadCalendar(db), trigger: 'bench:replicate' });
  const anomaliesSeconds = (performance.now() - anomaliesStarted) / 1000;
  log(`replicate: anomalies recomputed in ${anomaliesSeconds.toFixed(1)} s: ${JSON.stringify(counts)}`);

  const mergeSeconds = await waitForMerges(db.database, opts.mergeWaitMs ?? 1_800_000);
  log(`replicate: merges done after ${mergeSeconds.toFixed(0)} s`);
  return {
    factor, baseRows, rows, copySeconds, derivedSeconds, anomaliesSeconds, mergeSeconds,
    seconds: (performance.now() - started) / 1000, partitions, anomalies: { ...counts },
  };
}
