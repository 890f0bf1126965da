// One import run: every batch a connector yields goes through
// parse → map → validate (bad rows → quarantine) → classify → rows → insert,
// kind by kind; then the cases that depend on what changed are recomputed,
// pending partitions are merged, and the run is recorded with its counts.
import type { Db } from '../server/sql/client.ts';
import { syncReplicas } from '../server/sql/cluster.ts';
import { list, sql, str } from '../server/sql/literal.ts';
import { recomputeAnomalies } from './anomalies/recompute.ts';
import { KINDS, type Kind, type RecordOfKind } from './contract/records.ts';
import { calendarTableIsEmpty, loadCalendar, loadItemLimits, rebuildCalendarTable } from './load/context.ts';
import { markCrossFamily, refreshDerived } from './load/derived.ts';
import { BatchLoader } from './load/loader.ts';
import { optimizePending } from './load/optimize.ts';
import { QuarantineWriter } from './load/quarantine.ts';
import { recomputeCases } from './load/recompute.ts';
import { addEffectsOfUnfinishedRuns } from './load/unfinished-runs.ts';
import { clickhouseWatermarks } from './load/watermarks.ts';
import type { CaseContext } from './load/rows/facts.ts';
import { emptyStats, RunRecorder, type KindStats, type RunStats } from './load/runs.ts';
import { prepareRecord, type RecordPreparer } from './pipeline/prepare.ts';
import { IMPORT_ORDER, type Connector } from './sources/connector.ts';

export interface ImportOptions {
  db: Db;
  connector: Connector;
  job?: string;
  secret: string;
  now?: () => number;
  batchSize?: number;
}

export interface ImportResult {
  runId: string;
  stats: RunStats;
}

const DEFAULT_BATCH = 20_000;

export async function runImport(opts: ImportOptions): Promise<ImportResult> {
  const { db, connector } = opts;
  const run = new RunRecorder(db, opts.job ?? `import:${connector.source}`, connector.source);
  const stats: RunStats = {};
  const statsOf = (kind: Kind): KindStats => (stats[kind] ??= emptyStats());
  await run.start();
  let started: BatchLoader | undefined; // for the catch below
  try {
    // Finish the merges a crashed run may have left before reading any state.
    await optimizePending(db, run.runId);
    const ctx: CaseContext = { items: await loadItemLimits(db), calendar: await loadCalendar(db) };
    if (await calendarTableIsEmpty(db)) await rebuildCalendarTable(db, ctx.calendar);
    const loader = new BatchLoader(db, run.runId, () => ctx);
    started = loader;
    // What a crashed or failed run loaded but never recomputed becomes this run's work.
    await addEffectsOfUnfinishedRuns(db, connector.source, run.runId, loader.effects);
    const quarantine = new QuarantineWriter(db, run.runId);
    const prepare: RecordPreparer = prepareRecord({
      profile: connector.profile, source: connector.source, secret: opts.secret, now: opts.now ?? Date.now,
    });
    const batchSize = opts.batchSize ?? DEFAULT_BATCH;

    // Context refreshes once a kind the later kinds depend on is complete.
    let position = -1;
    const advanceTo = async (kind: Kind | null) => {
      const target = kind === null ? IMPORT_ORDER.length : IMPORT_ORDER.indexOf(kind);
      if (target > position + 1) await loader.settle(); // the refresh reads what was just loaded
      for (let i = position + 1; i < target; i++) {
        const done = IMPORT_ORDER[i];
        if (done === 'items' && (stats.items?.written ?? 0) > 0) ctx.items = await loadItemLimits(db);
        if (done === 'calendar' && loader.effects.calendarDates.size > 0) {
          ctx.calendar = await loadCalendar(db);
          await rebuildCalendarTable(db, ctx.calendar);
        }
      }
      position = Math.max(position, target - 1);
    };

    const watermarks = clickhouseWatermarks(db, run.runId);
    for await (const batch of connector.batches({ watermarks })) {
      await advanceTo(batch.kind);
      const kindStats = statsOf(batch.kind);
      let pending: RecordOfKind[Kind][] = [];
      let maxUpdatedMs = 0;
      for await (const row of batch.rows) {
        kindStats.read++;
        const result = 'error' in row
          ? { ok: false as const, rejection: { field: null, reason: 'malformed_row' as const, detail: row.error } }
          : prepare(batch.kind, row.raw);
        if (!result.ok) {
          kindStats.quarantined++;
          quarantine.add({
            kind: batch.kind, source: connector.source, file: batch.file, fileHash: batch.fileHash, line: row.line,
            // Personal data never reaches the quarantine in clear (data-contract.md).
            rejection: result.rejection, raw: 'error' in row ? row.error : prepare.redact(batch.kind, row.raw),
          });
          if (quarantine.pending >= batchSize) await quarantine.flush();
          continue;
        }
        pending.push(result.record);
        const updated = (result.record as { updated_at?: number | null }).updated_at;
        if (typeof updated === 'number' && updated > maxUpdatedMs) maxUpdatedMs = updated;
        if (pending.length >= batchSize) {
          await loader.load(batch.kind, pending, kindStats, connector.source);
          pending = [];
        }
      }
      await loader.load(batch.kind, pending, kindStats, connector.source);
      await quarantine.flush();
      if (batch.afterLoad) {
        await loader.settle(); // "once its rows are in ClickHouse"
        await batch.afterLoad({ maxUpdatedMs });
      }
    }
    await loader.settle();
    await advanceTo(null);

    await optimizePending(db, run.runId);
    await recomputeDependents(db, loader, ctx, run.runId);
    await optimizePending(db, run.runId);
    const { ratingBatches, caseBatches } = loader.effects;
    await markCrossFamily(db, { ratings: [...ratingBatches], cases: [...caseBatches] }, run.runId);
    await refreshDerived(db, run.runId, { takeOver: loader.effects.unfinishedRuns });
    // metrics.md: anomalies are recomputed after every import (some depend on other cases).
    await recomputeAnomalies(db, { now: (opts.now ?? Date.now)(), calendar: ctx.calendar, trigger: run.job });
    // Cluster mode: the run commits once every replica that answers has its rows.
    if (db.cluster) await syncReplicas(db);
    await run.succeed(stats);
    return { runId: run.runId, stats };
  } catch (err) {
    // A failed run's record comes after the last of its inserts has ended.
    await started?.settle().catch(() => undefined);
    await run.fail(stats, err).catch(() => undefined);
    throw err;
  }
}

