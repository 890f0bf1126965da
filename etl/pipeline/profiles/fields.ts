// The canonical input fields of each kind (data-contract.md tables), as a
// profile may target them. Personal-data fields are inputs here even though
// the stored records keep only their hash/mask (protect.ts).

import type { Kind } from '../../contract/records.ts';

export const CANONICAL_FIELDS: { readonly [K in Kind]: readonly string[] } = {
  regions: ['region_code', 'region_name', 'parent_code', 'updated_at'],
  depts: ['dept_code', 'dept_name', 'region_code', 'updated_at'],
  items: [
    'item_code', 'item_name', 'item_type', 'dept_code', 'region_code', 'legal_limit', 'promised_limit', 'limit_unit',
    'is_immediate', 'max_trips', 'online_depth', 'updated_at',
  ],
  calendar: ['date', 'is_workday', 'note'],
  cases: [
    'case_id', 'item_code', 'item_name', 'dept_code', 'dept_name', 'region_code', 'channel', 'window_type',
    'applicant_type', 'applicant_id', 'applicant_name', 'contact_phone', 'submitted_at', 'accepted_at', 'finished_at',
    'withdrawn_at', 'status', 'promised_limit', 'legal_limit', 'limit_unit', 'trips', 'fee', 'source_system', 'updated_at',
  ],
  steps: ['case_id', 'seq', 'step_type', 'step_name', 'actor_id', 'started_at', 'ended_at', 'source_system', 'updated_at'],
  ratings: [
    'rating_id', 'case_id', 'item_code', 'dept_code', 'region_code', 'channel', 'level', 'rated_at', 'tags', 'comment',
    'is_active', 'invalidated', 'verified_at', 'rectified_at', 'rectify_result', 'source_system', 'updated_at',
  ],
};

/** Auxiliary fields (inputs to rules only, removed from the mapped row) start with '_'. */
export function isAuxField(name: string): boolean {
  return name.startsWith('_');
}
