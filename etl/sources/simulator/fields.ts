// Field names per kind, in data-contract.md order: CSV headers and the
// simulator's whole vocabulary. source_system is left out on purpose: the
// contract has the connector set it.
import type { Kind } from '../../contract/records.ts';

export const CONTRACT_FIELDS: Record<Kind, readonly string[]> = {
  cases: [
    'case_id', 'item_code', 'item_name', 'dept_code', 'dept_name', 'region_code', 'channel', 'window_type',
    'applicant_type', 'applicant_id', 'applicant_name', 'contact_phone', 'submitted_at', 'accepted_at',
    'finished_at', 'withdrawn_at', 'status', 'promised_limit', 'legal_limit', 'limit_unit', 'trips', 'fee',
    'updated_at',
  ],
  steps: ['case_id', 'seq', 'step_type', 'step_name', 'actor_id', 'started_at', 'ended_at', 'updated_at'],
  ratings: [
    'rating_id', 'case_id', 'item_code', 'dept_code', 'region_code', 'channel', 'level', 'rated_at', 'tags',
    'comment', 'is_active', 'invalidated', 'verified_at', 'rectified_at', 'rectify_result', 'updated_at',
  ],
  items: [
    'item_code', 'item_name', 'item_type', 'dept_code', 'region_code', 'legal_limit', 'promised_limit',
    'limit_unit', 'is_immediate', 'max_trips', 'online_depth', 'updated_at',
  ],
  regions: ['region_code', 'region_name', 'parent_code', 'updated_at'],
  depts: ['dept_code', 'dept_name', 'region_code', 'updated_at'],
  calendar: ['date', 'is_workday', 'note'],
};

/** The id of a row of each kind (steps: case_id + seq), used for ordering and de-duplication. */
export function rowId(kind: Kind, row: Record<string, unknown>): string {
  switch (kind) {
    case 'cases': return String(row.case_id ?? '');
    case 'steps': return `${String(row.case_id ?? '')}#${String(row.seq ?? '').padStart(4, '0')}`;
    case 'ratings': return String(row.rating_id ?? '');
    case 'items': return String(row.item_code ?? '');
    case 'regions': return String(row.region_code ?? '');
    case 'depts': return String(row.dept_code ?? '');
    case 'calendar': return String(row.date ?? '');
  }
}
