// Keeps the tables derived from `cases` and `ratings`
// (server/metrics/rollup/tables.ts) equal to what they are derived from.
// sql/README.md: Rollups.
//
// Every writer marks the partitions it makes stale *before* its insert: case
// rows → their case partitions (case family) and the rating partitions of
// those cases' ratings (their dimensions may have changed); rating rows →
// their rating partitions (rating family) and their cases' partitions (评价率).
// refreshDerived() rebuilds each pending partition into a staging table and
// swaps it in with REPLACE PARTITION (atomic), then clears the marker. While a
// family has a pending marker the read-path decider reads raw rows instead,
// so readers never see a rollup that disagrees with the facts. Markers live
// in etl_pending_optimize (table_name 'derived' / 'derived_ratings') and
// survive a crash.
import type { Db } from '../../server/sql/client.ts';
import { int, list, raw, sql, str, type Sql } from '../../server/sql/literal.ts';
import {
  createStatements, derivedTables, FAMILIES, familyTables, openCopyPartitionInsert, ratingsCopyPartitionInsert, ratingsPartitionInserts,
  rollupPartitionInserts, stagingOf, type DerivedTables, type Family,
} from '../../server/metrics/rollup/tables.ts';
import { JobBusyError, withJobLock } from '../job-lock.ts';
import { nextVersion } from './version.ts';

export const MARKER_OF: Readonly<Record<Family, string>> = { cases: 'derived', ratings: 'derived_ratings' };

export async function markDerivedPending(db: Db, family: Family, partitions: Iterable<number>, runId: string): Promise<void> {
  const rows = [...new Set(partitions)].map((p) => ({
    table_name: MARKER_OF[family], partition_id: p, pending: 1, run_id: runId, version: nextVersion(),
  }));
  if (rows.length > 0) await db.insert('etl_pending_optimize', rows);
}

/** Marks the case partitions of the cases selected by `caseIds` (a subquery or a literal list). */
export async function markCasePartitionsOf(db: Db, caseIds: Sql, runId: string): Promise<void> {
  const rows = await db.query<{ p: number }>(sql`SELECT DISTINCT partition_month AS p FROM cases WHERE case_id IN (${caseIds})`);
  await markDerivedPending(db, 'cases', rows.map((r) => Number(r.p)), runId);
}

/** Marks the rating partitions holding ratings of the cases selected by `caseIds`. */
export async function markRatingPartitionsOf(db: Db, caseIds: Sql, runId: string): Promise<void> {
  const rows = await db.query<{ p: number }>(sql`SELECT DISTINCT partition_month AS p FROM ratings WHERE case_id IN (${caseIds})`);
  await markDerivedPending(db, 'ratings', rows.map((r) => Number(r.p)), runId);
}

/**
 * What a run's batches make stale beyond the partitions they wrote (marked by
 * the loader): the case partitions of the ratings they wrote, the rating
 * partitions of the cases they wrote. Called once at the end of a run (the
 * run's own rows carry its batch id).
 */
export async function markCrossFamily(db: Db, batches: { ratings: readonly string[]; cases: readonly string[] }, runId: string): Promise<void> {
  if (batches.ratings.length > 0) {
    await markCasePartitionsOf(db, sql`SELECT case_id FROM ratings WHERE batch_id IN ${list(batches.ratings, str)} AND case_id != ''`, runId);
  }
  if (batches.cases.length > 0) {
    await markRatingPartitionsOf(db, sql`SELECT case_id FROM cases WHERE batch_id IN ${list(batches.cases, str)}`, runId);
  }
}

