// Keeps the tables derived from `cases` (server/metrics/rollup/tables.ts)
// equal to what they are derived from. sql/README.md: Rollups.
//
// Every writer of case rows marks the case partitions it writes as pending
// *before* the insert (and every writer of ratings the partitions of their
// cases); refreshDerived() rebuilds each pending partition into a staging
// table and swaps it in with REPLACE PARTITION (atomic), then clears the
// marker. While any marker is pending the read-path decider reads raw rows,
// so readers never see a rollup that disagrees with `cases`. Markers live in
// etl_pending_optimize (table_name 'derived') and survive a crash.
import type { Db } from '../../server/sql/client.ts';
import { int, list, raw, sql, str, type Sql } from '../../server/sql/literal.ts';
import {
  createStatements, derivedTables, openCopyPartitionInsert, rollupPartitionInserts, stagingOf, type DerivedTables,
} from '../../server/metrics/rollup/tables.ts';
import { nextVersion } from './version.ts';

export const DERIVED_MARKER = 'derived';

export async function markDerivedPending(db: Db, partitions: Iterable<number>, runId: string): Promise<void> {
  const rows = [...new Set(partitions)].map((p) => ({
    table_name: DERIVED_MARKER, partition_id: p, pending: 1, run_id: runId, version: nextVersion(),
  }));
  if (rows.length > 0) await db.insert('etl_pending_optimize', rows);
}

/** Marks the partitions of the cases that the given rating batches (runs) rated. */
export async function markDerivedForRatingBatches(db: Db, batchIds: readonly string[], runId: string): Promise<void> {
  if (batchIds.length === 0) return;
  await markDerivedForCases(db, sql`SELECT case_id FROM ratings WHERE batch_id IN ${list(batchIds, str)} AND case_id != ''`, runId);
}

/** Marks the partitions of the cases selected by `caseIds` (a subquery or a list). */
export async function markDerivedForCases(db: Db, caseIds: Sql, runId: string): Promise<void> {
  const rows = await db.query<{ p: number }>(sql`SELECT DISTINCT partition_month AS p FROM cases WHERE case_id IN (${caseIds})`);
  await markDerivedPending(db, rows.map((r) => Number(r.p)), runId);
}

async function tableExists(db: Db, name: string): Promise<boolean> {
  const [row] = await db.query<{ n: string }>(sql`SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = ${str(name)}`);
  return Number(row?.n ?? 0) > 0;
}

/**
 * Creates the derived tables when missing; a table created now is empty, so
 * every case partition becomes pending (the decider reads raw until rebuilt).
 */
export async function ensureDerivedTables(db: Db, runId: string): Promise<DerivedTables> {
  const t = await derivedTables(db);
  const complete = (await tableExists(db, t.rollup)) && (await tableExists(db, t.openCopy));
  if (!complete) {
    const parts = await db.query<{ p: number }>(raw(`SELECT DISTINCT partition_month AS p FROM cases`));
    await markDerivedPending(db, parts.map((r) => Number(r.p)), runId);
  }
  for (const statement of createStatements(t)) await db.command(statement);
  return t;
}

async function replacePartition(db: Db, table: string, partition: number, fill: (staging: string) => Sql[]): Promise<void> {
  const staging = stagingOf(table);
  await db.command(sql`ALTER TABLE ${raw(staging)} DROP PARTITION ${int(partition)}`);
  for (const statement of fill(staging)) await db.command(statement);
  // An empty staging partition empties the target's (checked on 18.16).
  await db.command(sql`ALTER TABLE ${raw(table)} REPLACE PARTITION ${int(partition)} FROM ${raw(staging)}`);
  await db.command(sql`ALTER TABLE ${raw(staging)} DROP PARTITION ${int(partition)}`);
}

/**
 * A marker is written just before its writer's insert. A refresh takes over
 * its own run's markers (their inserts are done) and other writers' markers
 * once they are this old (their inserts are done too); younger ones wait for
 * the next refresh.
 */
const FOREIGN_MARKER_AGE_MS = 30_000;

/**
 * Rebuilds the pending partitions (call after optimizePending(): each case
 * then has one row). Returns the partitions rebuilt.
 * TRICKY: the marker is cleared with version = its own version + 1 µs, so a
 * writer that marks the partition again while it is being rebuilt (a newer
 * version) keeps it pending.
 */
export async function refreshDerived(
  db: Db, runId: string, opts: { takeOver?: Iterable<string>; nowMs?: number } = {},
): Promise<number[]> {
  // Runs that ended without finishing (crashed; the job lock says they are not running): their inserts are done.
  const own = new Set([runId, ...(opts.takeOver ?? [])]);
  const nowMs = opts.nowMs ?? Date.now();
  const t = await ensureDerivedTables(db, runId);
  const pending = await db.query<{ p: number; run_id: string; version: string }>(
    sql`SELECT partition_id AS p, run_id, toString(version) AS version FROM etl_pending_optimize FINAL
        WHERE table_name = ${str(DERIVED_MARKER)} AND pending = 1 ORDER BY p`,
  );
  const done: number[] = [];
  for (const marker of pending) {
    const markedMs = Number(BigInt(marker.version) / 1000n);
    if (!own.has(marker.run_id) && nowMs - markedMs < FOREIGN_MARKER_AGE_MS) continue;
    const partition = Number(marker.p);
    await replacePartition(db, t.rollup, partition, (staging) => rollupPartitionInserts(t, partition, staging));
    await replacePartition(db, t.openCopy, partition, (staging) => [openCopyPartitionInsert(partition, staging)]);
    await db.insert('etl_pending_optimize', [{
      table_name: DERIVED_MARKER, partition_id: partition, pending: 0, run_id: runId, version: (BigInt(marker.version) + 1n).toString(),
    }]);
    done.push(partition);
  }
  return done;
}
