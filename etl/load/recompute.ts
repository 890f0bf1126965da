// Recomputes the deadline facts of stored cases when something they depend on
// changed after they were loaded: steps that arrived later, a catalogue item's
// limits or unit, the holiday calendar (metrics.md: "cases are recomputed when
// an item's limits or unit change"). A case whose facts are unchanged gets no
// new row; a changed one gets a new version with the same source content.
import type { Db } from '../../server/sql/client.ts';
import { type Sql, sql } from '../../server/sql/literal.ts';
import type { CaseRecord } from '../contract/records.ts';
import { markDerivedPending } from './derived.ts';
import { insertRows } from './insert-rows.ts';
import { markPending } from './optimize.ts';
import { caseComputedColumns, caseRow, type CaseContext } from './rows/facts.ts';
import { readSuspensionSteps } from './suspension-steps.ts';
import { nextVersion } from './version.ts';

interface StoredCase {
  case_id: string; item_code: string; item_name: string; dept_code: string; dept_name: string; region_code: string;
  channel: CaseRecord['channel']; window_type: CaseRecord['window_type']; applicant_type: CaseRecord['applicant_type'];
  applicant_id_hash: string; contact_phone_masked: string;
  submitted: number; accepted: number | null; finished: number | null; withdrawn: number | null;
  status: CaseRecord['status']; src_promised_limit: number | null; src_legal_limit: number | null;
  src_limit_unit: CaseRecord['limit_unit']; trips: number | null; fee: string | null; source_system: string;
  updated_ms: string; row_hash: string; partition_month: number; computed: string;
}

const ms = (s: number | null): number | null => (s === null ? null : Number(s) * 1000);

function toRecord(s: StoredCase): CaseRecord {
  return {
    case_id: s.case_id, item_code: s.item_code, item_name: s.item_name || null, dept_code: s.dept_code,
    dept_name: s.dept_name || null, region_code: s.region_code, channel: s.channel, window_type: s.window_type,
    applicant_type: s.applicant_type, applicant_id_hash: s.applicant_id_hash || null,
    contact_phone_masked: s.contact_phone_masked || null, submitted_at: ms(s.submitted)!, accepted_at: ms(s.accepted),
    finished_at: ms(s.finished), withdrawn_at: ms(s.withdrawn), status: s.status,
    promised_limit: s.src_promised_limit === null ? null : Number(s.src_promised_limit),
    legal_limit: s.src_legal_limit === null ? null : Number(s.src_legal_limit),
    limit_unit: s.src_limit_unit, trips: s.trips === null ? null : Number(s.trips),
    fee: s.fee === null ? null : Number(s.fee), source_system: s.source_system, updated_at: Number(s.updated_ms),
  };
}

// The computed columns as one JSON array; the query below renders the stored
// columns the same way, so that "unchanged" is a string comparison.
function computedKey(c: ReturnType<typeof caseComputedColumns>): string {
  return JSON.stringify([
    c.item_known, c.promised_limit, c.legal_limit, c.limit_unit, c.has_deadline, c.due_date, c.due_at,
    c.legal_due_date, c.legal_due_at, c.ext_workdays, c.ext_natural, c.elapsed_workdays, c.susp_starts, c.susp_ends,
    c.open_susp_start, c.calendar_fallback,
  ]);
}

const CHUNK = 20_000;

/**
 * Recomputes the current versions of the cases matching `where`; returns how
 * many changed. Call after optimizePending(), so that each case has one row.
 */
export async function recomputeCases(db: Db, where: Sql, ctx: CaseContext, runId: string): Promise<number> {
  let changed = 0;
  let chunk: StoredCase[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const steps = await readSuspensionSteps(db, chunk.map((c) => c.case_id));
    const version = nextVersion();
    const rows: object[] = [];
    const partitions = new Set<number>();
    for (const stored of chunk) {
      const record = toRecord(stored);
      const caseSteps = steps.get(stored.case_id) ?? [];
      if (computedKey(caseComputedColumns(record, caseSteps, ctx)) === stored.computed) continue;
      partitions.add(Number(stored.partition_month));
      rows.push(caseRow(record, caseSteps, ctx, {
        updated_ms: Number(stored.updated_ms), row_hash: stored.row_hash, source_system: stored.source_system,
        batch_id: runId, version, partition_month: Number(stored.partition_month),
      }));
    }
    if (rows.length > 0) {
      await markPending(db, 'cases', partitions, runId);
      await markDerivedPending(db, 'cases', partitions, runId);
      await insertRows(db, 'cases', rows);
      changed += rows.length;
    }
    chunk = [];
  };
  const query = sql`SELECT case_id, item_code, item_name, dept_code, dept_name, region_code, channel, window_type,
      applicant_type, applicant_id_hash, contact_phone_masked, toUnixTimestamp(submitted_at) AS submitted,
      toUnixTimestamp(accepted_at) AS accepted, toUnixTimestamp(finished_at) AS finished,
      toUnixTimestamp(withdrawn_at) AS withdrawn, status, src_promised_limit, src_legal_limit, src_limit_unit, trips,
      toString(fee) AS fee, source_system, updated_ms, row_hash, partition_month,
      concat('[', toString(item_known), ',', ifNull(toString(promised_limit), 'null'), ',', ifNull(toString(legal_limit), 'null'),
        ',"', toString(limit_unit), '",', toString(has_deadline), ',', ifNull(concat('"', toString(due_date), '"'), 'null'),
        ',', ifNull(toString(toUnixTimestamp(due_at)), 'null'), ',', ifNull(concat('"', toString(legal_due_date), '"'), 'null'),
        ',', ifNull(toString(toUnixTimestamp(legal_due_at)), 'null'), ',', toString(ext_workdays), ',', toString(ext_natural),
        ',', ifNull(toString(elapsed_workdays), 'null'),
        ',[', arrayStringConcat(arrayMap(x -> toString(toUnixTimestamp(x)), susp_starts), ','), ']',
        ',[', arrayStringConcat(arrayMap(x -> toString(toUnixTimestamp(x)), susp_ends), ','), ']',
        ',', ifNull(toString(toUnixTimestamp(open_susp_start)), 'null'), ',', toString(calendar_fallback), ']') AS computed
    FROM cases WHERE ${where}
    ORDER BY case_id, version DESC LIMIT 1 BY case_id`;
  for await (const row of db.stream<StoredCase>(query)) {
    chunk.push(row);
    if (chunk.length >= CHUNK) await flush();
  }
  await flush();
  return changed;
}
