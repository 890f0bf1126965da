// Loads validated records of one kind in batches: classify against the
// current versions, build rows (case deadlines included), mark partitions that
// get a new version of an existing row, insert. Everything a later step needs
// to recompute (cases whose suspensions changed, items whose limits changed,
// calendar overrides) is collected in `effects`. A batch's insert runs on
// while the importer prepares the next batch; settle() waits for it.
import type { Db } from '../../server/sql/client.ts';
import type { CaseRecord, Kind, RatingRecord, RecordOfKind, StepRecord } from '../contract/records.ts';
import { classify, type Candidate } from './classify.ts';
import { markDerivedPending } from './derived.ts';
import { readCurrentStates } from './current-state.ts';
import { insertRows } from './insert-rows.ts';
import { KIND_TABLES } from './kind-tables.ts';
import { markPending, type OptimizableTable } from './optimize.ts';
import { rowHash } from './row-hash.ts';
import { calendarOverrideRow, deptRow, itemRow, regionRow, type RowMeta } from './rows/dimensions.ts';
import { caseRow, ratingRow, stepRow, type CaseContext, type FactMeta } from './rows/facts.ts';
import type { KindStats } from './runs.ts';
import { readSuspensionSteps, SUSPENSION_STEP_TYPES } from './suspension-steps.ts';
import { nextVersion } from './version.ts';

export interface LoadEffects {
  /** Cases whose clock-relevant steps changed and whose case row was not rewritten since. */
  casesToRecompute: Set<string>;
  /** Items written: updated in place (limits or unit may have changed) or new (cases waiting for them get limits). */
  itemsChanged: Set<string>;
  /** Calendar override dates written. */
  calendarDates: Set<string>;
  /** Runs (batch ids) whose ratings were written: the case rollup of their cases' partitions is stale. */
  ratingBatches: Set<string>;
  /** Runs whose cases were written: the rating rollup of those cases' ratings is stale (dimensions may have moved). */
  caseBatches: Set<string>;
  /** Runs of this source that ended without finishing: this run finishes their work. */
  unfinishedRuns: Set<string>;
}

export const newEffects = (): LoadEffects => ({
  casesToRecompute: new Set(), itemsChanged: new Set(), calendarDates: new Set(), ratingBatches: new Set(), caseBatches: new Set(), unfinishedRuns: new Set(),
});

const isSuspensionStep = (type: string) => (SUSPENSION_STEP_TYPES as readonly string[]).includes(type);

export class BatchLoader {
  /** The insert of the last batch, still running while the next batch is read and validated (see load()). */
  private inflight: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly runId: string,
    private readonly caseContext: () => CaseContext,
    readonly effects: LoadEffects = newEffects(),
  ) {}

  async load<K extends Kind>(kind: K, records: readonly RecordOfKind[K][], stats: KindStats, source: string): Promise<void> {
    if (records.length === 0) return;
    const kt = KIND_TABLES[kind];
    const candidates: Candidate<RecordOfKind[K]>[] = records.map((record) => ({
      id: kt.idOf(record),
      record,
      updatedMs: kt.updatedMsOf(record),
      hash: rowHash(record),
    }));
    // Everything below reads what the previous batch wrote.
    await this.settle();
    const current = await readCurrentStates(this.db, kt, records.map((r) => kt.lookupKeyOf(r)));
    const result = classify(candidates, current);
    stats.written += result.written;
    stats.duplicates += result.duplicates;
    stats.stale += result.stale;
    if (result.winners.length === 0) return;

    const version = nextVersion();
    const updatedPartitions = new Set<number>();
    const metas = result.winners.map(({ candidate, previous }) => {
      const firstMonth = kt.firstMonthOf ? kt.firstMonthOf(candidate.record) : 0;
      const partition = previous ? previous.partitionMonth : firstMonth;
      if (previous) updatedPartitions.add(partition);
      const meta: FactMeta = {
        updated_ms: candidate.updatedMs,
        row_hash: candidate.hash,
        source_system: source,
        batch_id: this.runId,
        version,
        partition_month: partition,
      };
      return { record: candidate.record, meta, isUpdate: previous !== null };
    });

    const rows = await this.buildRows(kind, metas);
    if (updatedPartitions.size > 0) await markPending(this.db, kt.table as OptimizableTable, updatedPartitions, this.runId);
    // The rollups of every partition written are stale until rebuilt (etl/load/derived.ts);
    // the other family's partitions these rows touch are marked at the end of the run.
    if (kind === 'cases' || kind === 'ratings') {
      await markDerivedPending(this.db, kind, metas.map((m) => m.meta.partition_month), this.runId);
      (kind === 'cases' ? this.effects.caseBatches : this.effects.ratingBatches).add(this.runId);
    }
    // Not awaited: ClickHouse stores this batch while the importer parses,
    // validates and hashes the next one (the machine's other core). The next
    // load() — and the importer before anything that reads what was loaded
    // (context refresh, watermarks, merges) — waits for it in settle().
    const insert = insertRows(this.db, kt.table, rows);
    insert.catch(() => undefined); // reported by settle(), not as an unhandled rejection
    this.inflight = insert;
  }

  /** Waits for the insert still running, if any; throws its error. */
  async settle(): Promise<void> {
    const insert = this.inflight;
    this.inflight = null;
    if (insert) await insert;
  }

  private async buildRows<K extends Kind>(
    kind: K,
    metas: Array<{ record: RecordOfKind[K]; meta: FactMeta; isUpdate: boolean }>,
  ): Promise<object[]> {
    const dim = (m: FactMeta): RowMeta => ({
      updated_ms: m.updated_ms, row_hash: m.row_hash, source_system: m.source_system, batch_id: m.batch_id, version: m.version,
    });
    switch (kind) {
      case 'regions':
        return metas.map(({ record, meta }) => regionRow(record as RecordOfKind['regions'], dim(meta)));
      case 'depts':
        return metas.map(({ record, meta }) => deptRow(record as RecordOfKind['depts'], dim(meta)));
      case 'items':
        // New items too: cases loaded before their item was in the catalogue had no limits (无时限).
        for (const m of metas) this.effects.itemsChanged.add((m.record as RecordOfKind['items']).item_code);
        return metas.map(({ record, meta }) => itemRow(record as RecordOfKind['items'], dim(meta)));
      case 'calendar':
        for (const m of metas) this.effects.calendarDates.add((m.record as RecordOfKind['calendar']).date);
        return metas.map(({ record, meta }) => calendarOverrideRow(record as RecordOfKind['calendar'], dim(meta)));
      case 'steps':
        for (const m of metas) {
          const s = m.record as StepRecord;
          // An update may turn a suspension step into another type: recompute either way.
          if (isSuspensionStep(s.step_type) || m.isUpdate) this.effects.casesToRecompute.add(s.case_id);
        }
        return metas.map(({ record, meta }) => stepRow(record as StepRecord, meta));
      case 'cases': {
        const cases = metas.map((m) => m.record as CaseRecord);
        const steps = await readSuspensionSteps(this.db, cases.map((c) => c.case_id));
        const ctx = this.caseContext();
        return metas.map(({ record, meta }) => {
          const c = record as CaseRecord;
          this.effects.casesToRecompute.delete(c.case_id); // computed below with its current steps
          return caseRow(c, steps.get(c.case_id) ?? [], ctx, meta);
        });
      }
      case 'ratings': {
        const calendar = this.caseContext().calendar;
        return metas.map(({ record, meta }) => ratingRow(record as RatingRecord, calendar, meta));
      }
      default:
        throw new Error(`unknown kind ${String(kind)}`);
    }
  }
}