const RECOMPUTE_CHUNK = 10_000;

async function recomputeDependents(db: Db, loader: BatchLoader, ctx: CaseContext, runId: string): Promise<void> {
  const { casesToRecompute, itemsChanged, calendarDates } = loader.effects;
  if (calendarDates.size > 0) {
    const dates = [...calendarDates].sort();
    const first = dates[0]!;
    const last = dates[dates.length - 1]!;
    // A changed day matters to cases accepted on or before it whose clock was
    // still running then (not finished yet, or due/legal-due on or after it).
    // On the acceptance day itself: a 即办件 (N + ext = 0) is due that day only
    // when it is a working day (metrics.md: Time rules), so `<=`.
    await recomputeCases(db, sql`accept_date <= toDate(${str(last)}) AND (finish_date IS NULL OR finish_date >= toDate(${str(first)})
      OR legal_due_date >= toDate(${str(first)}) OR due_date >= toDate(${str(first)}))`, ctx, runId);
  }
  // Case rows written by this run were computed after its items were loaded
  // (IMPORT_ORDER): skip them, so that a first bulk load rereads nothing.
  // In chunks: a 50,000-item catalogue in one IN list passes 18.16's
  // max_ast_elements (50,000).
  const items = [...itemsChanged];
  for (let i = 0; i < items.length; i += RECOMPUTE_CHUNK) {
    await recomputeCases(db, sql`item_code IN ${list(items.slice(i, i + RECOMPUTE_CHUNK), str)} AND batch_id != ${str(runId)}`, ctx, runId);
  }
  const ids = [...casesToRecompute];
  for (let i = 0; i < ids.length; i += RECOMPUTE_CHUNK) {
    await recomputeCases(db, sql`case_id IN ${list(ids.slice(i, i + RECOMPUTE_CHUNK), str)}`, ctx, runId);
  }
}

/** The summary lines of api.md, in the contract's kind order. */
export function summaryLines(stats: RunStats): string[] {
  return KINDS.filter((k) => stats[k] !== undefined).map((kind) => JSON.stringify({ kind, ...stats[kind] }));
}