async function tableExists(db: Db, name: string): Promise<boolean> {
  const [row] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = ${str(name)}`);
  return Number(row?.n ?? 0) > 0;
}

/**
 * Creates the derived tables when missing; a family whose tables are created
 * now is empty, so every partition of its facts becomes pending (the decider
 * reads raw until rebuilt).
 */
export async function ensureDerivedTables(db: Db, runId: string): Promise<DerivedTables> {
  const t = await derivedTables(db);
  for (const family of FAMILIES) {
    const exist = await Promise.all(familyTables(t, family).map((name) => tableExists(db, name)));
    if (exist.every(Boolean)) continue;
    const parts = await db.query<{ p: number }>(sql`SELECT DISTINCT partition_month AS p FROM ${family === 'cases' ? sql`cases` : sql`ratings`}`);
    await markDerivedPending(db, family, parts.map((r) => Number(r.p)), runId);
  }
  for (const statement of createStatements(t)) await db.command(statement);
  await dropOutdated(db, t);
  return t;
}

const DERIVED_NAME = /^(?:rollup_cases|rollup_ratings|cases_open|ratings_dims)_[0-9a-f]{10}(?:_staging)?$/;

/** Derived tables of earlier definitions (another hash) are dropped: nothing reads them any more. */
async function dropOutdated(db: Db, t: DerivedTables): Promise<void> {
  const current = new Set(FAMILIES.flatMap((f) => familyTables(t, f)).flatMap((n) => [n, stagingOf(n)]));
  const tables = await db.query<{ name: string }>(raw('SELECT name FROM system.tables WHERE database = currentDatabase()'));
  for (const { name } of tables) {
    if (DERIVED_NAME.test(name) && !current.has(name)) await db.command(sql`DROP TABLE IF EXISTS ${raw_(name)}`);
  }
}

async function replacePartition(db: Db, table: string, partition: number, fill: (staging: string) => Sql[]): Promise<void> {
  const staging = stagingOf(table);
  await db.command(sql`ALTER TABLE ${raw_(staging)} DROP PARTITION ${int(partition)}`);
  for (const statement of fill(staging)) await db.command(statement);
  // An empty staging partition empties the target's (checked on 18.16).
  await db.command(sql`ALTER TABLE ${raw_(table)} REPLACE PARTITION ${int(partition)} FROM ${raw_(staging)}`);
  await db.command(sql`ALTER TABLE ${raw_(staging)} DROP PARTITION ${int(partition)}`);
}

// Table names come from derivedTables() (fixed prefixes and a hex hash), never from input.
function raw_(name: string): Sql {
  if (!DERIVED_NAME.test(name)) throw new Error(`not a derived table name: ${name}`);
  return raw(name);
}

async function rebuild(db: Db, t: DerivedTables, family: Family, partition: number): Promise<void> {
  if (family === 'cases') {
    await replacePartition(db, t.rollup, partition, (staging) => rollupPartitionInserts(t, partition, staging));
    await replacePartition(db, t.openCopy, partition, (staging) => [openCopyPartitionInsert(partition, staging)]);
  } else {
    // The copy first: the rollup is built from it.
    await replacePartition(db, t.ratingsCopy, partition, (staging) => [ratingsCopyPartitionInsert(t, partition, staging)]);
    await replacePartition(db, t.ratingsRollup, partition, (staging) => ratingsPartitionInserts(t, partition, staging));
  }
}

/**
 * A marker is written just before its writer's insert. A refresh takes over
 * its own run's markers (their inserts are done), those of the runs it takes
 * over, and other writers' markers once they are this old (their inserts are
 * done too); younger ones wait for the next refresh.
 */
const FOREIGN_MARKER_AGE_MS = 30_000;

/**
 * Rebuilds the pending partitions (call after optimizePending(): each row
 * then has one version). Returns the partitions rebuilt, per family.
 * TRICKY: a marker is cleared with version = its own version + 1 µs, so a
 * writer that marks the partition again while it is being rebuilt (a newer
 * version) keeps it pending.
 */
export async function refreshDerived(
  db: Db, runId: string, opts: { takeOver?: Iterable<string>; nowMs?: number } = {},
): Promise<Record<Family, number[]>> {
  // Cluster mode: not built yet (they would have to be fully replicated
  // tables filled from the Distributed facts); the decider reads raw rows there.
  if (db.cluster) return { cases: [], ratings: [] };
  // TRICKY: two refreshes (an import and an appeal) must not share the staging
  // tables at once, or one could swap in the other's half-filled partition:
  // one at a time per database, across processes (the job lock), waiting in turn.
  for (let waited = 0; ; waited += LOCK_POLL_MS) {
    try {
      return await withJobLock(`derived-refresh-${db.database}`, () => refreshUnlocked(db, runId, opts));
    } catch (err) {
      if (!(err instanceof JobBusyError) || waited >= LOCK_WAIT_MS) throw err;
      await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
    }
  }
}

const LOCK_POLL_MS = 250;
const LOCK_WAIT_MS = 30 * 60_000;

async function refreshUnlocked(
  db: Db, runId: string, opts: { takeOver?: Iterable<string>; nowMs?: number },
): Promise<Record<Family, number[]>> {
  const done: Record<Family, number[]> = { cases: [], ratings: [] };
  const own = new Set([runId, ...(opts.takeOver ?? [])]);
  const nowMs = opts.nowMs ?? Date.now();
  const t = await ensureDerivedTables(db, runId);
  for (const family of FAMILIES) {
    const pending = await db.query<{ p: number; run_id: string; version: string }>(
      sql`SELECT partition_id AS p, run_id, toString(version) AS version FROM etl_pending_optimize FINAL
          WHERE table_name = ${str(MARKER_OF[family])} AND pending = 1 ORDER BY p`,
    );
    for (const marker of pending) {
      const markedMs = Number(BigInt(marker.version) / 1000n);
      if (!own.has(marker.run_id) && nowMs - markedMs < FOREIGN_MARKER_AGE_MS) continue;
      const partition = Number(marker.p);
      await rebuild(db, t, family, partition);
      await db.insert('etl_pending_optimize', [{
        table_name: MARKER_OF[family], partition_id: partition, pending: 0, run_id: runId,
        version: (BigInt(marker.version) + 1n).toString(),
      }]);
      done[family].push(partition);
    }
  }
  return done;
}
