// Deduplication off the hot path (clickhouse.md, design 1): a partition that
// received a new version of an existing row is marked pending *before* the
// insert, and merged with OPTIMIZE … FINAL before the run commits. Markers of
// a crashed run survive and are finished by the next run.
// In cluster mode the merge runs on every shard's local table and waits for
// the replicas (server/sql/cluster.ts).
import type { Db } from '../../server/sql/client.ts';
import { optimizeOnCluster } from '../../server/sql/cluster.ts';
import { int, list, raw, sql, str } from '../../server/sql/literal.ts';
import { nextVersion } from './version.ts';

/** Tables whose partitions are merged; 0 = the whole (unpartitioned) table. */
const OPTIMIZABLE = ['cases', 'steps', 'ratings', 'regions', 'depts', 'items', 'calendar_overrides', 'calendar'] as const;
export type OptimizableTable = (typeof OPTIMIZABLE)[number];

export async function markPending(db: Db, table: OptimizableTable, partitions: Iterable<number>, runId: string): Promise<void> {
  const rows = [...new Set(partitions)].map((p) => ({
    table_name: table, partition_id: p, pending: 1, run_id: runId, version: nextVersion(),
  }));
  await db.insert('etl_pending_optimize', rows);
}

async function activeParts(db: Db, table: OptimizableTable, partition: number): Promise<number> {
  const partitionText = partition === 0 ? 'tuple()' : String(partition);
  const rows = await db.query<{ n: string }>(
    sql`SELECT count() AS n FROM system.parts WHERE database = currentDatabase() AND table = ${table}
        AND active AND partition = ${partitionText}`,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function optimizeOne(db: Db, table: OptimizableTable, partition: number): Promise<void> {
  if (!(OPTIMIZABLE as readonly string[]).includes(table)) throw new Error(`not optimizable: ${table}`);
  if (db.cluster) return optimizeOnCluster(db, table, partition);
  const target = partition === 0 ? sql`OPTIMIZE TABLE ${raw(table)} FINAL` : sql`OPTIMIZE TABLE ${raw(table)} PARTITION ${int(partition)} FINAL`;
  // TRICKY: OPTIMIZE returns silently when a merge cannot be assigned (e.g.
  // one is already running on those parts); ask it to throw and retry so
  // that "pending" is only cleared after the merge really happened. An empty
  // partition also "cannot be optimized" — nothing to do there.
  for (let attempt = 1; ; attempt++) {
    try {
      await db.command(target, { optimize_throw_if_noop: 1 });
      return;
    } catch (err) {
      if ((await activeParts(db, table, partition)) === 0) return;
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}

/** Merges every pending partition (this run's and any left by a crashed run). Returns how many. */
export async function optimizePending(db: Db, runId: string): Promise<number> {
  const pending = await db.query<{ table_name: OptimizableTable; partition_id: number }>(
    // Markers of other kinds (etl/load/derived.ts) share the table.
    sql`SELECT table_name, partition_id FROM etl_pending_optimize FINAL WHERE pending = 1 AND table_name IN ${list(OPTIMIZABLE, str)}`,
  );
  for (const p of pending) {
    await optimizeOne(db, p.table_name, Number(p.partition_id));
    await db.insert('etl_pending_optimize', [
      { table_name: p.table_name, partition_id: Number(p.partition_id), pending: 0, run_id: runId, version: nextVersion() },
    ]);
  }
  return pending.length;
}
