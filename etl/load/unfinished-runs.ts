// Recompute work left by runs that never finished. A run recomputes the cases
// its steps, items and calendar overrides affect only at its end
// (import.ts); if it crashed or failed before that, its rows are stored but
// the cases were never recomputed, and the next run sees those rows as
// duplicates (or, for a pull, never reads them again). So every run first
// takes over the effects of its source's runs that did not end ok since the
// source's last successful run, found through the rows' batch_id.
import type { Db } from '../../server/sql/client.ts';
import { list, sql, str } from '../../server/sql/literal.ts';
import type { LoadEffects } from './loader.ts';

export async function addEffectsOfUnfinishedRuns(db: Db, source: string, currentRunId: string, effects: LoadEffects): Promise<void> {
  const runs = await db.query<{ run_id: string; status: string; stats: string; first: string }>(
    sql`SELECT run_id, argMax(status, version) AS status, argMax(stats, version) AS stats, min(version) AS first FROM etl_runs
        WHERE source = ${str(source)} GROUP BY run_id`,
  );
  const lastOk = runs.reduce((m, r) => (r.status === 'ok' ? Math.max(m, Number(r.first)) : m), 0);
  const unfinished = runs
    .filter((r) => r.status !== 'ok' && r.run_id !== currentRunId && Number(r.first) > lastOk)
    // A failed run records what it wrote; one that wrote nothing (e.g. refused at
    // its first request) left no work. A killed one ('running') may have written anything.
    .filter((r) => r.status === 'running' || wroteSomething(r.stats))
    .map((r) => r.run_id);
  if (unfinished.length === 0) return;
  const batches = list(unfinished, str);
  // Their ratings may be in no rebuilt rollup yet (etl/load/derived.ts).
  for (const run of unfinished) {
    effects.ratingBatches.add(run);
    effects.caseBatches.add(run);
    effects.unfinishedRuns.add(run);
  }
  for (const r of await db.query<{ id: string }>(sql`SELECT DISTINCT case_id AS id FROM steps WHERE batch_id IN ${batches}`)) {
    effects.casesToRecompute.add(r.id);
  }
  for (const r of await db.query<{ id: string }>(sql`SELECT DISTINCT item_code AS id FROM items WHERE batch_id IN ${batches}`)) {
    effects.itemsChanged.add(r.id);
  }
  for (const r of await db.query<{ id: string }>(
    sql`SELECT DISTINCT toString(date) AS id FROM calendar_overrides WHERE batch_id IN ${batches}`,
  )) {
    effects.calendarDates.add(r.id);
  }
}

function wroteSomething(stats: string): boolean {
  try {
    return Object.values(JSON.parse(stats) as Record<string, { written?: number }>).some((k) => (k.written ?? 0) > 0);
  } catch {
    return true;
  }
}
