// Deliberately broken rows, one per quarantine rule of data-contract.md, so
// the ETL's quarantine is exercised. Each mutation breaks exactly one rule of
// an otherwise valid row; the reason names are those of
// etl/contract/records.ts QUARANTINE_REASONS.
import type { Kind, QuarantineReason } from '../../contract/records.ts';
import { iso, MS_PER_DAY, MS_PER_HOUR, parseInstant } from './time.ts';
import type { RawRow } from './types.ts';

type Mutation = { reason: QuarantineReason; apply: (row: RawRow, asOfMs: number) => void };

const ts = (row: RawRow, field: string): number => parseInstant(String(row[field]));
/** Make sure the case has an acceptance time (for rules about later timestamps). */
const ensureAccepted = (row: RawRow): number => {
  if (row.accepted_at == null) row.accepted_at = iso(ts(row, 'submitted_at') + 10 * 60_000);
  return ts(row, 'accepted_at');
};
const close = (row: RawRow, status: string): void => {
  row.status = status;
  row.withdrawn_at = null;
};

const CASE_MUTATIONS: Mutation[] = [
  { reason: 'unknown_enum', apply: (r) => { r.channel = 'wechat'; } },
  {
    reason: 'finished_before_accepted',
    apply: (r) => { const a = ensureAccepted(r); close(r, 'finished'); r.finished_at = iso(a - 3 * MS_PER_HOUR); },
  },
  { reason: 'bad_region_code', apply: (r) => { r.region_code = String(r.region_code).slice(0, 5); } },
  { reason: 'bad_number', apply: (r) => { r.promised_limit = -3; r.legal_limit = 20; } },
  { reason: 'bad_number', apply: (r) => { r.trips = 1.5; } },
  { reason: 'legal_below_promised', apply: (r) => { r.promised_limit = 20; r.legal_limit = 10; } },
  { reason: 'window_type_missing', apply: (r) => { r.channel = 'window'; r.window_type = null; r.trips = 1; } },
  {
    reason: 'finished_without_finished_at',
    apply: (r) => { ensureAccepted(r); close(r, 'finished'); r.finished_at = null; },
  },
  { reason: 'accepted_at_missing', apply: (r) => { r.status = 'in_progress'; r.accepted_at = null; r.finished_at = null; r.withdrawn_at = null; } },
  { reason: 'bad_timestamp', apply: (r) => { r.submitted_at = '2025-13-45 25:61:00'; } },
  {
    reason: 'future_timestamp',
    apply: (r, asOf) => { ensureAccepted(r); close(r, 'finished'); r.finished_at = iso(asOf + 3650 * MS_PER_DAY); },
  },
  { reason: 'required_missing', apply: (r) => { r.item_code = ''; } },
  { reason: 'too_long', apply: (r) => { r.case_id = `${String(r.case_id)}-${'0'.repeat(64)}`; } },
  {
    reason: 'finished_at_with_open_status',
    apply: (r) => { const a = ensureAccepted(r); r.status = 'in_progress'; r.withdrawn_at = null; r.finished_at = iso(a + MS_PER_HOUR); },
  },
];

const STEP_MUTATIONS: Mutation[] = [
  { reason: 'ended_before_started', apply: (r) => { r.ended_at = iso(ts(r, 'started_at') - MS_PER_HOUR); } },
  { reason: 'unknown_enum', apply: (r) => { r.step_type = 'approve'; } },
  { reason: 'bad_number', apply: (r) => { r.seq = 0; } },
  { reason: 'required_missing', apply: (r) => { r.started_at = null; r.ended_at = null; } },
  { reason: 'bad_timestamp', apply: (r) => { r.started_at = '昨天下午三点'; r.ended_at = null; } },
];

const RATING_MUTATIONS: Mutation[] = [
  { reason: 'bad_level', apply: (r) => { r.level = 6; } },
  { reason: 'unknown_enum', apply: (r) => { r.channel = 'wechat'; } },
  { reason: 'required_missing', apply: (r) => { r.case_id = null; r.item_code = null; r.dept_code = null; r.region_code = null; } },
  { reason: 'too_long', apply: (r) => { r.comment = '办事太慢了！'.repeat(400); } },
  { reason: 'bad_boolean', apply: (r) => { r.is_active = 'maybe'; } },
  { reason: 'bad_level', apply: (r) => { r.level = 0; } },
  { reason: 'unknown_enum', apply: (r) => { r.rectify_result = 'done'; } },
  { reason: 'bad_timestamp', apply: (r) => { r.rated_at = '2025/02/30 10:00:00'; } },
];

const MUTATIONS: Partial<Record<Kind, Mutation[]>> = { cases: CASE_MUTATIONS, steps: STEP_MUTATIONS, ratings: RATING_MUTATIONS };

/** Number of distinct broken variants of a kind. */
export const variantCount = (kind: 'cases' | 'steps' | 'ratings'): number => (MUTATIONS[kind] as Mutation[]).length;

/** A broken copy of `row` (variant `v`, round-robin) and the rule it breaks. */
export function corrupt(kind: 'cases' | 'steps' | 'ratings', row: RawRow, v: number, asOfMs: number): { row: RawRow; reason: QuarantineReason } {
  const list = MUTATIONS[kind] as Mutation[];
  const m = list[v % list.length] as Mutation;
  const copy: RawRow = { ...row };
  m.apply(copy, asOfMs);
  return { row: copy, reason: m.reason };
}

/** Counts `reason` under `kind` in a manifest's invalid table. */
export function tally(table: Record<string, Record<string, number>>, kind: Kind, reason: string): void {
  const t = (table[kind] ??= {});
  t[reason] = (t[reason] ?? 0) + 1;
}
