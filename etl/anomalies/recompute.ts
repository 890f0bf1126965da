// Recomputes the whole anomaly set as a new generation (generations.ts):
// after every import (etl/import.ts) and on the schedule (etl/jobs.ts,
// supervision:checks). metrics.md: "Recomputed after every import (some depend
// on other cases) and stored with their evidence."
import type { Db } from '../../server/sql/client.ts';
import { raw } from '../../server/sql/literal.ts';
import type { WorkCalendar } from '../clock/work-calendar.ts';
import { resolveAnomalyConfig, type AnomalyConfig } from './config.ts';
import {
  allocateGeneration, commitGeneration, countGeneration, dropGeneration, dropGenerationsBefore, latestGeneration,
} from './generations.ts';
import { detectOffhoursBulk, detectRepeatBad } from './per-actor.ts';
import { CASE_SET_RULES, caseBucket, insertUnrectifiedBad } from './set-based.ts';
import type { AnomalyCounts } from './types.ts';

export interface RecomputeAnomaliesOptions {
  /** The check's time (epoch ms): as_of of unrectified_bad and detected_at of every finding. */
  now: number;
  /** The working-day calendar with overrides (etl/load/context.ts loadCalendar). */
  calendar: WorkCalendar;
  /** Overrides of the metrics.md defaults (config.ts). */
  config?: Partial<AnomalyConfig>;
  /** Who asked, recorded with the generation (e.g. import:<source>, supervision:checks). */
  trigger?: string;
  /** Cases per hash bucket of the set-based case rules (bounds their joins' memory). */
  bucketRows?: number;
}

export interface RecomputeAnomaliesResult {
  generation: number;
  counts: AnomalyCounts;
}

const DEFAULT_BUCKET_ROWS = 2_000_000;

export async function recomputeAnomalies(db: Db, opts: RecomputeAnomaliesOptions): Promise<RecomputeAnomaliesResult> {
  const config = resolveAnomalyConfig(opts.config);
  if (!Number.isFinite(opts.now)) throw new RangeError(`recomputeAnomalies: invalid now ${String(opts.now)}`);
  const startedAt = Date.now();
  const generation = await allocateGeneration(db);
  try {
    const ctx = { db, generation, now: opts.now, config };
    const [sized] = await db.query<{ n: string }>(raw('SELECT count() AS n FROM cases'));
    const buckets = Math.max(1, Math.ceil(Number(sized?.n ?? 0) / Math.max(1, opts.bucketRows ?? DEFAULT_BUCKET_ROWS)));
    for (let b = 0; b < buckets; b++) {
      for (const [, rule] of CASE_SET_RULES) await rule(ctx, caseBucket(b, buckets));
    }
    await insertUnrectifiedBad(ctx);
    const windowCtx = { ...ctx, calendar: opts.calendar, write: (rows: object[]) => db.insert('anomalies', rows) };
    await detectOffhoursBulk(windowCtx);
    await detectRepeatBad(windowCtx);

    const counts = await countGeneration(db, generation);
    await commitGeneration(db, {
      generation, asOf: opts.now, startedAt, completedAt: Date.now(), trigger: opts.trigger ?? '',
      config: { ...config }, counts,
    });
    // Drop what no reader can see any more: every generation below the latest
    // committed one (ours, or a later-started one that committed first).
    const latest = await latestGeneration(db);
    if (latest) await dropGenerationsBefore(db, latest.generation);
    return { generation, counts };
  } catch (err) {
    await dropGeneration(db, generation).catch(() => undefined);
    throw err;
  }
}
