// Generations of the anomaly set (sql/migrations/005_anomalies.sql).
//
// Each recompute writes every finding under a new generation number (one
// partition of `anomalies`), then commits it by inserting its row into
// `anomaly_generations`; readers use the highest committed generation, so
// they never see a half-written set and never need FINAL. After a commit,
// the partitions of all older generations are dropped.
//
// TRICKY: numbers are allocated at the *start* of a recompute (wall-clock
// microseconds, above every number seen before), so a recompute that started
// later — and so read later data — always wins, whatever order concurrent
// recomputes (an import's and the scheduled check's) finish in.
//
// Cluster mode: `anomalies` and `anomaly_generations` are replicated in full
// to every server (sql/cluster-schema.ts), so system.parts of the server we
// talk to lists every generation written through it, and DROP PARTITION on
// one replica is replicated to all of them. A generation's findings are
// synced to every replica that answers before its row commits it, so no
// server can see a committed generation with findings still in flight.
import type { Db } from '../../server/sql/client.ts';
import { syncReplicas } from '../../server/sql/cluster.ts';
import { int, raw, sql } from '../../server/sql/literal.ts';
import { ANOMALY_TYPES, zeroCounts, type AnomalyCounts, type AnomalyType } from './types.ts';

export interface GenerationInfo {
  generation: number;
  /** The check's time (epoch ms): as_of of unrectified_bad, detected_at of every finding. */
  asOf: number;
  startedAt: number;
  completedAt: number;
  trigger: string;
  config: Record<string, unknown>;
  counts: AnomalyCounts;
}

let lastAllocated = 0;

/** A generation number above every committed or partly written one. */
export async function allocateGeneration(db: Db): Promise<number> {
  const [row] = await db.query<{ committed: string; written: string }>(raw(`SELECT
      (SELECT max(generation) FROM anomaly_generations) AS committed,
      (SELECT max(toUInt64OrZero(partition)) FROM system.parts
        WHERE database = currentDatabase() AND table = 'anomalies') AS written`));
  const floor = Math.max(Number(row?.committed ?? 0), Number(row?.written ?? 0), lastAllocated) + 1;
  lastAllocated = Math.max(Date.now() * 1000, floor);
  return lastAllocated;
}

/** The latest complete generation, or null when none was ever completed. */
export async function latestGeneration(db: Db): Promise<GenerationInfo | null> {
  const rows = await db.query<{
    generation: string; as_of: number; started_at: number; completed_at: number; trigger: string; config: string; counts: string;
  }>(raw(`SELECT generation, toUnixTimestamp(as_of) AS as_of, toUnixTimestamp(started_at) AS started_at,
      toUnixTimestamp(completed_at) AS completed_at, trigger, config, counts
    FROM anomaly_generations ORDER BY generation DESC LIMIT 1`));
  const r = rows[0];
  if (!r) return null;
  return {
    generation: Number(r.generation),
    asOf: Number(r.as_of) * 1000,
    startedAt: Number(r.started_at) * 1000,
    completedAt: Number(r.completed_at) * 1000,
    trigger: r.trigger,
    config: JSON.parse(r.config) as Record<string, unknown>,
    counts: { ...zeroCounts(), ...(JSON.parse(r.counts) as Partial<AnomalyCounts>) },
  };
}

/** Findings per type written under `generation` so far. */
export async function countGeneration(db: Db, generation: number): Promise<AnomalyCounts> {
  const rows = await db.query<{ t: AnomalyType; n: string }>(
    sql`SELECT toString(anomaly_type) AS t, count() AS n FROM anomalies WHERE generation = ${int(generation)} GROUP BY t`,
  );
  const counts = zeroCounts();
  for (const r of rows) if ((ANOMALY_TYPES as readonly string[]).includes(r.t)) counts[r.t] = Number(r.n);
  return counts;
}

/** Makes `generation` visible (when it is the highest committed one). */
export async function commitGeneration(db: Db, info: GenerationInfo): Promise<void> {
  if (db.cluster) await syncReplicas(db, ['anomalies']);
  await db.insert('anomaly_generations', [{
    generation: info.generation,
    as_of: Math.floor(info.asOf / 1000),
    started_at: Math.floor(info.startedAt / 1000),
    completed_at: Math.floor(info.completedAt / 1000),
    trigger: info.trigger,
    config: JSON.stringify(info.config),
    counts: JSON.stringify(info.counts),
  }]);
}

async function generationsOnDisk(db: Db): Promise<number[]> {
  const rows = await db.query<{ p: string }>(raw(`SELECT DISTINCT partition AS p FROM system.parts
    WHERE database = currentDatabase() AND table = 'anomalies' AND active`));
  return rows.map((r) => Number(r.p)).filter((g) => Number.isSafeInteger(g) && g > 0);
}

export async function dropGeneration(db: Db, generation: number): Promise<void> {
  await db.command(sql`ALTER TABLE anomalies DROP PARTITION ${int(generation)}`);
}

/** Drops the findings of every generation older than `generation` (committed or abandoned). Returns how many. */
export async function dropGenerationsBefore(db: Db, generation: number): Promise<number> {
  const old = (await generationsOnDisk(db)).filter((g) => g < generation);
  for (const g of old) await dropGeneration(db, g);
  return old.length;
}
